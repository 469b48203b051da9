// The end-to-end workflow's assertions (.github/workflows/e2e.yml):
//   check.ts telemetry --loki URL --mimir URL --cluster NAME [--tenant T] [--timeout-seconds N]
//   check.ts teardown --api URL --namespace NS [--timeout-seconds N]
// Exit 0 when every check passes within the time, 1 otherwise, 2 for a usage mistake.
import { parseArgs } from "node:util";
import { type Check, lokiHasLogs, mimirHasUp, namespaceGone, noAlloyLeft, waitFor } from "./checks";

export async function main(
    argv: string[],
    log: (line: string) => void = console.log,
): Promise<number> {
    const { positionals, values } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
            loki: { type: "string" },
            mimir: { type: "string" },
            cluster: { type: "string" },
            tenant: { type: "string" },
            api: { type: "string" },
            namespace: { type: "string" },
            "timeout-seconds": { type: "string", default: "300" },
            "interval-seconds": { type: "string", default: "10" },
        },
    });
    const options = {
        timeoutMs: Number(values["timeout-seconds"]) * 1000,
        intervalMs: Number(values["interval-seconds"]) * 1000,
    };
    const checks: [string, () => Promise<Check>][] = [];
    if (positionals[0] === "telemetry" && values.loki && values.mimir && values.cluster) {
        const tenant = values.tenant ?? values.cluster;
        checks.push([
            `logs in Loki (tenant ${tenant})`,
            () => lokiHasLogs(values.loki!, tenant, values.cluster!),
        ]);
        checks.push([
            `metrics in Mimir (tenant ${tenant})`,
            () => mimirHasUp(values.mimir!, tenant, values.cluster!),
        ]);
    } else if (positionals[0] === "teardown" && values.api && values.namespace) {
        checks.push([
            `namespace ${values.namespace} gone`,
            () => namespaceGone(values.api!, values.namespace!),
        ]);
        checks.push(["no Alloy object left", () => noAlloyLeft(values.api!)]);
    } else {
        log(
            "usage: check.ts telemetry --loki URL --mimir URL --cluster NAME | teardown --api URL --namespace NS",
        );
        return 2;
    }
    let failed = 0;
    for (const [name, check] of checks) {
        const result = await waitFor(check, {
            ...options,
            onAttempt: (n, detail) => log(`  ${name}: attempt ${n}: ${detail}`),
        });
        log(`${result.ok ? "ok" : "FAILED"}: ${name}: ${result.detail}`);
        if (!result.ok) failed++;
    }
    return failed > 0 ? 1 : 0;
}

if (require.main === module)
    void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
