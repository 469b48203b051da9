// The README is the user's path, and what it shows is what the tools do: its bad-config example
// prints exactly its report, its ESC example plans, and its commands use options that exist.
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { plan } from "../cli/plan";
import { copyProject, PROJECT_DIR, stackFileFor } from "./harness";

const README = readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");

/** The fenced block of `lang` whose text starts with `start`. */
function block(lang: string, start: string): string {
    const found = [...README.matchAll(/```(\w+)\n([\s\S]*?)```/g)].find(
        ([, l, body]) => l === lang && body.startsWith(start),
    );
    expect(found, `a ${lang} block starting ${JSON.stringify(start)}`).not.to.equal(undefined);
    return found![2];
}

describe("README", () => {
    it("puts the user's path first, within about 390 lines and the four snippets of the package, internals in docs/", () => {
        const headings = [...README.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        const order = [
            "What it deploys",
            "Requirements",
            "First deploy",
            "Adding a cluster",
            "Reviewing changes",
            "Stack config",
            "Running it in CI",
            "Policies",
            "Use it from your own program",
            "Upgrades",
            "Operations",
            "Known limits",
        ];
        expect(headings.filter((h) => order.includes(h))).to.deep.equal(order);
        // The standalone program's path and reference in about 390 lines; the package's YAML,
        // Python, Go and TypeScript snippets (about 110 lines) come after it, as the way in for
        // programs of their own.
        expect(README.split("\n").length).to.be.at.most(505);
        expect(README.indexOf("## Use it from your own program")).to.be.greaterThan(
            README.indexOf("## First deploy"),
        );
        // What a first deploy needs comes before the reference, and figures live in docs/.
        const reference = README.indexOf("## Stack config");
        expect(README.indexOf("Prometheus Operator CRDs")).to.be.lessThan(reference);
        expect(README.indexOf("pulumi up")).to.be.lessThan(reference);
        expect(README).not.to.match(/\bms\b|MiB|µs/);
        for (const doc of ["architecture", "testing", "performance", "operations"])
            expect(README).to.contain(`(docs/${doc}.md)`);
    });

    it("shows the report its bad-config example really gets", async () => {
        const stackFile = block("yaml", "config:\n    kubernetes:contxt");
        const report = block("text", "error: stack config has");
        const command = /npm run -s plan -- ([\w-]+)`:/.exec(
            README.slice(README.indexOf(stackFile)),
        );
        expect(command, "the plan command after the example").not.to.equal(null);
        const dir = copyProject({ [command![1]]: stackFile });
        const { code, stdout, stderr } = await plan([command![1]], dir);
        expect(code).to.equal(1);
        expect(stdout).to.equal("");
        expect(stderr).to.equal(report);
    });

    it("has a stack with traces and profiles that plans and renders", async () => {
        const stackFile = block("yaml", "config:\n    kubernetes:context: prod-eu-1");
        expect(stackFile).to.contain("alloy-monitoring:tempo:").and.contain("profiling: true");
        const dir = copyProject({ "prod-eu-1": stackFile });
        const planned = await plan(["prod-eu-1", "--only", "values"], dir, () => undefined);
        expect(planned.stderr).to.equal("");
        expect(planned.code).to.equal(0);
        const values = parse(planned.stdout) as Record<string, any>;
        expect(values.destinations.tempo).to.include({ type: "otlp", tenantIdFrom: '"prod-eu-1"' });
        expect(values.destinations.tempo.secret).to.deep.equal({
            create: false,
            name: "tempo-auth",
            namespace: "monitoring",
        });
        expect(Object.keys(values.collectors)).to.include.members([
            "alloy-receiver",
            "alloy-profiles",
        ]);
    });

    it("has an ESC example that the offline plan takes, with the command it shows", async () => {
        const environment = parse(block("yaml", "values:\n    pulumiConfig:")) as {
            values: unknown;
        };
        const [, name] = /`environment: \[([\w/-]+)\]`/.exec(README) ?? [];
        expect(name).to.be.a("string");
        expect(README).to.contain(`--esc-env ${name}=<(esc env open ${name} --format json)`);
        // A stack that leaves Mimir to the environment, as the example's does.
        const stack = stackFileFor("eu-1")
            .replace(/ {4}alloy-monitoring:mimir:\n.*\n/, "")
            .replace("config:\n", `environment:\n    - ${name}\nconfig:\n`);
        const dir = copyProject({ "eu-1": stack });
        // What `esc env open --format json` prints: the environment's values.
        const file = path.join(dir, "env.json");
        writeFileSync(file, JSON.stringify(environment.values));
        const planned = await plan(["--all", "--esc-env", `${name}=${file}`], dir, () => undefined);
        expect(planned.code, planned.stderr).to.equal(0);
        const missing = await plan(["--all"], dir, () => undefined);
        expect(missing.code).to.equal(1);
        expect(missing.stderr).to.contain(`--esc-env ${name}=`);
    });

    it("uses only options the plan tool has", async () => {
        const help = (await plan(["--help"], copyProject({}))).stdout;
        const used = new Set(
            [...README.matchAll(/npm run -s plan -- [^\n`]*/g)].flatMap((m) =>
                [...m[0].matchAll(/(?<=\s)--[a-z][\w-]*/g)].map((o) => o[0]),
            ),
        );
        expect(used.size).to.be.greaterThan(3);
        for (const option of used) expect(help, option).to.contain(option);
    });
});
