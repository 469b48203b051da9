// Figures for what users wait for; nothing is asserted (docs/performance.md):
//   npm run bench [-- --runs 5] [--json FILE] [--skip-tests] [--engine]
// 1. floor: a bare one-chart program (Pulumi's kubernetes-typescript template and its tsconfig),
//    loaded exactly as the Pulumi CLI's Node.js host loads it (scripts/bench/host-load.mjs runs
//    @pulumi/pulumi's own cmd/run), against the SDK's mock monitor: wall time and peak RSS;
// 2. this program, dev stack, loaded the same way, and its ratios to the floor;
// 3. both forced transpile-only (PULUMI_NODEJS_TRANSPILE_ONLY=true): the cost of our own code;
// 4. fleet: planning 1, 5 and 20 generated stacks in one process; the plan tool for one stack and --all;
// 5. test loop: npm test's wall time, warm;
// 6. the pure core in-process: decoding, planning, and inputs that used to be super-linear.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { decodeConfig } from "../config/decode";
import { listStacks, loadStackFiles } from "../cli/stack-files";
import { tryPlanDeployment } from "../values/plan";
import { engineBench } from "./bench/engine-preview";
import { stats } from "./bench/stats";

const ROOT = path.join(__dirname, "..");
const { values: options } = parseArgs({
    options: {
        runs: { type: "string", default: "5" },
        json: { type: "string" },
        "skip-tests": { type: "boolean", default: false },
        engine: { type: "boolean", default: false },
    },
});
const RUNS = Math.max(1, Number(options.runs));

interface Sample {
    ms: number;
    rssMiB?: number;
}
interface Figure {
    name: string;
    samples: Sample[];
}

/** A Pulumi program as `pulumi new kubernetes-typescript` makes it, with one Helm chart instead. */
function writeFloor(): string {
    const dir = path.join(ROOT, ".bench", "floor");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "package.json"), '{ "name": "floor", "main": "index.ts" }\n');
    writeFileSync(
        path.join(dir, "index.ts"),
        [
            'import * as k8s from "@pulumi/kubernetes";',
            "",
            'const chart = new k8s.helm.v4.Chart("nginx", {',
            '    chart: "nginx",',
            '    repositoryOpts: { repo: "https://charts.bitnami.com/bitnami" },',
            "});",
            "export const resources = chart.resources;",
            "",
        ].join("\n"),
    );
    // The template's tsconfig.json (pulumi/templates, kubernetes-typescript).
    const compilerOptions = {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "nodenext",
        moduleResolution: "nodenext",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    };
    writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({ compilerOptions, files: ["index.ts"] }, null, 4),
    );
    return dir;
}

/** The environment the host gives a program: its stack config, and nothing of this shell's Pulumi settings. */
function hostEnv(
    project: string,
    stack: string,
    config: Record<string, string>,
    secretKeys: string[],
    transpileOnly: boolean,
) {
    const env: NodeJS.ProcessEnv = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_")),
    );
    env.PULUMI_CONFIG = JSON.stringify(config);
    env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(secretKeys);
    env.PULUMI_NODEJS_PROJECT = project;
    env.PULUMI_NODEJS_STACK = stack;
    if (transpileOnly) env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
    return env;
}

/** Runs a process to its end: wall time, and the peak RSS it reports as the last line of output. */
function sample(
    args: string[],
    env: NodeJS.ProcessEnv,
    what: string,
    command = process.execPath,
): Sample {
    const start = performance.now();
    const result = spawnSync(command, args, {
        cwd: ROOT,
        env,
        encoding: "utf8",
        maxBuffer: 64 << 20,
    });
    const ms = performance.now() - start;
    const last = result.stdout.trim().split("\n").pop() ?? "";
    let report: { maxRssKiB?: number; registrations?: number; failure?: string } = {};
    try {
        report = JSON.parse(last) as typeof report;
    } catch {
        // not a reporting process
    }
    if (result.status !== 0 || report.failure)
        throw new Error(
            `${what} failed (exit ${result.status}): ${report.failure ?? result.stderr.slice(0, 500)}`,
        );
    return { ms, ...(report.maxRssKiB ? { rssMiB: report.maxRssKiB / 1024 } : {}) };
}

const figures: Figure[] = [];
const figure = (name: string) => {
    const f = { name, samples: [] as Sample[] };
    figures.push(f);
    return f;
};

