// The Pulumi package on the real engine, as programs of other teams use it: the CLI starts this
// repository as a plugin through the Node.js host (PulumiPlugin.yaml → dist/provider.js), prints its
// schema and generates the Python and Go SDKs; the README's Python and Go snippets run under
// Pulumi's mocks against those SDKs (Python's installed with `pulumi` from PyPI, Go's built with
// the Pulumi Go SDK from the module proxy) and send exactly the YAML example's args; the npm
// library `npm pack` makes type-checks and previews in a TypeScript program of its own; the YAML
// example previews with the policy pack, deploys what the standalone dev stack deploys, has no
// diff after, reports a config mistake in full with nothing made, and destroys to nothing.
import { expect } from "chai";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
    CHART_ARCHIVES,
    EngineStack,
    LocalCluster,
    previewSteps,
    run,
    tail,
} from "../../scripts/engine/engine";
import { PROJECT_DIR } from "../harness";
import { exampleArgs, readmeSnippet } from "../snippets";

const NAMESPACE = "monitoring";
const TRUST_BUNDLE_PEM = readFileSync(path.join(__dirname, "..", "fixtures", "ca-one.pem"), "utf8");
const EXAMPLE = path.join(PROJECT_DIR, "examples", "yaml", "Pulumi.yaml");

/** The YAML example as a project elsewhere: the package named by the repository's absolute path. */
function exampleProject(edit: (text: string) => string = (t) => t): string {
    const text = readFileSync(EXAMPLE, "utf8");
    const relocated = text.replace(
        /alloy-monitoring: \.\.\/\.\.$/m,
        `alloy-monitoring: ${PROJECT_DIR}`,
    );
    expect(relocated).not.to.equal(text);
    return edit(relocated);
}

async function must(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv) {
    const result = await run(command, args, { cwd, env: { ...process.env, ...env } });
    if (result.code !== 0)
        throw new Error(
            `${command} ${args.join(" ")} exited ${result.code}:\n${tail(result.stdout + result.stderr)}`,
        );
    return result;
}

/** The registrations a snippet's mock run printed as JSON, and the component's among them. */
function componentArgs(stdout: string): unknown {
    const line = stdout.split("\n").find((l) => l.startsWith("REGISTERED "));
    expect(line, stdout).not.to.equal(undefined);
    const registered = JSON.parse(line!.slice("REGISTERED ".length)) as {
        type: string;
        inputs: unknown;
    }[];
    const component = registered.filter((r) => r.type === "alloy-monitoring:index:AlloyMonitoring");
    expect(component, stdout).to.have.length(1);
    return component[0].inputs;
}

/**
 * What the namespace holds, object by object: the collectors' configurations and specs in full,
 * the Secret's keys (its generated password differs from stack to stack), the rest by name.
 */
async function inventory(cluster: LocalCluster): Promise<Record<string, unknown>> {
    const kinds =
        "configmaps,secrets,serviceaccounts,services,deployments,daemonsets,statefulsets,roles,rolebindings,alloys.collectors.grafana.com";
    const list = await cluster.get("-n", NAMESPACE, kinds);
    const namespace = await cluster.get("namespace", NAMESPACE);
    const objects: Record<string, unknown> = { namespace: namespace?.metadata.labels };
    for (const item of list?.items ?? []) {
        const key = `${item.kind}/${item.metadata.name}`;
        objects[key] =
            item.kind === "ConfigMap"
                ? item.data
                : item.kind === "Secret"
                  ? Object.keys(item.data ?? {}).sort()
                  : item.kind === "Alloy"
                    ? item.spec
                    : ["Deployment", "DaemonSet", "StatefulSet"].includes(item.kind)
                      ? item.spec.template.spec.containers.map((c: { image: string }) => c.image)
                      : true;
    }
    return objects;
}

