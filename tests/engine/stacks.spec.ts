// The program on the real engine, as users run it: the Pulumi CLI (built from Go modules) validates
// the stack config against Pulumi.yaml, its Node.js host loads index.ts on Node 22 through ts-node,
// the Kubernetes provider renders both charts against a local control plane and applies every
// object. For each example stack and for the README's first deploy: preview with the policy pack, up
// in one step on a fresh cluster (or one where an earlier stack left the Alloy CRD), what the
// cluster holds, no perpetual diff, no plaintext password in state, a config change that updates
// only what it should, and a destroy that leaves nothing but the cluster-wide CRD.
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { projectFileReader } from "../../runtime/pulumi-config";
import { listStacks, loadStackFiles } from "../../cli/stack-files";
import { EngineStack, LocalCluster, previewSteps, tail } from "../../scripts/engine/engine";
import { planStack } from "../../values/plan";
import { PROJECT_DIR } from "../harness";

const NAMESPACE = "monitoring";
// The chart names each collector's Alloy object (and its ConfigMap) after the release.
const COLLECTORS = ["alloy-metrics", "alloy-singleton", "alloy-logs"].map(
    (c) => `k8s-monitoring-${c}`,
);
const SUPPLIED_PASSWORD = "supplied-Loki-password-7f3a9c"; // a test value, set through stdin
const TRUST_BUNDLE_PEM = readFileSync(path.join(__dirname, "..", "fixtures", "ca-one.pem"), "utf8");

interface StackCase {
    /** The repo stack file it starts from; undefined for the README's first deploy. */
    from?: string;
    name: string;
    clusterName: string;
    /** Bind the stack to the local cluster as the stack file does: by context or by kubeconfig. */
    binding: "context" | "kubeconfig";
    suppliedPassword: boolean;
    /** The trust bundle the stack configures: a ConfigMap it makes, one that exists, or none. */
    trustBundle: "inline" | "existing" | "none";
    /** The bundle's ConfigMap and key (for "existing", what trust-manager would have written). */
    bundle?: { configMap: string; key: string };
    /** Runs the config-change step (the other stacks share the same code path). */
    change?: boolean;
}

/** Each stack file of the repo, as its plan says it is bound and configured; none is named here. */
function stackFileCase(stack: string, index: number): StackCase {
    const { stack: planned, problems } = planStack(
        loadStackFiles(PROJECT_DIR, stack).raw,
        projectFileReader(PROJECT_DIR),
    );
    if (!planned) throw new Error(`${stack}: ${JSON.stringify(problems)}`);
    const bundle = planned.plan.spec.trustBundle;
    return {
        from: stack,
        name: stack,
        clusterName: planned.plan.spec.clusterName,
        binding: planned.binding.source === "kubeconfig" ? "kubeconfig" : "context",
        suppliedPassword: planned.lokiPasswordSupplied,
        trustBundle: !bundle ? "none" : bundle.pem !== undefined ? "inline" : "existing",
        ...(bundle ? { bundle: { configMap: bundle.configMap, key: bundle.key } } : {}),
        change: index === 0,
    };
}

const STACK_FILE_CASES = listStacks(PROJECT_DIR).map(stackFileCase);
/** A stack file bound by context, for the tests that need any one to start from. */
const A_STACK_FILE = STACK_FILE_CASES.find((c) => c.binding === "context")!.name;

const CASES: StackCase[] = [
    ...STACK_FILE_CASES,
    {
        name: "first-deploy",
        clusterName: "prod-eu-1",
        binding: "context",
        suppliedPassword: false,
        trustBundle: "none",
    },
];

