// Pulumi.yaml declares the config for the CLI; the schema checks it in the program. They must agree.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { decodeConfig } from "../config/decode";
import { settingsSchema } from "../config/schema";
import { loadStackFiles } from "../config/stack-files";
import { tryPlanDeployment } from "../values/plan";
import { minimalSettings } from "./fixtures";
import { PROJECT_DIR } from "./harness";

interface Declaration {
    type?: string;
    description?: string;
    default?: unknown;
    secret?: boolean;
}

const project = parse(readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as {
    name: string;
    runtime: { name: string };
    config: Record<string, Declaration>;
};

describe("Pulumi.yaml", () => {
    it("is the alloy-monitoring nodejs project", () => {
        expect(project.name).to.equal("alloy-monitoring");
        expect(project.runtime.name).to.equal("nodejs");
    });

    it("declares exactly the keys the program reads, each with a type and a description", () => {
        expect(Object.keys(project.config)).to.have.members(Object.keys(settingsSchema.shape));
        for (const [key, declaration] of Object.entries(project.config)) {
            expect(declaration.type, key).to.be.oneOf(["string", "object"]);
            expect(declaration.description, key).to.be.a("string").and.not.equal("");
        }
    });

    it("has a default for every key except the three a stack must set", () => {
        const required = Object.entries(project.config)
            .filter(([, d]) => d.default === undefined)
            .map(([key]) => key);
        expect(required).to.have.members(["clusterName", "loki", "mimir"]);
    });

    it("declares the Loki password secret, so the CLI refuses a plaintext one too", () => {
        expect(project.config.lokiPassword).to.include({
            type: "string",
            secret: true,
            default: "",
        });
    });

    it("has defaults that mean the same as leaving the keys out", () => {
        const { defaults } = loadStackFiles(PROJECT_DIR, "dev");
        const { lokiPassword, ...settingsDefaults } = defaults;
        expect(lokiPassword).to.equal("");
        const withDefaults = settingsSchema.parse({ ...settingsDefaults, ...minimalSettings() });
        const without = settingsSchema.parse(minimalSettings());
        expect(withDefaults).to.deep.equal(without);
    });
});

describe("Pulumi.dev.yaml", () => {
    it("is a valid stack with no secret in it", () => {
        const text = readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
        expect(text).not.to.contain("secure:");
        const decoded = decodeConfig(loadStackFiles(PROJECT_DIR, "dev").raw);
        expect(decoded.problems).to.deep.equal([]);
        expect(decoded.lokiPasswordSupplied).to.equal(false);
        expect(tryPlanDeployment(decoded.input).problems).to.deep.equal([]);
    });
});
