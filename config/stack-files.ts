// Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI hands config to the program: the CLI's
// checks of the declarations, project defaults for keys the stack leaves out, objects as JSON. For
// tests and the offline tools, which run without the CLI: encrypted values cannot be decrypted here
// and come from `secrets`, or stand in as "[secret]", still marked secret so that no check reads them.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { RawConfig } from "./decode";
import { isMap } from "./objects";
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

    const given: Record<string, StackValue> = {};
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
    const environment = stackFile.environment;
    const environments = (Array.isArray(environment) ? environment : [environment]).filter(
        (e): e is string => typeof e === "string",
    );
    const cliError = projectErrors[0] ?? applied.error;
    return {
        project: project.name,
        raw: { values, secretKeys },
        defaults,
        ...(cliError !== undefined ? { cliError } : {}),
        environments,
        ciphertexts,
    };
}
