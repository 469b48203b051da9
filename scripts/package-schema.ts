// The package's schema (schema.json), which `pulumi package get-schema` prints and every language's
// SDK is generated from: inferred from the component's TypeScript types by the SDK's own analyzer
// (the one `componentProviderHost` runs), from library.ts; then what the analyzer cannot say is
// added: which inputs and outputs are secret (the config schema's secretInput keys, SECRET_ARG_KEYS; the component's
// SECRET_OUTPUTS).
//   npm run schema [-- --check]
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { SECRET_ARG_KEYS } from "../config/schema";
import { SECRET_OUTPUTS } from "../components";

const ROOT = path.join(__dirname, "..");
export const SCHEMA_FILE = "schema.json";
export const COMPONENT = "AlloyMonitoring";

// The SDK's analyzer and schema writer (provider/experimental), not in its public index.
/* eslint-disable @typescript-eslint/no-require-imports */
const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer") as {
    Analyzer: new (
        dir: string,
        name: string,
        packageJSON: Record<string, unknown>,
        components: Set<string>,
    ) => { analyze(): { components: object; typeDefinitions: object; dependencies: object[] } };
};
const { generateSchema } = require("@pulumi/pulumi/provider/experimental/schema") as {
    generateSchema: (...args: unknown[]) => PackageSchema;
};
/* eslint-enable @typescript-eslint/no-require-imports */

interface PropertySpec {
    description?: string;
    secret?: boolean;
    [key: string]: unknown;
}
interface ResourceSpec {
    description?: string;
    inputProperties: Record<string, PropertySpec>;
    properties: Record<string, PropertySpec>;
    [key: string]: unknown;
}
export interface PackageSchema {
    name: string;
    version: string;
    resources: Record<string, ResourceSpec>;
    types: Record<string, { properties?: Record<string, PropertySpec>; [key: string]: unknown }>;
    [key: string]: unknown;
}

/** The schema as the package serves it. */
export function packageSchema(root = ROOT): PackageSchema {
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Record<
        string,
        unknown
    > & { name: string; version: string; description?: string };
    // The analyzer reads the package's entry from package.json: the library's source, not the
    // built provider that `main` names for the CLI.
    const analyzer = new Analyzer(
        root,
        manifest.name,
        { ...manifest, exports: undefined, main: "library.ts" },
        new Set([COMPONENT]),
    );
    const { components, typeDefinitions, dependencies } = analyzer.analyze();
    const schema = generateSchema(
        manifest.name,
        manifest.version,
        manifest.description,
        components,
        typeDefinitions,
        dependencies,
        undefined,
    );
    const resource = schema.resources[`${manifest.name}:index:${COMPONENT}`];
    for (const key of SECRET_ARG_KEYS) resource.inputProperties[key].secret = true;
    for (const key of SECRET_OUTPUTS) resource.properties[key].secret = true;
    return JSON.parse(JSON.stringify(schema), (key, value: unknown) => {
        // JSDoc's wrapped lines, joined: a description is a paragraph in every SDK's docs.
        if (key === "description" && typeof value === "string")
            return value.trim().replace(/(?<!\n)\n(?!\n)/g, " ");
        // The analyzer's own marks that are no part of a Pulumi schema (the `required` lists say
        // it), and empty lists: what `pulumi package get-schema` prints without.
        if (key === "optional" || (Array.isArray(value) && value.length === 0)) return undefined;
        return value;
    }) as PackageSchema;
}

/** schema.json's text as it should be. */
export function schemaText(root = ROOT): string {
    return `${JSON.stringify(packageSchema(root), null, 4)}\n`;
}

if (require.main === module) {
    const { values } = parseArgs({ options: { check: { type: "boolean" } } });
    const file = path.join(ROOT, SCHEMA_FILE);
    const text = schemaText();
    if (values.check) {
        if (readFileSync(file, "utf8") !== text) {
            process.stderr.write(
                `error: ${SCHEMA_FILE} is out of date with the component's types: run npm run schema\n`,
            );
            process.exitCode = 1;
        }
    } else writeFileSync(file, text);
}
