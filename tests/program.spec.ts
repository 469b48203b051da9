// The whole program under Pulumi's mocks, with the dev fixture stack plus the project defaults.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { decodeConfig } from "../config/decode";
import { planDeployment } from "../values/plan";
import {
    GENERATED_PASSWORD,
    MOCK_RANDOM_ID_HEX,
    type ProgramRun,
    type Registration,
    resolvedExports,
    runProgram,
    stackConfig,
    unwrapSecrets,
    withConfig,
} from "./harness";
import { CA_ONE } from "./fixtures";
import { htpasswdLine } from "../values/htpasswd";

const T = {
    stack: "pulumi:pulumi:Stack",
    monitoring: "alloy-monitoring:index:AlloyMonitoring",
    credentials: "alloy-monitoring:index:TenantCredentials",
    trustBundle: "alloy-monitoring:index:TrustBundle",
    operator: "alloy-monitoring:index:AlloyOperator",
    k8sMonitoring: "alloy-monitoring:index:K8sMonitoring",
    namespace: "kubernetes:core/v1:Namespace",
    secret: "kubernetes:core/v1:Secret",
    configMap: "kubernetes:core/v1:ConfigMap",
    password: "random:index/randomPassword:RandomPassword",
    chart: "kubernetes:helm.sh/v4:Chart",
    provider: "pulumi:providers:kubernetes",
};

function find(run: ProgramRun, type: string, name?: string): Registration {
    const found = run.registrations.filter(
        (r) => r.type === type && (name === undefined || r.name === name),
    );
    expect(found, `${type} ${name ?? ""}`).to.have.length(1);
    return found[0];
}

/** Every string in the inputs that contains `needle`, with its path and whether it sat under a secret. */
function occurrences(run: ProgramRun, needle: string) {
    const found: { resource: string; path: string; secret: boolean }[] = [];
    for (const r of run.registrations) {
        const secretPaths: string[] = [];
        const plain = unwrapSecrets(r.inputs, "", secretPaths);
        const walk = (value: unknown, at: string): void => {
            if (typeof value === "string" && value.includes(needle))
                found.push({
                    resource: `${r.type}::${r.name}`,
                    path: at,
                    secret: secretPaths.some((p) => at === p || at.startsWith(`${p}.`)),
                });
            else if (value && typeof value === "object")
                for (const [k, v] of Object.entries(value)) walk(v, at ? `${at}.${k}` : k);
        };
        walk(plain, "");
    }
    return found;
}

