// Fixes as data: what to set, remove or edit, rendered as shell commands in one place (`renderFix`).
// Rules say what the fix is; how a command is quoted, when it needs --path and how a secret is
// entered are decided here only.

/** One step of a fix, in the order a user takes them. */
export type FixStep =
    | {
          kind: "set";
          key: string;
          /** The user's own value corrected, or a `<placeholder>`; absent for a secret (the CLI prompts). */
          value?: string;
          /** Store the value encrypted (`--secret`). */
          secret?: boolean;
          /** Read the value from this file on standard input (`cat <file> | …`), for PEM and kubeconfigs. */
          fromFile?: string;
      }
    | {
          kind: "rm";
          key: string;
          /** The key is one flat name with dots in it, not a path: no `--path`. */
          flat?: boolean;
      }
    /** A change to the stack file that no `pulumi config` command makes (renaming a map's key). */
    | { kind: "edit"; change: string }
    /** Another tool's command (fetching a chart archive). */
    | { kind: "run"; command: string };

/** How to fix one problem: one step where one suffices, never alternatives (they go in the message). */
export type Fix = readonly FixStep[];

/** `pulumi config set`; a secret is never on the command line (shell history, process lists). */
export function setKey(
    key: string,
    value?: string,
    options: { secret?: boolean; fromFile?: string } = {},
): FixStep {
    return {
        kind: "set",
        key,
        ...(value !== undefined && !options.secret ? { value } : {}),
        ...(options.secret ? { secret: true } : {}),
        ...(options.fromFile !== undefined ? { fromFile: options.fromFile } : {}),
    };
}

export function removeKey(key: string, options: { flat?: boolean } = {}): FixStep {
    return { kind: "rm", key, ...(options.flat ? { flat: true } : {}) };
}

export function editStackFile(change: string): FixStep {
    return { kind: "edit", change };
}

export function runCommand(command: string): FixStep {
    return { kind: "run", command };
}

/** A word for a POSIX shell: as it is when nothing in it is special, else in single quotes. */
export function shellQuote(word: string): string {
    if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
    return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Placeholders (`<password>`) stay as they are: a pasted placeholder fails instead of setting a value. */
function argument(value: string): string {
    return /^<[^<>]*>$/.test(value) ? value : shellQuote(value);
}

/**
 * Key names for which `pulumi config set` refuses a value that looks random enough unless told
 * `--secret` or `--plaintext` (pulumi/pulumi pkg/cmd/pulumi/config/config.go, `keyPattern`, as of
 * v3.274.1): `loki.secretName loki-basic-auth` was refused on the engine.
 */
export const CLI_SECRET_LOOKING_KEY = /passwd|pass|password|pwd|secret|token/i;

/** `pulumi config <verb>` for a key, with `--path` where the key is nested. */
function configCommand(verb: "set" | "rm", key: string, secret: boolean, flat: boolean): string {
    const name = key.replace(/^[A-Za-z0-9_-]+:/, "");
    const nested = !flat && /[.[]/.test(name);
    // A value that is no secret, at a key the CLI suspects, is stored as plaintext deliberately.
    const plaintext = verb === "set" && !secret && CLI_SECRET_LOOKING_KEY.test(name);
    const flags = [
        secret ? "--secret" : "",
        plaintext ? "--plaintext" : "",
        nested ? "--path" : "",
    ].filter(Boolean);
    return ["pulumi config", verb, ...flags, shellQuote(key)].join(" ");
}

function renderStep(step: FixStep): string {
    switch (step.kind) {
        case "set": {
            const command = configCommand("set", step.key, step.secret === true, false);
            if (step.fromFile !== undefined) return `cat ${argument(step.fromFile)} | ${command}`;
            // A secret is typed at the CLI's prompt, whatever the step carries.
            if (step.secret || step.value === undefined) return command;
            return `${command} ${argument(step.value)}`;
        }
        case "rm":
            return configCommand("rm", step.key, false, step.flat === true);
        case "edit":
            return `in the stack file, ${step.change}`;
        case "run":
            return step.command;
    }
}

/** The fix as a user pastes it: its steps' commands, in order, joined as one shell line. */
export function renderFix(fix: Fix): string {
    return fix.map(renderStep).join("; ");
}

/**
 * The same fix for a program that passes the settings as a component's args (YAML, Python, Go,
 * TypeScript): what to set or remove at which key, in the args' own names; no CLI command.
 */
export function renderArgsFix(fix: Fix): string {
    return fix
        .map((step) => {
            switch (step.kind) {
                case "set":
                    if (step.secret)
                        return `set ${step.key} to a secret (a secret config value, pulumi.secret(…), fn::secret in YAML)`;
                    if (step.fromFile !== undefined)
                        return `set ${step.key} to the contents of ${step.fromFile}`;
                    if (step.value === undefined) return `set ${step.key}`;
                    // A placeholder is shown as it is, a value JSON-quoted as the args spell it.
                    return `set ${step.key} to ${/^<[^<>]*>$/.test(step.value) ? step.value : JSON.stringify(step.value)}`;
                case "rm":
                    return `remove ${step.key}`;
                case "edit":
                    return step.change;
                case "run":
                    return step.command;
            }
        })
        .join("; then ");
}
