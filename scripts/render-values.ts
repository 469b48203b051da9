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

function main(): number {
    let parsed;
    try {
        parsed = parseArgs({
            allowPositionals: true,
            options: { operator: { type: "boolean" }, out: { type: "string" } },
        });
    } catch (error) {
        console.error(`${(error as Error).message}\n${USAGE}`);
        return 2;
    }
    const [stack, ...extra] = parsed.positionals;
    if (stack === undefined || extra.length > 0) {
        console.error(USAGE);
        return 2;
    }
    let files;
    try {
        files = loadStackFiles(path.join(__dirname, ".."), stack);
    } catch (error) {
        if (!(error instanceof StackFileError)) throw error;
        console.error(`error: ${error.message}`);
        return 2;
    }
    // The CLI checks the stack against Pulumi.yaml before the program runs, and stops there.
    if (files.cliError !== undefined) {
        console.error(`error: validating stack config: ${files.cliError}`);
        return 1;
    }
    const { stack: planned, problems } = planStack(files.raw);
    if (!planned) {
        console.error(`error: ${formatProblems(problems)}`);
        return 1;
    }
    const { plan } = planned;
    const text = stringify(parsed.values.operator ? plan.alloyOperatorValues : plan.values);
    if (parsed.values.out !== undefined) writeFileSync(parsed.values.out, text);
    else process.stdout.write(text);
    return 0;
}

process.exitCode = main();
