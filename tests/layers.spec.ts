// The architecture's layers hold: each kind of wrong import, planted in a file of a layer, fails the
// lint with the layer rules eslint.config.mjs applies (eslint.layers.mjs), and a right one passes.
import { expect } from "chai";
import { ESLint } from "eslint";
import path from "node:path";
import { PROJECT_DIR } from "./harness";

const eslint = new ESLint({
    cwd: PROJECT_DIR,
    overrideConfigFile: path.join(PROJECT_DIR, "eslint.layers.mjs"),
});

/** The rules a planted file breaks, as `rule: message`. */
async function lint(file: string, text: string): Promise<string[]> {
    const [result] = await eslint.lintText(text, { filePath: path.join(PROJECT_DIR, file) });
    return result.messages.map((m) => `${m.ruleId ?? "parse"}: ${m.message}`);
}

const PLANTED: { file: string; text: string; broken: RegExp }[] = [
    {
        // The hole the rule had: a folder's index, not a file in it.
        file: "runtime/planted.ts",
        text: 'export { AlloyMonitoring } from "../components";\n',
        broken: /boundaries\/dependencies: imports components\/, which this layer may not/,
    },
    {
        file: "runtime/planted.ts",
        text: 'import "../components/charts";\n',
        broken: /boundaries\/dependencies: imports components\/, which this layer may not/,
    },
    {
        // A detour through an allowed folder lands where it lands.
        file: "values/planted.ts",
        text: 'import "../values/../components/charts";\n',
        broken: /boundaries\/dependencies: imports components\/, which this layer may not/,
    },
    {
        file: "config/planted.ts",
        text: 'import "../values/plan";\n',
        broken: /boundaries\/dependencies: imports values\/, which this layer may not/,
    },
    {
        // The policy pack is its own package: nothing of the program.
        file: "policy/planted.ts",
        text: 'import "../config/schema";\n',
        broken: /boundaries\/dependencies: imports config\/, which this layer may not/,
    },
    {
        file: "cli/planted.ts",
        text: 'import "../components";\n',
        broken: /boundaries\/dependencies: imports components\/, which this layer may not/,
    },
    {
        file: "scripts/planted.ts",
        text: 'import "../tests/harness";\n',
        broken: /boundaries\/dependencies: imports tests\/, which this layer may not/,
    },
    {
        // The program (index.ts) sits on components/ and runtime/, not on the offline tools.
        file: "index.ts",
        text: 'import "./cli/plan";\n',
        broken: /boundaries\/dependencies: imports cli\/, which this layer may not/,
    },
    {
        file: "values/planted.ts",
        text: 'import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n',
        broken: /no-restricted-imports: .*pure/,
    },
    {
        file: "config/planted.ts",
        text: 'import * as pulumi from "@pulumi/pulumi";\nexport const p = pulumi;\n',
        broken: /no-restricted-imports: .*pure/,
    },
    {
        // A new folder has no layer until eslint.layers.mjs gives it one.
        file: "newfolder/planted.ts",
        text: "export const x = 1;\n",
        broken: /boundaries\/no-unknown-files/,
    },
];

describe("layers: lint refuses every import against the arrow", function () {
    this.timeout(60_000);

    for (const { file, text, broken } of PLANTED)
        it(`${file}: ${text.split("\n")[0]}`, async () => {
            const messages = await lint(file, text);
            expect(messages.join("\n")).to.match(broken);
        });

    it("passes imports along the arrow, and the repository's own files", async () => {
        expect(await lint("components/planted.ts", 'import "../values/plan";\n')).to.deep.equal([]);
        expect(await lint("cli/planted.ts", 'import "../values/plan";\n')).to.deep.equal([]);
        expect(await lint("tests/planted.ts", 'import "../components";\n')).to.deep.equal([]);
        const results = await eslint.lintFiles(["index.ts", "components", "values", "config"]);
        const messages = results.flatMap((r) =>
            r.messages.map((m) => `${path.relative(PROJECT_DIR, r.filePath)}: ${m.message}`),
        );
        expect(messages).to.deep.equal([]);
    });
});
