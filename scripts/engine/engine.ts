// The real engine for the engine tests: the toolchain built from Go modules
// (scripts/engine/toolchain.sh), a local control plane (scripts/engine/cluster.sh), and the Pulumi
// CLI run on this project as users run it, with a stack whose config lives in a temporary
// workspace (its secrets set there for the local cluster, never in the repo).
import { execFile, execFileSync } from "node:child_process";
import {
    copyFileSync,
    existsSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    rmSync,
    symlinkSync,
    writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CLI_SECRET_LOOKING_KEY } from "../../config/fixes";
import { PROGRAM_ENTRIES } from "../program-files";

const ENGINE_DIR = __dirname;
const PROJECT_DIR = path.join(__dirname, "..", "..");

/** The project's chart mirror (vendor/charts), or another local mirror named by CHART_ARCHIVES. */
export const CHART_ARCHIVES =
    process.env.CHART_ARCHIVES ?? path.resolve(PROJECT_DIR, "vendor", "charts");

const bins = new Map<string, string>();

/**
 * The toolchain's bin directory for `tools` (all by default): $ENGINE_BIN when the caller built the
 * toolchain and it holds them, else built (or found in its cache) by toolchain.sh now.
 */
export function toolchainBin(tools: string[] = []): string {
    const wanted = tools.join(" ");
    const known = bins.get(wanted);
    if (known) return known;
    const fromEnv = process.env.ENGINE_BIN;
    if (fromEnv && tools.every((tool) => existsSync(path.join(fromEnv, tool)))) {
        bins.set(wanted, fromEnv);
        return fromEnv;
    }
    const out = execFileSync(path.join(ENGINE_DIR, "toolchain.sh"), tools, {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 16 << 20,
    });
    const dir = out.trim().split("\n").at(-1)!;
    bins.set(wanted, dir);
    return dir;
}

/** The whole toolchain's bin directory. */
export const engineBin = (): string => toolchainBin();

export interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs a command to completion (never throws on a non-zero exit). */
export function run(
    command: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<Run> {
    return new Promise((resolve) => {
        const child = execFile(
            command,
            args,
            {
                env: options.env ?? process.env,
                cwd: options.cwd ?? PROJECT_DIR,
                maxBuffer: 256 << 20,
                timeout: options.timeoutMs ?? 15 * 60_000,
                killSignal: "SIGINT",
            },
            (err, stdout, stderr) => {
                const code = err ? ((err as { code?: unknown }).code ?? null) : 0;
                resolve({ code: typeof code === "number" ? code : null, stdout, stderr });
            },
        );
        if (options.input !== undefined) child.stdin?.end(options.input);
        else child.stdin?.end();
    });
}

/** A control plane on 127.0.0.1 with its state in `dir` (cluster.sh). */
export class LocalCluster {
    readonly kubeconfig: string;
    constructor(readonly dir: string) {
        this.kubeconfig = path.join(dir, "kubeconfig");
    }

    async start(): Promise<void> {
        const started = await run(path.join(ENGINE_DIR, "cluster.sh"), ["start", this.dir], {
            env: { ...process.env, ENGINE_BIN: engineBin(), CHARTS_DIR: CHART_ARCHIVES },
            timeoutMs: 5 * 60_000,
        });
        if (started.code !== 0)
            throw new Error(`cluster.sh start failed:\n${started.stdout}\n${started.stderr}`);
    }

    async stop(): Promise<void> {
        await run(path.join(ENGINE_DIR, "cluster.sh"), ["stop", this.dir], {
            env: { ...process.env, ENGINE_BIN: engineBin() },
        });
    }

    async kubectl(...args: string[]): Promise<Run> {
        return run(path.join(engineBin(), "kubectl"), ["--kubeconfig", this.kubeconfig, ...args]);
    }

    /**
     * What trust-manager would have written before a stack that names an existing bundle: the
     * namespace, and a ConfigMap with the PEM under `key`.
     */
    async trustBundle(
        namespace: string,
        configMap: string,
        key: string,
        pem: string,
    ): Promise<void> {
        await this.kubectl("create", "namespace", namespace);
        await this.kubectl(
            "-n",
            namespace,
            "create",
            "configmap",
            configMap,
            `--from-literal=${key}=${pem}`,
        );
    }

    /** `kubectl get -o json`, parsed; undefined when the object does not exist. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kubernetes objects, read as JSON
    async get(...args: string[]): Promise<any> {
        const result = await this.kubectl("get", ...args, "-o", "json");
        if (result.code !== 0) {
            if (/NotFound|not found/.test(result.stderr)) return undefined;
            throw new Error(`kubectl get ${args.join(" ")}: ${result.stderr}`);
        }
        return JSON.parse(result.stdout);
    }
}

/** What a project directory holds of the repo: the program and its packages. */
const PROJECT_ENTRIES = [...PROGRAM_ENTRIES, "node_modules"];

/**
 * One stack of this project on the real CLI. The project directory is a temporary one whose entries
 * link to the repo's (so the program, its packages and Pulumi.yaml are the repo's own), and it holds
 * the stack's config file; state, PULUMI_HOME and logs are beside it. The repo's stack files are
 * never written. Nothing is downloaded: plugins are the toolchain's, found on $PATH.
 */
export class EngineStack {
    readonly dir: string;
    readonly projectDir: string;
    readonly configFile: string;
    private readonly env: NodeJS.ProcessEnv;
    private commands = 0;

    /**
     * `entries`: what the project directory links of the repo; none for a program of its own (the
     * package's YAML and TypeScript programs), which `writeProjectFile` writes.
     */
    constructor(
        readonly stack: string,
        cluster: LocalCluster,
        extraEnv: NodeJS.ProcessEnv = {},
        entries: readonly string[] = PROJECT_ENTRIES,
    ) {
        this.dir = mkdtempSync(path.join(tmpdir(), `alloy-monitoring-engine-${stack}-`));
        this.projectDir = path.join(this.dir, "project");
        this.configFile = path.join(this.projectDir, `Pulumi.${stack}.yaml`);
        mkdirSync(path.join(this.dir, "state"));
        mkdirSync(this.projectDir);
        for (const entry of entries) {
            mkdirSync(path.dirname(path.join(this.projectDir, entry)), { recursive: true });
            symlinkSync(path.join(PROJECT_DIR, entry), path.join(this.projectDir, entry));
        }
        const bin = engineBin();
        this.env = {
            // The toolchain first: its node (22), pulumi, plugins, kubectl and helm.
            PATH: `${bin}:${process.env.PATH ?? ""}`,
            HOME: process.env.HOME,
            PULUMI_HOME: path.join(this.dir, "home"),
            PULUMI_BACKEND_URL: `file://${path.join(this.dir, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: "engine-tests-only",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
            PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
            NO_COLOR: "1",
            // The stack names its context; this file is where the context is found.
            KUBECONFIG: cluster.kubeconfig,
            ...extraEnv,
        };
    }

    /** Writes the stack's config file from a repo stack file (or text), before `init`. */
    seedConfig(fromRepoStack?: string, text?: string): void {
        if (fromRepoStack)
            copyFileSync(path.join(PROJECT_DIR, `Pulumi.${fromRepoStack}.yaml`), this.configFile);
        else writeFileSync(this.configFile, text ?? "config: {}\n");
    }

    /**
     * Replaces one of the project's entries with a file of its own (another program, for the bench
     * floor and the tests): a real file in the project directory, so that Node resolves its
     * imports from the project's node_modules.
     */
    writeProjectFile(entry: string, text: string): void {
        rmSync(path.join(this.projectDir, entry), { force: true, recursive: true });
        writeFileSync(path.join(this.projectDir, entry), text);
    }

    /** Runs `pulumi <args>` on this stack; the output also goes to a log in the workspace. */
    async pulumi(args: string[], input?: string, timeoutMs?: number): Promise<Run> {
        const result = await run(
            path.join(engineBin(), "pulumi"),
            [...args, "--non-interactive", "--stack", this.stack],
            { env: this.env, cwd: this.projectDir, input, ...(timeoutMs ? { timeoutMs } : {}) },
        );
        const log = path.join(
            this.dir,
            `${String(++this.commands).padStart(2, "0")}-${args[0]}.log`,
        );
        writeFileSync(
            log,
            `$ pulumi ${args.join(" ")}\nexit ${result.code}\n${result.stdout}\n${result.stderr}`,
        );
        return result;
    }

    /**
     * `pulumi <args>` outside the stack (`package get-schema`, `package gen-sdk`), in `cwd`, with
     * the stack's environment (the toolchain, PULUMI_HOME).
     */
    async cli(args: string[], cwd = this.projectDir): Promise<Run> {
        return run(path.join(engineBin(), "pulumi"), [...args, "--non-interactive"], {
            env: this.env,
            cwd,
        });
    }

    /** `pulumi <args>` that must succeed; its output otherwise is the error. */
    async must(args: string[], input?: string): Promise<Run> {
        const result = await this.pulumi(args, input);
        if (result.code !== 0)
            throw new Error(
                `pulumi ${args.join(" ")} exited ${result.code}:\n${tail(result.stdout)}\n${tail(result.stderr)}`,
            );
        return result;
    }

    async init(): Promise<void> {
        await this.must(["stack", "init", "--secrets-provider", "passphrase"]);
    }

    /** No Helm repository is reachable: the pinned archives, checked against chart-archives.sha256. */
    async useChartMirror(): Promise<void> {
        await this.set("chart.repository", `file://${CHART_ARCHIVES}`, { path: true });
    }

    /** A stack made from a repo stack file, bound to `context`, taking the charts from the mirror. */
    async initFrom(repoStack: string, context = "local"): Promise<void> {
        this.seedConfig(repoStack);
        await this.init();
        await this.set("kubernetes:context", context);
        await this.useChartMirror();
    }

    async set(key: string, value: string, options: { secret?: boolean; path?: boolean } = {}) {
        // As the fixes do (config/fixes.ts): the CLI asks a value at a secret-looking key to be
        // declared plaintext.
        const plaintext = !options.secret && CLI_SECRET_LOOKING_KEY.test(key);
        const flags = [
            options.secret ? "--secret" : "",
            plaintext ? "--plaintext" : "",
            options.path ? "--path" : "",
        ].filter(Boolean);
        // Secrets through stdin, never on the command line.
        if (options.secret) await this.must(["config", "set", ...flags, key], value);
        else await this.must(["config", "set", ...flags, key, value]);
    }

    async rm(key: string, options: { path?: boolean } = {}) {
        await this.must(["config", "rm", ...(options.path ? ["--path"] : []), key]);
    }

    config(): string {
        return readFileSync(this.configFile, "utf8");
    }

    remove(): void {
        if (!process.env.ENGINE_KEEP) rmSync(this.dir, { recursive: true, force: true });
    }
}

export function tail(text: string, lines = 60): string {
    return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** What `pulumi preview --json` reports, per step: the op and the resource's type and name. */
export interface PreviewStep {
    op: string;
    urn: string;
    type: string;
    name: string;
}

export function previewSteps(json: string): PreviewStep[] {
    const doc = JSON.parse(json) as { steps?: { op: string; urn: string }[] };
    return (doc.steps ?? []).map((s) => {
        const parts = s.urn.split("::");
        return {
            op: s.op,
            urn: s.urn,
            type: parts[2]?.split("$").at(-1) ?? "",
            name: parts[3] ?? "",
        };
    });
}
