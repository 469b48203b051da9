// Runs the whole program (index.ts) under Pulumi's mocks (cli/evaluate.ts) with a test's config.
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "node:child_process";
import {
    cpSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    rmSync,
    symlinkSync,
    writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { evaluateProgram, type Evaluation } from "../cli/evaluate";
import type { RawConfig } from "../config/decode";
import type { FixStep } from "../config/fixes";
import { parseConfigPath } from "../policy/shared";
import { listStacks, loadStackFiles } from "../cli/stack-files";
import { PROGRAM_ENTRIES } from "../scripts/program-files";

export const PROJECT_DIR = path.join(__dirname, "..");

const made: string[] = [];
process.on("exit", () => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new folder in the system's temporary folder, removed when the test process exits. */
export function tempDir(prefix: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    made.push(dir);
    return dir;
}

/**
 * The stacks tests plan as fixtures (dev, staging, prod) with the project's Pulumi.yaml: the
 * repository's own stack files are examples a user changes, adds to or removes, and tests that
 * need a particular stack use these instead.
 */
export const FIXTURE_STACKS_DIR = fixtureProject();

/** A folder with the project's Pulumi.yaml and the fixture stack files (tests/fixtures/stacks). */
function fixtureProject(): string {
    const dir = tempDir("fixture-stacks-");
    cpSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    cpSync(path.join(__dirname, "fixtures", "stacks"), dir, { recursive: true });
    return dir;
}
export { GENERATED_PASSWORD, MOCK_RANDOM_ID_HEX, type Registration } from "../cli/evaluate";
export type ProgramRun = Evaluation;

/** Stack config for a fixture stack plus the project defaults, as the CLI would pass it. */
export function stackConfig(stack: string, secrets: Record<string, string> = {}): RawConfig {
    return loadStackFiles(FIXTURE_STACKS_DIR, stack, secrets).raw;
}

/** The fixture stack files by name, for copyProject. */
export function fixtureStacks(...names: string[]): Record<string, string> {
    return Object.fromEntries(
        names.map((name) => [
            name,
            readFileSync(path.join(__dirname, "fixtures", "stacks", `Pulumi.${name}.yaml`), "utf8"),
        ]),
    );
}

/** Same config with keys set (objects as values) or removed (undefined), as `pulumi config set` would. */
export function withConfig(
    raw: RawConfig,
    changes: Record<string, unknown>,
    secretKeys: string[] = [],
): RawConfig {
    const values: Record<string, string> = { ...raw.values };
    for (const [key, value] of Object.entries(changes)) {
        const fullKey = `alloy-monitoring:${key}`;
        if (value === undefined) delete values[fullKey];
        else values[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
    }
    const secrets = new Set(raw.secretKeys);
    for (const key of secretKeys) secrets.add(`alloy-monitoring:${key}`);
    return { values, secretKeys: secrets };
}

/** Runs index.ts under the mocks with `raw` as the stack config (the dev stack's name and project). */
export function runProgram(raw: RawConfig): Promise<ProgramRun> {
    return evaluateProgram(raw, { dir: PROJECT_DIR, project: "alloy-monitoring", stack: "dev" });
}

/** Resolves an Output's value (and whether it is secret) in a test. */
export function resolve<T>(output: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
    return new Promise((done) => {
        void pulumi
            .isSecret(output)
            .then((secret) => output.apply((value) => done({ value, secret })));
    });
}

/** A program's exports (stack outputs), each resolved to its value and whether it is secret. */
export async function resolvedExports(run: {
    exports?: Record<string, unknown>;
}): Promise<Record<string, { value: unknown; secret: boolean }>> {
    const entries = await Promise.all(
        Object.entries(run.exports ?? {}).map(
            async ([key, output]) =>
                [
                    key,
                    pulumi.Output.isInstance(output)
                        ? await resolve(output)
                        : { value: output, secret: false },
                ] as const,
        ),
    );
    return Object.fromEntries(entries);
}

/** Removes the engine's secret wrappers from mock inputs, noting the paths that were secret. */
export function unwrapSecrets(value: unknown, at = "", secrets: string[] = []): unknown {
    if (pulumi.runtime.isRpcSecret(value)) {
        secrets.push(at);
        return unwrapSecrets(pulumi.runtime.unwrapRpcSecret(value), at, secrets);
    }
    if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, `${at}[${i}]`, secrets));
    if (value !== null && typeof value === "object")
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [
                k,
                unwrapSecrets(v, at ? `${at}.${k}` : k, secrets),
            ]),
        );
    return value;
}

