// Prints how long the pure core takes: decoding a stack's config, and planning the deployment
// (validation, chart values, checks). Run: npm run bench. Figures only; nothing is asserted.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { decodeConfig } from "../config/decode";
import { loadStackFiles } from "../config/stack-files";
import { tryPlanDeployment } from "../values/plan";

function measure(name: string, iterations: number, run: () => unknown): void {
    for (let i = 0; i < Math.min(200, iterations); i++) run(); // warm-up
    const start = performance.now();
    for (let i = 0; i < iterations; i++) run();
    const ms = performance.now() - start;
    const perRun = (ms * 1000) / iterations;
    console.log(
        `${name.padEnd(44)} ${iterations} runs  ${perRun.toFixed(1).padStart(8)} µs/run  ${Math.round((iterations * 1000) / ms)} runs/s`,
    );
}

const { raw } = loadStackFiles(path.join(__dirname, ".."), "dev");
const input = decodeConfig(raw).input;
const broken = {
    ...input,
    clusterName: "Bad_Name",
    loki: { url: "ftp://x" },
    features: { kubeproxy: true },
};

measure("decode raw config (dev)", 20000, () => decodeConfig(raw));
measure("plan deployment (dev: validate + values)", 5000, () => tryPlanDeployment(input));
measure("plan deployment (3 problems reported)", 5000, () => tryPlanDeployment(broken));

// Inputs that used to take super-linear time: each must stay in proportion to its size.
const hostile = {
    "icmp target, 64 KiB of ':'": {
        ...input,
        blackbox: { targets: [{ name: "x", url: `${":".repeat(65536)}x`, module: "icmp" }] },
    },
    "PEM, 256 KiB of unterminated BEGIN lines": {
        ...input,
        trustBundle: { pem: "-----BEGIN CERTIFICATE-----\n".repeat(9400) },
    },
    "repository, 64 KiB of '/'": { ...input, chart: { repository: `oci://${"/".repeat(65536)}x` } },
    "values, 64 levels deep": (() => {
        let deep: Record<string, unknown> = { leaf: 1 };
        for (let i = 0; i < 62; i++) deep = { a: deep };
        return { ...input, values: { global: deep } };
    })(),
};
for (const [name, config] of Object.entries(hostile))
    measure(`plan: ${name}`, 20, () => tryPlanDeployment(config));
