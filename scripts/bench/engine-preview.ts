// What a pull request waits for, for real: `pulumi preview` of the dev stack on the engine
// (scripts/engine: the CLI, its Node.js host on Node 22, the Kubernetes provider rendering both
// charts against a local control plane), against a floor: a hand-written program with the same
// namespace, password, Secret and two helm.v4.Chart with the same values, and no validation or
// planning. Same CLI, provider, cluster and loader; runs alternate. Figures only, nothing asserted.
//   npm run bench -- --engine [--runs 5]      (or: ts-node scripts/bench/engine-preview.ts --runs 5)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { loadStackFiles } from "../../cli/stack-files";
import { projectFileReader } from "../../runtime/pulumi-config";
import { planStack } from "../../values/plan";
import { CHART_ARCHIVES, EngineStack, LocalCluster } from "../engine/engine";
import { stats } from "./stats";

const ROOT = path.join(__dirname, "..", "..");

/** The floor program, its files by name: what the dev stack deploys, written out by hand. */
function floorFiles(): Record<string, string> {
    const { stack, problems } = planStack(loadStackFiles(ROOT, "dev").raw, projectFileReader(ROOT));
    if (!stack) throw new Error(`dev does not plan: ${JSON.stringify(problems)}`);
    // The archives the program takes with chart.repository set to the local mirror.
    const archive = (source: { version: string }, name: string) => ({
        chart: path.join(CHART_ARCHIVES, `${name}-${source.version}.tgz`),
        version: source.version,
    });
    const plan = JSON.stringify({
        values: stack.plan.values,
        operatorValues: stack.plan.alloyOperatorValues,
        k8sMonitoring: archive(stack.plan.charts.k8sMonitoring, "k8s-monitoring"),
        alloyOperator: archive(stack.plan.charts.alloyOperator, "alloy-operator"),
    });
    const index = `import { Namespace, Secret } from "@pulumi/kubernetes/core/v1";
import { Chart } from "@pulumi/kubernetes/helm/v4";
import { Provider } from "@pulumi/kubernetes/provider";
import { RandomPassword } from "@pulumi/random";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plan = require("./plan.json");

const provider = new Provider("cluster", { context: "local" });
const opts = { provider };
const ns = new Namespace("ns", {
    metadata: {
        name: "monitoring",
        labels: {
            "pod-security.kubernetes.io/enforce": "privileged",
            "pod-security.kubernetes.io/audit": "privileged",
            "pod-security.kubernetes.io/warn": "privileged",
        },
    },
}, opts);
const password = new RandomPassword("password", { length: 32, special: false });
const secret = new Secret("loki", {
    metadata: { name: "loki-tenant-auth", namespace: "monitoring" },
    stringData: { username: "dev-cluster", tenantId: "dev-cluster", password: password.result },
}, { ...opts, dependsOn: [ns] });
const operator = new Chart("operator", {
    name: "alloy-operator", namespace: "monitoring",
    chart: plan.alloyOperator.chart, version: plan.alloyOperator.version, values: plan.operatorValues,
}, { ...opts, dependsOn: [ns] });
new Chart("k8s-monitoring", {
    name: "k8s-monitoring", namespace: "monitoring",
    chart: plan.k8sMonitoring.chart, version: plan.k8sMonitoring.version, values: plan.values,
}, { ...opts, dependsOn: [operator, secret] });
`;
    return {
        "index.ts": index,
        "plan.json": plan,
        "package.json": '{ "name": "floor", "main": "index.ts" }\n',
        "Pulumi.yaml":
            "name: alloy-monitoring\nruntime:\n    name: nodejs\n    options:\n        packagemanager: npm\n",
    };
}

async function timed(stack: EngineStack): Promise<number> {
    const started = performance.now();
    const result = await stack.pulumi(["preview"]);
    if (result.code !== 0)
        throw new Error(`preview of ${stack.stack} failed:\n${result.stdout}\n${result.stderr}`);
    return performance.now() - started;
}

export async function engineBench(runs: number): Promise<{ program: number[]; floor: number[] }> {
    const cluster = new LocalCluster(
        mkdtempSync(path.join(tmpdir(), "alloy-monitoring-bench-cluster-")),
    );
    const program = new EngineStack("dev", cluster);
    const floor = new EngineStack("floor", cluster);
    try {
        await cluster.start();
        await program.initFrom("dev");
        for (const [entry, text] of Object.entries(floorFiles()))
            floor.writeProjectFile(entry, text);
        floor.seedConfig();
        await floor.init();
        // One warm-up each (first plugin starts, the OS's file cache), then alternating runs.
        await timed(program);
        await timed(floor);
        const times = { program: [] as number[], floor: [] as number[] };
        for (let i = 0; i < runs; i++) {
            times.program.push(await timed(program));
            times.floor.push(await timed(floor));
        }
        return times;
    } finally {
        await cluster.stop();
        program.remove();
        floor.remove();
        rmSync(cluster.dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
    void engineBench(Math.max(1, Number(values.runs))).then(({ program, floor }) => {
        const p = stats(program);
        const f = stats(floor);
        const row = (name: string, s: typeof p) =>
            `${name.padEnd(58)} ${[s.min, s.median, s.max].map((x) => x.toFixed(0)).join(" / ")} ms`;
        console.log(
            `pulumi preview on the engine, ${program.length} alternating runs (min / median / max):`,
        );
        console.log(row("floor: namespace, password, Secret, two helm.v4.Chart", f));
        console.log(row("alloy-monitoring, dev stack", p));
        console.log(
            `program / floor (medians): ${(p.median / f.median).toFixed(2)}× (goal ≤ 1.15×)`,
        );
    });
}