describe("engine: the package, from YAML, Python, Go and TypeScript programs", function () {
    this.timeout(40 * 60_000);
    const cluster = new LocalCluster(mkdtempSync(path.join(tmpdir(), "alloy-monitoring-cluster-")));
    const work = mkdtempSync(path.join(tmpdir(), "alloy-monitoring-package-"));
    // A stack whose environment (the toolchain, PULUMI_HOME) runs the package commands too.
    let tools: EngineStack;

    before(async () => {
        // npm ci builds dist/ (prepare); built again here, so a test run sees the sources' own build.
        await must("npm", ["run", "-s", "build:package"], PROJECT_DIR);
        await cluster.start();
        tools = new EngineStack("tools", cluster, {}, []);
    });
    after(async () => {
        await cluster.stop();
        tools?.remove();
        if (!process.env.ENGINE_KEEP) {
            rmSync(cluster.dir, { recursive: true, force: true });
            rmSync(work, { recursive: true, force: true });
        }
    });

    describe("the schema and the generated SDKs", () => {
        const sdk = path.join(work, "sdk");

        it("`pulumi package get-schema` prints schema.json, from the plugin the Node.js host starts", async () => {
            const schema = await tools.cli(["package", "get-schema", PROJECT_DIR]);
            expect(schema.code, tail(schema.stdout + schema.stderr)).to.equal(0);
            // As the CLI writes a schema: with its (empty) `config` section.
            expect(JSON.parse(schema.stdout)).to.deep.equal({
                config: {},
                ...JSON.parse(readFileSync(path.join(PROJECT_DIR, "schema.json"), "utf8")),
            });
        });

        it("Python: the SDK installs with `pulumi` from PyPI, documents its typed args, and the README snippet sends the example's args", async () => {
            const gen = await tools.cli([
                "package",
                "gen-sdk",
                PROJECT_DIR,
                "--language",
                "python",
                "--out",
                sdk,
            ]);
            expect(gen.code, tail(gen.stdout + gen.stderr)).to.equal(0);
            const venv = path.join(work, "venv");
            await must("python3", ["-m", "venv", venv], work);
            const python = path.join(venv, "bin", "python");
            await must(python, ["-m", "pip", "install", "--quiet", path.join(sdk, "python")], work);
            const program = path.join(work, "python");
            cpSync(path.join(__dirname, "snippets", "python"), program, { recursive: true });
            writeFileSync(path.join(program, "snippet.py"), readmeSnippet("python"));
            const checked = await must(python, ["run.py"], program);
            expect(componentArgs(checked.stdout)).to.deep.equal(exampleArgs());
            // Typed args in snake case, each with its description from the schema's KeyDoc.
            const doc = await must(
                python,
                [
                    "-c",
                    [
                        "import inspect, pulumi_alloy_monitoring as m",
                        "print(list(inspect.signature(m.AlloyMonitoringArgs.__init__).parameters))",
                        "print(m.AlloyMonitoringArgs.__init__.__doc__)",
                    ].join("\n"),
                ],
                work,
            );
            expect(doc.stdout).to.contain("'cluster_name', 'loki', 'mimir'");
            expect(doc.stdout).to.contain(
                ":param _builtins.str namespace: Namespace for everything, created with privileged Pod Security labels. Default: `monitoring`.",
            );
        });

        it("Go: the SDK builds with the Pulumi Go SDK, and the README snippet sends the example's args", async () => {
            const gen = await tools.cli([
                "package",
                "gen-sdk",
                PROJECT_DIR,
                "--language",
                "go",
                "--out",
                sdk,
            ]);
            expect(gen.code, tail(gen.stdout + gen.stderr)).to.equal(0);
            const packageDir = path.join(
                sdk,
                "go",
                readdirSync(path.join(sdk, "go")).find((d) => !d.startsWith("."))!,
            );
            // The module path the generated code imports itself by.
            const internal = /"([^"]+)\/internal"/.exec(
                readFileSync(path.join(packageDir, "alloyMonitoring.go"), "utf8"),
            )![1];
            const goEnv = { GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" };
            writeFileSync(
                path.join(packageDir, "go.mod"),
                `module ${internal}\n\ngo 1.26\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.274.1\n`,
            );
            await must("go", ["mod", "tidy"], packageDir, goEnv);
            await must("go", ["build", "./..."], packageDir, goEnv);
            const program = path.join(work, "go");
            cpSync(path.join(__dirname, "snippets", "go"), program, { recursive: true });
            writeFileSync(path.join(program, "snippet.go"), readmeSnippet("go"));
            writeFileSync(
                path.join(program, "go.mod"),
                [
                    "module example.com/monitoring-program",
                    "",
                    "go 1.26",
                    "",
                    `require ${internal} v0.0.0`,
                    "",
                    `replace ${internal} => ${packageDir}`,
                    "",
                ].join("\n"),
            );
            await must("go", ["mod", "tidy"], program, goEnv);
            const tested = await must("go", ["test", "-count=1", "-v", "."], program, goEnv);
            expect(componentArgs(tested.stdout)).to.deep.equal(exampleArgs());
        });
    });

    describe("the npm library", () => {
        it("`npm pack` makes a package a TypeScript program type-checks against and previews with", async () => {
            const pack = await must(
                "npm",
                ["pack", "--silent", "--pack-destination", work],
                PROJECT_DIR,
            );
            const tarball = path.join(work, pack.stdout.trim().split("\n").at(-1)!);
            const lock = JSON.parse(
                readFileSync(path.join(PROJECT_DIR, "package-lock.json"), "utf8"),
            ) as {
                packages: Record<string, { version: string }>;
            };
            const version = (pkg: string) => lock.packages[`node_modules/${pkg}`].version;
            const program = path.join(work, "typescript");
            cpSync(path.join(__dirname, "snippets", "typescript"), program, { recursive: true });
            writeFileSync(path.join(program, "snippet.ts"), readmeSnippet("typescript"));
            writeFileSync(
                path.join(program, "package.json"),
                JSON.stringify(
                    {
                        name: "monitoring-program",
                        main: "index.ts",
                        dependencies: {
                            "alloy-monitoring": `file:${tarball}`,
                            "@pulumi/pulumi": version("@pulumi/pulumi"),
                            "@pulumi/kubernetes": version("@pulumi/kubernetes"),
                        },
                        devDependencies: {
                            typescript: version("typescript"),
                            "ts-node": version("ts-node"),
                            "@types/node": version("@types/node"),
                        },
                    },
                    null,
                    4,
                ),
            );
            await must("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], program);
            // The package holds what the component reads at run time, and no test or source.
            const installed = path.join(program, "node_modules", "alloy-monitoring");
            expect(readdirSync(installed).sort()).to.deep.equal(
                [
                    "PulumiPlugin.yaml",
                    "README.md",
                    "dist",
                    "package.json",
                    "schema.json",
                    "vendor",
                ].sort(),
            );
            const tsc = path.join(program, "node_modules", ".bin", "tsc");
            await must(tsc, ["--noEmit", "-p", "."], program);
            // The types bite: a number where the cluster's name goes is refused at that key.
            writeFileSync(
                path.join(program, "wrong.ts"),
                readmeSnippet("typescript").replace(
                    'clusterName: "dev-cluster"',
                    "clusterName: 42",
                ),
            );
            const wrong = await run(tsc, ["--noEmit", "-p", "."], { cwd: program });
            expect(wrong.code).not.to.equal(0);
            expect(wrong.stdout).to.match(
                /wrong\.ts.*Type 'number' is not assignable to type 'string'/,
            );
            rmSync(path.join(program, "wrong.ts"));

            const stack = new EngineStack("typescript", cluster, {}, []);
            try {
                for (const entry of readdirSync(program))
                    if (entry !== "node_modules")
                        stack.writeProjectFile(
                            entry,
                            readFileSync(path.join(program, entry), "utf8"),
                        );
                cpSync(
                    path.join(program, "node_modules"),
                    path.join(stack.projectDir, "node_modules"),
                    {
                        recursive: true,
                        verbatimSymlinks: true,
                    },
                );
                stack.seedConfig(
                    undefined,
                    `config:\n    monitoring-program:chartRepository: file://${CHART_ARCHIVES}\n`,
                );
                await stack.init();
                const preview = await stack.pulumi(["preview", "--json"]);
                expect(preview.code, tail(preview.stdout + preview.stderr)).to.equal(0);
                const steps = previewSteps(preview.stdout).map(
                    (s) => `${s.op} ${s.type} ${s.name}`,
                );
                expect(steps).to.include(
                    "create alloy-monitoring:index:AlloyMonitoring monitoring",
                );
                expect(steps).to.include(
                    "create kubernetes:collectors.grafana.com/v1alpha1:Alloy monitoring-k8s-monitoring:monitoring/k8s-monitoring-alloy-metrics",
                );
            } finally {
                stack.remove();
            }
        });
    });

    describe("the YAML example", () => {
        let standalone: Record<string, unknown>;
        let yaml: EngineStack;

        // dev's bundle, as trust-manager would have written it.
        const trustBundle = () =>
            cluster.trustBundle(NAMESPACE, "trust-bundle", "trust-bundle.pem", TRUST_BUNDLE_PEM);

        before(async () => {
            // What the standalone dev stack's up makes, to compare with.
            const dev = new EngineStack("dev", cluster);
            try {
                await dev.initFrom("dev");
                await trustBundle();
                await dev.must(["up", "--yes", "--skip-preview"]);
                standalone = await inventory(cluster);
                await dev.must(["destroy", "--yes", "--skip-preview"]);
            } finally {
                dev.remove();
            }
            await trustBundle();
            yaml = new EngineStack("yaml", cluster, {}, []);
            yaml.writeProjectFile("Pulumi.yaml", exampleProject());
            yaml.seedConfig();
            await yaml.init();
            await yaml.set("kubeContext", "local");
            await yaml.set("chartRepository", `file://${CHART_ARCHIVES}`);
        });
        after(async () => {
            await yaml?.pulumi(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
            await cluster.kubectl(
                "delete",
                "namespace",
                NAMESPACE,
                "--ignore-not-found",
                "--wait=true",
            );
            yaml?.remove();
        });

        it("previews with the policy pack", async () => {
            const preview = await yaml.pulumi([
                "preview",
                "--policy-pack",
                path.join(PROJECT_DIR, "policy"),
                "--diff",
            ]);
            expect(preview.code, tail(preview.stdout + preview.stderr)).to.equal(0);
            expect(preview.stdout).to.match(
                /Policy Packs run:\s+Name\s+Version\s+alloy-monitoring\|local\|/,
            );
            expect(preview.stdout).not.to.contain("[mandatory]");
        });

        it("deploys in one `pulumi up` what the standalone dev stack deploys", async () => {
            const up = await yaml.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);
            const deployed = await inventory(cluster);
            expect(Object.keys(deployed).length).to.be.greaterThan(15);
            expect(deployed).to.deep.equal(standalone);
            // Every Kubernetes object through the program's own provider, none through a default one
            // (the environment's kubeconfig would have reached the same cluster).
            const state = JSON.parse((await yaml.must(["stack", "export"])).stdout) as {
                deployment: {
                    resources: { urn: string; type: string; provider?: string; custom?: boolean }[];
                };
            };
            const provider = state.deployment.resources.find(
                (r) => r.type === "pulumi:providers:kubernetes",
            )!;
            expect(provider.urn).to.match(/::cluster$/);
            const objects = state.deployment.resources.filter(
                (r) => r.custom && r.type.startsWith("kubernetes:"),
            );
            expect(objects.length).to.be.greaterThan(20);
            for (const r of objects)
                expect(
                    r.provider?.startsWith(`${provider.urn}::`),
                    `${r.urn}: ${r.provider}`,
                ).to.equal(true);
            // The outputs: the component's, the htpasswd lines a secret.
            const outputs = JSON.parse(
                (await yaml.must(["stack", "output", "--json"])).stdout,
            ) as Record<string, unknown>;
            expect(outputs.collectors).to.deep.equal([
                "alloy-logs",
                "alloy-metrics",
                "alloy-singleton",
            ]);
            expect(outputs.lokiHtpasswd).to.equal("[secret]");
        });

        it("has no perpetual diff: a second preview expects no changes", async () => {
            const again = await yaml.pulumi(["preview", "--expect-no-changes", "--diff"]);
            expect(again.code, tail(again.stdout + again.stderr)).to.equal(0);
        });

        it("destroys everything it made", async () => {
            const destroy = await yaml.pulumi(["destroy", "--yes", "--skip-preview"]);
            expect(destroy.code, tail(destroy.stdout + destroy.stderr)).to.equal(0);
            expect(await cluster.get("namespace", NAMESPACE)).to.equal(undefined);
            const state = JSON.parse((await yaml.must(["stack", "export"])).stdout);
            expect(state.deployment.resources ?? []).to.deep.equal([]);
        });

        it("reports a config mistake in full, quoting no secret, and makes nothing", async () => {
            const mistaken = new EngineStack("mistaken", cluster, {}, []);
            try {
                mistaken.writeProjectFile(
                    "Pulumi.yaml",
                    exampleProject((text) =>
                        text
                            .replace("clusterName: dev-cluster", "clusterName: Dev_Cluster")
                            .replace("https://loki.dev", "https://user:Url-Password-9@loki.dev")
                            .replace(/ {8}options:\n(.*\n){2} {16}- \$\{cluster\}\n/, ""),
                    ),
                );
                mistaken.seedConfig();
                await mistaken.init();
                await mistaken.set("kubeContext", "local");
                const up = await mistaken.pulumi(["up", "--yes", "--skip-preview"]);
                const output = up.stdout + up.stderr;
                expect(up.code, tail(output)).not.to.equal(0);
                expect(output).to.contain(
                    'AlloyMonitoring "monitoring" has 3 problems in its args; nothing was created:',
                );
                expect(output).to.match(
                    /- clusterName: "Dev_Cluster" is not a valid Kubernetes name/,
                );
                expect(output).to.contain('fix: set clusterName to "dev-cluster"');
                expect(output).to.match(/- loki\.url: .* carries credentials/);
                expect(output).to.contain("- provider: names no Kubernetes provider");
                expect(output).not.to.contain("Url-Password-9");
                const state = JSON.parse((await mistaken.must(["stack", "export"])).stdout);
                const types = (state.deployment.resources ?? []).map(
                    (r: { type: string }) => r.type,
                );
                expect(types).not.to.include("alloy-monitoring:index:AlloyMonitoring");
                expect(types.filter((t: string) => t.startsWith("kubernetes:"))).to.deep.equal([]);
                expect(await cluster.get("namespace", NAMESPACE)).to.equal(undefined);
            } finally {
                await mistaken
                    .pulumi(["destroy", "--yes", "--skip-preview"])
                    .catch(() => undefined);
                mistaken.remove();
            }
        });
    });
});