describe("program: the dev stack", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(stackConfig("dev"));
        expect(run.error).to.equal(undefined);
    });

    it("creates exactly the namespace, credentials, operator and k8s-monitoring releases", () => {
        const created = run.registrations.map((r) => `${r.type}::${r.name}`).sort();
        expect(created).to.deep.equal(
            [
                `${T.stack}::alloy-monitoring-dev`,
                `${T.monitoring}::alloy-monitoring`,
                `${T.namespace}::alloy-monitoring-namespace`,
                `${T.credentials}::alloy-monitoring-loki`,
                `${T.password}::alloy-monitoring-loki-password`,
                // The htpasswd line's salt: random once, so the line is the same on every run.
                "random:index/randomId:RandomId::alloy-monitoring-loki-htpasswd-salt",
                `${T.secret}::alloy-monitoring-loki-secret`,
                // dev uses trust-manager's ConfigMap: the component exists, but creates nothing.
                `${T.trustBundle}::alloy-monitoring-trust-bundle`,
                `${T.operator}::alloy-monitoring-operator`,
                `${T.chart}::alloy-monitoring-operator`,
                `${T.k8sMonitoring}::alloy-monitoring-k8s-monitoring`,
                `${T.chart}::alloy-monitoring-k8s-monitoring`,
                `${T.provider}::cluster`,
            ].sort(),
        );
    });

    it("deploys every Kubernetes object through the stack's own provider, bound to its context", () => {
        const provider = find(run, T.provider, "cluster");
        expect(unwrapSecrets(provider.inputs)).to.deep.include({
            context: "dev-cluster",
            // What a kept CRD and a take-over need from providers that refuse existing objects
            // (a provider's inputs reach the engine as strings).
            upsertExistingObjects: "true",
            // Collector configurations update in place (tests/engine: no ConfigMap replaced).
            enableConfigMapMutable: "true",
        });
        expect(provider.inputs).not.to.have.property("kubeconfig");
        // A provider reference is `<urn>::<id>`; the mocks give every custom resource `<name>-id`.
        const ref = `${provider.urn}::cluster-id`;
        const kubernetes = run.registrations.filter((r) => r.type.startsWith("kubernetes:"));
        expect(kubernetes.map((r) => r.type)).to.include.members([T.namespace, T.secret, T.chart]);
        for (const r of kubernetes) {
            // Custom resources name it; the remote Chart component renders its objects with it.
            if (r.custom) expect(r.provider, r.name).to.equal(ref);
            else expect(r.providers.kubernetes, r.name).to.equal(ref);
        }
        // The top component hands it down; nothing is left to the default provider.
        expect(find(run, T.monitoring).providers.kubernetes).to.equal(ref);
    });

    it("puts every resource inside a component of this program", () => {
        const urnOf = (type: string, name: string) => find(run, type, name).urn;
        const top = urnOf(T.monitoring, "alloy-monitoring");
        const parents: [string, string, string][] = [
            [T.monitoring, "alloy-monitoring", urnOf(T.stack, "alloy-monitoring-dev")],
            [T.namespace, "alloy-monitoring-namespace", top],
            [T.credentials, "alloy-monitoring-loki", top],
            [T.trustBundle, "alloy-monitoring-trust-bundle", top],
            [T.operator, "alloy-monitoring-operator", top],
            [T.k8sMonitoring, "alloy-monitoring-k8s-monitoring", top],
            [
                T.password,
                "alloy-monitoring-loki-password",
                urnOf(T.credentials, "alloy-monitoring-loki"),
            ],
            [
                T.secret,
                "alloy-monitoring-loki-secret",
                urnOf(T.credentials, "alloy-monitoring-loki"),
            ],
            [T.chart, "alloy-monitoring-operator", urnOf(T.operator, "alloy-monitoring-operator")],
            [
                T.chart,
                "alloy-monitoring-k8s-monitoring",
                urnOf(T.k8sMonitoring, "alloy-monitoring-k8s-monitoring"),
            ],
        ];
        for (const [type, name, parent] of parents)
            expect(find(run, type, name).parent, name).to.equal(parent);
    });

    it("orders creation namespace → secret → operator → k8s-monitoring (destroy runs in reverse)", () => {
        const namespace = find(run, T.namespace).urn;
        const secret = find(run, T.secret).urn;
        const operatorChart = find(run, T.chart, "alloy-monitoring-operator").urn;
        expect(find(run, T.secret).dependencies).to.include(namespace);
        expect(find(run, T.chart, "alloy-monitoring-operator").dependencies).to.deep.equal([
            namespace,
        ]);
        expect(find(run, T.chart, "alloy-monitoring-k8s-monitoring").dependencies).to.have.members([
            namespace,
            secret,
            operatorChart,
        ]);
    });

    it("labels the namespace for privileged Pod Security", () => {
        const { metadata } = find(run, T.namespace).inputs as {
            metadata: { name: string; labels: object };
        };
        expect(metadata.name).to.equal("monitoring");
        expect(metadata.labels).to.include({
            "pod-security.kubernetes.io/enforce": "privileged",
            "pod-security.kubernetes.io/audit": "privileged",
            "pod-security.kubernetes.io/warn": "privileged",
        });
    });

    it("installs the operator chart as its own release", () => {
        const inputs = unwrapSecrets(find(run, T.chart, "alloy-monitoring-operator").inputs);
        expect(inputs).to.deep.equal({
            name: "alloy-operator",
            namespace: "monitoring",
            chart: "alloy-operator",
            version: "0.6.3",
            repositoryOpts: { repo: "https://grafana.github.io/helm-charts" },
            values: { crds: { deployAlloyCRD: true } },
        });
    });

    it("keeps the cluster-wide CRDs on destroy, unless crds.removeOnDestroy (engine: tests/engine)", async () => {
        // The operator's chart carries the transform that marks its CRDs retainOnDelete; the
        // collectors' chart has no CRD and no transform. The switch is an input reviewers see.
        expect(find(run, T.chart, "alloy-monitoring-operator").transforms).to.equal(1);
        expect(find(run, T.chart, "alloy-monitoring-k8s-monitoring").transforms).to.equal(0);
        expect(find(run, T.operator).inputs.retainCrds).to.equal(true);
        const removing = await runProgram(
            withConfig(stackConfig("dev"), { crds: { removeOnDestroy: true } }),
        );
        expect(find(removing, T.chart, "alloy-monitoring-operator").transforms).to.equal(0);
        expect(find(removing, T.operator).inputs.retainCrds).to.equal(false);
    });

    it("forces its values over another install's only with takeOver (engine: tests/engine)", async () => {
        // The transform on AlloyMonitoring reaches every object below it, the charts' too.
        expect(find(run, T.monitoring).transforms).to.equal(0);
        const taking = await runProgram(withConfig(stackConfig("dev"), { takeOver: true }));
        expect(find(taking, T.monitoring).transforms).to.equal(1);
    });

    it("hands k8s-monitoring exactly the values the pure layer plans for this config", () => {
        const inputs = find(run, T.chart, "alloy-monitoring-k8s-monitoring").inputs;
        const planned = planDeployment(decodeConfig(stackConfig("dev")).input as never);
        expect(inputs).to.deep.equal({
            name: "k8s-monitoring",
            namespace: "monitoring",
            chart: "k8s-monitoring",
            version: "4.5.0",
            repositoryOpts: { repo: "https://grafana.github.io/helm-charts" },
            values: planned.values,
        });
        // The chart's inputs carry no secret at all, so nothing is hidden from the preview diff.
        const secretPaths: string[] = [];
        unwrapSecrets(inputs, "", secretPaths);
        expect(secretPaths).to.deep.equal([]);
        const values = inputs.values as Record<string, Record<string, Record<string, unknown>>>;
        expect(values.cluster.name).to.equal("dev-cluster");
        expect(values.destinations.loki.secret).to.deep.equal({
            create: false,
            name: "loki-tenant-auth",
            namespace: "monitoring",
        });
        expect(values["alloy-operator"]).to.deep.equal({ deploy: false });
    });

    it("keeps the Loki credentials in a Secret whose contents are secret", () => {
        const secret = find(run, T.secret);
        const secretPaths: string[] = [];
        const inputs = unwrapSecrets(secret.inputs, "", secretPaths) as {
            metadata: { name: string; namespace: string };
            type: string;
            stringData: Record<string, string>;
        };
        expect(inputs.metadata).to.include({ name: "loki-tenant-auth", namespace: "monitoring" });
        expect(inputs.type).to.equal("Opaque");
        expect(inputs.stringData).to.deep.equal({
            username: "dev-cluster",
            password: GENERATED_PASSWORD,
            tenantId: "dev-cluster",
        });
        expect(secretPaths).to.include("stringData");
        expect(find(run, T.password).inputs).to.deep.include({ length: 32, special: false });
    });

    it("has the generated password nowhere outside a secret", () => {
        const found = occurrences(run, GENERATED_PASSWORD);
        expect(found.length).to.be.greaterThan(0);
        expect(found.filter((f) => !f.secret && !f.resource.startsWith(T.password))).to.deep.equal(
            [],
        );
    });

    it("exports what a user needs, and the generated password only as a secret", async () => {
        const exported = await resolvedExports(run);
        // Every output is plain but the password and the htpasswd lines.
        const secrets = Object.keys(exported).filter((key) => exported[key].secret);
        expect(secrets.sort()).to.deep.equal(["lokiHtpasswd", "lokiPassword"]);
        const value = (key: string) => exported[key].value;
        expect(value("namespace")).to.equal("monitoring");
        expect(value("collectors")).to.deep.equal([
            "alloy-logs",
            "alloy-metrics",
            "alloy-singleton",
        ]);
        expect(value("clusterName")).to.equal("dev-cluster");
        expect(value("chartVersion")).to.equal("4.5.0");
        expect(value("allowInsecureTls")).to.equal(false);
        expect(value("mimir")).to.deep.equal({
            url: "https://mimir.dev.example.com/api/v1/push",
            tenantId: "dev-cluster",
            rulerUrl: "https://mimir.dev.example.com",
        });
        expect(value("loki")).to.deep.equal({
            url: "https://loki.dev.example.com/loki/api/v1/push",
            tenantId: "dev-cluster",
            username: "dev-cluster",
            secretName: "loki-tenant-auth",
        });
        expect(value("trustBundle")).to.deep.equal({
            configMap: "trust-bundle",
            key: "trust-bundle.pem",
            caFile: "/etc/ssl/trust-bundle/trust-bundle.pem",
        });
        expect(value("blackboxTargets")).to.deep.equal(["loki", "mimir"]);
        expect(exported.lokiPassword).to.deep.equal({ value: GENERATED_PASSWORD, secret: true });
        // The gateway's side: one line for the collectors' user and password, a secret.
        const htpasswd = exported.lokiHtpasswd as { value: string; secret: boolean };
        expect(htpasswd.secret).to.equal(true);
        expect(htpasswd.value).to.equal(
            `${htpasswdLine("dev-cluster", GENERATED_PASSWORD, Buffer.from(MOCK_RANDOM_ID_HEX, "hex"))}\n`,
        );
    });
});

