// `npm run plan`: what each stack deploys, what differs, the fleet and the export — offline, with
// exactly the checks `pulumi preview` applies, and never a secret.
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { GENERATED_PASSWORD } from "../cli/evaluate";
import { PASSWORD_PLACEHOLDER } from "../cli/export";
import { plan } from "../cli/plan";
import { previewMatrix } from "../cli/preview-matrix";
import { listStacks, loadStackFiles } from "../cli/stack-files";
import { planStack } from "../values/plan";
import {
    copyProject,
    fixtureStacks,
    git,
    PROJECT_DIR,
    runProgram,
    stackFileFor,
    tempDir,
} from "./harness";

describe("plan: one stack", () => {
    for (const stack of listStacks(PROJECT_DIR))
        it(`${stack}: the charts' values as the program registers them, resources in create order, no secret`, async () => {
            const { code, stdout, stderr } = await plan([stack]);
            expect(code, stderr).to.equal(0);
            const doc = parse(stdout) as {
                charts: Record<string, { values: unknown; version: string }>;
                resources: { type: string; name: string; dependsOn: string[]; parent?: string }[];
                outputs: Record<string, unknown>;
            };
            // The same values the program hands the charts under the mocks, and the pure plan's.
            const raw = loadStackFiles(PROJECT_DIR, stack).raw;
            const run = await runProgram(raw);
            const chart = run.registrations.find(
                (r) => r.name === "alloy-monitoring-k8s-monitoring" && r.type.endsWith("Chart"),
            );
            expect(doc.charts["k8s-monitoring"].values).to.deep.equal(chart!.inputs.values);
            expect(doc.charts["k8s-monitoring"].values).to.deep.equal(
                planStack(raw).stack!.plan.values,
            );
            expect(doc.charts["alloy-operator"].values).to.deep.equal({
                crds: { deployAlloyCRD: true },
            });
            // Create order: everything after its parent and what it depends on.
            const position = new Map(doc.resources.map((r, i) => [`${r.type}::${r.name}`, i]));
            doc.resources.forEach((r, i) => {
                for (const before of [...r.dependsOn, ...(r.parent ? [r.parent] : [])])
                    expect(position.get(before), `${r.name} after ${before}`).to.be.lessThan(i);
            });
            // No secret: the generated password never shows, a secret output reads [secret].
            expect(stdout).not.to.contain(GENERATED_PASSWORD);
            if ("lokiPassword" in doc.outputs)
                expect(doc.outputs.lokiPassword).to.equal("[secret]");
            // JSON says the same.
            const json = await plan([stack, "--format", "json"]);
            expect(JSON.parse(json.stdout)).to.deep.equal(doc);
        });

    it("prints one section with --only, to a file with --out", async () => {
        const dir = copyProject(fixtureStacks("dev"));
        const file = path.join(tempDir("out-"), "values.yaml");
        const { code, stdout } = await plan(["dev", "--only", "values", "--out", file], dir);
        expect(code).to.equal(0);
        expect(stdout).to.equal("");
        expect(parse(readFileSync(file, "utf8"))).to.deep.equal(
            planStack(loadStackFiles(dir, "dev").raw).stack!.plan.values,
        );
    });

    it("fails with one line for a stack without a stack file, and stops where the CLI stops", async () => {
        const missing = await plan(["nope"]);
        expect(missing.code).to.equal(2);
        expect(missing.stderr.trim().split("\n")).to.have.length(1);
        const dir = copyProject();
        writeFileSync(
            path.join(dir, "Pulumi.bare.yaml"),
            "config:\n  kubernetes:context: x\n  alloy-monitoring:clusterName: bare\n",
        );
        const cli = await plan(["bare"], dir);
        expect(cli.code).to.equal(1);
        expect(cli.stderr).to.equal(
            "error: validating stack config: Stack 'bare' is missing configuration values 'loki' and 'mimir'\n",
        );
    });

    it("reports refused config exactly as the program does, never quoting an encrypted value", async () => {
        const dir = copyProject();
        writeFileSync(
            path.join(dir, "Pulumi.nested.yaml"),
            [
                "config:",
                "  kubernetes:context: prod",
                "  alloy-monitoring:clusterName: prod",
                "  alloy-monitoring:mimir:",
                "    url: https://mimir.example.com/api/v1/push",
                "  alloy-monitoring:loki:",
                "    url: https://loki.example.com/loki/api/v1/push",
                "    tenantId:",
                "      secure: v1:abc:ZW5jcnlwdGVk",
                "",
            ].join("\n"),
        );
        const { code, stderr } = await plan(["nested"], dir);
        expect(code).to.equal(1);
        expect(stderr).to.contain(
            "alloy-monitoring:loki: is encrypted (or holds an encrypted value)",
        );
        expect(stderr).not.to.contain("[secret]");
        const run = await runProgram(loadStackFiles(dir, "nested").raw);
        expect(stderr).to.equal(`error: ${run.error!.message}\n`);
    });
});

