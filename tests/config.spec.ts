import { expect } from "chai";
import { decodeConfig } from "../config/decode";
import { ConfigError, type ConfigProblem } from "../config/problems";
import { parseCertificates } from "../config/rules";
import { settingsSchema, type SettingsInput } from "../config/schema";
import { planDeployment, planStack, tryPlanDeployment } from "../values/plan";
import { applyFix, stackConfig, withConfig } from "./harness";
import { CA_ONE, CA_TWO, minimalSettings } from "./fixtures";
import { renderFix } from "../config/fixes";

function problemsOf(input: unknown): ConfigProblem[] {
    return tryPlanDeployment(input).problems;
}

describe("stack config: defaults", () => {
    it("fills in every optional key with the documented default", () => {
        const settings = settingsSchema.parse(minimalSettings());
        expect(settings.namespace).to.equal("monitoring");
        expect(settings.chart).to.deep.equal({
            version: "4.5.0",
            operatorVersion: "0.6.3",
            repository: "https://grafana.github.io/helm-charts",
        });
        expect(settings.loki.secretName).to.equal("loki-tenant-auth");
        expect(settings.trustBundle).to.deep.equal({});
        expect(settings.blackbox).to.deep.equal({ enabled: true });
        expect(settings.integrations).to.deep.equal({
            certManager: { enabled: true, namespace: "cert-manager" },
        });
        // The seeds' choices: kube-proxy (Cilium) and node logs (Talos) off, the rest of their
        // slice on; what needs a destination the seeds have none of (traces, profiles), what runs
        // privileged or in every pod (Beyla), and what replaces a default, off.
        expect(settings.features).to.deep.equal({
            controlPlane: true,
            kubeProxy: false,
            hostMetrics: true,
            podLogs: true,
            podLogsViaKubernetesApi: false,
            nodeLogs: false,
            clusterEvents: true,
            prometheusOperatorObjects: true,
            annotationAutodiscovery: false,
            rulesSync: true,
            applicationObservability: false,
            autoInstrumentation: false,
            profiling: false,
        });
        expect(settings.tempo).to.equal(undefined);
        expect(settings.pyroscope).to.equal(undefined);
        expect(settings.allowInsecureTls).to.equal(false);
        expect(settings.values).to.deep.equal({});
    });

    it("fills in the fields a stack leaves out of an object it sets", () => {
        const settings = settingsSchema.parse(
            minimalSettings({ chart: { version: "4.4.1" }, features: { nodeLogs: true } }),
        );
        expect(settings.chart.repository).to.equal("https://grafana.github.io/helm-charts");
        expect(settings.chart.operatorVersion).to.equal("0.6.3");
        expect(settings.features.nodeLogs).to.equal(true);
        expect(settings.features.kubeProxy).to.equal(false);
    });

    it("derives tenants and the Loki user from the cluster name", () => {
        const { spec } = planDeployment(minimalSettings());
        expect(spec.loki).to.include({ tenantId: "prod-eu-1", username: "prod-eu-1" });
        expect(spec.mimir.tenantId).to.equal("prod-eu-1");
    });

    it("keeps explicit tenants and user", () => {
        const { spec } = planDeployment(
            minimalSettings({
                loki: {
                    url: "https://loki.example.com/loki/api/v1/push",
                    tenantId: "logs-a",
                    username: "writer",
                },
                mimir: { url: "https://mimir.example.com/api/v1/push", tenantId: "metrics-b" },
            }),
        );
        expect(spec.loki).to.include({ tenantId: "logs-a", username: "writer" });
        expect(spec.mimir.tenantId).to.equal("metrics-b");
    });
});

interface BadCase {
    name: string;
    input: Record<string, unknown>;
    /** Every problem it must produce: key, and text that must appear in the message and the fix. */
    expect: { key: string; message: string; fix?: string }[];
}

