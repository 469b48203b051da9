// Pulumi.yaml declares the config for the CLI; the schema checks it in the program. They must agree,
// and every stack file in the repo must pass both the CLI's checks and the program's.
import { expect } from "chai";
import { readFileSync, writeFileSync, copyFileSync } from "node:fs";
import path from "node:path";
import * as prettier from "prettier";
import { parse } from "yaml";
import { settingsSchema } from "../config/schema";
import { applyProjectConfig, projectFileErrors, type StackValue } from "../cli/project-file";
import { listStacks, loadStackFiles } from "../cli/stack-files";
import { planStack } from "../values/plan";
import { minimalSettings } from "./fixtures";
import { FIXTURE_STACKS_DIR, PROJECT_DIR, tempDir } from "./harness";

interface Declaration {
    type?: string;
    description?: string;
    default?: unknown;
    value?: unknown;
    secret?: boolean;
}

const project = parse(readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as {
    name: string;
    runtime: { name: string };
    config: Record<string, Declaration>;
};
const ownKeys = Object.keys(project.config).filter((key) => !key.includes(":"));
const plain = (value: unknown): StackValue => ({ value, secure: false });
const secure = (value: unknown): StackValue => ({ value, secure: true });
const minimalStack = {
    "alloy-monitoring:clusterName": plain("prod-eu-1"),
    "alloy-monitoring:loki": plain({ url: "https://loki.example.com/loki/api/v1/push" }),
    "alloy-monitoring:mimir": plain({ url: "https://mimir.example.com/api/v1/push" }),
    "kubernetes:context": plain("prod-eu-1"),
};

describe("Pulumi.yaml", () => {
    it("is the alloy-monitoring nodejs project, and the CLI accepts its declarations", () => {
        expect(project.name).to.equal("alloy-monitoring");
        expect(project.runtime.name).to.equal("nodejs");
        expect(projectFileErrors(project.name, project.config)).to.deep.equal([]);
    });

    it("declares exactly the keys the program reads, each with a type and a description", () => {
        expect(ownKeys).to.have.members(Object.keys(settingsSchema.shape));
        for (const key of ownKeys) {
            const declaration = project.config[key];
            expect(declaration.type, key).to.be.oneOf(["string", "object", "boolean", "integer"]);
            expect(declaration.description, key).to.be.a("string").and.not.equal("");
        }
    });

    it("turns off the default Kubernetes provider, so nothing can deploy to the active kubeconfig", () => {
        const foreign = Object.keys(project.config).filter((key) => key.includes(":"));
        expect(foreign).to.deep.equal(["pulumi:disable-default-providers"]);
        expect(project.config["pulumi:disable-default-providers"]).to.deep.equal({
            value: ["kubernetes"],
        });
    });

    it("has a default for every key except the three a stack must set", () => {
        const required = ownKeys.filter((key) => project.config[key].default === undefined);
        expect(required).to.have.members(["clusterName", "loki", "mimir"]);
    });

    it("lets the CLI accept a stack without lokiPassword, and with an encrypted one", () => {
        for (const stack of [
            minimalStack,
            { ...minimalStack, "alloy-monitoring:lokiPassword": secure("[secret]") },
        ])
            expect(applyProjectConfig(project.name, project.config, "prod", stack).error).to.equal(
                undefined,
            );
        // Not declared secret (pulumi/pulumi#21865): the program refuses a plaintext one instead.
        expect(project.config.lokiPassword).not.to.have.property("secret");
        expect(project.config.lokiNextPassword).not.to.have.property("secret");
    });

    it("has defaults that mean the same as leaving the keys out", () => {
        const { defaults } = loadStackFiles(FIXTURE_STACKS_DIR, "dev");
        const {
            lokiPassword,
            lokiNextPassword,
            ambientKubeconfig,
            rolloutWave,
            ...settingsDefaults
        } = defaults;
        // The passwords' "" reads as "not supplied" (config/decode.ts).
        expect(lokiPassword).to.equal("");
        expect(lokiNextPassword).to.equal("");
        expect(ambientKubeconfig).to.equal(false);
        // Read by the rollout only: any wave the program accepts.
        expect(settingsSchema.shape.rolloutWave.safeParse(rolloutWave).success).to.equal(true);
        const withDefaults = settingsSchema.parse({ ...settingsDefaults, ...minimalSettings() });
        const without = settingsSchema.parse(minimalSettings());
        // A section left out reads as undefined, whether absent or `{}` (tempo, pyroscope).
        const defined = (o: object) =>
            Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
        expect(defined(withDefaults)).to.deep.equal(defined(without));
    });
});

describe("the CLI's config rules (as the offline tools and these tests apply them)", () => {
    const declarations = {
        name: { type: "string" },
        token: { type: "string", secret: true },
        settings: { type: "object", default: {} },
    };
    const run = (decl: Record<string, unknown>, stack: Record<string, StackValue>) =>
        applyProjectConfig("p", decl, "prod", stack).error;

    it("reports every required key a stack leaves out, in one error", () => {
        expect(run(declarations, {})).to.equal(
            "Stack 'prod' is missing configuration values 'name' and 'token'",
        );
    });

    it("refuses a secret key stored in plaintext", () => {
        expect(run(declarations, { "p:name": plain("a"), "p:token": plain("t") })).to.equal(
            "Stack 'prod' with configuration key 'token' must be encrypted as it's secret",
        );
        expect(run(declarations, { "p:name": plain("a"), "p:token": secure("t") })).to.equal(
            undefined,
        );
    });

    it("refuses every stack that leaves out a secret key with a default (pulumi/pulumi#21865)", () => {
        const withDefault = {
            ...declarations,
            token: { type: "string", secret: true, default: "" },
        };
        expect(run(withDefault, { "p:name": plain("a") })).to.equal(
            "Stack 'prod' with configuration key 'token' must be encrypted as it's secret",
        );
    });

    it("refuses values of another type, and declarations the CLI rejects", () => {
        expect(
            run(declarations, {
                "p:name": plain("a"),
                "p:token": secure("t"),
                "p:settings": plain("x"),
            }),
        ).to.equal("Stack 'prod' with configuration key 'settings' must be of type 'object'");
        expect(
            projectFileErrors("p", {
                a: { type: "string", default: 1 },
                b: { default: 1, value: 2 },
                "kubernetes:context": { default: "x" },
                c: { type: "array" },
            }),
        ).to.have.length(4);
    });
});

describe("every stack file in the repo", () => {
    const stacks = listStacks(PROJECT_DIR);

    it("has stack files to check", () => {
        expect(stacks).not.to.deep.equal([]);
    });

    for (const stack of stacks)
        it(`Pulumi.${stack}.yaml passes the CLI's checks and the program's, with a cluster binding`, () => {
            const files = loadStackFiles(PROJECT_DIR, stack);
            expect(files.cliError).to.equal(undefined);
            const { problems, stack: planned } = planStack(files.raw);
            expect(problems).to.deep.equal([]);
            expect(planned?.binding.source).to.be.oneOf(["context", "kubeconfig"]);
        });

    it("would fail these tests when broken: the same checks refuse a broken stack file", () => {
        const dir = tempDir("stacks-");
        copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        writeFileSync(
            path.join(dir, "Pulumi.broken.yaml"),
            "config:\n  alloy-monitoring:clusterName: Broken_Name\n  kubernetes:context: x\n",
        );
        const files = loadStackFiles(dir, "broken");
        expect(files.cliError).to.equal(
            "Stack 'broken' is missing configuration values 'loki' and 'mimir'",
        );
        writeFileSync(
            path.join(dir, "Pulumi.broken.yaml"),
            "config:\n  alloy-monitoring:clusterName: Broken_Name\n  alloy-monitoring:loki:\n    url: https://l/loki/api/v1/push\n  alloy-monitoring:mimir:\n    url: https://m/api/v1/push\n",
        );
        const keys = planStack(loadStackFiles(dir, "broken").raw).problems.map((p) => p.key);
        expect(keys).to.have.members(["clusterName", "kubernetes:context"]);
    });

    it("accepts a stack file as the CLI writes it (two-space indent, its key order), lint included", async () => {
        const dir = tempDir("stacks-");
        copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const written = [
            "config:",
            "  alloy-monitoring:blackbox:",
            "    targets:",
            "      - name: grafana",
            "        url: https://grafana.example.com/api/health",
            "  alloy-monitoring:clusterName: prod-eu-1",
            "  alloy-monitoring:loki:",
            "    url: https://loki.example.com/loki/api/v1/push",
            "  alloy-monitoring:lokiPassword:",
            "    secure: v1:c2FsdA==:ZW5jcnlwdGVk",
            "  alloy-monitoring:mimir:",
            "    url: https://mimir.example.com/api/v1/push",
            "  kubernetes:context: prod-eu-1",
            "",
        ].join("\n");
        writeFileSync(path.join(dir, "Pulumi.prod-eu-1.yaml"), written);
        const files = loadStackFiles(dir, "prod-eu-1");
        expect(files.cliError).to.equal(undefined);
        expect(planStack(files.raw).problems).to.deep.equal([]);
        // `npm run lint` runs Prettier over the repo: CLI-written stack files are left to the CLI.
        const info = await prettier.getFileInfo(path.join(PROJECT_DIR, "Pulumi.prod-eu-1.yaml"), {
            ignorePath: path.join(PROJECT_DIR, ".prettierignore"),
        });
        expect(info.ignored).to.equal(true);
        const projectInfo = await prettier.getFileInfo(path.join(PROJECT_DIR, "Pulumi.yaml"), {
            ignorePath: path.join(PROJECT_DIR, ".prettierignore"),
        });
        expect(projectInfo.ignored).to.equal(false);
    });
});
