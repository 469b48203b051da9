// The one place that reads the stack config from the Pulumi runtime.
import * as pulumi from "@pulumi/pulumi";
import { tryPlanDeployment } from "../values/plan";
import { decodeConfig, type RawConfig } from "./decode";
import { ConfigError, PROJECT } from "./problems";
import type { SettingsInput } from "./schema";

// Not in the SDK's typings, but exported by it: whether a config key holds a secret.
const runtime = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };

export function rawStackConfig(): RawConfig {
    const values = pulumi.runtime.allConfig();
    const secretKeys = new Set(Object.keys(values).filter((key) => runtime.isConfigSecret(key)));
    return { values, secretKeys };
}

export interface StackConfig {
    settings: SettingsInput;
    /** The supplied Loki password as a secret, or undefined to have one generated. */
    lokiPassword?: pulumi.Output<string>;
}

/**
 * Reads and checks the stack config. Throws a RunError listing every problem, so that `pulumi
 * preview` shows them all at once and registers nothing.
 */
export function readStackConfig(): StackConfig {
    const { input, lokiPasswordSupplied, problems } = decodeConfig(rawStackConfig());
    if (problems.length > 0) {
        // Report the rest of the config's problems along with these.
        problems.push(...tryPlanDeployment(input).problems);
        throw new pulumi.RunError(new ConfigError(problems).message);
    }
    const config = new pulumi.Config(PROJECT);
    return {
        settings: input as SettingsInput,
        ...(lokiPasswordSupplied ? { lokiPassword: config.requireSecret("lokiPassword") } : {}),
    };
}
