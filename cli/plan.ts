// Review a stack's change offline: what it deploys, what differs, the whole fleet, and an export.
//   npm run -s plan -- <stack> [--format yaml|json] [--only cluster|values|operator-values|resources|outputs] [--out FILE]
//   npm run -s plan -- --diff <stackA> <stackB> [--format text|markdown]
//   npm run -s plan -- --diff-base <git-ref> [stack...] [--format text|markdown|json]
//   npm run -s plan -- --all
//   npm run -s plan -- <stack> --export DIR
// Exit 0 when done, 1 when a stack's config is refused (reported as `pulumi preview` reports it),
// 2 for a usage mistake or a stack file that cannot be read. Never prints a secret.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import {
    type EnvironmentConfig,
    listStacks,
    parseEnvironmentValues,
    projectName,
    StackFileError,
} from "./stack-files";
import { diffPlans, type DiffFormat, type PlanDiff, renderDiffs } from "./diff";
import { exportStack } from "./export";
import { WAVE_KEY, waveIn } from "./rollout";
import { checkoutBase } from "./git-base";
import { planStackFile as planWith, type StackResult } from "./stacks";

export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

const USAGE = [
    "usage: npm run -s plan -- <stack> [--format yaml|json] [--only cluster|values|operator-values|resources|outputs] [--out FILE]",
    "       npm run -s plan -- <stack> --export DIR",
    "       npm run -s plan -- --diff <stackA> <stackB> [--format text|markdown]",
    "       npm run -s plan -- --diff-base <git-ref> [stack...] [--format text|markdown|json]",
    "       npm run -s plan -- --all",
].join("\n");

const HELP = `${USAGE}

Plans stacks offline, with the checks \`pulumi preview\` applies (the charts rendered by the real
\`helm template\` last), and never prints a secret.

  <stack>               what the stack deploys: its cluster, the charts' values, the resources in
                        create order and the outputs (YAML, or JSON with --format json)
  --only SECTION        one section: cluster, values, operator-values, resources or outputs
  --out FILE            write to FILE instead of stdout
  --export DIR          the values files and a helm command per chart, for review without Pulumi
  --diff A B            what differs between two stacks
  --diff-base REF [S…]  what this working tree changes against a git revision, per stack (text,
                        markdown for a pull request comment, json for the preview matrix)
  --all                 every stack: a fleet table; exit 1 when any stack cannot be deployed
  --no-render           skip the last check: rendering both charts with the real helm template
                        (the Helm the provider embeds: $HELM, helm v3.18 on PATH, or built once)
  --esc-env NAME=FILE   the resolved values of the ESC environment NAME that stacks import, as
                        esc env open NAME --format json (or detailed) prints them; repeatable.
                        Secrets in it are never shown: plan drops their plaintext on reading
  -h, --help            this text

Exit 0 when done, 1 when a stack cannot be deployed, 2 for a usage mistake.
`;

class UsageError extends Error {}

function sectionOf(result: StackResult, only: string | undefined): unknown {
    const doc = result.document!;
    switch (only) {
        case undefined:
            return doc;
        case "cluster":
            return doc.cluster;
        case "values":
            return doc.charts["k8s-monitoring"].values;
        case "operator-values":
            return doc.charts["alloy-operator"].values;
        case "resources":
            return doc.resources;
        case "outputs":
            return doc.outputs;
        default:
            throw new UsageError(
                `--only takes cluster, values, operator-values, resources or outputs, not ${only}`,
            );
    }
}

/** The `| stack | wave | cluster | … |` summary of the fleet, in deploy order. */
function fleetTable(results: readonly StackResult[]): string {
    // Each wave from the stack's config as planned (its ESC environment's included).
    const waveOf = (r: StackResult) => waveIn(r.files?.raw.values[WAVE_KEY]);
    const order = (r: StackResult) => waveOf(r) ?? Infinity;
    const rows = [...results]
        .sort((a, b) => order(a) - order(b) || (a.stack < b.stack ? -1 : 1))
        .map((r) => {
            const binding = r.plan?.binding;
            const cluster = r.plan
                ? `${r.plan.plan.spec.clusterName} (${binding!.source}${binding!.context ? ` ${binding!.context}` : ""})`
                : "";
            const chart = r.plan
                ? `k8s-monitoring ${r.plan.plan.charts.k8sMonitoring.version}`
                : "";
            const collectors = r.plan ? r.plan.plan.collectors.join(", ") : "";
            const problems = r.error ? String(Math.max(r.problems.length, 1)) : "0";
            return `| ${r.stack} | ${waveOf(r) ?? "?"} | ${cluster} | ${collectors} | ${chart} | ${problems} |`;
        });
    return [
        "| stack | wave | cluster | collectors | chart | problems |",
        "| --- | ---: | --- | --- | --- | ---: |",
        ...rows,
    ].join("\n");
}

