// How the Pulumi CLI's Node.js host loads the program: read with the SDK's own helper, so that a
// change to tsconfig.json that turns type checking back on in every preview fails here.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { PROJECT_DIR } from "./harness";

// The function @pulumi/pulumi's cmd/run uses to decide `transpileOnly` (it does not follow `extends`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tsutils = require("@pulumi/pulumi/tsutils") as {
    loadTypeScriptCompilerOptions(tsConfigPath: string): Record<string, unknown>;
};

function parsed(file: string) {
    const { config } = ts.readConfigFile(path.join(PROJECT_DIR, file), (file) =>
        ts.sys.readFile(file),
    ) as {
        config: unknown;
    };
    return ts.parseJsonConfigFileContent(
        config,
        ts.sys,
        PROJECT_DIR,
        undefined,
        path.join(PROJECT_DIR, file),
    );
}

describe("TypeScript config: previews transpile, lint type-checks", () => {
    it("has the Pulumi host transpile only, with ts-node's swc", () => {
        expect(
            tsutils.loadTypeScriptCompilerOptions(path.join(PROJECT_DIR, "tsconfig.json")).noCheck,
        ).to.equal(true);
        const raw = ts.readConfigFile(path.join(PROJECT_DIR, "tsconfig.json"), (file) =>
            ts.sys.readFile(file),
        ).config as {
            "ts-node"?: { swc?: boolean };
        };
        expect(raw["ts-node"]?.swc).to.equal(true);
        // swc must be installable from the lockfile, or ts-node would fail to load the program.
        expect(() => require.resolve("@swc/core")).not.to.throw();
    });

    it("type-checks every file strictly in npm run lint", () => {
        const scripts = (
            JSON.parse(readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as {
                scripts: Record<string, string>;
            }
        ).scripts;
        expect(scripts["lint:types"]).to.equal("tsc --noEmit -p tsconfig.check.json");
        expect(scripts.lint).to.contain("npm run lint:types");
        const check = parsed("tsconfig.check.json");
        expect(check.errors).to.deep.equal([]);
        expect(check.options.noCheck).to.equal(false);
        expect(check.options.strict).to.equal(true);
        // The same files as the program's own config: nothing escapes the check.
        expect(check.fileNames.sort()).to.deep.equal(parsed("tsconfig.json").fileNames.sort());
        expect(check.fileNames.map((f) => path.relative(PROJECT_DIR, f))).to.include.members([
            "index.ts",
            "components/alloy-monitoring.ts",
            "config/schema.ts",
            "values/plan.ts",
            "tests/harness.ts",
            "scripts/bench.ts",
        ]);
    });
});
