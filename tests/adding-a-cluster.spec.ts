// Adding a cluster is adding its stack file (README, "Adding a cluster"). In a copy of the
// repository with one more stack file, copied from an existing one and pointed at a new cluster,
// every test that reads the stack files still passes, the fleet plans and the deploy rollout takes
// the new stack: nothing in the tests or workflows names the stacks.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { plan } from "../cli/plan";
import { rollout, rolloutOutput } from "../cli/rollout";
import { listStacks } from "../cli/stack-files";
import { PROJECT_DIR, tempDir } from "./harness";

const SELF = path.basename(__filename);

/** The repository's files as the working tree has them (tracked and new), with its node_modules. */
function cloneWorkingTree(): string {
    const dir = tempDir("clone-");
    const listed = spawnSync(
        "git",
        ["-C", PROJECT_DIR, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        { encoding: "utf8" },
    );
    expect(listed.status, listed.stderr).to.equal(0);
    for (const file of listed.stdout.split("\0").filter(Boolean)) {
        if (!existsSync(path.join(PROJECT_DIR, file))) continue;
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        cpSync(path.join(PROJECT_DIR, file), path.join(dir, file));
    }
    symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/** A new stack file made from `source` as the README says: its own cluster name and context. */
function addCluster(dir: string, source: string, stack: string): void {
    const doc = parseDocument(readFileSync(path.join(dir, `Pulumi.${source}.yaml`), "utf8"));
    doc.setIn(["config", "alloy-monitoring:clusterName"], stack);
    // Bound to its own context; a copied encrypted kubeconfig belongs to the other stack.
    doc.deleteIn(["config", "kubernetes:kubeconfig"]);
    doc.setIn(["config", "kubernetes:context"], stack);
    writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), doc.toString());
}

/** The spec files that read the repository's stack files, this one aside. */
function specsOverStackFiles(dir: string): string[] {
    return listTests(dir).filter(
        (file) =>
            file !== SELF &&
            readFileSync(path.join(dir, "tests", file), "utf8").includes("listStacks(PROJECT_DIR)"),
    );
}
const listTests = (dir: string) =>
    spawnSync("ls", [path.join(dir, "tests")], { encoding: "utf8" })
        .stdout.split("\n")
        .filter((f) => f.endsWith(".spec.ts"));

describe("adding a cluster: one stack file", function () {
    this.timeout(600_000);

    it("keeps every test over the stack files green, plans the fleet, and joins the rollout", async () => {
        const dir = cloneWorkingTree();
        const stacks = listStacks(dir);
        // The stack of the last wave: a new production cluster.
        const { waveOf } = rollout(dir);
        const source = [...stacks].sort((a, b) => waveOf[b] - waveOf[a])[0];
        const added = "added-us-9";
        addCluster(dir, source, added);

        // The fleet plan and the rollout as the workflows run them (in this process, on the clone).
        const fleet = await plan(["--all"], dir, () => undefined);
        expect(fleet.code, fleet.stderr).to.equal(0);
        expect(fleet.stdout).to.match(
            new RegExp(`\\| ${added} \\| ${waveOf[source]} \\| ${added} \\(context ${added}\\)`),
        );

        const waves = rolloutOutput([], dir);
        expect(waves.code, waves.stderr).to.equal(0);
        const lines = waves.stdout.trim().split("\n");
        const withAdded = lines.find((l) => l.includes(`"${added}"`));
        expect(withAdded, waves.stdout).to.match(/^wave\d+=\[.*"[^"]+".*\]$/);
        expect(withAdded).to.contain(`"${source}"`);

        // The clone's own tests over the stack files, as a process of their own, with the clone's
        // own chart mirror (a CHART_ARCHIVES of the caller would point elsewhere).
        const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0" };
        delete env.CHART_ARCHIVES;
        const node = (...args: string[]) =>
            spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", env });
        const specs = specsOverStackFiles(dir);
        expect(specs).to.include.members(["workflows.spec.ts", "cli-plan.spec.ts"]);
        const mocha = node(
            require.resolve("mocha/bin/mocha.js"),
            "--no-config",
            "--require",
            "ts-node/register/transpile-only",
            "--extension",
            "ts",
            "--timeout",
            "120000",
            "--reporter",
            "dot",
            ...specs.map((f) => path.join("tests", f)),
        );
        expect(mocha.status, `${mocha.stdout}\n${mocha.stderr}`).to.equal(0);
        expect(mocha.stdout).to.match(/\d+ passing/);
    });
});