/** `--esc-env NAME=FILE`, each file read as `esc env open` prints an environment. */
function readEnvironments(
    options: readonly string[],
    dir: string,
): Record<string, EnvironmentConfig> {
    const environments: Record<string, EnvironmentConfig> = {};
    if (options.length === 0) return environments;
    const project = projectName(dir);
    for (const option of options) {
        const eq = option.indexOf("=");
        if (eq <= 0 || eq === option.length - 1)
            throw new UsageError(`--esc-env takes NAME=FILE, not ${JSON.stringify(option)}`);
        const [name, file] = [option.slice(0, eq), option.slice(eq + 1)];
        let text: string;
        try {
            text = readFileSync(file, "utf8");
        } catch {
            throw new StackFileError(`--esc-env ${name}: cannot read ${file}`);
        }
        environments[name] = parseEnvironmentValues(text, project, `--esc-env ${name}=${file}`);
    }
    return environments;
}

/** A stack's plan, or why it has none: its config refused, or its stack file unreadable. */
async function planOrFailure(
    planStack: Mode["planStack"],
    dir: string,
    stack: string,
): Promise<StackResult> {
    try {
        return await planStack(dir, stack);
    } catch (error) {
        // One unreadable stack file is that stack's failure, not the whole run's.
        if (!(error instanceof StackFileError)) throw error;
        return { stack, problems: [], error: error.message };
    }
}

const OPTIONS = {
    format: { type: "string" },
    only: { type: "string" },
    out: { type: "string" },
    diff: { type: "boolean" },
    "diff-base": { type: "string" },
    all: { type: "boolean" },
    export: { type: "string" },
    help: { type: "boolean", short: "h" },
    "esc-env": { type: "string", multiple: true },
    "no-render": { type: "boolean" },
} as const;

/** What every mode is given: the options, the stacks named, and how to plan a stack. */
interface Mode {
    options: ReturnType<
        typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
    >["values"];
    positionals: string[];
    dir: string;
    planStack: (dir: string, stack: string) => Promise<StackResult>;
    progress: (line: string) => void;
}

const done = (result: Partial<CliResult>): CliResult => ({
    code: 0,
    stdout: "",
    stderr: "",
    ...result,
});

/** `--all`: every stack file, a table in deploy order; exit 1 when one cannot be deployed. */
async function planFleet({ dir, planStack, progress }: Mode): Promise<CliResult> {
    const stacks = listStacks(dir);
    const results: StackResult[] = [];
    for (const [i, stack] of stacks.entries()) {
        progress(`[${i + 1}/${stacks.length}] ${stack}`);
        results.push(await planOrFailure(planStack, dir, stack));
    }
    const failed = results.filter((r) => r.error);
    const details = failed.map((r) => `\n${r.stack}: error: ${r.error}`).join("\n");
    return done({
        code: failed.length > 0 ? 1 : 0,
        stdout: `${fleetTable(results)}\n`,
        stderr:
            failed.length > 0
                ? `${failed.length} of ${results.length} stacks cannot be deployed:${details}\n`
                : "",
    });
}

/** How diffs print: text (colour on a terminal), markdown, or JSON without the patches. */
function diffRenderer(format: string | undefined): (diffs: PlanDiff[]) => string {
    const chosen = (format ?? "text") as DiffFormat | "json";
    if (!["text", "markdown", "json"].includes(chosen))
        throw new UsageError("--format takes text, markdown or json with a diff");
    // JSON: one entry a stack, without the patch, for pipelines that act on what changed.
    return (diffs) =>
        chosen === "json"
            ? `${JSON.stringify(
                  diffs.map(({ patch, ...summary }) => (void patch, summary)),
                  null,
                  2,
              )}\n`
            : renderDiffs(diffs, chosen, chosen === "text" && process.stdout.isTTY);
}

/** `--diff A B`: what differs between two stacks. */
async function diffStacks({ options, positionals, dir, planStack }: Mode): Promise<CliResult> {
    const render = diffRenderer(options.format);
    if (positionals.length !== 2) throw new UsageError("--diff takes two stacks");
    const a = await planStack(dir, positionals[0]);
    const b = await planStack(dir, positionals[1]);
    const refused = [a, b].filter((r) => r.error);
    if (refused.length > 0)
        return done({
            code: 1,
            stderr: refused.map((r) => `${r.stack}: error: ${r.error}\n`).join(""),
        });
    const labels: [string, string] = [a.stack, b.stack];
    return done({
        stdout: render([
            diffPlans(`${a.stack} → ${b.stack}`, a.document, b.document, labels, b.stack),
        ]),
    });
}