// 1–3. The program as the host loads it, alternating with the floor so both see the same machine.
const floorDir = writeFloor();
const { raw } = loadStackFiles(ROOT, "dev");
const hostLoad = path.join(ROOT, "scripts", "bench", "host-load.mjs");
const runs = [
    {
        f: figure("floor: bare one-chart program, as the host loads it"),
        dir: floorDir,
        project: "floor",
        config: {},
        secret: [],
        to: false,
    },
    {
        f: figure("alloy-monitoring, dev stack, as the host loads it"),
        dir: ROOT,
        project: "alloy-monitoring",
        config: raw.values,
        secret: [...raw.secretKeys],
        to: false,
    },
    {
        f: figure("floor, transpile-only"),
        dir: floorDir,
        project: "floor",
        config: {},
        secret: [],
        to: true,
    },
    {
        f: figure("alloy-monitoring, dev stack, transpile-only"),
        dir: ROOT,
        project: "alloy-monitoring",
        config: raw.values,
        secret: [...raw.secretKeys],
        to: true,
    },
];
for (let i = 0; i < RUNS; i++)
    for (const r of runs)
        r.f.samples.push(
            sample(
                [hostLoad, r.dir],
                hostEnv(r.project, "dev", r.config, r.secret, r.to),
                r.f.name,
            ),
        );

// 4. Fleet: generated stacks planned in one process.
const fleet = [1, 5, 20].map((n) => ({
    n,
    f: figure(`fleet: plan ${n} stack${n === 1 ? "" : "s"} in one process`),
}));
for (let i = 0; i < RUNS; i++)
    for (const { n, f } of fleet)
        f.samples.push(
            sample(
                [
                    "-r",
                    "ts-node/register/transpile-only",
                    path.join(ROOT, "scripts", "bench", "plan-fleet.ts"),
                    String(n),
                ],
                process.env,
                f.name,
            ),
        );

// 4b. The offline review tools, as a pull request runs them. The plan renders both charts with the
//     real Helm last: its cost apart, without the render, with renders cached, and rendered anew.
const planCli = path.join(ROOT, "cli", "plan.ts");
const planRun = (args: string[], env: NodeJS.ProcessEnv, f: Figure) =>
    f.samples.push(
        sample(["-r", "ts-node/register/transpile-only", planCli, ...args], env, f.name),
    );
const planNoRender = figure("plan: one stack, no render (npm run plan -- dev --no-render)");
const planOne = figure("plan: one stack, renders cached (npm run plan -- dev)");
const planCold = figure("plan: one stack, charts rendered anew (HELM_RENDER_CACHE=off)");
const planAll = figure(
    `plan: the fleet, renders cached (npm run plan -- --all, ${listStacks(ROOT).length} stacks)`,
);
// Once first, so that the toolchain's Helm and the render cache are there for the warm figures.
sample(["-r", "ts-node/register/transpile-only", planCli, "--all"], process.env, "warm-up");
for (let i = 0; i < RUNS; i++) {
    planRun(["dev", "--no-render"], process.env, planNoRender);
    planRun(["dev"], process.env, planOne);
    planRun(["dev"], { ...process.env, HELM_RENDER_CACHE: "off" }, planCold);
    planRun(["--all"], process.env, planAll);
}

// 5. The test loop: `npm test` as a developer runs it, warm (one run first fills Helm's render
//    cache and the toolchain's; it is not counted).
if (!options["skip-tests"]) {
    const f = figure("test loop: npm test, warm");
    sample(["run", "-s", "test"], process.env, f.name, "npm");
    for (let i = 0; i < Math.min(RUNS, 3); i++)
        f.samples.push(sample(["run", "-s", "test"], process.env, f.name, "npm"));
}