/** What a copy of the project needs besides stack files: the program, and the offline tools. */
const COPIED_ENTRIES = [...PROGRAM_ENTRIES, "cli"];

/**
 * A copy of the project in a temporary folder, with its node_modules: the program and the offline
 * tools, and the stack files given (by stack name), or the repository's own when none are.
 */
export function copyProject(stacks?: Record<string, string>): string {
    const dir = tempDir("project-");
    for (const entry of COPIED_ENTRIES) {
        mkdirSync(path.dirname(path.join(dir, entry)), { recursive: true });
        cpSync(path.join(PROJECT_DIR, entry), path.join(dir, entry), { recursive: true });
    }
    if (stacks === undefined)
        for (const stack of listStacks(PROJECT_DIR))
            cpSync(
                path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`),
                path.join(dir, `Pulumi.${stack}.yaml`),
            );
    for (const [stack, text] of Object.entries(stacks ?? {}))
        writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
    symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/** A stack file for `cluster`, bound to the kubeconfig context `context`, with more config lines. */
export function stackFileFor(cluster: string, context = cluster, ...more: string[]): string {
    return [
        "config:",
        `    kubernetes:context: ${JSON.stringify(context)}`,
        `    alloy-monitoring:clusterName: ${cluster}`,
        "    alloy-monitoring:loki:",
        `        url: https://loki.${cluster}.example.com/loki/api/v1/push`,
        "    alloy-monitoring:mimir:",
        `        url: https://mimir.${cluster}.example.com/api/v1/push`,
        ...more,
        "",
    ].join("\n");
}

