// The policies, as plain objects so that tests can call them without starting a policy pack.
// Policies see resources as the engine registers them: a `helm.v4.Chart` component with its chart,
// version and values, and each object it renders. The engine hands policies secrets already
// unwrapped, so "no secret in chart values" is checked by shape (credential-looking keys, URL user
// info, Secret objects, private keys) and against the values of the stack's own Secrets.
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    configPath,
    credentialReason,
    isMap,
    isSecretObject,
    SECRET_KEY,
    SHARED_DEFAULTS,
    tlsVerificationOff,
    walk,
} from "./shared";

const CHART_TYPES = [
    "kubernetes:helm.sh/v4:Chart",
    "kubernetes:helm.sh/v3:Chart",
    "kubernetes:helm.sh/v3:Release",
    // This program's own chart components: on the engine, helm.v4.Chart is a remote component
    // whose inputs policies never see (its provider registers it without them), so the program's
    // components carry the chart, version and values for them.
    "alloy-monitoring:index:AlloyOperator",
    "alloy-monitoring:index:K8sMonitoring",
];

/**
 * A chart resource as policies see it, or undefined when its inputs are not visible: a remote
 * helm.v4.Chart, which the Kubernetes provider registers with no inputs.
 */
function chartProps(
    type: string,
    props: Record<string, unknown>,
): Record<string, unknown> | undefined {
    if (!CHART_TYPES.includes(type)) return undefined;
    return "chart" in props || "values" in props ? props : undefined;
}
const EXACT_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const PRIVILEGED = "privileged";
const POD_SECURITY_LABELS = [
    "pod-security.kubernetes.io/enforce",
    "pod-security.kubernetes.io/audit",
    "pod-security.kubernetes.io/warn",
];

export interface AlloyMonitoringPolicyConfig {
    /** Let destinations skip TLS verification (lab clusters with self-signed endpoints). */
    allowInsecureTls?: boolean;
    /** Namespaces that may be labelled privileged for Pod Security. */
    monitoringNamespaces?: string[];
    /** The Secret holding Loki's credentials. */
    lokiSecretName?: string;
}

/** Each setting of the pack, as the policy that reads it declares it (its `configSchema`). */
const SETTINGS = {
    allowInsecureTls: { type: "boolean", default: false },
    monitoringNamespaces: {
        type: "array",
        items: { type: "string" },
        default: [SHARED_DEFAULTS.namespace],
    },
    lokiSecretName: { type: "string", default: SHARED_DEFAULTS.lokiSecretName },
} as const;
const configSchema = <K extends keyof typeof SETTINGS>(...keys: K[]) => ({
    properties: Object.fromEntries(keys.map((k) => [k, SETTINGS[k]])) as Pick<typeof SETTINGS, K>,
});

const config = (args: { getConfig<T extends object>(): T }) => {
    const c = args.getConfig<AlloyMonitoringPolicyConfig>();
    return {
        allowInsecureTls: c.allowInsecureTls ?? SETTINGS.allowInsecureTls.default,
        monitoringNamespaces: c.monitoringNamespaces ?? [...SETTINGS.monitoringNamespaces.default],
        lokiSecretName: c.lokiSecretName ?? SETTINGS.lokiSecretName.default,
    };
};

/** The leaves of a tree (neither map nor list), walked as the program walks chart values. */
const leaves = (tree: unknown) =>
    [...walk(tree)].filter((n) => !n.tooDeep && !Array.isArray(n.value) && !isMap(n.value));

/** Paths of Secret objects with data inside chart values (e.g. extraObjects). */
const secretObjects = (values: unknown) =>
    [...walk(values, ["values"], (n) => isSecretObject(n.value))]
        .filter((n) => isSecretObject(n.value))
        .map((n) => configPath(n.path));

export const chartVersionPinned: ResourceValidationPolicy = {
    name: "helm-chart-version-pinned",
    description:
        "Every Helm chart pins one exact version, so that a preview shows what up will deploy.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const props = chartProps(args.type, args.props);
        if (!props) return;
        const version = props.version;
        if (typeof version !== "string" || !EXACT_VERSION.test(version))
            reportViolation(
                `chart ${String(props.chart)} must pin an exact version, not ${JSON.stringify(version ?? "none")}`,
            );
    },
};

