// The stack config contract: every key, its type, its default and its rules. Pulumi.yaml declares the
// same keys and defaults for the CLI; tests check that the two agree.
import { z } from "zod";
import { SHARED_DEFAULTS } from "../policy/shared";
import { quote } from "./problems";
import { FEATURE_TOGGLES, featureRow, type FeatureToggle } from "./features";
import { type Fix, removeKey, setKey } from "./fixes";
import { isHelmEmpty, isMap, repeatedNameIndices } from "./objects";
import { unwrapSchema } from "./schema-walk";
import {
    chartVersionProblem,
    configMapKeyProblem,
    dnsLabelProblem,
    dnsSubdomainProblem,
    exactVersionProblem,
    hostPortProblem,
    hostProblem,
    httpUrlProblem,
    parseCertificates,
    repositoryProblem,
    tenantIdProblem,
    toConfigMapKey,
    toDnsLabel,
    toDnsSubdomain,
    toExactVersion,
    toHttpUrl,
    toProbeName,
    toTenantId,
    toUsername,
    usernameProblem,
    plaintextBasicAuthProblem,
} from "./rules";

export const DEFAULTS = {
    namespace: SHARED_DEFAULTS.namespace,
    // Chart pins: Renovate bumps them (renovate.json); keep Pulumi.yaml's defaults the same.
    // renovate: datasource=helm depName=k8s-monitoring registryUrl=https://grafana.github.io/helm-charts
    chartVersion: "4.5.0",
    // renovate: datasource=helm depName=alloy-operator registryUrl=https://grafana.github.io/helm-charts
    operatorVersion: "0.6.3",
    repository: "https://grafana.github.io/helm-charts",
    lokiSecretName: SHARED_DEFAULTS.lokiSecretName,
    trustBundleKey: "trust-bundle.pem",
    certManagerNamespace: "cert-manager",
    blackboxModule: "http_2xx",
} as const;

/**
 * How a key is documented: the README's config table and Pulumi.yaml's `config:` section are
 * generated from these (`npm run docs:config`), so the schema is the one place a key is described.
 */
export interface KeyDoc {
    /** What the key means. */
    description: string;
    /** How the default reads where it is computed rather than a constant (`clusterName`, generated). */
    defaultText?: string;
    /** Pulumi.yaml's default where the program has none of its own. */
    projectDefault?: unknown;
    /** Pulumi.yaml's `{ … }` summary of an object's fields where listing them all would not help. */
    shape?: string;
    /** Pulumi.yaml's type where the schema's is not one of the CLI's. */
    projectType?: "string" | "integer" | "boolean" | "object";
    /** How the README lists an object: a row per field (the default), one row, or one row of toggles. */
    readme?: "fields" | "row" | "toggles";
    /** README rows for keys the schema holds under names of their own (`integrations.<name>`). */
    moreRows?: readonly { key: string; description: string; defaultText: string }[];
    /** A comment above the key in Pulumi.yaml: why it is declared as it is. */
    comment?: string;
    /** Renovate's annotation of a pinned default, above it in Pulumi.yaml. */
    renovate?: string;
    /**
     * Why the `AlloyMonitoring` component does not take this key (a stack's own concern: when it
     * deploys, which cluster); absent for the keys it takes.
     */
    stackOnly?: string;
    /** The component takes this key as a secret Input (`pulumi.Input<string>`, marked secret). */
    secretInput?: true;
    /** The component's description where the stack's speaks of `pulumi config` (a password). */
    componentDescription?: string;
    /**
     * Why the component takes this object as a free-form map rather than a typed one (its keys
     * collide once the SDKs rename them: `certManager` and `cert-manager` are both `cert_manager`).
     */
    componentMap?: string;
}

/** Attaches a key's documentation (read back by config/docs.ts). */
function doc<T extends z.ZodType>(schema: T, keyDoc: KeyDoc): T {
    return schema.meta({ ...keyDoc });
}

/**
 * What a fix sets a key to when the user's own value cannot be corrected: a default where the key
 * has one, otherwise a `<placeholder>`, never a made-up name or URL that would work if pasted.
 */
