// No secret through a side door: anything a stack adds to chart values is refused when it is or
// carries a credential, and the refusal never quotes it.
import { expect } from "chai";
import { planStack, tryPlanDeployment } from "../values/plan";
import { hasUrlCredentials, redactCredentials } from "../policy/shared";
import { renderFix } from "../config/fixes";
import { secretProblems } from "../values/secret-scan";
import { minimalSettings } from "./fixtures";
import { stackConfig, withConfig } from "./harness";

const SECRET = "s3cr3t-Value/with@odd#chars";
const keysOf = (values: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const { problems } = tryPlanDeployment({ ...minimalSettings(), values, ...extra });
    expect(JSON.stringify(problems)).not.to.contain(SECRET);
    expect(JSON.stringify(problems)).not.to.contain("s3cr3t");
    return problems.map((p) => p.key);
};

describe("no secret through a side door", () => {
    it("refuses a Kubernetes Secret with data under values.extraObjects", () => {
        expect(
            keysOf({
                extraObjects: [
                    {
                        apiVersion: "v1",
                        kind: "Secret",
                        metadata: { name: "x" },
                        stringData: { token: SECRET },
                    },
                ],
            }),
        ).to.deep.equal(["values.extraObjects[0]"]);
        expect(
            keysOf({ extraObjects: [{ apiVersion: "v1", kind: "ConfigMap", data: { a: "b" } }] }),
        ).to.deep.equal([]);
    });

    it("refuses credentials in the user info of any URL, a password with '/' or '@' included", () => {
        for (const url of [
            `https://writer:${SECRET}@loki.example.com/loki/api/v1/push`,
            `https://${SECRET}@mimir.example.com/api/v1/push`,
        ])
            expect(keysOf({ destinations: { loki: { url } } })).to.deep.equal([
                "values.destinations.loki.url",
            ]);
        expect(hasUrlCredentials("see https://grafana.com/docs/a@b for details")).to.equal(false);
        // A value is read whole: a password with spaces is credentials, and redacted whole.
        const spaced = "https://writer:correct horse battery@loki.example.com/loki/api/v1/push";
        expect(hasUrlCredentials(spaced)).to.equal(true);
        expect(redactCredentials(spaced)).to.equal(
            "https://REDACTED@loki.example.com/loki/api/v1/push",
        );
        expect(redactCredentials("admin:pa ss\tword@db.internal:5432")).to.equal(
            "REDACTED@db.internal:5432",
        );
        // Each URL of a text on its own, up to the quote that closes it.
        expect(
            redactCredentials(
                'url = "https://a:b c@one.example.com" // ops@example.com https://x:y@two',
            ),
        ).to.equal(
            'url = "https://REDACTED@one.example.com" // ops@example.com https://REDACTED@two',
        );
        expect(hasUrlCredentials("https://a:b/c@host/path")).to.equal(true);
    });

    // A password may hold any character a URL parser accepts in user info, quotes and brackets too.
    const QUOTED_PASSWORDS = [
        "s3cr'et-Pa55",
        's3cr"et-Pa55',
        "s3cr`et-Pa55",
        "s3cr<et-Pa55",
        "s3cr>et-Pa55",
    ];

    it("sees user info whose password holds a quote or a bracket, in chart values and in Alloy configuration", () => {
        for (const password of QUOTED_PASSWORDS) {
            const url = `https://writer:${password}@loki.example.com/loki/api/v1/push`;
            expect(hasUrlCredentials(url), password).to.equal(true);
            expect(redactCredentials(url), password).to.equal(
                "https://REDACTED@loki.example.com/loki/api/v1/push",
            );
            const { problems } = tryPlanDeployment({
                ...minimalSettings(),
                values: { destinations: { loki: { url } } },
            });
            expect(
                problems.map((p) => p.key),
                password,
            ).to.include("values.destinations.loki.url");
            expect(JSON.stringify(problems), password).not.to.contain("et-Pa55");
            // Quoted in Alloy configuration, escaped as Alloy escapes it, the URL ends at its quote.
            const escaped = url.replace(/["\\]/g, (c) => `\\${c}`);
            const config = `prometheus.remote_write "x" {\n  endpoint {\n    url = "${escaped}"\n  }\n}`;
            expect(hasUrlCredentials(config), config).to.equal(true);
            expect(redactCredentials(config)).not.to.contain("et-Pa55");
        }
    });

    it("keeps a quoted URL ending at its closing quote, and a quoted address after a URL apart", () => {
        for (const text of [
            'url = "https://mimir.example.com/api/v1/push"\nowner = "ops@example.com"',
            "url = 'https://mimir.example.com/api/v1/push' // ops@example.com",
            'see https://grafana.com/docs for details, or mail "ops@example.com"',
            "see <https://grafana.com/docs> or <ops@example.com>",
        ])
            expect(hasUrlCredentials(text), text).to.equal(false);
    });

    it("never quotes such a password in a message or a fix, at any key that takes a URL", () => {
        for (const password of QUOTED_PASSWORDS) {
            const url = (host: string, path = "") => `https://writer:${password}@${host}${path}`;
            const raw = withConfig(stackConfig("dev"), {
                loki: { url: url("loki.example.com", "/loki/api/v1/push") },
                mimir: {
                    url: url("mimir.example.com", "/api/v1/push"),
                    rulerURL: url("mimir.example.com"),
                },
                chart: { repository: url("charts.example.com") },
                blackbox: { targets: [{ name: "web", url: url("web.example.com", "/") }] },
            });
            const { problems } = planStack(raw);
            expect(
                problems.map((p) => p.key),
                password,
            ).to.include.members([
                "loki.url",
                "mimir.url",
                "mimir.rulerURL",
                "chart.repository",
                "blackbox.targets[0].url",
            ]);
            const shown = problems.map((p) => `${p.message} ${renderFix(p.fix)}`).join("\n");
            expect(shown, password).not.to.contain("et-Pa55");
            // The mistyped key is renamed in the stack file: no command carries the password.
            const rename = problems.find((p) => p.key === "mimir.rulerURL")!;
            expect(
                rename.fix.map((step) => step.kind),
                password,
            ).to.deep.equal(["edit"]);
        }
    });

    it("refuses secret-looking keys, environment values and literal secrets in Alloy config", () => {
        const keys = keysOf({
            destinations: {
                loki: { auth: { password: SECRET } },
                mimir: { auth: { oauth2: { clientSecret: SECRET } }, tls: { key: SECRET } },
            },
            global: { apiKey: SECRET },
            collectors: {
                "alloy-metrics": {
                    alloy: { extraEnv: [{ name: "GRAFANA_API_TOKEN", value: SECRET }] },
                    extraConfig: `prometheus.remote_write "x" {\n  endpoint {\n    basic_auth {\n      password = "${SECRET}"\n    }\n  }\n}`,
                },
            },
        });
        expect(keys).to.have.members([
            "values.destinations.loki.auth.password",
            // And Loki's auth is the program's own (its Secret), which these values would replace.
            "values.destinations.loki.auth",
            "values.destinations.mimir.auth.oauth2.clientSecret",
            "values.destinations.mimir.tls.key",
            "values.global.apiKey",
            "values.collectors.alloy-metrics.alloy.extraEnv[0].value",
            "values.collectors.alloy-metrics.extraConfig",
        ]);
    });

    it("refuses a private key or a credential in an integration instance", () => {
        const pem = `-----BEGIN RSA PRIVATE KEY-----\n${SECRET}\n-----END RSA PRIVATE KEY-----`;
        const integrations = {
            etcd: {
                instances: [
                    {
                        name: "etcd",
                        labelSelectors: { app: "etcd" },
                        metrics: { tls: { key: SECRET }, bearer: pem },
                    },
                ],
            },
        };
        expect(keysOf({}, { integrations })).to.have.members([
            "integrations.etcd.instances[0].metrics.tls.key",
            "integrations.etcd.instances[0].metrics.bearer",
        ]);
    });

    it("lets through what only names or references a secret", () => {
        expect(
            keysOf({
                destinations: {
                    archive: {
                        type: "prometheus",
                        url: "https://archive.example.com/api/v1/push",
                        auth: { type: "basic", usernameKey: "user", passwordKey: "password" },
                        secret: { create: false, name: "archive-auth", namespace: "monitoring" },
                        bearerTokenFile: "/var/run/secrets/token",
                    },
                },
                collectors: {
                    "alloy-metrics": {
                        extraConfig: 'password = remote.kubernetes.secret.auth.data["password"]',
                        alloy: {
                            extraEnv: [
                                {
                                    name: "API_TOKEN",
                                    valueFrom: { secretKeyRef: { name: "a", key: "b" } },
                                },
                            ],
                        },
                    },
                },
            }),
        ).to.deep.equal([]);
        // Nor anything the program generates itself.
        const { plan } = tryPlanDeployment(minimalSettings());
        expect(secretProblems(plan!.values, [])).to.deep.equal([]);
    });

    it("refuses a tree nested beyond any chart value's depth, without walking it", () => {
        let deep: Record<string, unknown> = { leaf: "x" };
        for (let i = 0; i < 200; i++) deep = { a: deep };
        const problems = secretProblems(deep, ["values"]);
        expect(problems).to.have.length(1);
        expect(problems[0].message).to.contain("nested more than");
    });

    it("is the same check offline, from raw stack config", () => {
        const raw = withConfig(stackConfig("dev"), {
            values: { extraObjects: [{ kind: "Secret", data: { password: SECRET } }] },
        });
        const { problems, stack } = planStack(raw);
        expect(stack).to.equal(undefined);
        expect(problems.map((p) => p.key)).to.deep.equal(["values.extraObjects[0]"]);
        expect(JSON.stringify(problems)).not.to.contain("s3cr3t");
    });
});