/** `--diff-base REF`: what the working tree changes against a git revision, per stack. */
async function diffBase(mode: Mode): Promise<CliResult> {
    const { options, positionals, dir, planStack, progress } = mode;
    const render = diffRenderer(options.format);
    const ref = options["diff-base"]!;
    let base;
    try {
        base = checkoutBase(dir, ref);
    } catch (error) {
        return done({
            code: 2,
            stderr: `error: cannot read ${ref}: ${(error as Error).message}\n`,
        });
    }
    try {
        const stacks =
            positionals.length > 0
                ? positionals
                : [...new Set([...listStacks(dir), ...listStacks(base.dir)])].sort();
        const diffs: PlanDiff[] = [];
        const errors: string[] = [];
        for (const stack of stacks) {
            progress(`${stack}: ${ref} (${base.commit.slice(0, 12)}) → working tree`);
            const before = listStacks(base.dir).includes(stack)
                ? await planOrFailure(planStack, base.dir, stack)
                : undefined;
            const after = listStacks(dir).includes(stack)
                ? await planOrFailure(planStack, dir, stack)
                : undefined;
            if (after?.error !== undefined) errors.push(`${stack}: error: ${after.error}`);
            const title = `Stack \`${stack}\`${!before ? " (new)" : !after ? " (removed)" : ""}`;
            const labels: [string, string] = [`${stack} @ ${ref}`, `${stack} (working tree)`];
            diffs.push(
                diffPlans(
                    title,
                    before?.document,
                    after?.document,
                    labels,
                    stack,
                    { added: !before, removed: !after },
                    { before: before?.error, after: after?.error },
                ),
            );
        }
        const header =
            options.format === "markdown"
                ? `## alloy-monitoring: what this change deploys, compared with \`${ref}\`\n\n`
                : "";
        return done({
            code: errors.length > 0 ? 1 : 0,
            stdout: header + render(diffs),
            stderr: errors.map((e) => `${e}\n`).join(""),
        });
    } finally {
        base.remove();
    }
}

/** `<stack>`: its plan (or one section of it), to stdout or a file, or its export. */
async function planOne({ options, positionals, dir, planStack }: Mode): Promise<CliResult> {
    if (positionals.length !== 1) throw new UsageError("name one stack");
    const result = await planStack(dir, positionals[0]);
    if (result.error) return done({ code: 1, stderr: `error: ${result.error}\n` });
    if (options.export !== undefined) {
        const files = exportStack(result, options.export);
        return done({ stdout: `${files.map((f) => path.join(options.export!, f)).join("\n")}\n` });
    }
    const format = options.format ?? "yaml";
    if (!["yaml", "json"].includes(format)) throw new UsageError("--format takes yaml or json");
    const section = sectionOf(result, options.only);
    const text =
        format === "json"
            ? `${JSON.stringify(section, null, 2)}\n`
            : stringify(section, { lineWidth: 0 });
    if (options.out === undefined) return done({ stdout: text });
    writeFileSync(options.out, text);
    return done({});
}

/**
 * The tool: its exit code and both streams for `args`, in project `dir`. Progress (a line per stack
 * of a fleet or a diff) goes to `progress` as it happens: stderr, in the entry point below.
 */
export async function plan(
    args: string[],
    dir = path.join(__dirname, ".."),
    progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<CliResult> {
    let parsed;
    try {
        parsed = parseArgs({ args, allowPositionals: true, options: OPTIONS });
    } catch (error) {
        return done({ code: 2, stderr: `${(error as Error).message}\n${USAGE}\n` });
    }
    const { values: options, positionals } = parsed;
    if (options.help) return done({ stdout: HELP });
    try {
        const environments = readEnvironments(options["esc-env"] ?? [], dir);
        const mode: Mode = {
            options,
            positionals,
            dir,
            planStack: async (d, stack) => {
                const result = await planWith(d, stack, environments, {
                    render: options["no-render"] !== true,
                });
                if (result.renderSkipped !== undefined)
                    progress(`${stack}: ${result.renderSkipped}`);
                return result;
            },
            progress,
        };
        if (options.all) return await planFleet(mode);
        if (options.diff) return await diffStacks(mode);
        if (options["diff-base"] !== undefined) return await diffBase(mode);
        return await planOne(mode);
    } catch (error) {
        if (error instanceof UsageError)
            return done({ code: 2, stderr: `${error.message}\n${USAGE}\n` });
        if (error instanceof StackFileError)
            return done({ code: 2, stderr: `error: ${error.message}\n` });
        throw error;
    }
}

if (require.main === module)
    void plan(process.argv.slice(2)).then((result) => {
        process.stdout.write(result.stdout);
        process.stderr.write(result.stderr);
        process.exitCode = result.code;
    });