export const EXAMPLES: Record<string, string> = {
    clusterName: "<cluster-name>",
    namespace: DEFAULTS.namespace,
    lokiPassword: "<password>",
    lokiNextPassword: "<password>",
    "loki.nextUsername": "<next-username>",
    "chart.version": DEFAULTS.chartVersion,
    "chart.operatorVersion": DEFAULTS.operatorVersion,
    "chart.repository": DEFAULTS.repository,
    "loki.url": "<https://loki.example.com/loki/api/v1/push>",
    "loki.tenantId": "<tenant-id>",
    "loki.username": "<username>",
    "loki.secretName": DEFAULTS.lokiSecretName,
    "mimir.url": "<https://mimir.example.com/api/v1/push>",
    "mimir.tenantId": "<tenant-id>",
    "mimir.rulerUrl": "<https://mimir.example.com>",
    "tempo.url": "<https://tempo.example.com:4317>",
    "tempo.tenantId": "<tenant-id>",
    "tempo.protocol": "grpc",
    "pyroscope.url": "<https://pyroscope.example.com>",
    "pyroscope.tenantId": "<tenant-id>",
    "trustBundle.configMap": "<configmap-name>",
    "trustBundle.key": DEFAULTS.trustBundleKey,
    "blackbox.targets[].name": "<probe-name>",
    "blackbox.targets[].url": "<what-to-probe>",
    "blackbox.targets[].module": DEFAULTS.blackboxModule,
    "integrations.certManager.namespace": DEFAULTS.certManagerNamespace,
};

/** Keys whose values are secret: a fix never suggests storing them without --secret. */
export const SECRET_KEYS = ["lokiPassword", "lokiNextPassword"] as const;

/** Complete fixes for keys whose fix is not simply setting that key. */
export const FIXES: Record<string, Fix> = {
    loki: [setKey("loki.url", EXAMPLES["loki.url"])],
    mimir: [setKey("mimir.url", EXAMPLES["mimir.url"])],
};

/** Everything problemsFromIssues needs to turn this schema's issues into fixes. */
export const ISSUE_HINTS = { examples: EXAMPLES, fixes: FIXES, secretKeys: SECRET_KEYS };

/**
 * A rule's problem with a value, as a zod issue: its code, and the value corrected for the fix when
 * there is a correction (`at` is the field within the checked object, if any).
 */
function addRuleIssue(
    ctx: z.core.$RefinementCtx<unknown>,
    issue: { code: string; message: string; suggestion?: string; at?: string },
): void {
    ctx.addIssue({
        code: "custom",
        ...(issue.at !== undefined ? { path: [issue.at] } : {}),
        message: issue.message,
        params: {
            code: issue.code,
            ...(issue.suggestion !== undefined ? { suggestion: issue.suggestion } : {}),
        },
    });
}

/**
 * A string schema that also applies one of the rules in ./rules. `correct` turns a wrong value into
 * the value the user most likely meant, for the fix.
 */
function ruled(
    rule: (value: string) => string | undefined,
    what: string,
    correct?: (value: string) => string | undefined,
) {
    return z
        .string({
            error: (issue) =>
                issue.input === undefined ? `is required: ${what}` : `must be a string: ${what}`,
        })
        .superRefine((value, ctx) => {
            const problem = rule(value);
            if (!problem) return;
            const suggestion = correct?.(value);
            addRuleIssue(ctx, {
                code: ruleCode(rule),
                message: problem,
                ...(suggestion !== value ? { suggestion } : {}),
            });
        });
}

/** A rule's problem code, from its name: dnsLabelProblem → dns-label. */
function ruleCode(rule: (value: string) => string | undefined): string {
    const name = rule.name.replace(/Problem$/, "");
    return name ? name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) : "invalid-value";
}

const dnsLabel = (what: string) => ruled(dnsLabelProblem, what, toDnsLabel);
const httpUrl = (what: string) => ruled(httpUrlProblem, what, toHttpUrl);
const bool = (what: string) => z.boolean({ error: `must be true or false: ${what}` });

/**
 * Flags list items whose `name` an earlier item already has. Runs even when other fields of the
 * section are invalid (`when`), so that this mistake is reported along with theirs.
 */
function uniqueNames(listKey: string, message: (name: string) => string) {
    return [
        (section: unknown, ctx: z.core.$RefinementCtx<unknown>) => {
            const list = (section as Record<string, unknown> | undefined)?.[listKey];
            if (!Array.isArray(list)) return;
            for (const index of repeatedNameIndices(list))
                ctx.addIssue({
                    code: "custom",
                    path: [listKey, index, "name"],
                    message: message(String((list[index] as { name: unknown }).name)),
                    params: { code: "duplicate-name" },
                });
        },
        {
            when: (payload: { value: unknown }) =>
                typeof payload.value === "object" && payload.value !== null,
        },
    ] as const;
}

function section<T extends z.core.$ZodLooseShape>(shape: T, what: string) {
    return z.strictObject(shape, {
        error: (issue) =>
            issue.input === undefined
                ? `is required: ${what}`
                : `must be an object (${what}); set its fields with \`pulumi config set --path\``,
    });
}

