// Pulumi hands a program its config as strings (objects as JSON). This turns that map into
// settings, and checks what only the raw config can tell: secretness, and keys set without --path.
import { type ConfigProblem, PROJECT } from "./problems";
import { settingsSchema } from "./schema";

/** The program's config as the Pulumi runtime holds it: `alloy-monitoring:<key>` → string. */
export interface RawConfig {
    values: Readonly<Record<string, string>>;
    /** Keys (with the project prefix) whose values are secret. */
    secretKeys: ReadonlySet<string>;
}

export interface DecodedConfig {
    /** Settings input, still to be validated (unknown keys are kept so that they are reported). */
    input: Record<string, unknown>;
    /** Whether a Loki password was supplied; the value itself never leaves the raw config. */
    lokiPasswordSupplied: boolean;
    problems: ConfigProblem[];
}

const LOKI_PASSWORD = "lokiPassword";
const STRING_KEYS = new Set(["clusterName", "namespace", LOKI_PASSWORD]);

export function decodeConfig(raw: RawConfig): DecodedConfig {
    const input: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    const prefix = `${PROJECT}:`;
    const sections = Object.keys(settingsSchema.shape);
    let lokiPasswordSupplied = false;

    for (const [fullKey, text] of Object.entries(raw.values)) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        if (key === LOKI_PASSWORD) {
            // The CLI's default for an unset password is "": treat it as not supplied.
            lokiPasswordSupplied = text !== "";
            if (lokiPasswordSupplied && !raw.secretKeys.has(fullKey))
                problems.push({
                    key,
                    message:
                        "is stored in plaintext in the stack file; it must be an encrypted secret (its value is not shown here)",
                    fix: "pulumi config set --secret lokiPassword <password> (or pulumi config rm lokiPassword to generate one)",
                });
            continue;
        }
        if (raw.secretKeys.has(fullKey))
            problems.push({
                key,
                message:
                    "is encrypted, but only lokiPassword may be: this key's contents go into chart values, which Pulumi stores in plaintext",
                fix: `pulumi config rm ${key}, then set it again without --secret (keep secrets in Kubernetes Secrets)`,
            });
        const head = key.split(".")[0];
        if (key.includes(".") && sections.includes(head)) {
            problems.push({
                key,
                message: `is one flat key named "${key}": nested keys need --path`,
                fix: `pulumi config rm '${key}'; pulumi config set --path ${key} <value>`,
            });
            continue;
        }
        input[key] = STRING_KEYS.has(key) ? text : parseStructured(text);
    }
    return { input, lokiPasswordSupplied, problems };
}

/** Objects and lists arrive as JSON; anything else stays a string for the schema to judge. */
function parseStructured(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}
