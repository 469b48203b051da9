// The Pulumi package's schema (schema.json): what `pulumi package get-schema` prints and every
// language's SDK is generated from. It must be current with the component's types, name the stack
// config's keys, describe every property, and mark as secret exactly what the program keeps secret.
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { evaluateProgram } from "../cli/evaluate";
import {
    SECRET_ARG_KEYS,
    type SettingsInput,
    settingsSchema,
    STACK_ONLY_KEYS,
} from "../config/schema";
import { planDeployment } from "../values/plan";
import { type PackageSchema, SCHEMA_FILE, schemaText } from "../scripts/package-schema";
import { PROJECT_DIR, resolvedExports, runProgram, stackConfig, tempDir } from "./harness";
import { exampleArgs, readmeSnippet } from "./snippets";

const schema = JSON.parse(
    readFileSync(path.join(PROJECT_DIR, SCHEMA_FILE), "utf8"),
) as PackageSchema;
const component = schema.resources["alloy-monitoring:index:AlloyMonitoring"];

describe("package: the schema", function () {
    this.timeout(60_000);

    it("is current with the component's types (npm run schema)", () => {
        expect(readFileSync(path.join(PROJECT_DIR, SCHEMA_FILE), "utf8")).to.equal(schemaText());
    });

    it("takes the stack config's keys, same names, but the stack's own", () => {
        const project = parse(readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as {
            config: Record<string, unknown>;
        };
        const stackOnly = [...STACK_ONLY_KEYS.keys()];
        expect(stackOnly).to.deep.equal(["rolloutWave", "ambientKubeconfig"]);
        const configKeys = Object.keys(project.config).filter(
            (key) => !key.includes(":") && !stackOnly.includes(key),
        );
        expect(Object.keys(component.inputProperties)).to.deep.equal(configKeys);
        expect(configKeys).to.deep.equal(
            Object.keys(settingsSchema.shape).filter((key) => !stackOnly.includes(key)),
        );
        // Nested the same way: a section's fields are its type's properties.
        const loki = schema.types["alloy-monitoring:index:LokiSettings"].properties!;
        expect(Object.keys(loki)).to.deep.equal(
            Object.keys((settingsSchema.shape.loki as unknown as { shape: object }).shape),
        );
        expect(component.requiredInputs).to.deep.equal(["clusterName", "loki", "mimir"]);
    });

    it("describes every property of the component and its types", () => {
        const undescribed: string[] = [];
        const check = (where: string, properties: Record<string, { description?: string }>) => {
            for (const [name, property] of Object.entries(properties))
                if (!property.description?.trim()) undescribed.push(`${where}.${name}`);
        };
        check("inputs", component.inputProperties);
        check("outputs", component.properties);
        for (const [name, type] of Object.entries(schema.types)) check(name, type.properties ?? {});
        expect(undescribed).to.deep.equal([]);
        expect(component.description).to.match(/^A cluster's telemetry pipeline/);
        // The KeyDoc's words and default, as the README table has them.
        expect(component.inputProperties.namespace.description).to.equal(
            "Namespace for everything, created with privileged Pod Security labels. Default: `monitoring`.",
        );
    });

    it("marks secret the passwords in, and exactly the outputs the program keeps secret", async () => {
        const secret = (properties: Record<string, { secret?: boolean }>) =>
            Object.keys(properties).filter((key) => properties[key].secret === true);
        expect(secret(component.inputProperties)).to.deep.equal(SECRET_ARG_KEYS);
        expect(SECRET_ARG_KEYS).to.deep.equal(["lokiPassword", "lokiNextPassword"]);
        // The dev stack generates its password: every output is there, secret or not.
        const exported = await resolvedExports(await runProgram(stackConfig("dev")));
        expect(Object.keys(exported).sort()).to.deep.equal(
            Object.keys(component.properties).sort(),
        );
        const keptSecret = Object.keys(exported).filter((key) => exported[key].secret);
        expect(secret(component.properties).sort()).to.deep.equal(keptSecret.sort());
    });
});

describe("package: the README's snippets", function () {
    this.timeout(60_000);

    it("show the YAML example's resources as they are", () => {
        const example = parse(
            readFileSync(path.join(PROJECT_DIR, "examples", "yaml", "Pulumi.yaml"), "utf8"),
        ) as { resources: unknown };
        expect(parse(readmeSnippet("yaml"))).to.deep.equal({ resources: example.resources });
    });

    it("TypeScript: adds AlloyMonitoring with the example's args, every object on the caller's provider", async () => {
        const dir = tempDir("readme-ts-");
        const sdk = (pkg: string) => JSON.stringify(path.join(PROJECT_DIR, "node_modules", pkg));
        const snippet = readmeSnippet("typescript")
            .replace(
                'from "alloy-monitoring"',
                `from ${JSON.stringify(path.join(PROJECT_DIR, "library"))}`,
            )
            .replace('from "@pulumi/kubernetes"', `from ${sdk("@pulumi/kubernetes")}`);
        writeFileSync(path.join(dir, "snippet.ts"), snippet);
        writeFileSync(
            path.join(dir, "index.ts"),
            [
                `import * as k8s from ${sdk("@pulumi/kubernetes")};`,
                'import { addMonitoring } from "./snippet";',
                'addMonitoring(new k8s.Provider("cluster", { context: "dev-cluster" }));',
            ].join("\n"),
        );
        const run = await evaluateProgram(
            { values: {}, secretKeys: new Set() },
            { dir, project: "mine", stack: "dev" },
        );
        expect(run.error).to.equal(undefined);
        const chart = run.registrations.find(
            (r) =>
                r.type === "kubernetes:helm.sh/v4:Chart" && r.name === "monitoring-k8s-monitoring",
        )!;
        const planned = planDeployment(exampleArgs() as unknown as SettingsInput);
        expect(chart.inputs.values).to.deep.equal(planned.values);
        const provider = run.registrations.find((r) => r.type === "pulumi:providers:kubernetes")!;
        expect(chart.providers.kubernetes).to.equal(`${provider.urn}::cluster-id`);
    });
});
