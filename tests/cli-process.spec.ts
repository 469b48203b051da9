// The offline tools as a user and a pull request run them, in a copy of the project, reading their
// exit codes and both streams. A failure reads as a failure everywhere; a stack's cluster binding is
// part of what a review sees. What only a process shows (the entry point printing a refusal once,
// without a stack trace, and setting the exit code) runs as a process; the rest calls the same
// `plan` the entry point calls, in this process: an exception escaping it fails the test.
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { plan } from "../cli/plan";
import { previewMatrix } from "../cli/preview-matrix";
import { listStacks } from "../cli/stack-files";
import type { DiffSummary } from "../cli/diff";
import { copyProject, git, planTool, stackFileFor } from "./harness";

/** `npm run -s plan -- …` in the project in `dir`, in this process: its exit code and streams. */
const planIn = (dir: string, ...args: string[]) => plan(args, dir, () => undefined);

/** A project in a git repository whose one commit has the stacks given. */
function committedProject(stacks: Record<string, string>): string {
    const dir = copyProject(stacks);
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "base");
    return dir;
}

const REFUSED = stackFileFor("eu-1").replace("https://loki.", "ftp://loki.");

describe("plan as a process", () => {
    it("prints a refusal once, as pulumi preview does: no stack trace, exit 1", async () => {
        const dir = copyProject({ "eu-1": REFUSED });
        const { code, stdout, stderr } = planTool(dir, "eu-1");
        expect(code).to.equal(1);
        expect(stdout).to.equal("");
        expect(stderr.match(/stack config has 1 problem/g)).to.have.length(1);
        expect(stderr).to.contain("alloy-monitoring:loki.url:").and.contain("uses ftp");
        expect(stderr).not.to.match(/^\s+at /m);
        expect(stderr).not.to.contain("RunError").and.not.contain("__pulumiRunError");
        // The same for the fleet: one report for the stack, and the table.
        const all = await planIn(dir, "--all");
        expect(all.code).to.equal(1);
        expect(all.stderr.match(/stack config has 1 problem/g)).to.have.length(1);
        expect(all.stderr).not.to.match(/^\s+at /m);
    });

    it("answers --help and -h with the usage, exit 0; an unknown option with exit 2", async () => {
        const dir = copyProject({});
        for (const flag of ["--help", "-h"]) {
            const help = await planIn(dir, flag);
            expect(help.code, help.stderr).to.equal(0);
            expect(help.stdout).to.match(/^usage: npm run -s plan -- <stack>/);
            expect(help.stdout).to.contain("--diff-base REF");
            expect(help.stderr).to.equal("");
        }
        // As a process: the entry point sets the exit code the tool returns.
        const wrong = planTool(dir, "--helpp");
        expect(wrong.code).to.equal(2);
        expect(wrong.stderr).to.contain("Unknown option '--helpp'").and.contain("usage:");
    });
});