export const chartSchema = section(
    {
        version: doc(
            ruled(chartVersionProblem, "the k8s-monitoring chart version", (v) =>
                Number(toExactVersion(v)?.split(".")[0]) === 4
                    ? toExactVersion(v)
                    : DEFAULTS.chartVersion,
            ).default(DEFAULTS.chartVersion),
            {
                description:
                    "k8s-monitoring version: an exact 4.x version (other majors are refused: their values differ)",
                renovate:
                    "datasource=helm depName=k8s-monitoring registryUrl=https://grafana.github.io/helm-charts",
            },
        ),
        operatorVersion: doc(
            ruled(
                exactVersionProblem,
                "the alloy-operator chart version that k8s-monitoring's version depends on",
                toExactVersion,
            ).default(DEFAULTS.operatorVersion),
            {
                description:
                    "alloy-operator version; keep it at the one `chart.version` depends on",
                renovate:
                    "datasource=helm depName=alloy-operator registryUrl=https://grafana.github.io/helm-charts",
            },
        ),
        repository: doc(
            ruled(repositoryProblem, "Helm repository of both charts").default(DEFAULTS.repository),
            {
                description:
                    "Where both charts come from: `https://…` or `oci://…`, or a local directory of chart archives (`file:///abs/dir`, or a path relative to the project) holding `<name>-<version>.tgz`, each pinned by sha256 in `chart-archives.sha256` (a missing, unpinned or swapped archive is refused)",
            },
        ),
    },
    "which k8s-monitoring chart to install",
).prefault({});

export const lokiSchema = section(
    {
        url: doc(httpUrl("Loki's push URL, e.g. https://loki.example.com/loki/api/v1/push"), {
            description:
                "Loki push URL: https, or http to an in-cluster Service; no credentials in it",
        }),
        tenantId: doc(
            ruled(tenantIdProblem, "Loki tenant (X-Scope-OrgID)", toTenantId).optional(),
            {
                description: "Loki tenant (`X-Scope-OrgID`), written to the Secret",
                defaultText: "`clusterName`",
            },
        ),
        username: doc(ruled(usernameProblem, "Loki basic-auth user", toUsername).optional(), {
            description: "Loki basic-auth user, written to the Secret",
            defaultText: "`clusterName`",
        }),
        nextUsername: doc(
            ruled(usernameProblem, "the Loki user of the next password", toUsername).optional(),
            {
                description:
                    "During a password rotation, the user of `lokiNextPassword`: the gateway accepts both users' lines from `lokiHtpasswd` before the collectors switch (docs/operations.md, \"Rotating Loki's password\")",
                defaultText: "—",
            },
        ),
        secretName: doc(
            ruled(
                dnsSubdomainProblem,
                "name of the Secret holding Loki's credentials",
                toDnsSubdomain,
            ).default(DEFAULTS.lokiSecretName),
            { description: "Name of the Secret this program creates" },
        ),
        allowPlaintextHttp: doc(
            bool(
                "send Loki's basic-auth password over plain http to a host outside the cluster (a lab only)",
            ).optional(),
            {
                description:
                    "Accept plain `http://` to a host outside the cluster, which sends Loki's basic-auth password readable (a lab only); in-cluster Services (`*.svc`, `*.svc.cluster.local`) and loopback need no opt-in",
                defaultText: "`false`",
            },
        ),
    },
    "Loki destination: { url, tenantId?, username?, nextUsername?, secretName?, allowPlaintextHttp? }",
).superRefine(
    (loki, ctx) => {
        // Loki always gets basic auth here: over plain http its password crosses the network readable.
        if (typeof loki.url !== "string") return;
        const problem = plaintextBasicAuthProblem(loki.url, loki.allowPlaintextHttp === true);
        if (problem)
            addRuleIssue(ctx, {
                code: "plaintext-basic-auth",
                at: "url",
                message: problem,
                suggestion: loki.url.replace(/^http:/i, "https:"),
            });
    },
    // Reported along with the other fields' mistakes, not after them.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
);

export const mimirSchema = section(
    {
        url: doc(httpUrl("Mimir's remote-write URL, e.g. https://mimir.example.com/api/v1/push"), {
            description: "Mimir remote-write URL",
        }),
        tenantId: doc(
            ruled(tenantIdProblem, "Mimir tenant (X-Scope-OrgID)", toTenantId).optional(),
            { description: "Mimir tenant (`X-Scope-OrgID`)", defaultText: "`clusterName`" },
        ),
        rulerUrl: doc(
            httpUrl("base URL of the Mimir ruler API, e.g. https://mimir.example.com").optional(),
            {
                description: "Base URL of the Mimir ruler API for the rules sync",
                defaultText: "`mimir.url` without `/api/v1/push`",
            },
        ),
    },
    "Mimir destination: { url, tenantId?, rulerUrl? }",
);

/**
 * A section a stack may leave out: Pulumi.yaml declares `{}` as its default (a key without one is
 * required by the CLI), which reads as left out.
 */
function optionalSection<T extends z.ZodType>(schema: T) {
    return z.preprocess(
        (value) => (isMap(value) && Object.keys(value).length === 0 ? undefined : value),
        schema.optional(),
    );
}

