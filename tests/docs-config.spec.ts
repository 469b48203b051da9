// The config contract has one source, config/schema.ts: Pulumi.yaml's `config:` section and the
// README's config table are generated from it, and `npm run docs:config -- --check` (first in
// `npm test`) fails when either drifts.
import { expect } from "chai";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { configTableMarkdown } from "../config/docs";
import { FEATURE_TOGGLES, settingsSchema } from "../config/schema";
import { ARGS_FILE, staleFiles } from "../scripts/docs-config";
import { PROJECT_DIR, tempDir } from "./harness";

/** The generated files and the formatter's config, in a folder of their own. */
function facesCopy(): string {
    const dir = tempDir("docs-config-");
    for (const file of ["Pulumi.yaml", "README.md", ".prettierrc.json", ARGS_FILE])
        cpSync(path.join(PROJECT_DIR, file), path.join(dir, file));
    return dir;
}
const edit = (dir: string, file: string, from: string | RegExp, to: string) => {
    const text = readFileSync(path.join(dir, file), "utf8");
    const changed = text.replace(from, to);
    expect(changed, `${file}: ${String(from)}`).not.to.equal(text);
    writeFileSync(path.join(dir, file), changed);
};

describe("docs:config: the schema's faces", () => {
    it("are up to date in the repository", async () => {
        expect(await staleFiles(PROJECT_DIR)).to.deep.equal([]);
    });

    it("fail the check when a drift is planted in Pulumi.yaml or the README", async () => {
        const pulumiYaml = facesCopy();
        edit(
            pulumiYaml,
            "Pulumi.yaml",
            "            kubeProxy: false",
            "            kubeProxy: true",
        );
        expect(await staleFiles(pulumiYaml)).to.deep.equal(["Pulumi.yaml"]);

        const description = facesCopy();
        edit(description, "Pulumi.yaml", "Namespace for everything", "Namespace of everything");
        expect(await staleFiles(description)).to.deep.equal(["Pulumi.yaml"]);

        const readme = facesCopy();
        edit(readme, "README.md", /\| `loki-tenant-auth` +\|/, "| `loki-auth` |");
        expect(await staleFiles(readme)).to.deep.equal(["README.md"]);

        // The component's args, which the package schema is inferred from.
        const args = facesCopy();
        edit(args, ARGS_FILE, "    namespace?: string;", "    namespace: string;");
        expect(await staleFiles(args)).to.deep.equal([ARGS_FILE]);
    });

    it("declare every key of the schema, with the schema's defaults", () => {
        const project = parse(readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as {
            config: Record<string, { default?: unknown }>;
        };
        const keys = Object.keys(settingsSchema.shape);
        expect(Object.keys(project.config).filter((k) => !k.includes(":"))).to.deep.equal(keys);
        // An object's default is what its fields' defaults make of an empty one.
        expect(project.config.features.default).to.deep.equal(
            settingsSchema.shape.features.parse(undefined),
        );
        expect(Object.keys(project.config.features.default as object)).to.deep.equal(
            FEATURE_TOGGLES,
        );
    });

    it("list every key and field in the README table, a new toggle included", () => {
        const table = configTableMarkdown();
        for (const key of Object.keys(settingsSchema.shape))
            expect(table, key).to.match(new RegExp(`\\| \`${key}[.\`]`));
        for (const toggle of FEATURE_TOGGLES) expect(table).to.contain(`\`${toggle}\` (`);
    });
});