describe("plan --diff-base: what a pull request reviews", () => {
    it("reads a stack that cannot be deployed as a failure, never as no change, and exits 1", async () => {
        const dir = committedProject({
            "eu-1": stackFileFor("eu-1"),
            "us-1": stackFileFor("us-1"),
        });
        writeFileSync(path.join(dir, "Pulumi.eu-1.yaml"), REFUSED);
        writeFileSync(path.join(dir, "Pulumi.ap-1.yaml"), stackFileFor("ap-1", ""));
        writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config: [unclosed\n");
        const markdown = await planIn(dir, "--diff-base", "HEAD", "--format", "markdown");
        expect(markdown.code).to.equal(1);
        expect(markdown.stdout).to.contain("### Stack `eu-1`: cannot be deployed\n");
        expect(markdown.stdout).to.contain("uses ftp");
        expect(markdown.stdout).to.contain("### Stack `ap-1` (new): cannot be deployed\n");
        expect(markdown.stdout).to.contain("kubernetes:context: is empty");
        expect(markdown.stdout).to.contain("### Stack `broken` (new): cannot be deployed\n");
        expect(markdown.stdout).to.contain("is not valid YAML");
        expect(markdown.stdout).to.contain("### Stack `us-1`: no change");
        expect(markdown.stdout).not.to.match(/`(eu-1|ap-1|broken)`[^\n]*no change/);
        const text = await planIn(dir, "--diff-base", "HEAD");
        expect(text.code).to.equal(1);
        expect(text.stdout).to.contain("Stack `eu-1`: cannot be deployed:\n");
        expect(text.stdout).not.to.match(/`eu-1`[^\n]*no change/);
        const json = await planIn(dir, "--diff-base", "HEAD", "--format", "json");
        expect(json.code).to.equal(1);
        const summary = JSON.parse(json.stdout) as { stack: string; error?: string }[];
        expect(summary.filter((d) => d.error !== undefined).map((d) => d.stack)).to.have.members([
            "ap-1",
            "broken",
            "eu-1",
        ]);
        // The fleet: every stack in the table, the failures counted, exit 1 (not a usage error).
        const fleet = await planIn(dir, "--all");
        expect(fleet.code).to.equal(1);
        expect(fleet.stdout).to.match(/\| broken \| \? \|[^\n]*\| 1 \|/);
        expect(fleet.stdout).to.match(/\| us-1 \| 3 \|[^\n]*\| 0 \|/);
        expect(fleet.stderr).to.contain("3 of 4 stacks cannot be deployed");
    });

    it("shows a stack pointed at another cluster, and previews it", async () => {
        const dir = committedProject({
            "eu-1": stackFileFor("eu-1", "eu-1-admin"),
            "us-1": stackFileFor("us-1"),
        });
        writeFileSync(path.join(dir, "Pulumi.eu-1.yaml"), stackFileFor("eu-1", "prod-us-1"));
        const markdown = await planIn(dir, "--diff-base", "HEAD", "--format", "markdown");
        expect(markdown.code, markdown.stderr).to.equal(0);
        expect(markdown.stdout).to.match(/### Stack `eu-1`: \+1 −1/);
        expect(markdown.stdout).to.contain("-  context: eu-1-admin\n+  context: prod-us-1");
        expect(markdown.stdout).to.contain("### Stack `us-1`: no change");
        const json = await planIn(dir, "--diff-base", "HEAD", "--format", "json");
        const diffs = JSON.parse(json.stdout) as DiffSummary[];
        expect(previewMatrix(diffs, false, listStacks(dir))).to.deep.equal(["eu-1"]);
    });

    it("shows a binding moved to ambientKubeconfig, and a secret kubeconfig set again, without its ciphertext", async () => {
        const secretKubeconfig = (ciphertext: string) =>
            `    kubernetes:kubeconfig:\n        secure: ${ciphertext}`;
        const dir = committedProject({
            "eu-1": stackFileFor("eu-1"),
            "us-1": stackFileFor("us-1", "us-1", secretKubeconfig("v1:AAAA:b2xkLWt1YmVjb25maWc=")),
        });
        writeFileSync(
            path.join(dir, "Pulumi.eu-1.yaml"),
            stackFileFor("eu-1")
                .replace(`    kubernetes:context: "eu-1"\n`, "")
                .concat("    alloy-monitoring:ambientKubeconfig: true\n"),
        );
        writeFileSync(
            path.join(dir, "Pulumi.us-1.yaml"),
            stackFileFor("us-1", "us-1", secretKubeconfig("v1:BBBB:bmV3LWt1YmVjb25maWc=")),
        );
        const text = await planIn(dir, "--diff-base", "HEAD");
        expect(text.code, text.stderr).to.equal(0);
        expect(text.stdout).to.contain("-  context: eu-1\n").and.contain("+  source: ambient");
        expect(text.stdout).to.match(
            /-\s+ciphertext: sha256:[0-9a-f]{16}\n\+\s+ciphertext: sha256:/,
        );
        expect(text.stdout).not.to.contain("b2xkLWt1YmVjb25maWc=").and.not.contain("bmV3LWt1");
        const shown = await planIn(dir, "us-1", "--only", "cluster");
        expect(shown.stdout).to.match(
            /^source: kubeconfig\ncontext: us-1\nkubeconfig:\n {2}secret: true\n {2}ciphertext: sha256:[0-9a-f]{16}\n$/,
        );
        expect(readFileSync(path.join(dir, "Pulumi.us-1.yaml"), "utf8")).to.contain("BBBB");
    });
});
