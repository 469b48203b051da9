// Writes the faces of the config contract from config/schema.ts: Pulumi.yaml's `config:` section,
// the README's config table and the AlloyMonitoring component's Args (its package schema's source). `--check` writes nothing and exits 1 when either is out of date.
//   npm run docs:config [-- --check]
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import * as prettier from "prettier";
import { componentArgsSource, withConfigTable, withProjectConfig } from "../config/docs";

const ROOT = path.join(__dirname, "..");
export const ARGS_FILE = "components/alloy-monitoring-args.ts";

/** Each generated file: its path, and its text as it should be (formatted as `npm run lint` wants). */
export async function generatedFiles(root = ROOT): Promise<{ file: string; text: string }[]> {
    const faces = [
        { file: "Pulumi.yaml", generate: withProjectConfig },
        { file: "README.md", generate: withConfigTable },
        { file: ARGS_FILE, generate: componentArgsSource },
    ];
    const options = (await prettier.resolveConfig(path.join(root, "README.md"))) ?? {};
    return Promise.all(
        faces.map(async ({ file, generate }) => {
            const full = path.join(root, file);
            const current = file === ARGS_FILE ? "" : readFileSync(full, "utf8");
            const text = await prettier.format(generate(current), {
                ...options,
                filepath: full,
            });
            return { file, text };
        }),
    );
}

/** The generated files that differ from what is on disk. */
export async function staleFiles(root = ROOT): Promise<string[]> {
    const onDisk = (file: string) => {
        try {
            return readFileSync(path.join(root, file), "utf8");
        } catch {
            return undefined;
        }
    };
    return (await generatedFiles(root))
        .filter(({ file, text }) => onDisk(file) !== text)
        .map(({ file }) => file);
}

if (require.main === module)
    void (async () => {
        const { values } = parseArgs({ options: { check: { type: "boolean" } } });
        if (values.check) {
            const stale = await staleFiles();
            if (stale.length > 0) {
                process.stderr.write(
                    `error: ${stale.join(" and ")} ${stale.length > 1 ? "are" : "is"} out of date with config/schema.ts: run npm run docs:config\n`,
                );
                process.exitCode = 1;
            }
            return;
        }
        for (const { file, text } of await generatedFiles())
            writeFileSync(path.join(ROOT, file), text);
    })();
