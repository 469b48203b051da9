// Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI hands config to the program: project
// defaults for keys the stack leaves out, objects as JSON. For tests and scripts, which run without
// the CLI; secure values cannot be decrypted here and come from `secrets` instead.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { RawConfig } from "./decode";
import { isMap } from "./objects";

interface ProjectFile {
    name: string;
    /** Per key: `{ type, default, value, ... }`, or the short form `key: default`. */
    config?: Record<string, unknown>;
}

interface StackFile {
    config?: Record<string, unknown>;
}

function asConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

export interface StackFiles {
    project: string;
    raw: RawConfig;
    /** Project defaults as declared in Pulumi.yaml, by key without the project prefix. */
    defaults: Record<string, unknown>;
}

/**
 * `secrets` gives plaintext for `secure:` values by key (without the project prefix); a secure
 * value without one stands in as "[secret]", which is enough to plan but not to deploy.
 */
export function loadStackFiles(
    dir: string,
    stack: string,
    secrets: Readonly<Record<string, string>> = {},
): StackFiles {
    const project = parse(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as ProjectFile;
    const stackFile = (parse(readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8")) ??
        {}) as StackFile;
    const prefix = `${project.name}:`;
    const values: Record<string, string> = {};
    const secretKeys = new Set<string>();

    for (const [key, value] of Object.entries(stackFile.config ?? {})) {
        const fullKey = key.includes(":") ? key : `${prefix}${key}`;
        if (isMap(value) && "secure" in value) {
            const shortKey = fullKey.slice(prefix.length);
            values[fullKey] = secrets[shortKey] ?? "[secret]";
            secretKeys.add(fullKey);
        } else values[fullKey] = asConfigString(value);
    }

    const defaults: Record<string, unknown> = {};
    for (const [key, declaration] of Object.entries(project.config ?? {})) {
        const fullKey = key.includes(":") ? key : `${prefix}${key}`;
        // Short form `key: value` declares a default; the long form has `default` (or `value`).
        const value = isMap(declaration) ? (declaration.default ?? declaration.value) : declaration;
        if (value === undefined) continue;
        if (fullKey.startsWith(prefix)) defaults[fullKey.slice(prefix.length)] = value;
        if (!(fullKey in values)) values[fullKey] = asConfigString(value);
    }
    return { project: project.name, raw: { values, secretKeys }, defaults };
}
