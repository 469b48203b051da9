// The order main deploys the stacks in, from the stack files themselves: each stack's rolloutWave
// (Pulumi.yaml's default when it sets none). Stacks of the lowest wave go first, each wave once every
// stack of the one before has succeeded. The deploy workflow has one job per wave (wave1, wave2, …),
// and this prints what each runs, as GitHub Actions output lines:
//   ts-node cli/rollout.ts [--workflow FILE]     wave1=["dev"]  wave2=["staging"]  …
// Exit 1, before anything deploys, when a wave is not a number or there are more waves than jobs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { PROJECT } from "../config/problems";
import { listStacks, loadStackFiles, StackFileError } from "./stack-files";

export const WAVE_KEY = `${PROJECT}:rolloutWave`;
export const DEPLOY_WORKFLOW = path.join(".github", "workflows", "deploy.yml");

export interface Rollout {
    /** Stacks by wave, in deploy order (wave numbers compacted: waves 1, 3, 10 run as the first three). */
    waves: string[][];
    /** Each stack's wave number as its stack file (or the default) gives it. */
    waveOf: Record<string, number>;
    problems: string[];
}

/** The wave jobs a deploy workflow has: `wave1`, `wave2`, … in a row from 1. */
export function waveJobs(workflowText: string): number {
    const jobs = Object.keys((parse(workflowText) as { jobs?: object } | null)?.jobs ?? {});
    let count = 0;
    while (jobs.includes(`wave${count + 1}`)) count++;
    return count;
}

/** A stack's wave from its config value (`alloy-monitoring:rolloutWave`), when it is one. */
export function waveIn(text: string | undefined): number | undefined {
    return text !== undefined && /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;
}

/** The rollout of the project in `dir`: every stack file's wave, grouped and ordered. */
export function rollout(dir: string, slots = Infinity): Rollout {
    const waveOf: Record<string, number> = {};
    const problems: string[] = [];
    for (const stack of listStacks(dir)) {
        let text: string | undefined;
        try {
            text = loadStackFiles(dir, stack).raw.values[WAVE_KEY];
        } catch (error) {
            if (!(error instanceof StackFileError)) throw error;
            problems.push(error.message);
            continue;
        }
        const wave = waveIn(text);
        if (wave === undefined)
            problems.push(
                `stack ${stack}: ${WAVE_KEY} is ${JSON.stringify(text ?? null)}, not a wave number (1 or more): pulumi config set --stack ${stack} rolloutWave <wave-number>`,
            );
        else waveOf[stack] = wave;
    }
    const numbers = [...new Set(Object.values(waveOf))].sort((a, b) => a - b);
    const waves = numbers.map((n) =>
        Object.keys(waveOf)
            .filter((stack) => waveOf[stack] === n)
            .sort(),
    );
    if (numbers.length > slots)
        problems.push(
            `the stacks have ${numbers.length} waves (${numbers.join(", ")}), but ${DEPLOY_WORKFLOW} has jobs for ${slots}: give some stacks the same rolloutWave, or add a job wave${slots + 1} like the others`,
        );
    return { waves, waveOf, problems };
}

/** The tool: `wave<n>=[…]` GitHub output lines for the workflow's wave jobs, or the problems. */
export function rolloutOutput(
    args: string[],
    dir = path.join(__dirname, ".."),
): { code: number; stdout: string; stderr: string } {
    const { values } = parseArgs({ args, options: { workflow: { type: "string" } } });
    const slots = waveJobs(
        readFileSync(
            values.workflow !== undefined
                ? path.resolve(dir, values.workflow)
                : path.join(dir, DEPLOY_WORKFLOW),
            "utf8",
        ),
    );
    const { waves, problems } = rollout(dir, slots);
    if (problems.length > 0)
        return {
            code: 1,
            stdout: "",
            stderr: `${problems.map((p) => `error: ${p}`).join("\n")}\n`,
        };
    const lines = Array.from(
        { length: slots },
        (_, i) => `wave${i + 1}=${JSON.stringify(waves[i] ?? [])}\n`,
    );
    return { code: 0, stdout: lines.join(""), stderr: "" };
}

if (require.main === module) {
    const result = rolloutOutput(process.argv.slice(2));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
}
