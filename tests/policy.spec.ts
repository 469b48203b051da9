// The policy pack, offline: each policy called with fake arguments, and all of them over what the
// real program registers for the dev stack.
import { expect } from "chai";
import { secretProblems } from "../values/secret-scan";
import type {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { unwrapSecrets } from "./harness";
import { runProgram, stackConfig } from "./harness";
import type { RawConfig } from "../config/decode";
import {
    chartVersionPinned,
    collectorResources,
    lokiSecretIsSecret,
    noSecretsInChartValues,
    POLICIES,
    privilegedOnlyForMonitoring,
    tlsVerificationOn,
} from "../policy/policies";

type Props = Record<string, unknown>;

function resource(
    type: string,
    props: Props,
    config: object = {},
    additionalSecretOutputs: string[] = [],
): ResourceValidationArgs & PolicyResource {
    return {
        type,
        props,
        urn: `urn:pulumi:dev::alloy-monitoring::${type}::r`,
        name: "r",
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs,
        },
        stackTags: new Map(),
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason}`);
        },
    };
}

async function violations(
    policy: ResourceValidationPolicy,
    args: ResourceValidationArgs,
): Promise<string[]> {
    const found: string[] = [];
    await (
        policy.validateResource as (
            a: ResourceValidationArgs,
            r: (m: string) => void,
        ) => void | Promise<void>
    )(args, (m) => found.push(m));
    return found;
}

async function stackViolations(
    policy: StackValidationPolicy,
    resources: PolicyResource[],
    config: object = {},
): Promise<string[]> {
    const found: string[] = [];
    await policy.validateStack(
        {
            resources,
            stackTags: new Map(),
            getConfig: <T extends object>() => config as T,
            notApplicable: () => {
                throw new Error("n/a");
            },
        },
        (m) => found.push(m),
    );
    return found;
}

const chart = (values: Props, ...version: unknown[]) =>
    resource("kubernetes:helm.sh/v4:Chart", {
        chart: "k8s-monitoring",
        version: version.length > 0 ? version[0] : "4.4.0",
        values,
    });

describe("policy pack", () => {
    it("reads charts where the engine shows them: this program's chart components, not the remote helm.v4.Chart", async () => {
        // On the engine (tests/engine), the provider registers helm.v4.Chart with no inputs.
        const remote = resource("kubernetes:helm.sh/v4:Chart", {});
        expect(await violations(chartVersionPinned, remote)).to.deep.equal([]);
        const component = (version: unknown, values: Props = {}) =>
            resource("alloy-monitoring:index:K8sMonitoring", {
                chart: "k8s-monitoring",
                version,
                values,
            });
        expect(await violations(chartVersionPinned, component("4.4.0"))).to.deep.equal([]);
        expect(await violations(chartVersionPinned, component("4.x"))).to.have.length(1);
        const insecure = component("4.4.0", {
            destinations: { mimir: { tls: { insecureSkipVerify: true } } },
        });
        expect(await stackViolations(tlsVerificationOn, [insecure])).to.have.length(1);
        const leaky = component("4.4.0", {
            destinations: { loki: { auth: { password: "literal-pass" } } },
        });
        expect(await stackViolations(noSecretsInChartValues, [leaky])).to.have.length(1);
    });

    it("still checks chart values in a preview where a generated password is not known yet", async () => {
        // @pulumi/policy throws when a policy reads a value that is unknown in a preview.
        const secret = resource("kubernetes:core/v1:Secret", {
            metadata: { name: "loki-tenant-auth" },
            get stringData(): never {
                throw new Error("string value at .stringData can't be known during preview");
            },
        });
        const leaky = chart({ destinations: { loki: { auth: { password: "literal-pass" } } } });
        expect(await stackViolations(noSecretsInChartValues, [secret, leaky])).to.have.length(1);
    });

    it("holds every chart to an exact version", async () => {
        expect(await violations(chartVersionPinned, chart({}))).to.deep.equal([]);
        for (const version of ["^4.4.0", "4.x", undefined, ""])
            expect(
                await violations(chartVersionPinned, chart({}, version)),
                String(version),
            ).to.have.length(1);
        expect(
            await violations(chartVersionPinned, resource("kubernetes:core/v1:Namespace", {})),
        ).to.deep.equal([]);
    });

    it("finds credentials in chart values by shape, and copies of the stack's Secrets, never quoting them", async () => {
        const password = "a-long-loki-password-42";
        const secret = resource("kubernetes:core/v1:Secret", {
            metadata: { name: "loki-tenant-auth" },
            stringData: { password },
        });
        const found = await stackViolations(noSecretsInChartValues, [
            secret,
            chart({
                destinations: {
                    loki: { auth: { password: "literal-pass" } },
                    mimir: { url: "https://u:p@mimir/api/v1/push", extraHeaders: { X: password } },
                },
                extraObjects: [{ kind: "Secret", stringData: { t: "x" } }],
            }),
        ]);
        expect(found).to.have.length(4);
        expect(found.join("\n"))
            .to.contain("values.destinations.loki.auth.password")
            .and.contain("values.destinations.mimir.url")
            .and.contain("values.destinations.mimir.extraHeaders.X")
            .and.contain("values.extraObjects[0]");
        expect(found.join("\n")).not.to.contain(password).and.not.to.contain("literal-pass");
        expect(
            await stackViolations(noSecretsInChartValues, [
                secret,
                chart({ destinations: { loki: { auth: { passwordKey: "password" } } } }),
            ]),
        ).to.deep.equal([]);
    });

    it("finds a URL password with spaces, tabs and other separators, as the program does", async () => {
        for (const password of ["correct horse battery", "tab\tbed", "nb\u00a0sp", "new\nline"]) {
            const values = {
                destinations: { loki: { url: `https://writer:${password}@loki.example.com/push` } },
            };
            const found = await stackViolations(noSecretsInChartValues, [chart(values)]);
            expect(found, JSON.stringify(password)).to.deep.equal([
                "values.destinations.loki.url holds a URL with credentials in it (not shown)",
            ]);
            // The program refuses the same value, at the same key.
            expect(secretProblems(values, ["values"]).map((p) => p.key)).to.deep.equal([
                "values.destinations.loki.url",
            ]);
        }
    });

    it("refuses TLS verification turned off, unless the stack or the pack's config opts in", async () => {
        const insecure = chart({ destinations: { mimir: { tls: { insecureSkipVerify: true } } } });
        expect(await stackViolations(tlsVerificationOn, [insecure])).to.deep.equal([
            "destinations.mimir.tls.insecureSkipVerify holds a switch that turns off TLS verification",
        ]);
        expect(
            await stackViolations(tlsVerificationOn, [insecure], { allowInsecureTls: true }),
        ).to.deep.equal([]);
        // The stack's own opt-in (allowInsecureTls), which its AlloyMonitoring declares.
        const component = (allowInsecureTls: boolean) =>
            resource("alloy-monitoring:index:AlloyMonitoring", {
                namespace: "monitoring",
                allowInsecureTls,
            });
        const optedIn = component(true);
        expect(
            await stackViolations(tlsVerificationOn, [optedIn, { ...insecure, parent: optedIn }]),
        ).to.deep.equal([]);
        const notOptedIn = component(false);
        expect(
            await stackViolations(tlsVerificationOn, [
                notOptedIn,
                { ...insecure, parent: notOptedIn },
            ]),
        ).to.have.length(1);
        const alloy = resource("kubernetes:collectors.grafana.com/v1alpha1:Alloy", {
            spec: {
                alloy: { configMap: { content: "tls_config {\n  insecure_skip_verify = true\n}" } },
            },
        });
        expect(await stackViolations(tlsVerificationOn, [alloy])).to.have.length(1);
    });

    it("allows privileged Pod Security on the namespace the stack's AlloyMonitoring creates, and on no other", async () => {
        const component = (namespace: string, secretName = "loki-tenant-auth") =>
            resource("alloy-monitoring:index:AlloyMonitoring", { namespace, loki: { secretName } });
        const ns = (name: string, parent?: PolicyResource) => ({
            ...resource("kubernetes:core/v1:Namespace", {
                metadata: {
                    name,
                    labels: { "pod-security.kubernetes.io/enforce": "privileged" },
                },
            }),
            ...(parent ? { parent } : {}),
        });
        const check = (resources: PolicyResource[], config: object = {}) =>
            stackViolations(privilegedOnlyForMonitoring, resources, config);
        // A stack with its own namespace: the component declares it, its child is that namespace.
        const observability = component("observability");
        expect(await check([observability, ns("observability", observability)])).to.deep.equal([]);
        // An unrelated privileged namespace in the same program is still refused, named.
        const refused = await check([
            observability,
            ns("observability", observability),
            ns("payments"),
        ]);
        expect(refused).to.have.length(1);
        expect(refused[0]).to.match(/^namespace payments is labelled/);
        // A child named otherwise than the component declares is not its namespace.
        expect(await check([observability, ns("default", observability)])).to.have.length(1);
        // The default and the pack's config still hold for namespaces no component declares.
        expect(await check([ns("monitoring")])).to.deep.equal([]);
        expect(await check([ns("default")])).to.have.length(1);
        expect(
            await check([ns("telemetry")], { monitoringNamespaces: ["telemetry"] }),
        ).to.deep.equal([]);
    });

    it("keeps the Loki Secret's data secret: the Secret the stack declares, or the pack's default", async () => {
        // As the component's outputs have it (components/alloy-monitoring.ts).
        const component = resource("alloy-monitoring:index:AlloyMonitoring", {
            namespace: "observability",
            loki: { secretName: "loki-basic-auth" },
        });
        const credentials = {
            ...resource("alloy-monitoring:index:TenantCredentials", {}),
            parent: component,
        };
        const secret = (name: string, outputs: string[], parent?: PolicyResource) => ({
            ...resource("kubernetes:core/v1:Secret", { metadata: { name } }, {}, outputs),
            ...(parent ? { parent } : {}),
        });
        const check = (resources: PolicyResource[]) =>
            stackViolations(lokiSecretIsSecret, resources);
        expect(await check([secret("loki-tenant-auth", ["data", "stringData"])])).to.deep.equal([]);
        expect(await check([secret("loki-tenant-auth", [])])).to.deep.equal([
            "Secret loki-tenant-auth must mark data and stringData as secret outputs",
        ]);
        // The stack's own name for it, declared by its component (a grandchild: TenantCredentials').
        expect(
            await check([component, credentials, secret("loki-basic-auth", [], credentials)]),
        ).to.deep.equal(["Secret loki-basic-auth must mark data and stringData as secret outputs"]);
        expect(
            await check([
                component,
                credentials,
                secret("loki-basic-auth", ["data", "stringData"], credentials),
            ]),
        ).to.deep.equal([]);
    });

    it("advises resource requests and limits on the rendered collectors", async () => {
        const alloy = (resources?: object) =>
            resource("kubernetes:collectors.grafana.com/v1alpha1:Alloy", {
                metadata: { name: "alloy-metrics" },
                spec: { alloy: { resources } },
            });
        expect(collectorResources.enforcementLevel).to.equal("advisory");
        expect(await violations(collectorResources, alloy())).to.have.length(1);
        expect(
            await violations(
                collectorResources,
                alloy({ requests: { cpu: "1" }, limits: { memory: "1Gi" } }),
            ),
        ).to.deep.equal([]);
    });

    /** Every policy's violations of what the program registers for `raw`, parents linked. */
    async function programViolations(raw: RawConfig): Promise<string[]> {
        const run = await runProgram(raw);
        expect(run.error).to.equal(undefined);
        const byUrn = new Map<string, ResourceValidationArgs & PolicyResource>();
        for (const r of run.registrations)
            byUrn.set(
                r.urn,
                resource(r.type, unwrapSecrets(r.inputs) as Props, {}, r.additionalSecretOutputs),
            );
        for (const r of run.registrations) {
            const parent = byUrn.get(r.parent);
            if (parent) byUrn.get(r.urn)!.parent = parent;
        }
        const resources = [...byUrn.values()];
        const found: string[] = [];
        for (const policy of POLICIES) {
            if ("validateStack" in policy)
                found.push(
                    ...(await stackViolations(policy, resources)).map(
                        (m) => `${policy.name}: ${m}`,
                    ),
                );
            else
                for (const r of resources)
                    found.push(...(await violations(policy, r)).map((m) => `${policy.name}: ${m}`));
        }
        return found;
    }

    it("passes what the program registers for the dev stack", async () => {
        expect(await programViolations(stackConfig("dev"))).to.deep.equal([]);
    });

    it("passes a stack with its own namespace and Loki Secret name, with the pack's default config", async () => {
        const dev = stackConfig("dev");
        const loki = JSON.parse(dev.values["alloy-monitoring:loki"]) as Props;
        const raw: RawConfig = {
            ...dev,
            values: {
                ...dev.values,
                "alloy-monitoring:namespace": "observability",
                "alloy-monitoring:loki": JSON.stringify({ ...loki, secretName: "loki-basic-auth" }),
            },
        };
        expect(await programViolations(raw)).to.deep.equal([]);
    });
});

