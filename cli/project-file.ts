// What the Pulumi CLI does with Pulumi.yaml's `config:` before the program starts: it checks the
// declarations, checks the stack's values against them, and applies defaults. Modelled on the CLI's
// `Project.Validate` and `mergeConfig` (pkg/workspace/config.go), including the behaviour of 3.202+
// where a `secret: true` key with a default fails every stack that leaves it unset
// (pulumi/pulumi#21865). Tests hold Pulumi.yaml and every stack file to these rules, and the
// offline tools report what the CLI would, in its words.
import { isMap } from "../config/objects";

/** A `config:` entry in Pulumi.yaml: the long form; the short form `key: value` is a default. */
export interface ConfigDeclaration {
    type?: string;
    description?: string;
    default?: unknown;
    value?: unknown;
    secret?: boolean;
    items?: unknown;
}

/** A stack's value for a key: plain YAML, and whether it is (or holds) an encrypted value. */
export interface StackValue {
    value: unknown;
    secure: boolean;
}

const TYPES = ["string", "integer", "boolean", "array", "object"];

/** The declaration of a key in its long form. */
export function declarationOf(entry: unknown): ConfigDeclaration {
    return isMap(entry) && ("type" in entry || "default" in entry || "value" in entry)
        ? entry
        : { default: entry };
}

/** `alloy-monitoring:key` for a key written without a namespace. */
export function namespaced(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** `loose`: a stack value, whose scalars the CLI compares as text; a declared default is typed. */
function matchesType(type: string, items: unknown, value: unknown, loose = false): boolean {
    switch (type) {
        case "string":
            return loose
                ? ["string", "number", "boolean"].includes(typeof value)
                : typeof value === "string";
        case "integer":
            return Number.isInteger(value) || (typeof value === "string" && /^-?\d+$/.test(value));
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "object":
            return isMap(value);
        case "array": {
            const itemType = isMap(items) && typeof items.type === "string" ? items.type : "";
            return (
                Array.isArray(value) && value.every((v) => matchesType(itemType, items, v, loose))
            );
        }
        default:
            return false;
    }
}

/** Mistakes in Pulumi.yaml's declarations, which make the CLI refuse the project outright. */
export function projectFileErrors(project: string, config: Record<string, unknown>): string[] {
    const errors: string[] = [];
    for (const [key, entry] of Object.entries(config)) {
        const d = declarationOf(entry);
        const ownKey = namespaced(project, key).startsWith(`${project}:`);
        if (!ownKey && (d.type !== undefined || d.default !== undefined))
            errors.push(
                `Configuration key '${key}' is not namespaced by the project and should not define a type or default value`,
            );
        if (d.default !== undefined && d.value !== undefined)
            errors.push(`project config '${key}' cannot have both a default and a value`);
        if (d.type !== undefined && !TYPES.includes(d.type))
            errors.push(`project config '${key}' has an unknown type '${d.type}'`);
        if (d.type === "array" && d.items === undefined)
            errors.push(`project config '${key}' is an array and must define items`);
        if (
            d.type !== undefined &&
            d.default !== undefined &&
            !matchesType(d.type, d.items, d.default)
        )
            errors.push(
                `The default value specified for configuration key '${key}' is not the same as its type`,
            );
    }
    return errors;
}

/**
 * The CLI's check of one stack against the declarations, and the config it then hands the program
 * (defaults applied). The CLI stops at the first wrong value and reports missing keys together.
 */
export function applyProjectConfig(
    project: string,
    declarations: Record<string, unknown>,
    stackName: string,
    stack: Readonly<Record<string, StackValue>>,
): { error?: string; config: Record<string, StackValue> } {
    const config: Record<string, StackValue> = { ...stack };
    const missing: string[] = [];
    for (const key of Object.keys(declarations).sort()) {
        const d = declarationOf(declarations[key]);
        const fullKey = namespaced(project, key);
        const given = stack[fullKey];
        const preset = d.value !== undefined ? d.value : d.default;
        if (given === undefined) {
            if (preset === undefined) {
                if (fullKey.startsWith(`${project}:`)) missing.push(key);
                continue;
            }
            // 3.202+: a default is validated like a stack value, so a secret key's default is refused.
            if (d.secret === true) return { error: mustBeEncrypted(stackName, key), config };
            config[fullKey] = { value: preset, secure: false };
            continue;
        }
        if (d.type === undefined) continue;
        if (d.secret === true && !given.secure)
            return { error: mustBeEncrypted(stackName, key), config };
        // An encrypted scalar's contents are not known here; the CLI would check their text.
        const known = !(given.secure && !isMap(given.value) && !Array.isArray(given.value));
        if (known && !matchesType(d.type, d.items, given.value, true))
            return {
                error: `Stack '${stackName}' with configuration key '${key}' must be of type '${d.type}'`,
                config,
            };
    }
    if (missing.length > 0) {
        const list =
            missing.length === 1
                ? `'${missing[0]}'`
                : `${missing
                      .slice(0, -1)
                      .map((k) => `'${k}'`)
                      .join(", ")} and '${missing[missing.length - 1]}'`;
        return {
            error: `Stack '${stackName}' is missing configuration value${missing.length === 1 ? "" : "s"} ${list}`,
            config,
        };
    }
    return { config };
}

function mustBeEncrypted(stackName: string, key: string): string {
    return `Stack '${stackName}' with configuration key '${key}' must be encrypted as it's secret`;
}
