// Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI hands config to the program: the CLI's
// checks of the declarations, project defaults for keys the stack leaves out, objects as JSON. For
// tests and the offline tools, which run without the CLI: encrypted values cannot be decrypted here
// and come from `secrets`, or stand in as "[secret]", still marked secret so that no check reads them.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { KUBERNETES_KUBECONFIG } from "../config/cluster-binding";
import type { RawConfig } from "../config/decode";
import { isMap } from "../config/objects";
import { SECRET_KEYS } from "../config/schema";
import {
    applyProjectConfig,
    declarationOf,
    namespaced,
    projectFileErrors,
    type StackValue,
} from "./project-file";

/** What an encrypted value reads as offline. */
export const SECRET_PLACEHOLDER = "[secret]";

interface ProjectFile {
    name: string;
    config?: Record<string, unknown>;
}

interface StackFile {
    config?: Record<string, unknown>;
    environment?: unknown;
}

/** A stack file that cannot be read: one line that says which and why. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

export interface StackFiles {
    project: string;
    raw: RawConfig;
    /** Project defaults as declared in Pulumi.yaml, by key without the project prefix. */
    defaults: Record<string, unknown>;
    /** What the CLI refuses before the program starts (its own words), if anything. */
    cliError?: string;
    /** ESC environments the stack imports: their values are not visible offline. */
    environments: string[];
    /**
     * A digest of each top-level encrypted value's ciphertext, by full key: a review sees that a
     * secret changed (a new kubeconfig) without seeing it. Re-encrypting the same value changes it.
     */
    ciphertexts: Record<string, string>;
}

/** A short, stable name for a ciphertext; the ciphertext is in the repository already. */
export function ciphertextDigest(ciphertext: string): string {
    return `sha256:${createHash("sha256").update(ciphertext).digest("hex").slice(0, 16)}`;
}

/**
 * An ESC environment's resolved values, as `esc env open <env> --format json` (or `--format
 * detailed`) prints them: its `pulumiConfig` by full key. A secret reads as the placeholder: the
 * plaintext the file holds is dropped here, never kept. Plain JSON does not say what is secret, so
 * the keys that must be secrets are taken as secrets.
 */
export type EnvironmentConfig = Record<string, StackValue>;

/** Keys that are secrets wherever they come from: the program's own, and the cluster's kubeconfig. */
const ALWAYS_SECRET: readonly string[] = [...SECRET_KEYS, KUBERNETES_KUBECONFIG];

export function parseEnvironmentValues(
    text: string,
    project: string,
    source: string,
): EnvironmentConfig {
    let document: unknown;
    try {
        document = JSON.parse(text) as unknown;
    } catch {
        // Not the parser's message: it quotes the text, which may hold the environment's secrets.
        throw new StackFileError(
            `${source} is not JSON: give what esc env open <env> --format json prints`,
        );
    }
    // `--format detailed` wraps each value: { value, secret?, unknown?, trace }.
    const isDetailed = (v: unknown): v is { value: unknown; secret?: boolean } =>
        isMap(v) && "value" in v && "trace" in v;
    const unwrap = (v: unknown): { value: unknown; secret: boolean } => {
        if (!isDetailed(v)) return { value: v, secret: false };
        const own = v.secret === true;
        if (Array.isArray(v.value)) {
            const items = v.value.map(unwrap);
            return { value: items.map((i) => i.value), secret: own || items.some((i) => i.secret) };
        }
        if (isMap(v.value)) {
            const entries = Object.entries(v.value).map(([k, item]) => [k, unwrap(item)] as const);
            return {
                value: Object.fromEntries(entries.map(([k, e]) => [k, e.value])),
                secret: own || entries.some(([, e]) => e.secret),
            };
        }
        return { value: v.value, secret: own };
    };
    const top = isDetailed(document) ? document.value : document;
    const section = isMap(top) ? top.pulumiConfig : undefined;
    const entries = isDetailed(section) ? section.value : section;
    if (entries !== undefined && !isMap(entries))
        throw new StackFileError(`${source}: pulumiConfig is not a map of config keys`);
    const config: EnvironmentConfig = {};
    for (const [key, entry] of Object.entries(entries ?? {})) {
        const { value, secret } = unwrap(entry);
        const fullKey = namespaced(project, key);
        const shortKey = fullKey.replace(`${project}:`, "");
        config[fullKey] =
            secret || ALWAYS_SECRET.includes(shortKey)
                ? { value: SECRET_PLACEHOLDER, secure: true }
                : { value, secure: false };
    }
    return config;
}

/** The project's name, from its Pulumi.yaml. */
export function projectName(dir: string): string {
    return (readYaml(path.join(dir, "Pulumi.yaml"), "project") as ProjectFile).name;
}