export const noSecretsInChartValues: StackValidationPolicy = {
    name: "no-secrets-in-chart-values",
    description:
        "No chart value is a secret: chart values are stored in state and in rendered objects in plaintext. Secrets live in Kubernetes Secrets the chart references.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        // The stack's own secrets, to recognise one copied into chart values; held here, never printed.
        const secretValues = new Set<string>();
        for (const r of args.resources)
            if (r.type === "kubernetes:core/v1:Secret")
                for (const field of ["stringData", "data"] as const) {
                    // In a preview a generated password is not known yet: reading it throws, and
                    // the policy would not run at all. Its value cannot be in chart values anyway.
                    let entries: [string, unknown][];
                    try {
                        entries = Object.entries(isMap(r.props[field]) ? r.props[field] : {});
                    } catch {
                        continue;
                    }
                    for (const [k, v] of entries)
                        // Only what is a secret by name: a tenant or user name in a Secret is not one.
                        if (SECRET_KEY.test(k) && typeof v === "string" && v.length >= 8)
                            secretValues.add(
                                field === "data" ? Buffer.from(v, "base64").toString("utf8") : v,
                            );
                }
        for (const r of args.resources) {
            const props = chartProps(r.type, r.props);
            if (!props) continue;
            for (const { path, value, parent } of leaves(props.values)) {
                const at = configPath(["values", ...path]);
                const reason = credentialReason(path, value, parent);
                if (reason) reportViolation(`${at} holds ${reason} (not shown)`, r.urn);
                else if (
                    typeof value === "string" &&
                    [...secretValues].some((s) => value.includes(s))
                )
                    reportViolation(
                        `${at} holds the value of a Kubernetes Secret of this stack (not shown)`,
                        r.urn,
                    );
            }
            for (const object of secretObjects(props.values))
                reportViolation(
                    `${object} holds a Kubernetes Secret with data; create it outside the chart`,
                    r.urn,
                );
        }
    },
};

/** The component that declares a stack's monitoring namespace and Loki Secret (as its outputs). */
export const MONITORING_COMPONENT = "alloy-monitoring:index:AlloyMonitoring";

/**
 * What the stack's AlloyMonitoring components declare, read from their outputs (`namespace`,
 * `loki.secretName`, `allowInsecureTls`), whether the program is this project's or one that adds
 * the component itself, from TypeScript or through the package: so the pack follows each stack's
 * own choices instead of a default it would have to be told.
 */
function declared(resource: PolicyResource | undefined): {
    namespace?: string;
    lokiSecretName?: string;
    allowInsecureTls?: boolean;
} {
    for (let r = resource; r; r = r.parent)
        if (r.type === MONITORING_COMPONENT) {
            const loki: unknown = r.props.loki;
            const secretName =
                isMap(loki) && typeof loki.secretName === "string" ? loki.secretName : undefined;
            return {
                ...(typeof r.props.namespace === "string" ? { namespace: r.props.namespace } : {}),
                ...(secretName !== undefined ? { lokiSecretName: secretName } : {}),
                ...(typeof r.props.allowInsecureTls === "boolean"
                    ? { allowInsecureTls: r.props.allowInsecureTls }
                    : {}),
            };
        }
    return {};
}

export const tlsVerificationOn: StackValidationPolicy = {
    name: "tls-verification-on",
    description:
        "TLS verification is never turned off, unless the stack opts in for a lab (allowInsecureTls, which its AlloyMonitoring declares) or the pack's config allows it.",
    enforcementLevel: "mandatory",
    configSchema: configSchema("allowInsecureTls"),
    validateStack: (args, reportViolation) => {
        if (config(args).allowInsecureTls) return;
        for (const r of args.resources) {
            if (declared(r).allowInsecureTls === true) continue;
            const tree: unknown = CHART_TYPES.includes(r.type)
                ? chartProps(r.type, r.props)?.values
                : r.type.startsWith("kubernetes:collectors.grafana.com/")
                  ? r.props.spec
                  : undefined;
            if (tree === undefined) continue;
            for (const { path, value } of leaves(tree)) {
                const reason = tlsVerificationOff(path, value);
                if (reason) reportViolation(`${configPath(path)} holds ${reason}`, r.urn);
            }
        }
    },
};

