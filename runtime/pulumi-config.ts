// The one place that reads the stack config from the Pulumi runtime. Checking it is pure
// (values/plan.ts `planStack`), so that the offline tools apply exactly the same checks.
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ClusterBinding } from "../config/cluster-binding";
import type { RawConfig } from "../config/decode";
import { PROJECT } from "../config/problems";

// Not in the SDK's typings, but exported by it: whether a config key holds a secret.
const runtime = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };

export function rawStackConfig(): RawConfig {
    const values = pulumi.runtime.allConfig();
    const secretKeys = new Set(Object.keys(values).filter((key) => runtime.isConfigSecret(key)));
    return { values, secretKeys };
}

/** The supplied Loki password, as a secret Output. */
export function lokiPassword(): pulumi.Output<string> {
    return new pulumi.Config(PROJECT).requireSecret("lokiPassword");
}

/** The next Loki password a rotation stages, as a secret Output. */
export function lokiNextPassword(): pulumi.Output<string> {
    return new pulumi.Config(PROJECT).requireSecret("lokiNextPassword");
}

/** The stack's kubeconfig (contents or path), kept secret when it was stored as one. */
export function stackKubeconfig(binding: ClusterBinding): pulumi.Input<string> | undefined {
    if (binding.source !== "kubeconfig") return undefined;
    const config = new pulumi.Config("kubernetes");
    return binding.secret ? config.requireSecret("kubeconfig") : config.require("kubeconfig");
}

/** Reads the project's files (chart archives, their lock) relative to `dir`; undefined if absent. */
export function projectFileReader(dir: string): (file: string) => Uint8Array | undefined {
    return (file) => {
        try {
            return readFileSync(path.resolve(dir, file));
        } catch {
            return undefined;
        }
    };
}