// 7. With --engine: the real `pulumi preview` of the dev stack against its floor
//    (scripts/bench/engine-preview.ts), on the toolchain and a local cluster.
async function main() {
    if (options.engine) {
        const engine = await engineBench(RUNS);
        figures.push(
            {
                name: "engine: pulumi preview, floor (same objects, no checks)",
                samples: engine.floor.map((ms) => ({ ms })),
            },
            {
                name: "engine: pulumi preview, alloy-monitoring dev stack",
                samples: engine.program.map((ms) => ({ ms })),
            },
        );
    }
    // The table.
    const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
    const lines = [
        row(["figure", "runs", "wall ms min / median / max", "peak RSS MiB min / median / max"]),
        row(["---", "---:", "---:", "---:"]),
    ];
    for (const f of figures) {
        const t = stats(f.samples.map((s) => s.ms));
        const rss = f.samples.every((s) => s.rssMiB !== undefined)
            ? stats(f.samples.map((s) => s.rssMiB!))
            : undefined;
        lines.push(
            row([
                f.name,
                String(f.samples.length),
                `${t.min.toFixed(0)} / ${t.median.toFixed(0)} / ${t.max.toFixed(0)}`,
                rss
                    ? `${rss.min.toFixed(0)} / ${rss.median.toFixed(0)} / ${rss.max.toFixed(0)}`
                    : "",
            ]),
        );
    }
    const median = (f: Figure, key: "ms" | "rssMiB") =>
        stats(f.samples.map((s) => s[key] ?? 0)).median;
    const ratio = (a: Figure, b: Figure, key: "ms" | "rssMiB") => median(a, key) / median(b, key);
    const ratios: Record<string, number> = {
        programVsFloorTime: ratio(runs[1].f, runs[0].f, "ms"),
        programVsFloorRss: ratio(runs[1].f, runs[0].f, "rssMiB"),
        transpileOnlyProgramVsFloorTime: ratio(runs[3].f, runs[2].f, "ms"),
        transpileOnlyProgramVsFloorRss: ratio(runs[3].f, runs[2].f, "rssMiB"),
        fleet20Vs1: ratio(fleet[2].f, fleet[0].f, "ms"),
        fleetPerStackMs: (median(fleet[2].f, "ms") - median(fleet[0].f, "ms")) / 19,
    };
    if (options.engine)
        ratios.enginePreviewVsFloor = ratio(
            figures[figures.length - 1],
            figures[figures.length - 2],
            "ms",
        );

    // 6. The pure core, in this process.
    function perRun(iterations: number, run: () => unknown): number {
        for (let i = 0; i < Math.min(200, iterations); i++) run();
        const start = performance.now();
        for (let i = 0; i < iterations; i++) run();
        return ((performance.now() - start) * 1000) / iterations;
    }
    const input = decodeConfig(raw).input;
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 62; i++) deep = { a: deep };
    const core: Record<string, number> = {
        "decode raw config (dev)": perRun(20000, () => decodeConfig(raw)),
        "plan deployment (dev: validate, values, chart rules)": perRun(5000, () =>
            tryPlanDeployment(input),
        ),
        "plan deployment, 3 problems": perRun(5000, () =>
            tryPlanDeployment({
                ...input,
                clusterName: "Bad_Name",
                loki: { url: "ftp://x" },
                features: { kubeproxy: true },
            }),
        ),
        "icmp target of 64 KiB ':'": perRun(20, () =>
            tryPlanDeployment({
                ...input,
                blackbox: {
                    targets: [{ name: "x", url: `${":".repeat(65536)}x`, module: "icmp" }],
                },
            }),
        ),
        "PEM of 256 KiB unterminated BEGIN lines": perRun(20, () =>
            tryPlanDeployment({
                ...input,
                trustBundle: { pem: "-----BEGIN CERTIFICATE-----\n".repeat(9400) },
            }),
        ),
        "repository of 64 KiB '/'": perRun(20, () =>
            tryPlanDeployment({ ...input, chart: { repository: `oci://${"/".repeat(65536)}x` } }),
        ),
        "values 64 levels deep": perRun(20, () =>
            tryPlanDeployment({ ...input, values: { global: deep } }),
        ),
    };

    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    const machine = `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
    console.log(`Machine: ${machine}\n`);
    console.log(lines.join("\n"));
    console.log("");
    console.log(
        `program / floor, as the host loads them: ${ratios.programVsFloorTime.toFixed(2)}× time, ${ratios.programVsFloorRss.toFixed(2)}× peak RSS (goal ≤ 0.40×, ≤ 0.60×)`,
    );
    console.log(
        `program / floor, both transpile-only: ${ratios.transpileOnlyProgramVsFloorTime.toFixed(2)}× time, ${ratios.transpileOnlyProgramVsFloorRss.toFixed(2)}× peak RSS`,
    );
    if (options.engine)
        console.log(
            `engine: pulumi preview, program / floor: ${ratios.enginePreviewVsFloor.toFixed(2)}× (goal ≤ 1.15×)`,
        );
    console.log(
        `fleet: 20 stacks / 1 stack: ${ratios.fleet20Vs1.toFixed(2)}× (goal ≤ 3×); ${ratios.fleetPerStackMs.toFixed(1)} ms per further stack`,
    );
    console.log("");
    for (const [name, us] of Object.entries(core))
        console.log(`${name.padEnd(56)} ${us.toFixed(1).padStart(9)} µs per run`);
    if (options.json !== undefined)
        writeFileSync(
            options.json,
            `${JSON.stringify({ machine, runs: RUNS, figures, ratios, coreMicroseconds: core }, null, 2)}\n`,
        );
}
void main();
