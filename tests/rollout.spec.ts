// The deploy workflow's waves come from the stack files: each stack's rolloutWave, or the project's
// default; the workflow has a job per wave and nothing names a stack.
import { expect } from "chai";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { plan } from "../cli/plan";
import { rollout, rolloutOutput } from "../cli/rollout";
import { copyProject, stackFileFor } from "./harness";

const withWave = (cluster: string, wave?: number | string) =>
    stackFileFor(
        cluster,
        cluster,
        ...(wave === undefined ? [] : [`    alloy-monitoring:rolloutWave: ${String(wave)}`]),
    );

/** `ts-node cli/rollout.ts …` as the deploy workflow runs it, in this process. */
const rolloutTool = (dir: string, ...args: string[]) => rolloutOutput(args, dir);

describe("rollout: the deploy waves from the stack files", () => {
    it("groups stacks by wave in order, and puts a stack that names none with the project's default", () => {
        const dir = copyProject({
            canary: withWave("canary", 1),
            "eu-1": withWave("eu-1", 5),
            "us-1": withWave("us-1", 5),
            "ap-1": withWave("ap-1", 9),
            lab: withWave("lab"),
        });
        const { waves, waveOf, problems } = rollout(dir);
        expect(problems).to.deep.equal([]);
        // Pulumi.yaml's default (3) sits between 1 and 5; numbers are compacted into jobs.
        expect(waveOf.lab).to.equal(3);
        expect(waves).to.deep.equal([["canary"], ["lab"], ["eu-1", "us-1"], ["ap-1"]]);
    });

    it("prints one GitHub output line per wave job, an empty wave as []", () => {
        const dir = copyProject({ a: withWave("a", 1), b: withWave("b", 2) });
        writeFileSync(
            path.join(dir, "deploy.yml"),
            "jobs:\n  rollout: {}\n  wave1: {}\n  wave2: {}\n  wave3: {}\n",
        );
        const { code, stdout, stderr } = rolloutTool(dir, "--workflow", "deploy.yml");
        expect(code, stderr).to.equal(0);
        expect(stdout).to.equal('wave1=["a"]\nwave2=["b"]\nwave3=[]\n');
    });

    it("refuses more waves than the workflow has jobs, and a wave that is not a number, before anything deploys", () => {
        const dir = copyProject({
            a: withWave("a", 1),
            b: withWave("b", 2),
            c: withWave("c", 7),
            d: withWave("d", '"soon"'),
        });
        writeFileSync(path.join(dir, "deploy.yml"), "jobs:\n  wave1: {}\n  wave2: {}\n");
        const { code, stdout, stderr } = rolloutTool(dir, "--workflow", "deploy.yml");
        expect(code).to.equal(1);
        expect(stdout).to.equal("");
        expect(stderr).to.contain(
            'error: stack d: alloy-monitoring:rolloutWave is "soon", not a wave number',
        );
        expect(stderr).to.contain("the stacks have 3 waves (1, 2, 7), but");
        expect(stderr).to.contain("has jobs for 2");
        expect(stderr).not.to.match(/^\s+at /m);
    });

    it("is checked in preview too: a wave that is not a whole number is refused", async () => {
        const dir = copyProject({ a: withWave("a", 1.5) });
        const planned = await plan(["a"], dir);
        expect(planned.code).to.equal(1);
        // The CLI itself refuses it first, as Pulumi.yaml declares an integer.
        expect(planned.stderr).to.match(/validating stack config: .*rolloutWave/);
    });
});
