// The Pulumi package's provider: the repository is a plugin package (PulumiPlugin.yaml, runtime
// nodejs), and this serves `alloy-monitoring:index:AlloyMonitoring` to programs in any language that
// add it (`pulumi package add`): the same component, core and children as the standalone program.
// It is the SDK's component provider (provider/experimental) but for two things that one cannot do:
// its schema (schema.json, generated from the component's TypeScript types by the SDK's own
// analyzer; scripts/package-schema.ts) marks the passwords and the htpasswd secret, and args that
// arrive as Outputs are resolved to the plain values the component plans from, or reported.
// package.json's `main` is this file's build (dist/provider.js), so the CLI's Node.js host starts it
// without compiling TypeScript (README, "Use it from your own program").
import * as pulumi from "@pulumi/pulumi";
import * as provider from "@pulumi/pulumi/provider";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
    ALLOY_MONITORING_TYPE,
    AlloyMonitoring,
    type AlloyMonitoringArgs,
    PACKAGE_ROOT,
} from "./components";
import { resolveArgs } from "./runtime/component-inputs";

class AlloyMonitoringProvider implements provider.Provider {
    readonly version: string;
    private readonly schemaText: string;

    constructor() {
        const manifest = JSON.parse(
            readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8"),
        ) as {
            version: string;
        };
        this.version = manifest.version;
        this.schemaText = readFileSync(path.join(PACKAGE_ROOT, "schema.json"), "utf8");
    }

    getSchema(): Promise<string> {
        return Promise.resolve(this.schemaText);
    }

    async construct(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<provider.ConstructResult> {
        if (type !== ALLOY_MONITORING_TYPE) throw new Error(`unknown resource type ${type}`);
        const { args, dependsOn } = await resolveArgs(inputs);
        // The server hands the caller's dependsOn as a list of resources.
        const earlier = (options.dependsOn ?? []) as pulumi.Resource[];
        const component = new AlloyMonitoring(name, args as unknown as AlloyMonitoringArgs, {
            ...options,
            dependsOn: [...earlier, ...dependsOn],
        });
        return { urn: component.urn, state: component.outputs() };
    }
}

void provider.main(new AlloyMonitoringProvider(), process.argv.slice(2));