describe("program: other stacks", () => {
    it("uses a supplied secret password: no RandomPassword, not exported, never outside a secret", async () => {
        const supplied = "supplied-Loki-password-42";
        const run = await runProgram(
            withConfig(stackConfig("dev"), { lokiPassword: supplied }, ["lokiPassword"]),
        );
        expect(run.error).to.equal(undefined);
        expect(run.registrations.filter((r) => r.type === T.password)).to.deep.equal([]);
        const found = occurrences(run, supplied);
        expect(found.map((f) => f.resource)).to.deep.equal([
            `${T.secret}::alloy-monitoring-loki-secret`,
        ]);
        expect(found.every((f) => f.secret)).to.equal(true);
        expect(run.exports!.lokiPassword).to.equal(undefined);
    });

    it("makes the trust bundle ConfigMap from a PEM, before k8s-monitoring", async () => {
        const run = await runProgram(
            withConfig(stackConfig("dev"), { trustBundle: { pem: CA_ONE } }),
        );
        expect(run.error).to.equal(undefined);
        const configMap = find(run, T.configMap);
        expect(configMap.parent).to.equal(find(run, T.trustBundle).urn);
        expect(unwrapSecrets(configMap.inputs)).to.deep.include({
            data: { "trust-bundle.pem": CA_ONE },
        });
        expect((configMap.inputs as { metadata: object }).metadata).to.include({
            name: "trust-bundle",
            namespace: "monitoring",
        });
        expect(find(run, T.chart, "alloy-monitoring-k8s-monitoring").dependencies).to.include(
            configMap.urn,
        );
    });

    it("leaves out the outputs of what a stack does not use", async () => {
        const run = await runProgram(
            withConfig(stackConfig("dev"), { trustBundle: {}, features: { rulesSync: false } }),
        );
        expect(run.error).to.equal(undefined);
        const exported = await resolvedExports(run);
        expect(exported).not.to.have.property("trustBundle");
        expect(exported.mimir.value).to.deep.equal({
            url: "https://mimir.dev.example.com/api/v1/push",
            tenantId: "dev-cluster",
        });
        expect(run.registrations.map((r) => r.type)).not.to.include(T.trustBundle);
    });

    it("deploys into the configured namespace", async () => {
        const run = await runProgram(withConfig(stackConfig("dev"), { namespace: "telemetry" }));
        expect(run.error).to.equal(undefined);
        for (const type of [T.secret])
            expect(
                (find(run, type).inputs as { metadata: { namespace: string } }).metadata.namespace,
            ).to.equal("telemetry");
        for (const name of ["alloy-monitoring-operator", "alloy-monitoring-k8s-monitoring"])
            expect(find(run, T.chart, name).inputs.namespace).to.equal("telemetry");
    });
});