export const tempoSchema = section(
    {
        url: doc(
            httpUrl(
                "Tempo's OTLP endpoint, e.g. https://tempo.example.com:4317 (gRPC) or https://tempo.example.com:4318 (HTTP)",
            ),
            {
                description:
                    "Tempo's OTLP endpoint: `https://host:4317` for gRPC, the base URL (`https://host:4318`) for HTTP; `http://` to an in-cluster Service sends without TLS",
            },
        ),
        protocol: doc(
            z
                .enum(["grpc", "http"], {
                    error: "must be grpc or http: how to send OTLP to Tempo",
                })
                .default("grpc"),
            { description: "OTLP over `grpc` or `http`" },
        ),
        tenantId: doc(
            ruled(tenantIdProblem, "Tempo tenant (X-Scope-OrgID)", toTenantId).optional(),
            { description: "Tempo tenant (`X-Scope-OrgID`)", defaultText: "`clusterName`" },
        ),
    },
    "Tempo destination: { url, protocol?, tenantId? }",
);

export const pyroscopeSchema = section(
    {
        url: doc(httpUrl("Pyroscope's base URL, e.g. https://pyroscope.example.com"), {
            description: "Pyroscope's base URL (the profiles push API is below it)",
        }),
        tenantId: doc(
            ruled(tenantIdProblem, "Pyroscope tenant (X-Scope-OrgID)", toTenantId).optional(),
            { description: "Pyroscope tenant (`X-Scope-OrgID`)", defaultText: "`clusterName`" },
        ),
    },
    "Pyroscope destination: { url, tenantId? }",
);

export const trustBundleSchema = section(
    {
        configMap: doc(
            ruled(
                dnsSubdomainProblem,
                "an existing ConfigMap holding the CA bundle",
                toDnsSubdomain,
            ).optional(),
            {
                description: "An existing ConfigMap with the CA bundle (e.g. from trust-manager)",
                defaultText: "—",
            },
        ),
        key: doc(
            ruled(
                configMapKeyProblem,
                "the ConfigMap key of the PEM bundle",
                toConfigMapKey,
            ).optional(),
            {
                description: "Key of the bundle in the ConfigMap",
                defaultText: `\`${DEFAULTS.trustBundleKey}\``,
            },
        ),
        pem: z
            .string({ error: "must be a string: PEM-encoded CA certificates" })
            .superRefine((value, ctx) => {
                const { problem } = parseCertificates(value);
                if (problem)
                    ctx.addIssue({
                        code: "custom",
                        message: problem,
                        params: {
                            code: "pem",
                            fix: [
                                setKey("trustBundle.pem", undefined, { fromFile: "ca-bundle.pem" }),
                            ],
                        },
                    });
            })
            .optional()
            .meta({
                description:
                    "PEM CA certificates; a ConfigMap `trust-bundle` is created from them (`cat ca.pem | pulumi config set --path trustBundle.pem`)",
                defaultText: "—",
            }),
    },
    "CA bundle for TLS to Loki and Mimir: { configMap, key } or { pem }",
)
    .superRefine(
        (bundle, ctx) => {
            if (bundle.configMap !== undefined && bundle.pem !== undefined)
                ctx.addIssue({
                    code: "custom",
                    message:
                        "sets both configMap (use an existing ConfigMap) and pem (make a ConfigMap here): choose one; to keep the existing ConfigMap instead, pulumi config rm --path trustBundle.pem",
                    params: {
                        code: "trust-bundle-both",
                        fix: [removeKey("trustBundle.configMap")],
                    },
                });
            if (
                bundle.key !== undefined &&
                bundle.configMap === undefined &&
                bundle.pem === undefined
            )
                ctx.addIssue({
                    code: "custom",
                    path: ["key"],
                    message:
                        "names a key but no bundle: add trustBundle.configMap or trustBundle.pem",
                    params: {
                        code: "trust-bundle-key-alone",
                        fix: [setKey("trustBundle.configMap", "trust-bundle")],
                    },
                });
        },
        // Only the keys' presence matters, so this runs even when a value is invalid.
        { when: (payload) => typeof payload.value === "object" && payload.value !== null },
    )
    .prefault({});

export const BLACKBOX_MODULES = ["http_2xx", "tcp_connect", "icmp"] as const;
export type BlackboxModule = (typeof BLACKBOX_MODULES)[number];

const ADDRESS_RULES: Record<BlackboxModule, (value: string) => string | undefined> = {
    http_2xx: httpUrlProblem,
    tcp_connect: hostPortProblem,
    icmp: hostProblem,
};

