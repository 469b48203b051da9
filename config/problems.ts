import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { configPath, credentialReason, redactCredentials } from "../policy/shared";
import { type Fix, removeKey, renderArgsFix, renderFix, setKey, editStackFile } from "./fixes";
import { defOf, schemaAt } from "./schema-walk";

/** The Pulumi project name: every stack config key lives in this namespace. */
export const PROJECT = "alloy-monitoring";

/** One mistake in the stack config: where it is, what is wrong, and how to fix it. */
export interface ConfigProblem {
    /**
     * What kind of mistake it is, stable across wording changes (`unknown-key`, `not-secret`,
     * `chart:<template>:<line>`…): tests and tools match on it, not on the message.
     */
    code: string;
    /**
     * Config path as `pulumi config set --path` takes it, e.g. `loki.url`, `blackbox.targets[0].name`;
     * keys of another namespace carry it (`kubernetes:context`).
     */
    key: string;
    /** What is wrong, and what a valid value looks like. Never contains a secret. */
    message: string;
    /**
     * What fixes it, as data (`set`, `rm`, `edit`), with the user's own value corrected or a
     * `<placeholder>`; `renderFix` writes it as the commands to paste.
     */
    fix: Fix;
}

/** Every problem found in one run, reported together so that one `pulumi preview` shows them all. */
export class ConfigError extends Error {
    constructor(readonly problems: readonly ConfigProblem[]) {
        super(formatProblems(problems));
        this.name = "ConfigError";
    }
}

/** `alloy-monitoring:loki.url`, or the key as it is when it names its own namespace. */
export function fullKey(key: string): string {
    return /^[A-Za-z0-9_-]+:/.test(key) ? key : `${PROJECT}:${key}`;
}

/** Problems without repeats: one per code and key, the first kept (two checks may meet one mistake). */
export function uniqueProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
    const seen = new Set<string>();
    return problems.filter((p) => {
        const id = `${p.code}\u0000${p.key}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
    });
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map(
        (p) => `  - ${fullKey(p.key)}: ${p.message}\n    fix: ${renderFix(p.fix)}`,
    );
    return `stack config has ${count}; nothing was deployed:\n${lines.join("\n")}`;
}

/**
 * The report for a component's args (a program that adds AlloyMonitoring itself): the same problems,
 * keyed as the args spell them, with fixes to make in the args rather than CLI commands.
 */
export function formatArgsProblems(component: string, problems: readonly ConfigProblem[]): string {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map(
        (p) => `  - ${p.key}: ${p.message}\n    fix: ${renderArgsFix(p.fix)}`,
    );
    return `${component} has ${count} in its args; nothing was created:\n${lines.join("\n")}`;
}

/** Paths as `pulumi config set --path` parses them (written once, shared with the policy pack). */
export { configPath };

/**
 * How a value is quoted in a message: JSON-quoted, with any URL credentials replaced and long
 * values cut short, so that no message repeats a password or drowns the report.
 */
export function quote(value: unknown, max = 80): string {
    const text = typeof value === "string" ? value : String(JSON.stringify(value));
    const redacted = redactCredentials(text);
    const short = redacted.length > max ? `${redacted.slice(0, max)}…` : redacted;
    return JSON.stringify(short);
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
    const inner = schemaAt(schema, path)?.inner;
    return inner && defOf(inner).type === "object"
        ? Object.keys((inner as unknown as { shape: object }).shape)
        : [];
}

/**
 * The boolean a value that is not one most likely means ("yes", "on", 1…), else the key's default,
 * else false: the fix is a value to paste, never a placeholder.
 */
function booleanMeant(input: unknown, fallback: unknown): "true" | "false" {
    // Only text and numbers can mean a boolean; anything else is never turned into text (a map
    // with a `toString` key would throw).
    const text =
        typeof input === "string" || typeof input === "number"
            ? String(input).trim().toLowerCase()
            : "";
    if (["true", "yes", "y", "on", "1", "enabled", "enable"].includes(text)) return "true";
    if (["false", "no", "n", "off", "0", "disabled", "disable"].includes(text)) return "false";
    return fallback === true ? "true" : "false";
}

export interface IssueHints {
    /** A `<placeholder>` (or a default) by config path, list indices written `[]`, for `pulumi config set`. */
    examples: Readonly<Record<string, string>>;
    /** Whole fixes by config path, for keys whose fix is not setting that key. */
    fixes: Readonly<Record<string, Fix>>;
    /** Keys whose values are secret: a fix that sets one stores it with `--secret`. */
    secretKeys: readonly string[];
}

/**
 * Turns zod issues into problems. A rule may carry a whole fix (`params.fix`), ask for the key's
 * removal (`params.remove`) or give the user's own value corrected (`params.suggestion`); otherwise
 * the fix sets the key to a placeholder.
 */
export function problemsFromIssues(
    issues: readonly z.core.$ZodIssue[],
    schema: z.ZodType,
    hints: IssueHints,
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
                    code: "unknown-key",
                    key,
                    message: `unknown key; ${hint}`,
                    fix: renameFix(key, near, path, hints, valueAt(issue.input, unknownKey)),
                });
            }
            continue;
        }
        const key = configPath(path);
        const params = (
            issue as {
                params?: {
                    code?: string;
                    fix?: Fix;
                    remove?: boolean;
                    suggestion?: string;
                    subkey?: string;
                };
            }
        ).params;
        // A map is set one entry at a time: the fix names the entry (`labelSelectors["app…"]`).
        const target = params?.subkey !== undefined ? configPath([...path, params.subkey]) : key;
        const boolean =
            issue.code === "invalid_type" && issue.expected === "boolean"
                ? booleanMeant(issue.input, schemaAt(schema, path)?.defaultValue)
                : undefined;
        const example = boolean ?? hints.examples[key.replace(/\[\d+\]/g, "[]")] ?? "<value>";
        const fix = params?.fix ??
            (params?.remove ? [removeKey(key)] : undefined) ??
            hints.fixes[key] ?? [
                setKey(target, params?.suggestion ?? example, {
                    secret: hints.secretKeys.includes(key),
                }),
            ];
        // A rule names its own code; zod's own checks are named after theirs.
        const code =
            params?.code ??
            (issue.code === "custom" ? "invalid-value" : issue.code.replace(/_/g, "-"));
        problems.push({ code, key, message: issue.message, fix });
    }
    return problems;
}

/** The user's value under `key` of an object zod reported (`reportInput`), if any. */
function valueAt(input: unknown, key: string): unknown {
    return typeof input === "object" && input !== null
        ? (input as Record<string, unknown>)[key]
        : undefined;
}

/**
 * The fix for an unknown key: remove it, and set the key it was meant to be to the user's own value
 * where that is a plain value a command can carry (a secret is set again by prompt); a list or map
 * is renamed in the stack file.
 */
function renameFix(
    key: string,
    near: string | undefined,
    path: readonly PropertyKey[],
    hints: IssueHints,
    value: unknown,
): Fix {
    if (near === undefined) return [removeKey(key)];
    const intended = configPath([...path, near]);
    if (hints.secretKeys.includes(intended))
        return [removeKey(key), setKey(intended, undefined, { secret: true })];
    const text = ["string", "number", "boolean"].includes(typeof value) ? String(value) : undefined;
    // Only a short value without credentials goes on a command line; anything else is edited.
    if (
        text !== undefined &&
        text.length <= 200 &&
        !credentialReason([...path.map(String), near], text)
    )
        return [removeKey(key), setKey(intended, text)];
    return [editStackFile(`rename ${key} to ${intended}`)];
}
