// The offline render says what `pulumi preview` says: the same checks, the same report.
import { expect } from "chai";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { loadStackFiles } from "../config/stack-files";
import { planStack } from "../values/plan";
import { render } from "../scripts/render-values";
import { PROJECT_DIR, runProgram } from "./harness";

function projectWith(stacks: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), "render-"));
    copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const [stack, text] of Object.entries(stacks))
        writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
    return dir;
}

const VALID = [
    "config:",
    "  kubernetes:context: prod",
    "  alloy-monitoring:clusterName: prod",
    "  alloy-monitoring:mimir:",
    "    url: https://mimir.example.com/api/v1/push",
].join("\n");

describe("offline render", () => {
    it("prints clean YAML, the values the program plans", () => {
        const { code, stdout, stderr } = render(["dev"]);
        expect(code).to.equal(0);
        expect(stderr).to.equal("");
        const { stack } = planStack(loadStackFiles(PROJECT_DIR, "dev").raw);
        expect(parse(stdout)).to.deep.equal(stack!.plan.values);
    });

    it("writes the values to --out instead of standard output", () => {
        const file = path.join(mkdtempSync(path.join(tmpdir(), "out-")), "values.yaml");
        const { code, stdout } = render(["dev", "--operator", "--out", file]);
        expect(code).to.equal(0);
        expect(stdout).to.equal("");
        expect(parse(readFileSync(file, "utf8"))).to.deep.equal({ crds: { deployAlloyCRD: true } });
    });

    it("fails with one line for a stack that has no stack file", () => {
        const { code, stderr } = render(["nope"]);
        expect(code).to.equal(2);
        expect(stderr.trim().split("\n")).to.have.length(1);
        expect(stderr)
            .to.contain('stack "nope": no Pulumi.nope.yaml')
            .and.contain("stacks here: dev");
    });

    it("stops where the CLI stops, in its words", () => {
        const dir = projectWith({ prod: VALID });
        const { code, stderr } = render(["prod"], dir);
        expect(code).to.equal(1);
        expect(stderr).to.equal(
            "error: validating stack config: Stack 'prod' is missing configuration value 'loki'\n",
        );
    });

    it("refuses a nested secure: value exactly as pulumi preview does, without quoting it", async () => {
        const dir = projectWith({
            prod: `${VALID}\n  alloy-monitoring:loki:\n    url: https://loki.example.com/loki/api/v1/push\n    tenantId:\n      secure: v1:abc:ZW5jcnlwdGVk\n`,
        });
        const offline = render(["prod"], dir);
        expect(offline.code).to.equal(1);
        expect(offline.stderr).to.contain(
            "alloy-monitoring:loki: is encrypted (or holds an encrypted value)",
        );
        expect(offline.stderr).not.to.contain("[secret]");
        // What the program reports for the same config (the CLI marks the whole key secret).
        const files = loadStackFiles(dir, "prod");
        expect([...files.raw.secretKeys]).to.deep.equal(["alloy-monitoring:loki"]);
        const run = await runProgram(files.raw);
        expect(`error: ${run.error!.message}\n`).to.equal(offline.stderr);
    });
});