describe("plan: differences", () => {
    it("shows what differs between two stacks", async () => {
        const dir = copyProject(fixtureStacks("dev", "prod"));
        const { code, stdout } = await plan(["--diff", "dev", "prod"], dir);
        expect(code).to.equal(0);
        expect(stdout).to.match(/^dev → prod: \+\d+ -\d+/);
        expect(stdout).to.contain("-        name: dev-cluster\n+        name: prod-eu-1");
        expect(stdout).to.contain("+            replicas: 3");
        const markdown = await plan(["--diff", "dev", "prod", "--format", "markdown"], dir);
        expect(markdown.stdout).to.contain("```diff\n").and.contain("### dev → prod: +");
    });

    it("shows what the working tree changes for each stack, compared with a git revision", async () => {
        const dir = copyProject(fixtureStacks("dev", "prod"));
        git(dir, "init", "-q");
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "base");
        const stackFile = path.join(dir, "Pulumi.dev.yaml");
        writeFileSync(
            stackFile,
            `${readFileSync(stackFile, "utf8")}    alloy-monitoring:features:\n        kubeProxy: true\n`,
        );
        writeFileSync(
            path.join(dir, "Pulumi.new.yaml"),
            readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8"),
        );
        const { code, stdout, stderr } = await plan(
            ["--diff-base", "HEAD", "--format", "markdown"],
            dir,
        );
        expect(code, stderr).to.equal(0);
        expect(stdout).to.contain("compared with `HEAD`");
        expect(stdout).to.match(/### Stack `dev`: \+1 −1/);
        expect(stdout).to.contain("-          enabled: false\n+          enabled: true");
        expect(stdout).to.contain("### Stack `new` (new): +");
        expect(stdout).to.contain("### Stack `prod`: no change");
    });
});

