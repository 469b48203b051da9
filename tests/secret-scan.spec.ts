// No secret through a side door: anything a stack adds to chart values is refused when it is or
// carries a credential, and the refusal never quotes it.
import { expect } from "chai";
import { planStack, tryPlanDeployment } from "../values/plan";
import { hasUrlCredentials, redactCredentials } from "../policy/shared";
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