const base = minimalSettings() as unknown as Record<string, unknown>;
const BAD: BadCase[] = [
    {
        name: "no config at all",
        input: {},
        expect: [
            { key: "clusterName", message: "is required", fix: "pulumi config set clusterName" },
            { key: "loki", message: "is required", fix: "--path loki.url" },
            { key: "mimir", message: "is required", fix: "--path mimir.url" },
        ],
    },
    {
        name: "cluster name that is not a DNS-1123 label",
        input: { ...base, clusterName: "Prod_EU" },
        expect: [
            { key: "clusterName", message: "DNS-1123 label", fix: "pulumi config set clusterName" },
        ],
    },
    {
        name: "cluster name longer than 63 characters",
        input: { ...base, clusterName: "a".repeat(64) },
        expect: [{ key: "clusterName", message: "at most 63" }],
    },
    {
        name: "namespace with upper case",
        input: { ...base, namespace: "Monitoring" },
        expect: [
            {
                key: "namespace",
                message: "DNS-1123 label",
                fix: "pulumi config set namespace monitoring",
            },
        ],
    },
    {
        name: "Loki URL that is not http(s)",
        input: { ...base, loki: { url: "ftp://loki.example.com/push" } },
        expect: [
            { key: "loki.url", message: "only http and https", fix: "--path loki.url https://" },
        ],
    },
    {
        name: "Mimir URL that is not a URL",
        input: { ...base, mimir: { url: "mimir.example.com/api/v1/push" } },
        expect: [{ key: "mimir.url", message: "is not a URL" }],
    },
    {
        name: "URL with credentials",
        input: { ...base, mimir: { url: "https://admin:hunter2@mimir.example.com/api/v1/push" } },
        expect: [{ key: "mimir.url", message: "carries credentials" }],
    },
    {
        name: "URL with a fragment",
        input: { ...base, loki: { url: "https://loki.example.com/loki/api/v1/push#x" } },
        expect: [{ key: "loki.url", message: "#fragment" }],
    },
    {
        name: "chart 3.x",
        input: { ...base, chart: { version: "3.8.12" } },
        expect: [
            { key: "chart.version", message: "v3 and older use destination lists", fix: "4.5.0" },
        ],
    },
    {
        name: "chart 5.x",
        input: { ...base, chart: { version: "5.0.0" } },
        expect: [{ key: "chart.version", message: "a new major may rename" }],
    },
    {
        name: "chart version range",
        input: { ...base, chart: { version: "^4.4.0" } },
        expect: [{ key: "chart.version", message: "not an exact version" }],
    },
    {
        name: "operator version range",
        input: { ...base, chart: { operatorVersion: "0.6" } },
        expect: [{ key: "chart.operatorVersion", message: "not an exact version" }],
    },
    {
        name: "file:// repository that names no absolute directory",
        input: { ...base, chart: { repository: "file://charts" } },
        expect: [
            { key: "chart.repository", message: "not a file:// URL of an absolute directory" },
        ],
    },
    {
        name: "repository that is neither https nor oci",
        input: { ...base, chart: { repository: "git://example.com/charts" } },
        expect: [{ key: "chart.repository", message: "only http and https" }],
    },
    {
        name: "unknown top-level key, close to a known one",
        input: { ...base, namepsace: "monitoring" },
        expect: [
            {
                key: "namepsace",
                message: 'did you mean "namespace"?',
                fix: "pulumi config rm namepsace; pulumi config set namespace monitoring",
            },
        ],
    },
    {
        name: "unknown nested key, close to a known one",
        input: {
            ...base,
            loki: { url: "https://loki.example.com/loki/api/v1/push", tenantID: "x" },
        },
        expect: [
            {
                key: "loki.tenantID",
                message: 'did you mean "tenantId"?',
                fix: "pulumi config rm --path loki.tenantID; pulumi config set --path loki.tenantId x",
            },
        ],
    },
    {
        name: "unknown key with nothing close",
        input: { ...base, features: { tracing: true } },
        expect: [{ key: "features.tracing", message: 'known keys here: "controlPlane"' }],
    },
    {
        name: "feature toggle that is not a boolean",
        input: { ...base, features: { kubeProxy: "yes" } },
        expect: [{ key: "features.kubeProxy", message: "must be true or false" }],
    },
    {
        name: "section that is not an object",
        input: { ...base, loki: "https://loki.example.com/loki/api/v1/push" },
        expect: [{ key: "loki", message: "must be an object" }],
    },
    {
        name: "tenant ID with a separator",
        input: {
            ...base,
            mimir: { url: "https://mimir.example.com/api/v1/push", tenantId: "a|b" },
        },
        expect: [{ key: "mimir.tenantId", message: "not a valid tenant ID" }],
    },
    {
        name: "Loki user with a colon",
        input: {
            ...base,
            loki: { url: "https://loki.example.com/loki/api/v1/push", username: "a:b" },
        },
        expect: [{ key: "loki.username", message: "without ':'" }],
    },
    {
        name: "Secret name that is not a Kubernetes name",
        input: {
            ...base,
            loki: { url: "https://loki.example.com/loki/api/v1/push", secretName: "Loki_Auth" },
        },
        expect: [{ key: "loki.secretName", message: "DNS-1123 subdomain" }],
    },
    {
        name: "trust bundle with both an existing ConfigMap and a PEM",
        input: { ...base, trustBundle: { configMap: "trust-bundle", pem: CA_ONE } },
        expect: [
            {
                key: "trustBundle",
                message: "choose one",
                fix: "pulumi config rm --path trustBundle.configMap",
            },
        ],
    },
    {
        name: "trust bundle with both modes and a PEM that is not one",
        input: { ...base, trustBundle: { configMap: "trust-bundle", pem: "junk" } },
        expect: [
            { key: "trustBundle", message: "choose one" },
            { key: "trustBundle.pem", message: "holds no PEM certificate" },
        ],
    },
    {
        name: "trust bundle key without a bundle",
        input: { ...base, trustBundle: { key: "ca.crt" } },
        expect: [{ key: "trustBundle.key", message: "names a key but no bundle" }],
    },
    {
        name: "PEM that holds no certificate",
        input: { ...base, trustBundle: { pem: "not a certificate" } },
        expect: [
            {
                key: "trustBundle.pem",
                message: "holds no PEM certificate",
                fix: "cat ca-bundle.pem |",
            },
        ],
    },
    {
        name: "PEM whose certificate does not parse",
        input: {
            ...base,
            trustBundle: { pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" },
        },
        expect: [{ key: "trustBundle.pem", message: "certificate 1 does not parse" }],
    },
    {
        name: "PEM with a private key",
        input: {
            ...base,
            trustBundle: {
                pem: `${CA_ONE}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`,
            },
        },
        expect: [{ key: "trustBundle.pem", message: "never a private key" }],
    },
    {
        name: "ConfigMap key with a slash",
        input: { ...base, trustBundle: { configMap: "trust-bundle", key: "ca/bundle.pem" } },
        expect: [{ key: "trustBundle.key", message: "not a valid ConfigMap key" }],
    },
    {
        name: "blackbox probes with a duplicate name, a bad URL and a bad module",
        input: {
            ...base,
            blackbox: {
                targets: [
                    { name: "api", url: "https://api.example.com/healthz" },
                    { name: "api", url: "api.example.com:443", module: "tcp_connect" },
                    { name: "db", url: "db.example.com:5432", module: "postgres" },
                    { name: "web", url: "web.example.com" },
                ],
            },
        },
        expect: [
            { key: "blackbox.targets[1].name", message: "probe names must be unique" },
            {
                key: "blackbox.targets[2].module",
                message: "must be one of http_2xx, tcp_connect, icmp",
            },
            { key: "blackbox.targets[3].url", message: "is not a URL" },
        ],
    },
    {
        name: "tcp probe without a port",
        input: {
            ...base,
            blackbox: { targets: [{ name: "db", url: "db.example.com", module: "tcp_connect" }] },
        },
        expect: [{ key: "blackbox.targets[0].url", message: "is not host:port" }],
    },
    {
        name: "integration the chart does not have, close to one it has",
        input: { ...base, integrations: { etc: { instances: [] } } },
        expect: [{ key: "integrations.etc", message: 'did you mean "etcd"?' }],
    },
    {
        name: "a database integration instance with a literal password",
        input: {
            ...base,
            integrations: {
                mysql: {
                    instances: [
                        {
                            name: "db",
                            exporter: {
                                dataSource: {
                                    host: "db.internal",
                                    auth: { username: "monitor", password: "literal-pw" },
                                },
                            },
                        },
                    ],
                },
            },
        },
        expect: [
            {
                key: "integrations.mysql.instances[0].exporter.dataSource.auth.password",
                message: "literal password",
                fix: "pulumi config rm --path 'integrations.mysql.instances[0].exporter.dataSource.auth.password'",
            },
        ],
    },
    {
        name: "integration instance with a key that integration does not take",
        input: {
            ...base,
            integrations: {
                etcd: { instances: [{ name: "etcd", labelSelector: { component: "etcd" } }] },
            },
        },
        expect: [
            {
                key: "integrations.etcd.instances[0].labelSelector",
                message: 'did you mean "labelSelectors"?',
            },
            // And so it has none, which the chart's etcd template refuses.
            {
                key: "integrations.etcd.instances[0].labelSelectors",
                message: "the chart refuses an instance without a label selector",
                fix: `pulumi config set --path 'integrations.etcd.instances[0].labelSelectors["app.kubernetes.io/name"]' <pod-label-value>`,
            },
        ],
    },
    {
        name: "integration instance with a key of another integration",
        input: {
            ...base,
            integrations: {
                istio: { instances: [{ name: "mesh", namespaces: ["istio-system"] }] },
            },
        },
        expect: [
            {
                key: "integrations.istio.instances[0].namespaces",
                message: "is not a key of istio instances",
            },
        ],
    },
    {
        name: "integration instances with the same name",
        input: {
            ...base,
            integrations: {
                etcd: {
                    instances: [
                        { name: "etcd", labelSelectors: { component: "etcd" } },
                        { name: "etcd", labelSelectors: { app: "etcd" } },
                    ],
                },
            },
        },
        expect: [{ key: "integrations.etcd.instances[1].name", message: "names must be unique" }],
    },
    {
        name: "cert-manager instance named like the one this program adds",
        input: {
            ...base,
            integrations: {
                "cert-manager": {
                    instances: [{ name: "cert-manager", labelSelectors: { app: "cm" } }],
                },
            },
        },
        expect: [{ key: "integrations.cert-manager.instances[0].name", message: "already adds" }],
    },
    {
        name: "ruler URL that cannot be derived",
        input: { ...base, mimir: { url: "https://mimir.example.com/push" } },
        expect: [
            { key: "mimir.rulerUrl", message: "cannot be derived", fix: "--path mimir.rulerUrl" },
        ],
    },
    {
        name: "values that is not an object",
        input: { ...base, values: "clusterMetrics: {}" },
        expect: [{ key: "values", message: "must be an object of k8s-monitoring chart values" }],
    },
];

describe("stack config: bad input", () => {
    for (const bad of BAD) {
        it(`reports ${bad.name}`, () => {
            const problems = problemsOf(bad.input);
            expect(problems.map((p) => p.key)).to.have.members(bad.expect.map((e) => e.key));
            for (const expected of bad.expect) {
                const problem = problems.find((p) => p.key === expected.key)!;
                expect(problem.message).to.contain(expected.message);
                if (expected.fix) expect(renderFix(problem.fix)).to.contain(expected.fix);
            }
        });
    }

    it("reports the mistakes of several keys at once", () => {
        const problems = problemsOf({
            clusterName: "Bad Name",
            loki: { url: "ftp://loki" },
            mimir: { url: "https://mimir.example.com/api/v1/push" },
            features: { kubeproxy: true },
            values: { podLogs: { enabled: true } },
        });
        expect(problems.map((p) => p.key)).to.have.members([
            "clusterName",
            "loki.url",
            "features.kubeproxy",
            "values.podLogs",
        ]);
    });

    it("throws one ConfigError whose message names every key, problem and fix", () => {
        let error: unknown;
        try {
            planDeployment({ clusterName: "X", loki: { url: "nope" } } as unknown as SettingsInput);
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(ConfigError);
        const message = (error as ConfigError).message;
        expect(message).to.contain("3 problems; nothing was deployed");
        expect(message).to.contain("alloy-monitoring:clusterName:");
        expect(message).to.contain("alloy-monitoring:loki.url:");
        expect(message).to.contain("alloy-monitoring:mimir:");
        expect(message.match(/fix: /g)).to.have.length(3);
    });

    it("does not echo the credentials of a URL that carries them", () => {
        const problems = problemsOf({
            ...base,
            loki: { url: "ftp://admin:hunter2@loki.example.com/push" },
        });
        const text = JSON.stringify(problems);
        expect(text).to.contain("loki.url");
        expect(text).not.to.contain("hunter2");
        expect(text).not.to.contain("admin");
    });
});

describe("stack config: raw Pulumi config", () => {
    const prefix = "alloy-monitoring:";
    const raw = (values: Record<string, string>, secret: string[] = []) => ({
        values: Object.fromEntries(Object.entries(values).map(([k, v]) => [prefix + k, v])),
        secretKeys: new Set(secret.map((k) => prefix + k)),
    });

    it("parses objects from JSON and keeps strings as they are", () => {
        const { input, problems } = decodeConfig(
            raw({
                clusterName: "123",
                loki: '{"url":"https://loki.example.com/loki/api/v1/push"}',
            }),
        );
        expect(problems).to.deep.equal([]);
        expect(input).to.deep.equal({
            clusterName: "123",
            loki: { url: "https://loki.example.com/loki/api/v1/push" },
        });
    });

    it("ignores other namespaces' config", () => {
        const { input } = decodeConfig({
            values: { "kubernetes:context": "prod", [`${prefix}clusterName`]: "a" },
            secretKeys: new Set(),
        });
        expect(input).to.deep.equal({ clusterName: "a" });
    });

    it("accepts an encrypted Loki password and keeps its value out of the settings", () => {
        const decoded = decodeConfig(
            raw({ lokiPassword: "correct-horse-battery" }, ["lokiPassword"]),
        );
        expect(decoded.problems).to.deep.equal([]);
        expect(decoded.lokiPasswordSupplied).to.equal(true);
        expect(JSON.stringify(decoded.input)).not.to.contain("correct-horse-battery");
    });

    it("treats the project default (empty) as no password", () => {
        const decoded = decodeConfig(raw({ lokiPassword: "" }));
        expect(decoded.lokiPasswordSupplied).to.equal(false);
        expect(decoded.problems).to.deep.equal([]);
    });

    it("refuses a plaintext Loki password with the --secret command, without echoing it", () => {
        const { problems } = decodeConfig(raw({ lokiPassword: "correct-horse-battery" }));
        expect(problems).to.have.length(1);
        expect(problems[0].key).to.equal("lokiPassword");
        expect(problems[0].message).to.contain("plaintext");
        expect(renderFix(problems[0].fix)).to.contain("pulumi config set --secret lokiPassword");
        expect(JSON.stringify(problems)).not.to.contain("correct-horse-battery");
    });

    it("refuses other keys as secrets: their contents would land in chart values", () => {
        const { problems } = decodeConfig(
            raw({ values: '{"global":{"scrapeInterval":"30s"}}', clusterName: "a" }, ["values"]),
        );
        expect(problems.map((p) => p.key)).to.deep.equal(["values"]);
        expect(problems[0].message).to.contain("only lokiPassword and lokiNextPassword may be");
    });

    it("explains a nested key that was set without --path", () => {
        const { problems } = decodeConfig(
            raw({ "loki.url": "https://loki.example.com/loki/api/v1/push" }),
        );
        expect(problems.map((p) => p.key)).to.deep.equal(["loki.url"]);
        expect(problems[0].message).to.contain("nested keys need --path");
        expect(renderFix(problems[0].fix)).to.contain("pulumi config set --path loki.url");
    });
});

describe("trust bundle PEM", () => {
    it("reads every certificate of a bundle, with comments between them", () => {
        const { certificates, problem } = parseCertificates(
            `# first\n${CA_ONE}\n# second\n${CA_TWO}`,
        );
        expect(problem).to.equal(undefined);
        expect(certificates.map((c) => c.subject)).to.deep.equal([
            "CN=alloy-monitoring test CA one",
            "CN=alloy-monitoring test CA two",
        ]);
    });
});

describe("config: Loki's basic auth over plain http", () => {
    const lokiAt = (url: string, allowPlaintextHttp?: boolean) =>
        tryPlanDeployment(
            minimalSettings({
                loki: { url, ...(allowPlaintextHttp !== undefined ? { allowPlaintextHttp } : {}) },
            }),
        );

    it("refuses http to a host outside the cluster, with the https URL as the fix", () => {
        const { plan, problems } = lokiAt("http://loki.example.com/loki/api/v1/push");
        expect(plan).to.equal(undefined);
        expect(problems).to.have.length(1);
        expect(problems[0].key).to.equal("loki.url");
        expect(problems[0].message)
            .to.contain("password would cross the network readable")
            .and.contain("pulumi config set --path loki.allowPlaintextHttp true");
        expect(renderFix(problems[0].fix)).to.equal(
            "pulumi config set --path loki.url https://loki.example.com/loki/api/v1/push",
        );
        // Reported with the section's other mistakes, not after them.
        const both = tryPlanDeployment(
            minimalSettings({
                loki: { url: "http://10.0.0.5:3100/loki/api/v1/push", tenantId: "a|b" },
            }),
        ).problems.map((p) => p.key);
        expect(both).to.have.members(["loki.url", "loki.tenantId"]);
    });

    it("accepts in-cluster Services and loopback over http, and https anywhere", () => {
        for (const url of [
            "http://loki.monitoring.svc:3100/loki/api/v1/push",
            "http://loki-gateway.loki.svc.cluster.local/loki/api/v1/push",
            "http://localhost:3100/loki/api/v1/push",
            "http://127.0.0.1:3100/loki/api/v1/push",
            "https://loki.example.com/loki/api/v1/push",
        ])
            expect(lokiAt(url).problems, url).to.deep.equal([]);
    });

    it("accepts http outside the cluster only when the stack opts in, at the key", () => {
        const { plan, problems } = lokiAt("http://loki.lab.internal:3100/loki/api/v1/push", true);
        expect(problems).to.deep.equal([]);
        expect(plan!.values.destinations).to.have.nested.property(
            "loki.url",
            "http://loki.lab.internal:3100/loki/api/v1/push",
        );
        expect(JSON.stringify(plan!.values)).not.to.contain("allowPlaintextHttp");
        expect(lokiAt("http://loki.lab.internal/push", false).problems).to.have.length(1);
    });

    it("moves a Loki URL set through values to loki.url, where the same rule holds it", () => {
        const raw = withConfig(stackConfig("dev"), {
            values: { destinations: { loki: { url: "http://loki.example.com/push" } } },
        });
        const [problem] = planStack(raw).problems;
        expect([problem.key, renderFix(problem.fix)]).to.deep.equal([
            "values.destinations.loki.url",
            "pulumi config rm --path values.destinations.loki.url; pulumi config set --path loki.url http://loki.example.com/push",
        ]);
        // Moved, it is the stack's Loki URL: plain http outside the cluster needs the opt-in.
        const moved = applyFix(raw, problem.fix);
        expect(planStack(moved).problems.map((p) => p.key)).to.deep.equal(["loki.url"]);
        const lab = withConfig(moved, {
            loki: { url: "http://loki.example.com/push", allowPlaintextHttp: true },
        });
        expect(planStack(lab).problems).to.deep.equal([]);
    });
});
