// Pulumi hands a program its config as strings (objects as JSON). This turns that map into
// settings, and checks what only the raw config can tell: secretness, and keys set without --path.
// Secretness is decided first: a value stored encrypted is never validated, so never quoted.
import { LIMITS, RESERVED_KEYS, treeProblems } from "./objects";
import { type ConfigProblem, PROJECT } from "./problems";
import { editStackFile, removeKey, setKey } from "./fixes";
import { settingsSchema } from "./schema";

/** The program's config as the Pulumi runtime holds it: `<namespace>:<key>` → string. */
export interface RawConfig {
    values: Readonly<Record<string, string>>;
    /** Keys (with their namespace) whose values are secret. */
    secretKeys: ReadonlySet<string>;
}

export interface DecodedConfig {
    /** Settings input, still to be validated (unknown keys are kept so that they are reported). */
    input: Record<string, unknown>;
    /** Whether a Loki password was supplied; the value itself never leaves the raw config. */
    lokiPasswordSupplied: boolean;
    /** Whether a next Loki password is staged for a rotation (lokiNextPassword). */
    lokiNextPasswordSupplied: boolean;
    /**
     * Keys stored encrypted that must not be: their values are left out of `input`, and any problem
     * the schema finds under them is not reported (it could only quote the secret).
     */
    withheld: string[];
    problems: ConfigProblem[];
}

const LOKI_PASSWORD = "lokiPassword";
const LOKI_NEXT_PASSWORD = "lokiNextPassword";
/** Keys whose values are passwords: only their presence is read, never their text. */
const PASSWORD_KEYS: readonly string[] = [LOKI_PASSWORD, LOKI_NEXT_PASSWORD];
const STRING_KEYS = new Set(["clusterName", "namespace"]);

/** What one raw key becomes: a value for the schema, a refusal, or nothing (the password). */
type KeyOutcome =
    | { kind: "value"; value: unknown }
    /** Refused; `withhold` keeps its value away from the schema (it is secret or too big to read). */
    | { kind: "refused"; problems: ConfigProblem[]; withhold: boolean }
    | { kind: "password"; supplied: boolean; problems: ConfigProblem[] };

export function decodeConfig(raw: RawConfig): DecodedConfig {
    const decoded: DecodedConfig = {
        input: {},
        lokiPasswordSupplied: false,
        lokiNextPasswordSupplied: false,
        withheld: [],
        problems: [],
    };
    const prefix = `${PROJECT}:`;
    for (const [fullKey, text] of Object.entries(raw.values)) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        const outcome = decodeKey(key, text, raw.secretKeys.has(fullKey));
        switch (outcome.kind) {
            case "value":
                decoded.input[key] = outcome.value;
                break;
            case "password":
                if (key === LOKI_PASSWORD) decoded.lokiPasswordSupplied = outcome.supplied;
                else decoded.lokiNextPasswordSupplied = outcome.supplied;
                decoded.problems.push(...outcome.problems);
                break;
            case "refused":
                if (outcome.withhold) decoded.withheld.push(key);
                decoded.problems.push(...outcome.problems);
        }
    }
    return decoded;
}

const SECTIONS: readonly string[] = Object.keys(settingsSchema.shape);

/** One key of this project's namespace, its value as the CLI hands it over. */
function decodeKey(key: string, text: string, secret: boolean): KeyOutcome {
    const refused = (problem: ConfigProblem, withhold = false): KeyOutcome => ({
        kind: "refused",
        problems: [problem],
        withhold,
    });
    if (PASSWORD_KEYS.includes(key)) return passwordOutcome(key, text, secret);
    if (key === "" || RESERVED_KEYS.has(key))
        return refused({
            code: "reserved-key",
            key: key === "" ? '[""]' : key,
            message:
                key === ""
                    ? "is a key with an empty name (a line `alloy-monitoring:` in the stack file)"
                    : `is named ${key}, which JavaScript reserves: not a key of this program`,
            fix: [editStackFile(`remove the line ${PROJECT}:${key}:`)],
        });
    if (text.length > LIMITS.bytes)
        return refused(
            {
                code: "value-too-large",
                key,
                message: `is ${Math.round(text.length / 1024)} KiB long; a value of this program is at most ${LIMITS.bytes / 1024} KiB (its value is not shown here)`,
                fix: [removeKey(key)],
            },
            true,
        );
    if (key.includes(".") && SECTIONS.includes(key.split(".")[0]))
        return refused({
            code: "flat-nested-key",
            key,
            message: `is one flat key named "${key}": nested keys need --path`,
            fix: [
                removeKey(key, { flat: true }),
                setKey(key, secret ? undefined : "<value>", { secret }),
            ],
        });
    if (secret) {
        // An unknown key is still reported as unknown, without its value.
        if (!SECTIONS.includes(key)) return { kind: "value", value: null };
        return refused(
            {
                code: "secret-not-allowed",
                key,
                message:
                    "is encrypted (or holds an encrypted value), but only lokiPassword and lokiNextPassword may be: this key's contents go into chart values, which Pulumi stores in plaintext (its value is not shown here)",
                fix: [removeKey(key), setKey(key, "<value>")],
            },
            true,
        );
    }
    const value = STRING_KEYS.has(key) ? text : parseStructured(text);
    // Reported here; the rest of the program never walks a tree it could not handle.
    const shape = treeProblems(value, [key]);
    if (shape.length > 0) return { kind: "refused", problems: shape, withhold: true };
    return { kind: "value", value };
}

/** A Loki password is never read here, only whether it was given and stored as a secret. */
function passwordOutcome(key: string, text: string, secret: boolean): KeyOutcome {
    // The project default for an unset password is "": treat it as not supplied.
    const supplied = text !== "";
    const problems: ConfigProblem[] =
        supplied && !secret
            ? [
                  {
                      code: "password-not-secret",
                      key,
                      message: `is stored in plaintext in the stack file; it must be an encrypted secret (its value is not shown here): set it again as a secret (the CLI prompts for it)${key === LOKI_PASSWORD ? ", or remove it to have one generated" : ""}`,
                      fix: [removeKey(key), setKey(key, undefined, { secret: true })],
                  },
              ]
            : [];
    return { kind: "password", supplied, problems };
}

/** Whether a problem's key lies under one of `keys` (the key itself, a field or an item of it). */
export function isUnder(key: string, keys: readonly string[]): boolean {
    return keys.some((k) => key === k || key.startsWith(`${k}.`) || key.startsWith(`${k}[`));
}

/** Objects and lists arrive as JSON; anything else stays a string for the schema to judge. */
function parseStructured(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}

/**
 * An arg that the caller's engine could not hand over as a plain value (a component's args through
 * the package): not known yet at preview (an output of a resource still to be created), or a
 * secret where only the passwords may be. The component reports it at its key, with the rest.
 */
export class UnresolvedArg {
    constructor(readonly reason: "unknown" | "secret") {}
}