export const blackboxTargetSchema = section(
    {
        name: doc(
            ruled(
                (v) =>
                    /^[A-Za-z0-9_.-]{1,63}$/.test(v)
                        ? undefined
                        : `${quote(v)} is not a probe name: use letters, digits, '_', '.' and '-'`,
                "probe name, the `instance` label of the probe's metrics",
                toProbeName,
            ),
            {
                description:
                    "The probe's name, unique among the targets: the `instance` label of its metrics (letters, digits, `_`, `.`, `-`)",
            },
        ),
        url: doc(
            z.string({
                error: "is required: what to probe (a URL for http_2xx, host:port for tcp_connect, a host for icmp)",
            }),
            {
                description:
                    "What to probe: a URL for `http_2xx`, `host:port` for `tcp_connect`, a host for `icmp`",
            },
        ),
        module: doc(
            z
                .enum(BLACKBOX_MODULES, {
                    error: `must be one of ${BLACKBOX_MODULES.join(", ")}`,
                })
                .default(DEFAULTS.blackboxModule),
            {
                description: `The blackbox exporter's module: ${BLACKBOX_MODULES.map((m) => `\`${m}\``).join(", ")}`,
            },
        ),
    },
    "a probe: { name, url, module }",
).superRefine((target, ctx) => {
    const problem = ADDRESS_RULES[target.module](target.url);
    const suggestion = target.module === "http_2xx" ? toHttpUrl(target.url) : undefined;
    if (problem)
        addRuleIssue(ctx, { code: "probe-target", at: "url", message: problem, suggestion });
});

export const blackboxSchema = section(
    {
        enabled: doc(bool("run the embedded blackbox exporter in alloy-metrics").default(true), {
            description: "Run the blackbox exporter in alloy-metrics",
        }),
        targets: doc(
            z
                .array(blackboxTargetSchema, { error: "must be a list of { name, url, module }" })
                .optional(),
            {
                description:
                    "Probes: `[{ name, url, module }]`; `module` is `http_2xx` (URL), `tcp_connect` (`host:port`) or `icmp` (host)",
                defaultText: "Loki's and Mimir's `/ready` endpoints",
            },
        ),
    },
    "blackbox probes: { enabled, targets }",
)
    .superRefine(
        ...uniqueNames(
            "targets",
            (name) => `${quote(name)} is used by an earlier probe: probe names must be unique`,
        ),
    )
    .prefault({});

/**
 * Chart integrations a stack may add instances to, and the instance keys each accepts (from the
 * chart's `charts/feature-integrations/integrations/*-values.yaml`; tests/chart-contract.spec.ts
 * checks them against the archive). An instance's credentials come from a Secret (`secret:
 * { create: false, name }` with `*Key`, or `*From`): a literal one is refused like any in values.
 */
// Most integrations find their pods by namespace and labels; the logs-capable ones add `logs`.
const DISCOVERED = [
    "collector",
    "namespaces",
    "fieldSelectors",
    "labelSelectors",
    "extraDiscoveryRules",
    "metrics",
] as const;
// The database integrations reach their server through an exporter, with credentials.
const DATABASE = [
    "collector",
    "jobLabel",
    "metrics",
    "logs",
    "exporter",
    "databaseObservability",
    "secret",
] as const;
export const INTEGRATION_KEYS = {
    alloy: ["jobLabel", ...DISCOVERED],
    "cert-manager": ["jobLabel", ...DISCOVERED],
    "dcgm-exporter": ["jobLabel", ...DISCOVERED],
    etcd: ["jobLabel", ...DISCOVERED],
    grafana: ["jobLabel", ...DISCOVERED, "logs"],
    istio: ["collector", "jobLabel", "sidecarMetrics", "istiodMetrics"],
    loki: [...DISCOVERED, "logs"],
    mimir: [...DISCOVERED, "logs"],
    mysql: DATABASE,
    postgresql: DATABASE,
    tempo: [...DISCOVERED, "logs"],
} as const;
export type IntegrationName = keyof typeof INTEGRATION_KEYS;

const instanceFields = {
    jobLabel: z.string({ error: "must be a string (the job label)" }),
    namespaces: z.array(dnsLabel("a namespace to look in"), {
        error: "must be a list of namespaces",
    }),
    fieldSelectors: z.array(z.string(), { error: "must be a list of field selectors" }),
    labelSelectors: z.record(z.string(), z.union([z.string(), z.array(z.string())]), {
        error: "must be a map of label: value (or label: [values])",
    }),
    extraDiscoveryRules: z.string({ error: "must be a string of Alloy discovery rules" }),
    metrics: z.record(z.string(), z.unknown(), { error: "must be an object" }),
    logs: z.record(z.string(), z.unknown(), { error: "must be an object" }),
    sidecarMetrics: z.record(z.string(), z.unknown(), { error: "must be an object" }),
    istiodMetrics: z.record(z.string(), z.unknown(), { error: "must be an object" }),
    collector: z.string({ error: "must be a string: the collector this instance runs on" }),
    exporter: z.record(z.string(), z.unknown(), { error: "must be an object" }),
    databaseObservability: z.record(z.string(), z.unknown(), { error: "must be an object" }),
    secret: z.record(z.string(), z.unknown(), { error: "must be an object" }),
};

const instanceSchema = z.strictObject(
    {
        name: dnsLabel("instance name, unique within the integration"),
        ...Object.fromEntries(
            Object.entries(instanceFields).map(([key, field]) => [key, field.optional()]),
        ),
    } as { name: ReturnType<typeof dnsLabel> } & {
        [K in keyof typeof instanceFields]: z.ZodOptional<(typeof instanceFields)[K]>;
    },
    { error: "must be an object: one integration instance" },
);

/** Integrations whose instances need a label selector (the chart's templates fail without one). */
export const SELECTOR_REQUIRED: readonly string[] = [
    "alloy",
    "cert-manager",
    "dcgm-exporter",
    "etcd",
];

/** Integrations whose instances collect logs too (they take `logs`; the chart's default is on). */
export const LOG_INTEGRATIONS: readonly string[] = Object.entries(INTEGRATION_KEYS)
    .filter(([, keys]) => (keys as readonly string[]).includes("logs"))
    .map(([name]) => name);

/**
 * Why the chart would refuse an instance of `integration` for its label selector, or undefined: the
 * one rule for a stack's own instances (schema) and those set through `values` (values/chart-rules/).
 */
export function selectorProblem(integration: string, instance: unknown): string | undefined {
    const selectors = isMap(instance) ? instance.labelSelectors : undefined;
    const missing = SELECTOR_REQUIRED.includes(integration)
        ? isHelmEmpty(selectors)
        : // The log-capable ones have a default selector, which only an explicit empty value replaces.
          LOG_INTEGRATIONS.includes(integration) &&
          isMap(instance) &&
          "labelSelectors" in instance &&
          isHelmEmpty(selectors) &&
          !isMap(selectors);
    return missing
        ? `is required: the ${integration} integration finds its pods by label, and the chart refuses an instance without a label selector`
        : undefined;
}

/** The fix's value for a missing selector: `app.kubernetes.io/name`, the label charts set. */
export const SELECTOR_EXAMPLE = { label: "app.kubernetes.io/name", value: "<pod-label-value>" };

function integrationSchema(name: IntegrationName) {
    const allowed: readonly string[] = INTEGRATION_KEYS[name];
    const instance = instanceSchema.superRefine((fields, ctx) => {
        for (const key of Object.keys(fields))
            if (key !== "name" && !allowed.includes(key))
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    message: `is not a key of ${name} instances; they take ${allowed.join(", ")}`,
                    params: { code: "unknown-instance-key", remove: true },
                });
        const selector = selectorProblem(name, fields);
        if (selector)
            ctx.addIssue({
                code: "custom",
                path: ["labelSelectors"],
                message: selector,
                params: {
                    code: "selector-required",
                    subkey: SELECTOR_EXAMPLE.label,
                    suggestion: SELECTOR_EXAMPLE.value,
                },
            });
    });
    return section(
        { instances: z.array(instance, { error: `must be a list of ${name} instances` }) },
        `${name} integration: { instances: [...] }`,
    )
        .superRefine(
            ...uniqueNames(
                "instances",
                (instance) =>
                    `${quote(instance)} names an earlier ${name} instance too: names must be unique`,
            ),
        )
        .optional();
}