describe("program: bad config", () => {
    const cases: {
        name: string;
        changes: Record<string, unknown>;
        secret?: string[];
        keys: string[];
    }[] = [
        {
            name: "missing required keys",
            changes: { clusterName: undefined, loki: undefined },
            keys: ["clusterName", "loki"],
        },
        {
            name: "a plaintext password and a bad URL",
            changes: { lokiPassword: "plain-text-password", mimir: { url: "ftp://mimir" } },
            keys: ["lokiPassword", "mimir.url"],
        },
        {
            name: "a chart of another major",
            changes: { chart: { version: "3.8.12" } },
            keys: ["chart.version"],
        },
        {
            name: "a local chart directory without the archives",
            changes: { chart: { repository: "no-such-chart-mirror" } },
            keys: ["chart.repository"],
        },
        { name: "an unknown key", changes: { lokiPasword: "x" }, keys: ["lokiPasword"] },
        {
            name: "a value override that breaks the chart",
            changes: { values: { "alloy-operator": { deploy: true } } },
            keys: ["values.alloy-operator.deploy"],
        },
    ];

    for (const c of cases) {
        it(`registers nothing but the stack for ${c.name}, and says why`, async () => {
            const run = await runProgram(withConfig(stackConfig("dev"), c.changes, c.secret));
            expect(run.error).to.be.instanceOf(Error);
            expect(pulumi.RunError.isInstance(run.error)).to.equal(true);
            expect(run.registrations.map((r) => r.type)).to.deep.equal([T.stack]);
            for (const key of c.keys)
                expect(run.error!.message).to.contain(`alloy-monitoring:${key}:`);
            expect(run.error!.message).not.to.contain("plain-text-password");
        });
    }
});