describe("plan: the fleet and the export", () => {
    it("plans every stack file, with a summary, and fails when one cannot be deployed", async () => {
        const ok = await plan(["--all"]);
        expect(ok.code, ok.stderr).to.equal(0);
        for (const stack of listStacks(PROJECT_DIR))
            expect(ok.stdout).to.match(new RegExp(`\\| ${stack} \\| .* \\| 0 \\|`));
        const dir = copyProject(fixtureStacks("dev", "prod", "staging"));
        writeFileSync(
            path.join(dir, "Pulumi.broken.yaml"),
            readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8").replace(
                "clusterName: dev-cluster",
                "clusterName: Broken_Name",
            ),
        );
        const broken = await plan(["--all"], dir);
        expect(broken.code).to.equal(1);
        expect(broken.stdout).to.match(/\| broken \|[^\n]*\| 1 \|/);
        expect(broken.stdout).to.match(/\| dev \|[^\n]*\| 0 \|/);
        expect(broken.stderr)
            .to.contain(`1 of ${listStacks(dir).length} stacks cannot be deployed`)
            .and.contain("alloy-monitoring:clusterName:");
    });

    for (const stack of ["dev", "prod"])
        it(`exports ${stack} for Helm: values that parse, manifests, and a Secret without the password`, async () => {
            const dir = copyProject(fixtureStacks(stack));
            const out = tempDir("export-");
            const { code, stdout, stderr } = await plan([stack, "--export", out], dir);
            expect(code, stderr).to.equal(0);
            const raw = loadStackFiles(dir, stack).raw;
            const planned = planStack(raw).stack!.plan;
            expect(parse(readFileSync(path.join(out, "values.yaml"), "utf8"))).to.deep.equal(
                planned.values,
            );
            expect(
                parse(readFileSync(path.join(out, "alloy-operator-values.yaml"), "utf8")),
            ).to.deep.equal(planned.alloyOperatorValues);
            const namespace = parse(
                readFileSync(path.join(out, "manifests", "namespace.yaml"), "utf8"),
            ) as { kind: string; metadata: { labels: Record<string, string> } };
            expect(namespace.kind).to.equal("Namespace");
            expect(namespace.metadata.labels["pod-security.kubernetes.io/enforce"]).to.equal(
                "privileged",
            );
            const secret = parse(
                readFileSync(path.join(out, "manifests", "loki-secret.yaml"), "utf8"),
            ) as { kind: string; stringData: Record<string, string> };
            expect(secret.kind).to.equal("Secret");
            expect(secret.stringData).to.deep.equal({
                username: planned.spec.loki.username,
                tenantId: planned.spec.loki.tenantId,
                password: PASSWORD_PLACEHOLDER,
            });
            const everything = stdout
                .split("\n")
                .filter(Boolean)
                .map((f) => readFileSync(f, "utf8"))
                .join("\n");
            expect(everything).not.to.contain(GENERATED_PASSWORD);
            expect(everything).not.to.contain("[secret]");
            const readme = readFileSync(path.join(out, "README.md"), "utf8");
            expect(readme.indexOf("namespace.yaml")).to.be.lessThan(
                readme.indexOf("loki-secret.yaml"),
            );
            expect(readme.indexOf("helm upgrade --install alloy-operator")).to.be.lessThan(
                readme.indexOf("helm upgrade --install k8s-monitoring"),
            );
            // Every command names the stack's cluster, never the active context.
            const context = loadStackFiles(dir, stack).raw.values["kubernetes:context"];
            const commands = readme.split("\n").filter((l) => /^(kubectl|helm|sed)\b/.test(l));
            expect(commands).to.have.length.greaterThan(3);
            for (const line of commands)
                expect(line).to.match(new RegExp(`--(kube-)?context ${context}( |$)`));
        });
});

describe("plan: the pull request's preview matrix", () => {
    it("previews the stacks whose plan changed, not removed ones, or every stack when asked", () => {
        const diffs = [
            { title: "", stack: "dev", changed: true, linesAdded: 1, linesRemoved: 1 },
            { title: "", stack: "prod", changed: false, linesAdded: 0, linesRemoved: 0 },
            {
                title: "",
                stack: "old",
                changed: true,
                removed: true,
                linesAdded: 0,
                linesRemoved: 9,
            },
            { title: "", stack: "new", changed: true, added: true, linesAdded: 9, linesRemoved: 0 },
        ];
        expect(previewMatrix(diffs, false, ["dev", "new", "prod"])).to.deep.equal(["dev", "new"]);
        expect(previewMatrix(diffs, true, ["prod", "dev", "new"])).to.deep.equal([
            "dev",
            "new",
            "prod",
        ]);
    });

    it("answers an unknown git revision with one line", async () => {
        const { code, stderr } = await plan(["--diff-base", "no-such-ref-anywhere"]);
        expect(code).to.equal(2);
        expect(stderr.trim().split("\n")).to.have.length(1);
        expect(stderr).to.contain("cannot read no-such-ref-anywhere");
    });
});