/** The stacks that have a Pulumi.<stack>.yaml in `dir`. */
export function listStacks(dir: string): string[] {
    return readdirSync(dir)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

function readYaml(file: string, what: string): unknown {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch {
        throw new StackFileError(`${what}: no file ${file}`);
    }
    try {
        return parse(text) as unknown;
    } catch (error) {
        const reason = (error as Error).message.split("\n")[0];
        throw new StackFileError(`${what}: ${file} is not valid YAML: ${reason}`);
    }
}

/** A stack value with every nested `secure:` replaced by its plaintext or the placeholder. */
function unseal(value: unknown, plaintext: string | undefined): StackValue {
    if (isMap(value) && Object.keys(value).length === 1 && typeof value.secure === "string")
        return { value: plaintext ?? SECRET_PLACEHOLDER, secure: true };
    if (Array.isArray(value)) {
        const items = value.map((v) => unseal(v, undefined));
        return { value: items.map((i) => i.value), secure: items.some((i) => i.secure) };
    }
    if (isMap(value)) {
        const entries = Object.entries(value).map(([k, v]) => [k, unseal(v, undefined)] as const);
        return {
            value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
            secure: entries.some(([, v]) => v.secure),
        };
    }
    return { value, secure: false };
}

function asConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * `secrets` gives plaintext for top-level `secure:` values by key (the project's without its prefix); a
 * key that holds an encrypted value anywhere inside is secret, as the CLI marks it.
 */
export function loadStackFiles(
    dir: string,
    stack: string,
    secrets: Readonly<Record<string, string>> = {},
    environmentValues: Readonly<Record<string, EnvironmentConfig>> = {},
): StackFiles {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack))
        throw new StackFileError(
            `stack "${stack}": a stack name has letters, digits, '_', '.' and '-'`,
        );
    const stacks = listStacks(dir);
    if (!stacks.includes(stack))
        throw new StackFileError(
            `stack "${stack}": no Pulumi.${stack}.yaml in ${dir} (stacks here: ${stacks.join(", ") || "none"})`,
        );
    const project = readYaml(path.join(dir, "Pulumi.yaml"), "project") as ProjectFile;
    const stackFile = (readYaml(path.join(dir, `Pulumi.${stack}.yaml`), `stack "${stack}"`) ??
        {}) as StackFile;
    const declarations = project.config ?? {};
    const prefix = `${project.name}:`;

    const environment = stackFile.environment;
    const environments = (Array.isArray(environment) ? environment : [environment]).filter(
        (e): e is string => typeof e === "string",
    );
    // As the CLI merges them: each imported environment in order, then the stack's own values.
    const given: Record<string, StackValue> = {};
    for (const name of environments) Object.assign(given, environmentValues[name] ?? {});
    const unseen = environments.filter((name) => environmentValues[name] === undefined);
    const ciphertexts: Record<string, string> = {};
    for (const [key, value] of Object.entries(stackFile.config ?? {})) {
        const fullKey = namespaced(project.name, key);
        const shortKey = fullKey.startsWith(prefix) ? fullKey.slice(prefix.length) : fullKey;
        given[fullKey] = unseal(value, secrets[shortKey]);
        if (isMap(value) && typeof value.secure === "string")
            ciphertexts[fullKey] = ciphertextDigest(value.secure);
    }
    const projectErrors = projectFileErrors(project.name, declarations);
    const applied = applyProjectConfig(project.name, declarations, stack, given);

    const values: Record<string, string> = {};
    const secretKeys = new Set<string>();
    for (const [fullKey, { value, secure }] of Object.entries(applied.config)) {
        values[fullKey] = asConfigString(value);
        if (secure) secretKeys.add(fullKey);
    }
    const defaults: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(declarations)) {
        const fullKey = namespaced(project.name, key);
        const declaration = declarationOf(entry);
        const value = declaration.default ?? declaration.value;
        if (value !== undefined && fullKey.startsWith(prefix))
            defaults[fullKey.slice(prefix.length)] = value;
    }
    // A value only an environment holds cannot be seen here without the environment's values.
    const cliError =
        projectErrors[0] ??
        (applied.error !== undefined && unseen.length > 0
            ? `${applied.error} (the stack imports the ESC environment${unseen.length > 1 ? "s" : ""} ${unseen.join(", ")}, whose values plan cannot see: pass them with ${unseen.map((name) => `--esc-env ${name}=<(esc env open ${name} --format json)`).join(" ")})`
            : applied.error);
    return {
        project: project.name,
        raw: { values, secretKeys },
        defaults,
        ...(cliError !== undefined ? { cliError } : {}),
        environments,
        ciphertexts,
    };
}
