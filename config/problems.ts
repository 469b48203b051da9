import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";

/** The Pulumi project name: every stack config key lives in this namespace. */
export const PROJECT = "alloy-monitoring";

/** One mistake in the stack config: where it is, what is wrong, and how to fix it. */
export interface ConfigProblem {
    /** Dotted config path as `pulumi config set --path` takes it, e.g. `loki.url`, `blackbox.targets[0].name`. */
    key: string;
    /** What is wrong, and what a valid value looks like. Never contains a secret. */
    message: string;
    /** The command (or edit) that fixes it. */
    fix: string;
}

/** Every problem found in one run, reported together so that one `pulumi preview` shows them all. */
export class ConfigError extends Error {
    constructor(readonly problems: readonly ConfigProblem[]) {
        super(formatProblems(problems));
        this.name = "ConfigError";
    }
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${PROJECT}:${p.key}: ${p.message}\n    fix: ${p.fix}`);
    return `stack config has ${count}; nothing was deployed:\n${lines.join("\n")}`;
}

/** Renders a zod path (`["blackbox", "targets", 0, "url"]`) as a config path (`blackbox.targets[0].url`). */
export function configPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>((out, part) => {
        if (typeof part === "number") return `${out}[${part}]`;
        const name = String(part);
        return out === "" ? name : `${out}.${name}`;
    }, "");
}

function quotePath(key: string): string {
    return /^[A-Za-z0-9_.-]+$/.test(key) ? key : `'${key}'`;
}

/** `pulumi config <verb>` for a key, with `--path` where the key is nested. */
function configCommand(verb: "set" | "rm", key: string): string {
    const nested = /[.[]/.test(key);
    return `pulumi config ${verb} ${nested ? "--path " : ""}${quotePath(key)}`;
}

export function setCommand(key: string, example: string): string {
    return `${configCommand("set", key)} ${example}`;
}

export function removeCommand(key: string): string {
    return configCommand("rm", key);
}

/** The known name closest to `name`, when it is close enough to be a likely typo. */
export function suggest(name: string, known: readonly string[]): string | undefined {
    if (known.length === 0) return undefined;
    const lower = name.toLowerCase();
    const best = closest(
        lower,
        known.map((k) => k.toLowerCase()),
    );
    const match = known.find((k) => k.toLowerCase() === best);
    const limit = Math.max(2, Math.floor(name.length / 3));
    return match !== undefined && distance(lower, best) <= limit ? match : undefined;
}

/** The keys an object schema accepts at `path`, to suggest a fix for an unknown key. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
    let node: unknown = schema;
    const steps = [...path];
    for (let guard = 0; guard < 64; guard++) {
        const def = (node as { def?: { type?: string } }).def;
        switch (def?.type) {
            case "optional":
            case "default":
            case "prefault":
            case "nullable":
            case "nonoptional":
                node = (node as { unwrap(): unknown }).unwrap();
                continue;
            case "pipe":
                node = (node as { in: unknown }).in;
                continue;
        }
        if (steps.length === 0) break;
        const step = steps.shift();
        if (def?.type === "object")
            node = (node as { shape: Record<string, unknown> }).shape[String(step)];
        else if (def?.type === "array") node = (node as { element: unknown }).element;
        else if (def?.type === "record") node = (node as { valueType: unknown }).valueType;
        else return [];
        if (node === undefined) return [];
    }
    const def = (node as { def?: { type?: string } }).def;
    return def?.type === "object" ? Object.keys((node as { shape: object }).shape) : [];
}

/**
 * Turns zod issues into problems. `hints.examples` maps a config path (list indices written `[]`) to
 * an example value for the suggested `pulumi config set`; `hints.fixes` holds whole fixes by path.
 */
export function problemsFromIssues(
    issues: readonly z.core.$ZodIssue[],
    schema: z.ZodType,
    hints: { examples: Readonly<Record<string, string>>; fixes: Readonly<Record<string, string>> },
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const issue of issues) {
        const path = issue.path;
        if (issue.code === "unrecognized_keys") {
            const known = knownKeysAt(schema, issue.path);
            for (const unknownKey of issue.keys) {
                const key = configPath([...path, unknownKey]);
                const near = suggest(unknownKey, known);
                const hint = near
                    ? `did you mean "${near}"?`
                    : `known keys here: ${known.map((k) => `"${k}"`).join(", ")}`;
                problems.push({
                    key,
                    message: `unknown key; ${hint}`,
                    fix: near
                        ? `rename it to ${configPath([...path, near])} in the stack file, or ${removeCommand(key)}`
                        : removeCommand(key),
                });
            }
            continue;
        }
        const key = configPath(path);
        const example = hints.examples[key.replace(/\[\d+\]/g, "[]")] ?? "<value>";
        // A rule may carry a ready fix in params; otherwise the fix is to set the key.
        const fix =
            (issue as { params?: { fix?: string } }).params?.fix ??
            hints.fixes[key] ??
            setCommand(key, example);
        problems.push({ key, message: issue.message, fix });
    }
    return problems;
}