// One table of credential cases, run against the program's scan of chart values and the pack's
// policy: both read what counts as a credential from policy/shared.ts, and must agree on each case.
const CREDENTIAL_CASES: { values: Props; at?: string }[] = [
    {
        values: { destinations: { loki: { auth: { password: "literal" } } } },
        at: "values.destinations.loki.auth.password",
    },
    { values: { global: { apiToken: "literal" } }, at: "values.global.apiToken" },
    { values: { a: { client_secret: "literal" } }, at: "values.a.client_secret" },
    {
        values: { destinations: { mimir: { url: "https://u:p@mimir/api/v1/push" } } },
        at: "values.destinations.mimir.url",
    },
    {
        values: { destinations: { mimir: { url: "https://u:two words@mimir.example.com/push" } } },
        at: "values.destinations.mimir.url",
    },
    ...["'", '"', "`", "<", ">"].map((c) => ({
        values: {
            destinations: { loki: { url: `https://writer:s3cr${c}et@loki.example.com/push` } },
        },
        at: "values.destinations.loki.url",
    })),
    {
        values: {
            x: { tls: { key: "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----" } },
        },
        at: "values.x.tls.key",
    },
    { values: { x: { tls: { key: "literal-key" } } }, at: "values.x.tls.key" },
    {
        values: { extraEnv: [{ name: "API_TOKEN", value: "literal" }] },
        at: "values.extraEnv[0].value",
    },
    {
        values: {
            collectors: { "alloy-metrics": { extraConfig: 'basic_auth { password = "literal" }' } },
        },
        at: "values.collectors.alloy-metrics.extraConfig",
    },
    {
        values: { extraObjects: [{ kind: "Secret", stringData: { t: "x" } }] },
        at: "values.extraObjects[0]",
    },
    // What only names or references a secret.
    { values: { destinations: { loki: { auth: { passwordKey: "password" } } } } },
    { values: { destinations: { loki: { secret: { create: false, name: "loki-tenant-auth" } } } } },
    { values: { x: { bearerTokenFile: "/var/run/secrets/token" } } },
    {
        values: {
            extraEnv: [{ name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }],
        },
    },
    { values: { notes: "see https://grafana.com/docs/a@b for details" } },
    { values: { extraObjects: [{ kind: "ConfigMap", data: { a: "b" } }] } },
];

describe("credentials: the program and the pack agree, case by case", () => {
    for (const { values, at } of CREDENTIAL_CASES)
        it(`${at ?? "nothing"} in ${JSON.stringify(values).slice(0, 70)}`, async () => {
            const program = secretProblems(values, ["values"]).map((p) => p.key);
            const pack = (await stackViolations(noSecretsInChartValues, [chart(values)])).map(
                (m) => /^(values\S*) holds /.exec(m)?.[1] ?? m,
            );
            expect(program, "the program").to.deep.equal(at ? [at] : []);
            expect(pack, "the pack").to.deep.equal(at ? [at] : []);
        });
});