const metadataOf = (props: Record<string, unknown>) =>
    (props.metadata ?? {}) as {
        name?: string;
        namespace?: string;
        labels?: Record<string, string>;
    };

export const privilegedOnlyForMonitoring: StackValidationPolicy = {
    name: "privileged-pod-security-only-for-monitoring",
    description:
        "Only the monitoring namespace is labelled privileged for Pod Security (its collectors read host paths): the namespace an AlloyMonitoring component declares and creates, or one the pack's config names.",
    enforcementLevel: "mandatory",
    configSchema: configSchema("monitoringNamespaces"),
    validateStack: (args, reportViolation) => {
        const { monitoringNamespaces } = config(args);
        for (const r of args.resources) {
            if (r.type !== "kubernetes:core/v1:Namespace") continue;
            const metadata = metadataOf(r.props);
            const privileged = POD_SECURITY_LABELS.filter(
                (l) => metadata.labels?.[l] === PRIVILEGED,
            );
            if (privileged.length === 0) continue;
            // The component's own namespace: a child of it, named as the component declares.
            const own = declared(r.parent).namespace;
            if (own !== undefined && own === metadata.name) continue;
            if (monitoringNamespaces.includes(metadata.name ?? "")) continue;
            reportViolation(
                `namespace ${metadata.name ?? r.name} is labelled ${privileged.join(", ")}=privileged; only the namespace an AlloyMonitoring component creates may be, or one named in the pack's config monitoringNamespaces (now: ${monitoringNamespaces.join(", ") || "none"})`,
                r.urn,
            );
        }
    },
};

export const lokiSecretIsSecret: StackValidationPolicy = {
    name: "loki-secret-is-secret",
    description:
        "The Loki credentials Secret keeps its data secret in state and in every diff: the Secret an AlloyMonitoring component declares, or the one the pack's config names.",
    enforcementLevel: "mandatory",
    configSchema: configSchema("lokiSecretName"),
    validateStack: (args, reportViolation) => {
        const { lokiSecretName } = config(args);
        for (const r of args.resources) {
            if (r.type !== "kubernetes:core/v1:Secret") continue;
            const name = metadataOf(r.props).name;
            const own = declared(r.parent).lokiSecretName;
            if (name !== lokiSecretName && (own === undefined || name !== own)) continue;
            const missing = ["data", "stringData"].filter(
                (f) => !r.opts.additionalSecretOutputs.includes(f),
            );
            if (missing.length > 0)
                reportViolation(
                    `Secret ${name} must mark ${missing.join(" and ")} as secret outputs`,
                    r.urn,
                );
        }
    },
};

export const collectorResources: ResourceValidationPolicy = {
    name: "collector-resources",
    description:
        "Collectors set resource requests and limits, so that the scheduler places them and a leak cannot starve a node.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== "kubernetes:collectors.grafana.com/v1alpha1:Alloy") return;
        const resources = (
            (args.props.spec ?? {}) as {
                alloy?: { resources?: { requests?: object; limits?: object } };
            }
        ).alloy?.resources;
        const missing = (["requests", "limits"] as const).filter(
            (k) => !resources?.[k] || Object.keys(resources[k]).length === 0,
        );
        if (missing.length > 0)
            reportViolation(
                `collector ${(args.props.metadata as { name?: string } | undefined)?.name ?? args.name} has no resource ${missing.join(" or ")}: set values.collectors.<name>.alloy.resources`,
            );
    },
};

export const POLICIES = [
    chartVersionPinned,
    noSecretsInChartValues,
    tlsVerificationOn,
    privilegedOnlyForMonitoring,
    lokiSecretIsSecret,
    collectorResources,
];
export type { PolicyResource, ReportViolation };
