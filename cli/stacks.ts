// One stack, planned offline the way `pulumi preview` would: the CLI's checks of Pulumi.yaml, then
// the program itself under the mock monitor. The plan, diff, fleet and export commands build on this.
import { type ConfigProblem, formatProblems } from "../config/problems";
import { projectFileReader } from "../runtime/pulumi-config";
import { type EnvironmentConfig, loadStackFiles, type StackFiles } from "./stack-files";
import { planStack, type StackPlan } from "../values/plan";
import { evaluateProgram, type Evaluation, inTurn } from "./evaluate";
import { planDocument, type PlanDocument, plannedCluster } from "./plan-document";
import { renderCheck } from "./render-check";

export interface StackResult {
    stack: string;
    /** Absent when the stack file cannot be read (then `error` says why). */
    files?: StackFiles;
    /** The report `pulumi preview` prints when the stack cannot be deployed (CLI's or program's). */
    error?: string;
    problems: ConfigProblem[];
    plan?: StackPlan;
    evaluation?: Evaluation;
    document?: PlanDocument;
    /** Why the charts were not rendered offline, when they were not. */
    renderSkipped?: string;
}

/**
 * Plans `stack` of the project in `dir` (its Pulumi.yaml, stack file and index.ts), with the
 * resolved values of the ESC environments it imports, by name, where given.
 */
export function planStackFile(
    dir: string,
    stack: string,
    environments: Readonly<Record<string, EnvironmentConfig>> = {},
    options: PlanOptions = {},
): Promise<StackResult> {
    return inTurn(() => planOne(dir, stack, environments, options));
}

/** How far the offline plan goes. */
export interface PlanOptions {
    /**
     * Render both charts with the real `helm template` as the last judge (cli/render-check.ts).
     * Default: true.
     */
    render?: boolean;
}

async function planOne(
    dir: string,
    stack: string,
    environments: Readonly<Record<string, EnvironmentConfig>>,
    options: PlanOptions,
): Promise<StackResult> {
    const files = loadStackFiles(dir, stack, {}, environments);
    if (files.cliError !== undefined)
        return { stack, files, problems: [], error: `validating stack config: ${files.cliError}` };
    const { stack: plan, problems } = planStack(files.raw, projectFileReader(dir));
    const evaluation = await evaluateProgram(files.raw, { dir, project: files.project, stack });
    if (evaluation.error || !plan)
        return {
            stack,
            files,
            problems,
            evaluation,
            error: evaluation.error?.message ?? formatProblems(problems),
        };
    const rendered =
        options.render === false
            ? undefined
            : await renderCheck(dir, files.raw, plan, projectFileReader(dir));
    if (rendered && rendered.problems.length > 0)
        return {
            stack,
            files,
            problems: rendered.problems,
            evaluation,
            error: formatProblems(rendered.problems),
        };
    return {
        stack,
        files,
        problems,
        evaluation,
        plan,
        ...(rendered?.skipped !== undefined ? { renderSkipped: rendered.skipped } : {}),
        document: await planDocument(stack, plannedCluster(plan.binding, files), evaluation),
    };
}