describe("program: cluster binding", () => {
    const dev = stackConfig("dev");
    function without(key: string, raw = dev) {
        const values = { ...raw.values };
        delete values[key];
        return { values, secretKeys: raw.secretKeys };
    }

    it("registers nothing for a stack that names no cluster", async () => {
        const run = await runProgram(without("kubernetes:context"));
        expect(pulumi.RunError.isInstance(run.error)).to.equal(true);
        expect(run.error!.message).to.contain("kubernetes:context: is not set");
        expect(run.registrations.map((r) => r.type)).to.deep.equal([T.stack]);
    });

    it("hands a kubeconfig stored as a secret to the provider, still secret", async () => {
        const kubeconfig = "apiVersion: v1\nkind: Config\n# token: provider-kubeconfig-secret\n";
        const raw = without("kubernetes:context");
        const run = await runProgram({
            values: { ...raw.values, "kubernetes:kubeconfig": kubeconfig },
            secretKeys: new Set([...raw.secretKeys, "kubernetes:kubeconfig"]),
        });
        expect(run.error).to.equal(undefined);
        const provider = find(run, T.provider, "cluster");
        const secretPaths: string[] = [];
        const inputs = unwrapSecrets(provider.inputs, "", secretPaths) as Record<string, unknown>;
        expect(inputs.kubeconfig).to.equal(kubeconfig);
        expect(secretPaths).to.include("kubeconfig");
        expect(inputs).not.to.have.property("context");
    });

    it("uses the environment's kubeconfig when the stack opts in, still through its own provider", async () => {
        const run = await runProgram(
            withConfig(without("kubernetes:context"), { ambientKubeconfig: "true" }),
        );
        expect(run.error).to.equal(undefined);
        const provider = find(run, T.provider, "cluster");
        expect(unwrapSecrets(provider.inputs)).not.to.have.any.keys("context", "kubeconfig");
        expect(find(run, T.namespace).provider).to.equal(`${provider.urn}::cluster-id`);
    });
});
