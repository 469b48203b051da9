// Fixes are pasted into shells by people in a hurry: a pasted fix must never make things worse.
import { expect } from "chai";
import { configPath, type ConfigProblem, uniqueProblems } from "../config/problems";
import { tryPlanDeployment, planStack } from "../values/plan";
import { minimalSettings } from "./fixtures";
import { applyFix, stackConfig, withConfig } from "./harness";
import { removeKey, renderFix, shellQuote } from "../config/fixes";

function only(problems: ConfigProblem[], key: string): ConfigProblem {
    const found = problems.filter((p) => p.key === key);
    expect(found, `${key} in ${JSON.stringify(problems)}`).to.have.length(1);
    return found[0];
}

const settings = (changes: Record<string, unknown>) =>
    tryPlanDeployment({ ...minimalSettings(), ...changes }).problems;

describe("fixes a user can paste safely", () => {
    it("corrects the user's own cluster name instead of suggesting another cluster's", () => {
        const { fix } = only(settings({ clusterName: "StagingUS" }), "clusterName");
        expect(renderFix(fix)).to.equal("pulumi config set clusterName stagingus");
    });

    it("declares a value plaintext where the Pulumi CLI would take the key for a secret's", () => {
        // `pulumi config set --path loki.secretName loki-basic-auth` is refused by the CLI
        // (3.274.1, seen on the engine) unless told --secret or --plaintext.
        const problems = settings({
            loki: {
                url: "https://loki.example.com/loki/api/v1/push",
                secretName: "Loki_Basic_Auth",
            },
        });
        expect(renderFix(only(problems, "loki.secretName").fix)).to.equal(
            "pulumi config set --plaintext --path loki.secretName loki-basic-auth",
        );
        // Not for other keys, and never for a secret (it is typed at the prompt).
        expect(renderFix([removeKey("loki.secretName")])).to.equal(
            "pulumi config rm --path loki.secretName",
        );
        expect(renderFix(only(settings({ clusterName: "A_B" }), "clusterName").fix)).not.to.contain(
            "--plaintext",
        );
    });

    it("keeps the user's tenant, made valid", () => {
        const problems = settings({
            loki: { url: "https://loki.example.com/loki/api/v1/push", tenantId: "team a|b" },
        });
        expect(renderFix(only(problems, "loki.tenantId").fix)).to.equal(
            "pulumi config set --path loki.tenantId team-a-b",
        );
    });

    it("corrects a URL in place: scheme, credentials and fragment, never a made-up host", () => {
        const problems = settings({
            loki: { url: "ftp://loki.internal:3100/loki/api/v1/push" },
            mimir: { url: "https://user:pw@mimir.internal/api/v1/push#x" },
        });
        expect(renderFix(only(problems, "loki.url").fix)).to.equal(
            "pulumi config set --path loki.url https://loki.internal:3100/loki/api/v1/push",
        );
        const mimir = only(problems, "mimir.url");
        expect(renderFix(mimir.fix)).to.equal(
            "pulumi config set --path mimir.url https://mimir.internal/api/v1/push",
        );
        expect(JSON.stringify(mimir)).not.to.contain("pw@");
    });

    it("uses a <placeholder>, which a shell refuses, where there is nothing to correct", () => {
        const problems = settings({ loki: {}, clusterName: "__" });
        expect(renderFix(only(problems, "loki.url").fix)).to.equal(
            "pulumi config set --path loki.url <https://loki.example.com/loki/api/v1/push>",
        );
        expect(renderFix(only(problems, "clusterName").fix)).to.equal(
            "pulumi config set clusterName <cluster-name>",
        );
        const missing = tryPlanDeployment({}).problems;
        for (const key of ["clusterName", "loki", "mimir"])
            expect(renderFix(only(missing, key).fix)).to.match(/<[^>]+>$/);
    });

    it("keeps a mistyped secret key secret: did you mean lokiPassword, with --secret", () => {
        const { problems } = planStack(
            withConfig(stackConfig("dev"), { lokiPasword: "typed-in-a-hurry" }),
        );
        const problem = only(problems, "lokiPasword");
        expect(problem.message).to.contain('did you mean "lokiPassword"');
        expect(renderFix(problem.fix)).to.equal(
            "pulumi config rm lokiPasword; pulumi config set --secret lokiPassword",
        );
        expect(JSON.stringify(problems)).not.to.contain("typed-in-a-hurry");
    });

    it("names each kind of mistake with a stable code, and reports one mistake once", () => {
        const { problems } = planStack(
            withConfig(stackConfig("dev"), {
                clusterName: "StagingUS",
                lokiPasword: "typed-in-a-hurry",
                loki: { url: "https://writer:pass word@loki.example.com/loki/api/v1/push" },
                features: { kubeProxy: "yes" },
                blackbox: {
                    targets: [
                        { name: "a", url: "x" },
                        { name: "a", url: "y" },
                    ],
                },
                values: {
                    podLogs: { enabled: true },
                    extraObjects: [{ kind: "Secret", data: {} }],
                },
            }),
        );
        expect(problems.map((p) => [p.key, p.code])).to.have.deep.members([
            ["clusterName", "dns-label"],
            ["lokiPasword", "unknown-key"],
            ["loki.url", "http-url"],
            ["features.kubeProxy", "invalid-type"],
            ["blackbox.targets[0].url", "probe-target"],
            ["blackbox.targets[1].url", "probe-target"],
            ["blackbox.targets[1].name", "duplicate-name"],
            ["values.podLogs", "legacy-key"],
            ["values.extraObjects[0]", "secret-in-values"],
        ]);
        const ids = problems.map((p) => `${p.code} ${p.key}`);
        expect(new Set(ids).size).to.equal(ids.length);
    });

    it("never puts a password on the command line: the CLI prompts for a secret", () => {
        const { problems } = planStack(
            withConfig(stackConfig("dev"), { lokiPassword: "typed-in-plaintext" }),
        );
        expect(renderFix(only(problems, "lokiPassword").fix)).to.equal(
            "pulumi config rm lokiPassword; pulumi config set --secret lokiPassword",
        );
        expect(JSON.stringify(problems)).not.to.contain("typed-in-plaintext");
    });

    it("fixes a boolean with the boolean meant, or the key's default, never a placeholder", () => {
        const fixOf = (changes: Record<string, unknown>, key: string) =>
            renderFix(only(planStack(withConfig(stackConfig("dev"), changes)).problems, key).fix);
        expect(fixOf({ features: { kubeProxy: "yes" } }, "features.kubeProxy")).to.equal(
            "pulumi config set --path features.kubeProxy true",
        );
        expect(fixOf({ features: { hostMetrics: "off" } }, "features.hostMetrics")).to.equal(
            "pulumi config set --path features.hostMetrics false",
        );
        // Nothing to read in it: the default (the blackbox exporter is on by default).
        expect(fixOf({ blackbox: { enabled: "maybe" } }, "blackbox.enabled")).to.equal(
            "pulumi config set --path blackbox.enabled true",
        );
        expect(fixOf({ ambientKubeconfig: "sure" }, "ambientKubeconfig")).to.equal(
            "pulumi config set ambientKubeconfig false",
        );
    });

    it("turns a feature on by its toggle, not through values, and says nothing else of it first", () => {
        const raw = withConfig(stackConfig("dev"), {
            values: { applicationObservability: { enabled: true } },
        });
        const { problems } = planStack(raw);
        expect(problems.map((p) => [p.key, renderFix(p.fix)])).to.deep.equal([
            [
                "values.applicationObservability.enabled",
                "pulumi config rm --path values.applicationObservability.enabled; pulumi config set --path features.applicationObservability true",
            ],
        ]);
        // Applied, the toggle asks for what it needs: a destination for the traces.
        const toggled = applyFix(raw, problems[0].fix);
        expect(planStack(toggled).problems.map((p) => [p.key, renderFix(p.fix)])).to.deep.equal([
            [
                "features.applicationObservability",
                "pulumi config set --path tempo.url <https://tempo.example.com:4317>",
            ],
        ]);
    });

    it("turns a gRPC URL into the HTTP push URL, without the gRPC port", () => {
        const fixOf = (changes: Record<string, unknown>, key: string) =>
            renderFix(only(planStack(withConfig(stackConfig("dev"), changes)).problems, key).fix);
        expect(
            fixOf({ loki: { url: "grpc://loki.example.com:9095/loki/api/v1/push" } }, "loki.url"),
        ).to.equal("pulumi config set --path loki.url https://loki.example.com/loki/api/v1/push");
        // In the cluster: a Service's plain http, as the seeds use.
        expect(
            fixOf({ mimir: { url: "grpc://mimir.monitoring.svc:9095/api/v1/push" } }, "mimir.url"),
        ).to.equal("pulumi config set --path mimir.url http://mimir.monitoring.svc/api/v1/push");
    });

    it("writes list items and dotted keys the way --path parses them, quoted for the shell", () => {
        const problems = settings({
            blackbox: {
                targets: [{ name: "my probe!", url: "https://grafana.internal/api/health" }],
            },
        });
        expect(renderFix(only(problems, "blackbox.targets[0].name").fix)).to.equal(
            "pulumi config set --path 'blackbox.targets[0].name' my-probe",
        );
        expect(
            configPath([
                "integrations",
                "etcd",
                "instances",
                0,
                "labelSelectors",
                "app.kubernetes.io/name",
            ]),
        ).to.equal('integrations.etcd.instances[0].labelSelectors["app.kubernetes.io/name"]');
        expect(shellQuote(`it's`)).to.equal(`'it'\\''s'`);
    });

    it("renames a mistyped key with the user's value, unless that value is not safe to type", () => {
        const fixOf = (changes: Record<string, unknown>, key: string) =>
            only(planStack(withConfig(stackConfig("dev"), changes)).problems, key).fix;
        expect(renderFix(fixOf({ namepsace: "observability" }, "namepsace"))).to.equal(
            "pulumi config rm namepsace; pulumi config set namespace observability",
        );
        // A list cannot be set in one command, and credentials never go on a command line.
        const listFix = fixOf(
            { blackbox: { enabled: true, targts: [{ name: "a", url: "https://a.internal" }] } },
            "blackbox.targts",
        );
        expect(listFix).to.deep.equal([
            { kind: "edit", change: "rename blackbox.targts to blackbox.targets" },
        ]);
        const credentialFix = fixOf(
            {
                mimir: {
                    url: "https://mimir.internal/api/v1/push",
                    rulerURL: "https://u:hunter2@m.internal",
                },
            },
            "mimir.rulerURL",
        );
        expect(credentialFix[0].kind).to.equal("edit");
        expect(JSON.stringify(credentialFix)).not.to.contain("hunter2");
    });

    it("renders every fix in one way: --path where nested, a flat key bare, a secret by prompt", () => {
        expect(
            renderFix([
                { kind: "rm", key: "loki.url", flat: true },
                { kind: "set", key: "loki.url", value: "https://loki.internal/push" },
            ]),
        ).to.equal(
            "pulumi config rm loki.url; pulumi config set --path loki.url https://loki.internal/push",
        );
        // A value handed to a secret step is dropped, not typed where shell history keeps it.
        expect(
            renderFix([{ kind: "set", key: "lokiPassword", secret: true, value: "pw" }]),
        ).to.equal("pulumi config set --secret lokiPassword");
        expect(
            renderFix([{ kind: "set", key: "trustBundle.pem", fromFile: "my ca.pem" }]),
        ).to.equal("cat 'my ca.pem' | pulumi config set --path trustBundle.pem");
        expect(renderFix([{ kind: "set", key: "clusterName", value: "<cluster-name>" }])).to.equal(
            "pulumi config set clusterName <cluster-name>",
        );
        expect(renderFix([{ kind: "set", key: "clusterName", value: "a b" }])).to.equal(
            "pulumi config set clusterName 'a b'",
        );
    });

    it("never quotes an encrypted value, nor its offline placeholder, as if it were the value", () => {
        const raw = stackConfig("dev");
        const run = (value: string) =>
            planStack(withConfig(raw, { clusterName: value }, ["clusterName"])).problems;
        for (const value of ["[secret]", "Not_A_Valid_Name"]) {
            const problems = run(value);
            expect(problems.map((p) => p.key)).to.deep.equal(["clusterName"]);
            expect(problems[0].message).to.contain("its value is not shown");
            expect(JSON.stringify(problems)).not.to.contain(value);
        }
    });
});

describe("problems: one per code and key", () => {
    it("drops a repeat of the same mistake at the same key, keeping the first", () => {
        const fix = [removeKey("values.a")];
        const a = { code: "too-deep", key: "values.a", message: "first", fix };
        const b = { code: "too-deep", key: "values.a", message: "second", fix };
        const c = { code: "credential-in-values", key: "values.a", message: "other", fix };
        expect(uniqueProblems([a, b, c])).to.deep.equal([a, c]);
    });
});
