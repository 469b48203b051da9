// Which stacks a pull request previews with `pulumi preview`: those whose plan the change alters
// (from `plan --diff-base … --format json`), or every stack when asked. Prints a GitHub Actions
// output line, `stacks=["dev","prod"]`:
//   ts-node cli/preview-matrix.ts <plan-diff.json> [--all]
import { readFileSync } from "node:fs";
import path from "node:path";
import { listStacks } from "./stack-files";
import type { DiffSummary } from "./diff";

export function previewMatrix(
    diffs: readonly DiffSummary[],
    all: boolean,
    stacks: readonly string[],
): string[] {
    // A removed stack has nothing to preview; `pulumi stack rm` is a deliberate, separate step.
    if (all) return [...stacks].sort();
    return diffs
        .filter((d) => d.changed && !d.removed)
        .map((d) => d.stack)
        .sort();
}

if (require.main === module) {
    const [file, flag] = process.argv.slice(2);
    if (!file) {
        process.stderr.write("usage: ts-node cli/preview-matrix.ts <plan-diff.json> [--all]\n");
        process.exit(2);
    }
    const diffs = JSON.parse(readFileSync(file, "utf8")) as DiffSummary[];
    const stacks = previewMatrix(diffs, flag === "--all", listStacks(path.join(__dirname, "..")));
    process.stdout.write(`stacks=${JSON.stringify(stacks)}\n`);
}