describe("plan: stacks that import an ESC environment", () => {
    const ENV = "alloy-monitoring/common";
    // A stack whose Mimir URL comes from the fleet's environment, as the README shows.
    const importing = (cluster: string) =>
        stackFileFor(cluster)
            .replace(/ {4}alloy-monitoring:mimir:\n.*\n/, "")
            .replace("config:\n", `environment:\n    - ${ENV}\n\nconfig:\n`);
    const PASSWORD = "esc-held-loki-password-do-not-print";

    it("names the environment and the way to pass its values when a value only it holds is missing", async () => {
        const dir = copyProject({ "eu-1": importing("eu-1") });
        const { code, stderr } = await plan(["eu-1"], dir);
        expect(code).to.equal(1);
        expect(stderr).to.contain("is missing configuration value 'mimir'");
        expect(stderr).to.contain(`--esc-env ${ENV}=<(esc env open ${ENV} --format json)`);
    });

    it("plans with the environment's resolved values (esc env open --format json), the stack's winning", async () => {
        const dir = copyProject({ "eu-1": importing("eu-1") });
        const file = path.join(dir, "common.json");
        writeFileSync(
            file,
            JSON.stringify({
                pulumiConfig: {
                    mimir: { url: "https://mimir.fleet.example.com/api/v1/push" },
                    "alloy-monitoring:clusterName": "from-the-environment",
                },
                environmentVariables: { IGNORED: "x" },
            }),
        );
        const { code, stdout, stderr } = await plan(
            ["eu-1", "--only", "values", "--format", "json", "--esc-env", `${ENV}=${file}`],
            dir,
        );
        expect(code, stderr).to.equal(0);
        const values = JSON.parse(stdout) as {
            cluster: { name: string };
            destinations: { mimir: { url: string } };
        };
        expect(values.destinations.mimir.url).to.equal(
            "https://mimir.fleet.example.com/api/v1/push",
        );
        expect(values.cluster.name).to.equal("eu-1");
        const all = await plan(["--all", "--esc-env", `${ENV}=${file}`], dir);
        expect(all.code, all.stderr).to.equal(0);
    });

    it("keeps the environment's secrets secret (--format detailed, and lokiPassword in plain JSON)", async () => {
        const dir = copyProject({ "eu-1": importing("eu-1") });
        const detailed = (value: unknown, secret = false) => ({
            value,
            ...(secret ? { secret: true } : {}),
            trace: { def: { environment: ENV } },
        });
        const files = {
            detailed: JSON.stringify(
                detailed({
                    pulumiConfig: detailed({
                        mimir: detailed({
                            url: detailed("https://mimir.fleet.example.com/api/v1/push"),
                        }),
                        lokiPassword: detailed(PASSWORD, true),
                    }),
                }),
            ),
            json: JSON.stringify({
                pulumiConfig: {
                    mimir: { url: "https://mimir.fleet.example.com/api/v1/push" },
                    lokiPassword: PASSWORD,
                },
            }),
        };
        for (const [format, text] of Object.entries(files)) {
            const file = path.join(dir, `${format}.json`);
            writeFileSync(file, text);
            const result = await plan(["eu-1", "--esc-env", `${ENV}=${file}`], dir);
            expect(result.code, `${format}: ${result.stderr}`).to.equal(0);
            expect(result.stdout + result.stderr).not.to.contain(PASSWORD);
            const doc = parse(result.stdout) as { outputs: Record<string, unknown> };
            // Supplied, so not generated (and not exported): the program saw a secret password.
            expect(doc.outputs, format).not.to.have.property("lokiPassword");
        }
        // A secret anywhere else is refused as the program refuses it, never quoted.
        const leaky = path.join(dir, "leaky.json");
        writeFileSync(
            leaky,
            JSON.stringify(
                detailed({
                    pulumiConfig: detailed({
                        mimir: detailed({
                            url: detailed(`https://mimir.example.com/${PASSWORD}`, true),
                        }),
                    }),
                }),
            ),
        );
        const refused = await plan(["eu-1", "--esc-env", `${ENV}=${leaky}`], dir);
        expect(refused.code).to.equal(1);
        expect(refused.stderr).to.contain("alloy-monitoring:mimir: is encrypted");
        expect(refused.stderr).not.to.contain(PASSWORD);
    });

    it("refuses --esc-env without NAME=FILE, and a file that is not JSON, with one line", async () => {
        const dir = copyProject({ "eu-1": importing("eu-1") });
        const usage = await plan(["eu-1", "--esc-env", "common.json"], dir);
        expect(usage.code).to.equal(2);
        expect(usage.stderr).to.match(/^--esc-env takes NAME=FILE/);
        const bad = path.join(dir, "bad.json");
        writeFileSync(bad, "values:\n  pulumiConfig: {}\n");
        const notJson = await plan(["eu-1", "--esc-env", `${ENV}=${bad}`], dir);
        expect(notJson.code).to.equal(2);
        expect(notJson.stderr.trim().split("\n")).to.have.length(1);
        // The file's text is never quoted: it may hold the environment's secrets.
        expect(notJson.stderr).not.to.contain("pulumiConfig");
    });
});