export const integrationsSchema = section(
    {
        certManager: doc(
            section(
                {
                    enabled: doc(bool("scrape cert-manager's metrics").default(true), {
                        description: "Scrape cert-manager's metrics",
                    }),
                    namespace: doc(
                        dnsLabel("the namespace cert-manager runs in").default(
                            DEFAULTS.certManagerNamespace,
                        ),
                        { description: "The namespace cert-manager runs in" },
                    ),
                },
                "cert-manager self-monitoring: { enabled, namespace }",
            ).prefault({}),
            {
                description:
                    "`{ enabled, namespace }`: scrape cert-manager's metrics, where it runs",
            },
        ),
        ...(Object.fromEntries(
            (Object.keys(INTEGRATION_KEYS) as IntegrationName[]).map((name) => [
                name,
                integrationSchema(name),
            ]),
        ) as Record<IntegrationName, ReturnType<typeof integrationSchema>>),
    },
    "integrations: { certManager, <chart integration>: { instances } }",
).prefault({});

const featuresSection = section(
    Object.fromEntries(
        FEATURE_TOGGLES.map((toggle) => {
            const row = featureRow(toggle);
            return [
                toggle,
                doc(bool(row.what).default(row.default), { description: row.description }),
            ];
        }),
    ) as { [T in FeatureToggle]: z.ZodDefault<z.ZodBoolean> },
    "feature toggles",
);
export const featuresSchema = featuresSection.prefault({});
/** The feature toggles (config/features.ts, the table they come from). */
export { FEATURE_TOGGLES };