describe("engine: the example stacks on the real CLI, provider and a local control plane", function () {
    this.timeout(30 * 60_000);
    const cluster = new LocalCluster(mkdtempSync(path.join(tmpdir(), "alloy-monitoring-cluster-")));

    before(async () => {
        await cluster.start();
    });
    after(async () => {
        await cluster.stop();
        if (!process.env.ENGINE_KEEP) rmSync(cluster.dir, { recursive: true, force: true });
    });

    // ENGINE_STACKS=dev,prod runs only those (a quicker loop by hand).
    const only = process.env.ENGINE_STACKS?.split(",");
    for (const c of CASES.filter((c) => !only || only.includes(c.name)))
        describe(`stack ${c.name}`, () => {
            let stack: EngineStack;
            let password: string;

            before(async () => {
                stack = new EngineStack(c.name, cluster);
                if (c.from) stack.seedConfig(c.from);
                else stack.seedConfig();
                await stack.init();
                if (c.binding === "context") await stack.set("kubernetes:context", "local");
                else {
                    await stack.rm("kubernetes:context").catch(() => undefined);
                    await stack.set(
                        "kubernetes:kubeconfig",
                        readFileSync(cluster.kubeconfig, "utf8"),
                        {
                            secret: true,
                        },
                    );
                }
                if (!c.from) {
                    // README, "First deploy": only what it sets (and the local chart mirror).
                    await stack.set("clusterName", c.clusterName);
                    await stack.set("loki.url", "https://loki.example.com/loki/api/v1/push", {
                        path: true,
                    });
                    await stack.set("mimir.url", "https://mimir.example.com/api/v1/push", {
                        path: true,
                    });
                }
                if (c.suppliedPassword)
                    await stack.set("lokiPassword", SUPPLIED_PASSWORD, { secret: true });
                await stack.useChartMirror();
                if (c.trustBundle === "existing" && c.bundle) {
                    await cluster.trustBundle(
                        NAMESPACE,
                        c.bundle.configMap,
                        c.bundle.key,
                        TRUST_BUNDLE_PEM,
                    );
                }
            });

            after(async () => {
                // Whatever happened above, leave the cluster as the next stack expects it.
                await stack.pulumi(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
                await cluster.kubectl(
                    "delete",
                    "namespace",
                    NAMESPACE,
                    "--ignore-not-found",
                    "--wait=true",
                );
                stack.remove();
            });

            it("previews with the policy pack", async () => {
                const preview = await stack.pulumi([
                    "preview",
                    "--policy-pack",
                    "policy",
                    "--diff",
                ]);
                expect(preview.code, tail(preview.stdout + preview.stderr)).to.equal(0);
                // The pack ran, and found no mandatory violation (advisories are allowed).
                expect(preview.stdout).to.match(
                    /Policy Packs run:\s+Name\s+Version\s+alloy-monitoring\|local\|policy/,
                );
                expect(preview.stdout).not.to.contain("[mandatory]");
            });

            it("deploys in one `pulumi up` on a fresh cluster", async () => {
                const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
                expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);
            });

            it("leaves the cluster holding what the README promises", async () => {
                const ns = await cluster.get("namespace", NAMESPACE);
                for (const mode of ["enforce", "audit", "warn"])
                    expect(ns.metadata.labels[`pod-security.kubernetes.io/${mode}`]).to.equal(
                        "privileged",
                    );

                const secret = await cluster.get("-n", NAMESPACE, "secret", "loki-tenant-auth");
                expect(Object.keys(secret.data)).to.have.members([
                    "username",
                    "password",
                    "tenantId",
                ]);
                const decoded = (key: string) => Buffer.from(secret.data[key], "base64").toString();
                expect(decoded("username")).to.equal(c.clusterName);
                expect(decoded("tenantId")).to.equal(c.clusterName);
                if (c.suppliedPassword) password = SUPPLIED_PASSWORD;
                else {
                    const out = await stack.must([
                        "stack",
                        "output",
                        "lokiPassword",
                        "--show-secrets",
                    ]);
                    password = out.stdout.trim();
                    expect(password).to.have.length(32);
                }
                expect(decoded("password")).to.equal(password);

                const bundle = await cluster.get(
                    "-n",
                    NAMESPACE,
                    "configmap",
                    c.bundle?.configMap ?? "trust-bundle",
                );
                if (!c.bundle) expect(bundle).to.equal(undefined);
                else expect(bundle.data[c.bundle.key]).to.contain("BEGIN CERTIFICATE");

                const operator = await cluster.get("-n", NAMESPACE, "deployment", "alloy-operator");
                const available = (operator.status.conditions ?? []).find(
                    (x: any) => x.type === "Available",
                );
                const node = await cluster.get("nodes");
                expect(
                    available?.status,
                    JSON.stringify([operator.status, node.items[0].status.conditions]),
                ).to.equal("True");
                expect(await cluster.get("crd", "alloys.collectors.grafana.com")).not.to.equal(
                    undefined,
                );

                const alloys = await cluster.get("-n", NAMESPACE, "alloys.collectors.grafana.com");
                expect(alloys.items.map((a: any) => a.metadata.name)).to.have.members(COLLECTORS);
                for (const alloy of alloys.items) {
                    const config = await collectorConfig(cluster, alloy);
                    expect(config, alloy.metadata.name).to.contain(c.clusterName);
                    const mounts = JSON.stringify(alloy.spec.alloy?.mounts ?? {});
                    if (c.trustBundle === "none") expect(mounts).not.to.contain("trust-bundle");
                    else expect(mounts, alloy.metadata.name).to.contain("trust-bundle");
                }
                const metrics = await collectorConfig(
                    cluster,
                    alloys.items.find((a: any) => a.metadata.name === COLLECTORS[0]),
                );
                const logs = await collectorConfig(
                    cluster,
                    alloys.items.find((a: any) => a.metadata.name === COLLECTORS[2]),
                );
                // The tenant: Mimir's as a header, Loki's read from the Secret, never inlined.
                expect(metrics).to.match(/url = "https:\/\/mimir[^"]*\/api\/v1\/push"/);
                expect(metrics).to.contain(`"X-Scope-OrgID" = "${c.clusterName}"`);
                expect(logs).to.match(/url = "https:\/\/loki[^"]*\/loki\/api\/v1\/push"/);
                expect(logs).to.contain(
                    'tenant_id = convert.nonsensitive(remote.kubernetes.secret.loki.data["tenantId"])',
                );
                expect(logs).to.contain('name      = "loki-tenant-auth"');
                if (c.bundle)
                    expect(metrics).to.contain(`ca_file = "/etc/ssl/trust-bundle/${c.bundle.key}"`);
                expect(logs + metrics).not.to.contain(password);
            });

            it("has no perpetual diff: a second preview expects no changes", async () => {
                const again = await stack.pulumi(["preview", "--expect-no-changes", "--diff"]);
                expect(again.code, tail(again.stdout + again.stderr)).to.equal(0);
            });

            it("keeps the password out of state in plaintext", async () => {
                const state = await stack.must(["stack", "export"]);
                expect(state.stdout).not.to.contain(password);
                expect(JSON.parse(state.stdout).deployment.resources.length).to.be.greaterThan(20);
            });

            if (c.change)
                it("updates only the collector a config change is about (a probe, a toggle)", async () => {
                    await stack.set("blackbox.targets[0].name", "grafana", { path: true });
                    await stack.set(
                        "blackbox.targets[0].url",
                        "https://grafana.example.com/api/health",
                        {
                            path: true,
                        },
                    );
                    await stack.set("features.clusterEvents", "false", { path: true });
                    const preview = await stack.must(["preview", "--json"]);
                    const changed = previewSteps(preview.stdout).filter((s) => s.op !== "same");
                    const report = changed.map((s) => `${s.op} ${s.type} ${s.name}`);
                    expect(changed.length, report.join("\n")).to.be.greaterThan(0);
                    // Only the configurations of the two collectors concerned change (and the chart's
                    // release-info), as in-place ConfigMap updates (enableConfigMapMutable; the
                    // provider would replace them otherwise), with the chart component's values;
                    // the namespace, the Secret, the operator, the password and the Alloy objects stay.
                    expect(report.sort(), report.join("\n")).to.deep.equal(
                        [
                            ...["alloy-metrics", "alloy-singleton", "release-info"].map(
                                (n) =>
                                    `update kubernetes:core/v1:ConfigMap alloy-monitoring-k8s-monitoring:monitoring/k8s-monitoring-${n}`,
                            ),
                            "update alloy-monitoring:index:K8sMonitoring alloy-monitoring-k8s-monitoring",
                        ].sort(),
                    );
                    const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
                    expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);
                    const metrics = await cluster.get(
                        "-n",
                        NAMESPACE,
                        "alloys.collectors.grafana.com",
                        COLLECTORS[0],
                    );
                    expect(await collectorConfig(cluster, metrics)).to.contain(
                        "grafana.example.com/api/health",
                    );
                    const again = await stack.pulumi(["preview", "--expect-no-changes"]);
                    expect(again.code, tail(again.stdout + again.stderr)).to.equal(0);
                });

            it("destroys everything it made but the cluster-wide Alloy CRD", async () => {
                const destroy = await stack.pulumi(["destroy", "--yes", "--skip-preview"]);
                expect(destroy.code, tail(destroy.stdout + destroy.stderr)).to.equal(0);
                expect(await cluster.get("namespace", NAMESPACE)).to.equal(undefined);
                // Kept (crds.removeOnDestroy is off): the next stack here adopts it, as
                // tests/engine/day-two.spec.ts shows with the other team's collectors around it.
                expect(await cluster.get("crd", "alloys.collectors.grafana.com")).not.to.equal(
                    undefined,
                );
                const state = JSON.parse((await stack.must(["stack", "export"])).stdout);
                expect(state.deployment.resources ?? []).to.deep.equal([]);
            });
        });

    // Traces, profiles, Beyla and annotation autodiscovery, first-class (README, Stack config): the
    // five collectors, Beyla's DaemonSet and the receiver's OTLP ports, in one up, with the pack.
    it("deploys traces, profiles, Beyla and annotation autodiscovery in one up, then nothing to change", async () => {
        const stack = new EngineStack("lgtm", cluster);
        try {
            stack.seedConfig();
            await stack.init();
            await stack.set("kubernetes:context", "local");
            await stack.set("clusterName", "lgtm");
            await stack.set("loki.url", "https://loki.example.com/loki/api/v1/push", {
                path: true,
            });
            await stack.set("mimir.url", "https://mimir.example.com/api/v1/push", { path: true });
            await stack.set("tempo.url", "http://tempo-distributor.tempo.svc:4317", { path: true });
            await stack.set("pyroscope.url", "http://pyroscope.pyroscope.svc:4040", { path: true });
            for (const toggle of [
                "applicationObservability",
                "autoInstrumentation",
                "profiling",
                "annotationAutodiscovery",
            ])
                await stack.set(`features.${toggle}`, "true", { path: true });
            await stack.useChartMirror();
            const preview = await stack.pulumi(["preview", "--policy-pack", "policy", "--diff"]);
            expect(preview.code, tail(preview.stdout + preview.stderr)).to.equal(0);
            expect(preview.stdout).not.to.contain("[mandatory]");
            const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);

            const alloys = await cluster.get("-n", NAMESPACE, "alloys.collectors.grafana.com");
            expect(alloys.items.map((a: any) => a.metadata.name)).to.have.members(
                [
                    "alloy-metrics",
                    "alloy-singleton",
                    "alloy-logs",
                    "alloy-receiver",
                    "alloy-profiles",
                ].map((c) => `k8s-monitoring-${c}`),
            );
            const receiver = alloys.items.find((a: any) => a.metadata.name.endsWith("receiver"));
            const ports = (receiver.spec.alloy.extraPorts ?? []).map((p: any) => p.port);
            expect(ports).to.include.members([4317, 4318]);
            const receiverConfig = await collectorConfig(cluster, receiver);
            expect(receiverConfig).to.contain("otelcol.receiver.otlp");
            expect(receiverConfig).to.contain('"X-Scope-OrgID" = "lgtm"');
            const profiles = alloys.items.find((a: any) => a.metadata.name.endsWith("profiles"));
            expect(profiles.spec.controller.type).to.equal("daemonset");
            expect(await collectorConfig(cluster, profiles)).to.contain("pyroscope.write");
            const daemonsets = await cluster.get("-n", NAMESPACE, "daemonsets");
            expect(daemonsets.items.map((d: any) => d.metadata.name)).to.include(
                "k8s-monitoring-beyla",
            );

            const again = await stack.pulumi(["preview", "--expect-no-changes", "--diff"]);
            expect(again.code, tail(again.stdout + again.stderr)).to.equal(0);
            const destroy = await stack.pulumi(["destroy", "--yes", "--skip-preview"]);
            expect(destroy.code, tail(destroy.stdout + destroy.stderr)).to.equal(0);
            expect(await cluster.get("namespace", NAMESPACE)).to.equal(undefined);
        } finally {
            await stack.pulumi(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
            stack.remove();
        }
    });

    // README, "Air-gapped clusters" and "Policies": a stack with a namespace and Loki Secret of its
    // own, both charts from the repository's chart mirror by a relative path, passes the policy pack
    // with its default config; a privileged namespace the component does not declare is refused.
    it("deploys a stack with its own namespace and Secret from vendor/charts, which the policy pack follows", async () => {
        const stack = new EngineStack("own-namespace", cluster);
        const namespace = "observability";
        try {
            stack.seedConfig();
            await stack.init();
            await stack.set("kubernetes:context", "local");
            await stack.set("clusterName", "own-namespace");
            await stack.set("namespace", namespace);
            await stack.set("loki.url", "https://loki.example.com/loki/api/v1/push", {
                path: true,
            });
            await stack.set("loki.secretName", "loki-basic-auth", { path: true });
            await stack.set("mimir.url", "https://mimir.example.com/api/v1/push", { path: true });
            await stack.set("chart.repository", "vendor/charts", { path: true });
            const preview = await stack.pulumi(["preview", "--policy-pack", "policy", "--diff"]);
            expect(preview.code, tail(preview.stdout + preview.stderr)).to.equal(0);
            expect(preview.stdout).to.match(
                /Policy Packs run:\s+Name\s+Version\s+alloy-monitoring\|local\|policy/,
            );
            expect(preview.stdout).not.to.contain("[mandatory]");
            const up = await stack.pulumi([
                "up",
                "--yes",
                "--skip-preview",
                "--policy-pack",
                "policy",
            ]);
            expect(up.code, tail(up.stdout + up.stderr)).to.equal(0);
            const ns = await cluster.get("namespace", namespace);
            expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).to.equal("privileged");
            const secret = await cluster.get("-n", namespace, "secret", "loki-basic-auth");
            expect(Object.keys(secret.data)).to.have.members(["username", "password", "tenantId"]);
            const alloys = await cluster.get("-n", namespace, "alloys.collectors.grafana.com");
            expect(alloys.items).to.have.length(3);

            // The same program with one more privileged namespace of its own making.
            const program = readFileSync(path.join(PROJECT_DIR, "index.ts"), "utf8").replace(
                "export = ",
                [
                    'import { Namespace } from "@pulumi/kubernetes/core/v1";',
                    'new Namespace("payments", { metadata: { name: "payments", labels: { "pod-security.kubernetes.io/enforce": "privileged" } } }, { provider });',
                    "export = ",
                ].join("\n"),
            );
            expect(program).to.contain('new Namespace("payments"');
            stack.writeProjectFile("index.ts", program);
            const refused = await stack.pulumi(["preview", "--policy-pack", "policy"]);
            expect(refused.code).not.to.equal(0);
            const report = refused.stdout + refused.stderr;
            expect(report).to.match(
                /\[mandatory\]\s+privileged-pod-security-only-for-monitoring[\s\S]*namespace payments is labelled/,
            );
            expect(report).not.to.contain(`namespace ${namespace} is labelled`);
            expect(await cluster.get("namespace", "payments")).to.equal(undefined);

            const destroy = await stack.pulumi(["destroy", "--yes", "--skip-preview"]);
            expect(destroy.code, tail(destroy.stdout + destroy.stderr)).to.equal(0);
            expect(await cluster.get("namespace", namespace)).to.equal(undefined);
        } finally {
            await stack.pulumi(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
            stack.remove();
        }
    });

    it("turns the default Kubernetes provider off, as Pulumi.yaml says (`pulumi:disable-default-providers`)", async () => {
        // The project's own Pulumi.yaml, with a program that forgets the explicit provider.
        const stack = new EngineStack("forgetful", cluster);
        try {
            stack.writeProjectFile(
                "index.ts",
                'import { Namespace } from "@pulumi/kubernetes/core/v1";\nnew Namespace("forgotten", {});\n',
            );
            // A valid stack config: the CLI checks it against Pulumi.yaml before the program runs.
            stack.seedConfig(A_STACK_FILE);
            await stack.init();
            const preview = await stack.pulumi(["preview"]);
            expect(preview.code).not.to.equal(0);
            expect(preview.stdout + preview.stderr).to.contain(
                "Default provider for 'kubernetes' disabled",
            );
        } finally {
            stack.remove();
        }
    });

    // A catalogue row that only a live cluster reaches (charts/feature-cluster-metrics/templates/
    // _helpers.tpl:44): with an existing kube-state-metrics, the chart looks its pods up during the
    // provider's render, which `helm template` skips. What the README's Known limits say to do.
    it("stops a preview whose kube-state-metrics labelMatchers find no pod, with the chart's message", async () => {
        const stack = new EngineStack("lookup", cluster);
        const ksm = ["-n", "ksm"];
        try {
            await stack.initFrom(A_STACK_FILE);
            await stack.set("values.telemetryServices.kube-state-metrics.deploy", "false", {
                path: true,
            });
            await stack.set("values.clusterMetrics.kube-state-metrics.namespace", "ksm", {
                path: true,
            });
            await stack.set(
                'values.clusterMetrics.kube-state-metrics.labelMatchers["app.kubernetes.io/name"]',
                "kube-state-metrics",
                { path: true },
            );
            await cluster.kubectl("create", "namespace", "ksm");
            await cluster.kubectl(
                ...ksm,
                "run",
                "other",
                "--image=busybox",
                "--labels=app.kubernetes.io/name=other",
            );
            const refused = await stack.pulumi(["preview"]);
            expect(refused.code).not.to.equal(0);
            expect(refused.stdout + refused.stderr).to.contain(
                'Unable to find any kube-state-metrics pods matching the configured labelMatchers in namespace "ksm".',
            );
            await cluster.kubectl(
                ...ksm,
                "run",
                "kube-state-metrics",
                "--image=busybox",
                "--labels=app.kubernetes.io/name=kube-state-metrics",
            );
            const accepted = await stack.pulumi(["preview"]);
            expect(accepted.code, tail(accepted.stdout + accepted.stderr)).to.equal(0);
        } finally {
            await cluster.kubectl("delete", "namespace", "ksm", "--wait=false");
            stack.remove();
        }
    });

    it("refuses a stack whose context the kubeconfig lacks, before anything is created", async () => {
        const stack = new EngineStack("no-such-context", cluster);
        try {
            await stack.initFrom(A_STACK_FILE, "prod-eu-9");
            const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
            expect(up.code).not.to.equal(0);
            expect(up.stdout + up.stderr).to.contain('context "prod-eu-9" does not exist');
            expect(await cluster.get("namespace", NAMESPACE)).to.equal(undefined);
            const state = JSON.parse((await stack.must(["stack", "export"])).stdout);
            // Nothing reached the cluster: no Kubernetes object is in state (only components,
            // the provider and the generated password, which never leave Pulumi).
            const objects = (state.deployment.resources ?? [])
                .map((r: { type: string }) => r.type)
                .filter((t: string) => t.startsWith("kubernetes:"));
            expect(objects).to.deep.equal([]);
        } finally {
            stack.remove();
        }
    });
});

/** A collector's Alloy configuration as the cluster holds it (in the Alloy object or its ConfigMap). */
async function collectorConfig(cluster: LocalCluster, alloy: any): Promise<string> {
    const configMap = alloy.spec?.alloy?.configMap ?? {};
    if (typeof configMap.content === "string" && configMap.content !== "") return configMap.content;
    const name = configMap.name ?? alloy.metadata.name;
    const cm = await cluster.get("-n", alloy.metadata.namespace, "configmap", name);
    if (!cm)
        throw new Error(
            `no configuration for ${alloy.metadata.name}: ${JSON.stringify(configMap)}`,
        );
    const key = configMap.key ?? "config.alloy";
    return String(cm.data?.[key] ?? parse(JSON.stringify(cm.data)));
}
