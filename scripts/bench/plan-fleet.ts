// Plans N generated stacks in one process, as `plan --all` or a CI job over the fleet would:
//   node -r ts-node/register/transpile-only scripts/bench/plan-fleet.ts <N>
// Distinct clusters with mixed options; exits 1 if any of them does not plan.
import { loadStackFiles } from "../../cli/stack-files";
import { planStack } from "../../values/plan";
import path from "node:path";

const count = Number(process.argv[2] ?? 1);
const dev = loadStackFiles(path.join(__dirname, "..", ".."), "dev").raw;

function stack(i: number) {
    const values: Record<string, string> = {
        ...dev.values,
        "kubernetes:context": `cluster-${i}`,
        "alloy-monitoring:clusterName": `cluster-${i}`,
        "alloy-monitoring:features": JSON.stringify({
            hostMetrics: i % 2 === 0,
            podLogs: i % 3 !== 0,
            nodeLogs: i % 4 === 0,
            clusterEvents: i % 5 !== 0,
        }),
        "alloy-monitoring:trustBundle": JSON.stringify(
            i % 2 === 0 ? { configMap: "trust-bundle" } : {},
        ),
        "alloy-monitoring:blackbox": JSON.stringify({
            targets: [
                { name: `api-${i}`, url: `https://api-${i}.example.com/health` },
                { name: "db", url: `db-${i}.internal:5432`, module: "tcp_connect" },
            ],
        }),
        "alloy-monitoring:integrations": JSON.stringify({
            etcd: { instances: [{ name: "etcd", labelSelectors: { component: "etcd" } }] },
        }),
        "alloy-monitoring:values": JSON.stringify({
            collectors: { "alloy-metrics": { controller: { replicas: 1 + (i % 3) } } },
        }),
    };
    return { values, secretKeys: dev.secretKeys };
}

let failed = 0;
for (let i = 0; i < count; i++) if (!planStack(stack(i)).stack) failed++;
process.exitCode = failed > 0 ? 1 : 0;