export const valuesSchema = z
    .record(z.string(), z.unknown(), {
        error: "must be an object of k8s-monitoring chart values, merged over the generated ones",
    })
    .default({});

/** Everything a stack configures, in the order the README and Pulumi.yaml list it. */
export const crdsSchema = section(
    {
        removeOnDestroy: doc(
            bool(
                "delete the Alloy CRD on destroy, and with it every Alloy object in the cluster",
            ).default(false),
            {
                description:
                    "Delete the Alloy CRD when the stack is destroyed. Off: the CRD stays, since deleting it deletes every `Alloy` object in the cluster, other teams' collectors too",
            },
        ),
    },
    "the operator's CRDs: { removeOnDestroy }",
).prefault({});

export const settingsSchema = z.strictObject({
    clusterName: doc(dnsLabel("the cluster's name: cluster label, tenant ID and Loki user"), {
        description:
            "The cluster's name (DNS-1123 label): `cluster.name`, the Loki and Mimir tenant ID, the Loki user",
    }),
    // Read by the deploy workflow's rollout (cli/rollout.ts), not by the chart plan.
    rolloutWave: doc(
        z
            .number({
                error: "must be a whole number: when main deploys this stack (wave 1 first)",
            })
            .int({ error: "must be a whole number: when main deploys this stack (wave 1 first)" })
            .min(1, { error: "must be 1 or more: wave 1 deploys first" })
            .optional(),
        {
            description:
                "When main's deploy workflow deploys the stack: wave 1 first, each wave once every stack of the one before has succeeded; any whole numbers (they only order). A stack that sets none goes last, with production",
            projectType: "integer",
            projectDefault: 3,
            defaultText: "`3` (with production)",
            stackOnly: "the order of a fleet's deploys, read by the deploy workflow",
        },
    ),
    namespace: doc(
        dnsLabel("the namespace everything is deployed to").default(DEFAULTS.namespace),
        {
            description: "Namespace for everything, created with privileged Pod Security labels",
        },
    ),
    chart: doc(chartSchema, {
        description:
            "k8s-monitoring's exact 4.x version, the alloy-operator version it depends on, and where both come from",
    }),
    loki: doc(lokiSchema, {
        description:
            "Loki's push URL (https, or http to an in-cluster Service); tenant and user default to clusterName, the Secret to loki-tenant-auth",
    }),
    // Only its presence matters here: it is never parsed, so no message can echo it.
    lokiPassword: doc(z.unknown().optional(), {
        description:
            "Loki's basic-auth password, **secret only** (`pulumi config set --secret lokiPassword`, which prompts); a plaintext one is refused by the program",
        comment:
            "Not `secret: true`: since CLI 3.202 a secret key with a default fails every stack that leaves it\nunset (pulumi/pulumi#21865), and without a default every stack would have to set it. The program\nitself refuses a plaintext password, before anything is created.",
        projectType: "string",
        projectDefault: "",
        defaultText: "generated",
        secretInput: true,
        componentDescription:
            "Loki's basic-auth password, a secret (a plain string is refused). Default: generated with `@pulumi/random`, kept in state as a secret and given as the secret output `lokiPassword`",
    }),
    lokiNextPassword: doc(z.unknown().optional(), {
        description:
            'During a password rotation, the next Loki password, **secret only**: in `lokiHtpasswd` for the gateway beside the current one, not yet used by the collectors (docs/operations.md, "Rotating Loki\'s password")',
        comment: "Not `secret: true`, for the same reason as lokiPassword.",
        projectType: "string",
        projectDefault: "",
        defaultText: "—",
        secretInput: true,
        componentDescription:
            'During a password rotation, the next Loki password, a secret, with `loki.nextUsername`: in `lokiHtpasswd` for the gateway beside the current one, not yet used by the collectors (docs/operations.md, "Rotating Loki\'s password")',
    }),
    mimir: doc(mimirSchema, {
        description:
            "Mimir's remote-write URL; tenant defaults to clusterName, the ruler to the base of url",
    }),
    tempo: doc(optionalSection(tempoSchema), {
        description:
            "Tempo, for traces (`features.applicationObservability`): OTLP endpoint and protocol; the tenant defaults to clusterName. Basic auth from a Secret of yours: `values.destinations.tempo.auth` and `.secret` (README, Stack config)",
        defaultText: "none: no traces",
        projectDefault: {},
    }),
    pyroscope: doc(optionalSection(pyroscopeSchema), {
        description:
            "Pyroscope, for profiles (`features.profiling`): its base URL; the tenant defaults to clusterName",
        defaultText: "none: no profiles",
        projectDefault: {},
    }),
    trustBundle: doc(trustBundleSchema, {
        description:
            "CA bundle for TLS to Loki and Mimir: an existing ConfigMap (e.g. trust-manager's), or PEM to create one; empty: system CAs",
    }),
    blackbox: doc(blackboxSchema, {
        description:
            "Probes run by alloy-metrics; without targets, Loki's and Mimir's /ready endpoints",
    }),
    integrations: doc(integrationsSchema, {
        description: "Self-monitoring of cert-manager, and instances of further chart integrations",
        componentMap:
            "`certManager` and the chart's `cert-manager` would both be `cert_manager` in Python and `CertManager` in Go",
        shape: "certManager: { enabled, namespace }, <chart integration>: { instances }",
        moreRows: [
            {
                key: "integrations.<name>.instances",
                description: `Further chart integrations: ${Object.keys(INTEGRATION_KEYS)
                    .map((name) => `\`${name}\``)
                    .join(
                        ", ",
                    )}; each instance \`{ name, namespaces, labelSelectors, … }\` as the chart takes it; credentials only from a Secret (\`secret: { create: false, name }\` and \`*Key\`)`,
                defaultText: "none",
            },
        ],
    }),
    features: doc(featuresSchema, { description: "Feature toggles", readme: "toggles" }),
    takeOver: doc(
        bool(
            "take over the objects an earlier helm or Argo CD install of these releases left",
        ).default(false),
        {
            description:
                'Take over what a `helm install` or Argo CD install of the same releases left: each object is adopted, and where its fields differ the stack\'s values win (server-side apply, forced); docs/operations.md, "Taking over an existing install"',
        },
    ),
    crds: doc(crdsSchema, {
        description:
            "The Alloy CRD, which the operator's release installs: cluster-wide, so kept on destroy unless removeOnDestroy",
    }),
    allowInsecureTls: doc(
        bool(
            "let chart values turn TLS verification off (insecureSkipVerify), for a lab with self-signed endpoints",
        ).default(false),
        {
            description:
                "Let `values` turn TLS verification off (`insecureSkipVerify: true`), for a lab with self-signed endpoints; the policy pack reads the same switch from the stack. Off: refused, use `trustBundle`",
        },
    ),
    // Read with the cluster binding (cluster-binding.ts), not by the chart plan.
    ambientKubeconfig: doc(
        bool(
            "deploy with the kubeconfig the environment provides (CI jobs that bring their own)",
        ).optional(),
        {
            description:
                'Deploy with the kubeconfig the environment provides (KUBECONFIG, in-cluster credentials): for CI jobs that hand each stack its own; otherwise the stack sets `kubernetes:context` or `kubernetes:kubeconfig` (README, "Cluster binding")',
            projectDefault: false,
            defaultText: "`false`",
            stackOnly:
                "the cluster a stack deploys to; a program hands the component its Kubernetes provider instead",
        },
    ),
    values: doc(valuesSchema, {
        description:
            "Raw k8s-monitoring values merged over the generated ones (Helm semantics: maps merge, lists replace, `null` deletes); still checked, and never for secrets",
        readme: "row",
    }),
});