/** What a tool run as a process gave: its exit code and both streams. */
export interface ToolRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** A tool of the project in `dir` as `npm run -s` runs it, without npm: ts-node on its script. */
export function runTool(dir: string, script: string, ...args: string[]): ToolRun {
    const result = spawnSync(
        process.execPath,
        [require.resolve("ts-node/dist/bin.js"), "--transpile-only", script, ...args],
        { cwd: dir, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } },
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `npm run -s plan -- …` in the project in `dir`, as a process. */
export const planTool = (dir: string, ...args: string[]) => runTool(dir, "cli/plan.ts", ...args);

/** git in `dir`, with an identity for commits; a failure fails the test. */
export function git(dir: string, ...args: string[]): void {
    const r = spawnSync(
        "git",
        ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args],
        { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
}

/**
 * Whether a gateway accepts `password` for an htpasswd `hash`: Apache's `htpasswd -v` (Debian
 * apache2-utils, which .ci/run installs when missing), the tool that writes and checks the files
 * nginx and Apache read; the password on stdin, never on a command line.
 */
export function htpasswdAccepts(password: string, hash: string): boolean {
    const dir = mkdtempSync(path.join(tmpdir(), "htpasswd-"));
    try {
        const file = path.join(dir, "htpasswd");
        writeFileSync(file, `user:${hash}\n`);
        const result = spawnSync("htpasswd", ["-v", "-i", file, "user"], {
            input: password,
            encoding: "utf8",
        });
        if (result.error)
            throw new Error(`htpasswd: ${result.error.message} (apt-get install apache2-utils)`);
        // 0: the password matches; 3: it does not. Anything else is a broken check, not a "no".
        if (result.status !== 0 && result.status !== 3)
            throw new Error(`htpasswd -v exited ${result.status}: ${result.stderr}`);
        return result.status === 0;
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * `raw` with a problem's fix applied as a user pasting it would: each `set` and `rm` step on the
 * stack's config (a value set with --path is a boolean or a number when it reads as one, as the
 * CLI stores it). A step no command makes (`edit`, `run`) cannot be applied here: it throws.
 */
const REMOVE = Symbol("remove");

/**
 * Sets `value` at `path` in a tree (a path as `pulumi config set --path` parses it), making the maps
 * and lists on the way; REMOVE deletes the key there, or the list item.
 */
function editTree(tree: unknown, path: readonly (string | number)[], value: unknown): void {
    let node = tree as Record<string | number, unknown>;
    for (const [i, part] of path.slice(0, -1).entries()) {
        if (node[part] === undefined || node[part] === null)
            node[part] = typeof path[i + 1] === "number" ? [] : {};
        node = node[part] as Record<string | number, unknown>;
    }
    const last = path.at(-1)!;
    if (value !== REMOVE) node[last] = value;
    else if (Array.isArray(node) && typeof last === "number") node.splice(last, 1);
    else delete node[last];
}

export function applyFix(raw: RawConfig, fix: readonly FixStep[]): RawConfig {
    const values: Record<string, string> = { ...raw.values };
    for (const step of fix) {
        if (step.kind !== "set" && step.kind !== "rm")
            throw new Error(`a ${step.kind} step is not a command: ${JSON.stringify(step)}`);
        const flat = step.kind === "rm" && step.flat === true;
        const [top, ...rest] = flat ? [step.key] : parseConfigPath(step.key);
        const fullKey = /:/.test(String(top)) ? String(top) : `alloy-monitoring:${String(top)}`;
        const value =
            step.kind === "set"
                ? /^(true|false)$/.test(step.value ?? "")
                    ? step.value === "true"
                    : /^-?\d+$/.test(step.value ?? "")
                      ? Number(step.value)
                      : (step.value ?? "<secret typed at the prompt>")
                : undefined;
        if (rest.length === 0) {
            if (step.kind === "rm") delete values[fullKey];
            else values[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
            continue;
        }
        const text = values[fullKey];
        const root: unknown = text === undefined ? {} : JSON.parse(text);
        editTree(root, rest, step.kind === "rm" ? REMOVE : value);
        values[fullKey] = JSON.stringify(root);
    }
    return { values, secretKeys: raw.secretKeys };
}

/**
 * A component's args with a fix applied, as a program's author would apply it: `set` writes the
 * value at the key (a secret step writes a secret's stand-in), `rm` deletes it.
 */
export function applyArgsFix(
    args: Record<string, unknown>,
    fix: readonly FixStep[],
): Record<string, unknown> {
    let result = structuredClone(args);
    for (const step of fix) {
        // The edit a fix may ask for in args: renaming a mistyped key.
        const rename = step.kind === "edit" ? /^rename (\S+) to (\S+)$/.exec(step.change) : null;
        if (rename && !rename[1].includes(".")) {
            const { [rename[1]]: value, ...rest } = result;
            result = { ...rest, [rename[2]]: value };
            continue;
        }
        if (step.kind !== "set" && step.kind !== "rm")
            throw new Error(`a ${step.kind} step changes no arg: ${JSON.stringify(step)}`);
        editTree(
            result,
            parseConfigPath(step.key),
            step.kind === "rm"
                ? REMOVE
                : step.secret
                  ? SECRET_STAND_IN
                  : /^(true|false)$/.test(step.value ?? "")
                    ? step.value === "true"
                    : step.value,
        );
    }
    return result;
}

/** What a fix's secret step leaves in args: the program passes a secret there. */
export const SECRET_STAND_IN = { secret: "<a secret Output>" };
