// Loads and runs a Pulumi program exactly as the Pulumi CLI's Node.js host does — through
// @pulumi/pulumi's own cmd/run (ts-node registration, tsconfig handling, PULUMI_NODEJS_TRANSPILE_ONLY)
// — but against the SDK's mock monitor instead of an engine. One program per process, so that the
// parent (scripts/bench.ts) can time the whole process; prints its peak RSS as JSON on exit.
//   node scripts/bench/host-load.mjs <program dir>
// The stack config comes in PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS, as the host passes it.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const dir = path.resolve(process.argv[2] ?? ".");
process.chdir(dir);
process.env.PULUMI_NODEJS_TYPESCRIPT = "true";
const require = createRequire(path.join(dir, "package.json"));
const pulumi = require("@pulumi/pulumi");

let registrations = 0;
let failure;
process.on("exit", () => {
    const { maxRSS } = process.resourceUsage();
    process.stdout.write(`${JSON.stringify({ maxRssKiB: maxRSS, registrations, failure })}\n`);
});

await pulumi.runtime.setMocks(
    {
        newResource({ type, name, inputs }) {
            registrations++;
            const state =
                type === "kubernetes:helm.sh/v4:Chart" ? { ...inputs, resources: [] } : inputs;
            return { id: `${name}-id`, state };
        },
        call: ({ inputs }) => inputs,
    },
    process.env.PULUMI_NODEJS_PROJECT ?? "project",
    process.env.PULUMI_NODEJS_STACK ?? "bench",
    true,
);
// The host starts `node <sdk>/cmd/run <flags> <entry>`: the same entry point, flags and working
// directory. The entry is Pulumi.yaml's `main` where the project names one (this one does: its
// package.json's `main` is the package's provider), else the folder.
const projectFile = path.join(dir, "Pulumi.yaml");
const main = existsSync(projectFile)
    ? /^main:\s*(\S+)\s*$/m.exec(readFileSync(projectFile, "utf8"))?.[1]
    : undefined;
const project = process.env.PULUMI_NODEJS_PROJECT ?? "project";
const stack = process.env.PULUMI_NODEJS_STACK ?? "bench";
process.argv = [
    process.argv[0],
    "cmd/run",
    `--monitor=mock`,
    `--project=${project}`,
    `--stack=${stack}`,
    "--dry-run",
    `--pwd=${dir}`,
    main ?? ".",
];
// The engine's shutdown handshake, which the mock monitor lacks: nothing to wait for here.
const monitor = pulumi.runtime.getMonitor();
monitor.signalAndWaitForShutdown = (_request, callback) => callback(null, {});
require("@pulumi/pulumi/cmd/run");