/** Settings as a stack or a program gives them: optional keys may be left out. */
export type SettingsInput = z.input<typeof settingsSchema>;
/** Settings with every default applied (the password and the cluster binding stay with the caller). */
export type Settings = Omit<
    z.output<typeof settingsSchema>,
    "lokiPassword" | "lokiNextPassword" | "ambientKubeconfig" | "rolloutWave"
>;
export type Features = Settings["features"];
export type BlackboxTarget = z.output<typeof blackboxTargetSchema>;

/** A top-level key's documentation (its KeyDoc), wherever among its wrappers it was attached. */
export function keyDocOf(key: string): KeyDoc | undefined {
    const schema = (settingsSchema.shape as Record<string, z.ZodType>)[key];
    if (!schema) return undefined;
    return unwrapSchema(schema)
        .layers.map((layer) => z.globalRegistry.get(layer) as KeyDoc | undefined)
        .find((d) => d !== undefined);
}

/** Keys the AlloyMonitoring component takes as secret Inputs (its schema marks them secret). */
export const SECRET_ARG_KEYS: readonly string[] = Object.keys(settingsSchema.shape).filter(
    (key) => keyDocOf(key)?.secretInput,
);

/** Keys of the stack config the component does not take, each with why. */
export const STACK_ONLY_KEYS: ReadonlyMap<string, string> = new Map(
    Object.keys(settingsSchema.shape).flatMap((key) => {
        const why = keyDocOf(key)?.stackOnly;
        return why ? [[key, why] as const] : [];
    }),
);
