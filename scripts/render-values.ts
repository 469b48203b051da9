// Prints the chart values a stack renders, offline: no Pulumi CLI, no cluster. It applies exactly
// the checks `pulumi preview` applies (the CLI's checks of Pulumi.yaml, then the program's).
//   npm run -s render -- dev                    k8s-monitoring values (YAML) on stdout
//   npm run -s render -- dev --operator         alloy-operator values
//   npm run -s render -- dev --out values.yaml  write them to a file
// (-s keeps npm's banner out of redirected output.) Exit 1 with the problems when the stack's
// config is not valid, 2 for a usage mistake or a stack file that cannot be read.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { formatProblems } from "../config/problems";
import { loadStackFiles, StackFileError } from "../config/stack-files";
import { planStack } from "../values/plan";

const USAGE = "usage: npm run -s render -- <stack> [--operator] [--out FILE]";

/** What a run prints and its exit code; `dir` is the project folder. */
export interface RenderResult {
    code: number;
    stdout: string;
    stderr: string;
}

export function render(args: string[], dir = path.join(__dirname, "..")): RenderResult {
    const out: RenderResult = { code: 0, stdout: "", stderr: "" };
    const fail = (code: number, message: string) => ({ ...out, code, stderr: `${message}\n` });
    let parsed;
    try {
        parsed = parseArgs({
            args,
            allowPositionals: true,
            options: { operator: { type: "boolean" }, out: { type: "string" } },
        });
    } catch (error) {
        return fail(2, `${(error as Error).message}\n${USAGE}`);
    }
    const [stack, ...extra] = parsed.positionals;
    if (stack === undefined || extra.length > 0) return fail(2, USAGE);
    let files;
    try {
        files = loadStackFiles(dir, stack);
    } catch (error) {
        if (!(error instanceof StackFileError)) throw error;
        return fail(2, `error: ${error.message}`);
    }
    // The CLI checks the stack against Pulumi.yaml before the program runs, and stops there.
    if (files.cliError !== undefined)
        return fail(1, `error: validating stack config: ${files.cliError}`);
    const { stack: planned, problems } = planStack(files.raw);
    if (!planned) return fail(1, `error: ${formatProblems(problems)}`);
    const { plan } = planned;
    const text = stringify(parsed.values.operator ? plan.alloyOperatorValues : plan.values);
    if (parsed.values.out === undefined) return { ...out, stdout: text };
    writeFileSync(parsed.values.out, text);
    return out;
}

if (require.main === module) {
    const result = render(process.argv.slice(2));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
}
