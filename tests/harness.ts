// Runs the whole program (index.ts) under Pulumi's mocks (cli/evaluate.ts) with a test's config.
import * as pulumi from "@pulumi/pulumi";
import path from "node:path";
import { evaluateProgram, type Evaluation } from "../cli/evaluate";
import type { RawConfig } from "../config/decode";
import { loadStackFiles } from "../config/stack-files";

export const PROJECT_DIR = path.join(__dirname, "..");
export { GENERATED_PASSWORD, type Registration } from "../cli/evaluate";
export type ProgramRun = Evaluation;

/** Stack config for a stack file plus the project defaults, as the CLI would pass it. */
export function stackConfig(stack: string, secrets: Record<string, string> = {}): RawConfig {
    return loadStackFiles(PROJECT_DIR, stack, secrets).raw;
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
