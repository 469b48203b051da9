// Settings → the deployment's resolved facts: tenants, ruler URL, trust bundle paths, probes.
import { type ConfigProblem } from "../config/problems";
import { setKey } from "../config/fixes";
import type { BlackboxTarget, Features, IntegrationName, Settings } from "../config/schema";
import { DEFAULTS, EXAMPLES, INTEGRATION_KEYS } from "../config/schema";
import { FEATURE_TOGGLES, featureRow, SIGNAL_DESTINATION } from "../config/features";
import type { IntegrationInstance } from "./chart-types";

/** Where the trust bundle is mounted in every collector pod. */
export const TRUST_BUNDLE_MOUNT_PATH = "/etc/ssl/trust-bundle";
/** Name of the ConfigMap this program makes from `trustBundle.pem`. */
export const TRUST_BUNDLE_CONFIGMAP = "trust-bundle";

export interface TrustBundleSpec {
    /** The ConfigMap in the release namespace that holds the bundle. */
    configMap: string;
    key: string;
    /** Set when this program creates the ConfigMap; absent when it already exists (e.g. trust-manager). */
    pem?: string;
    /** The bundle's path inside collector pods, used as `tls.caFile`. */
    caFile: string;
}

export interface MonitoringSpec {
    clusterName: string;
    namespace: string;
    loki: {
        url: string;
        tenantId: string;
        username: string;
        secretName: string;
        /** The stack accepts basic auth over plain http outside the cluster (loki.allowPlaintextHttp). */
        allowPlaintextHttp: boolean;
        /** During a rotation, the user of the staged next password (loki.nextUsername). */
        nextUsername?: string;
    };
    mimir: { url: string; tenantId: string; rulerUrl?: string };
    /** Traces' destination, when the stack has one. */
    tempo?: { url: string; protocol: "grpc" | "http"; tenantId: string };
    /** Profiles' destination, when the stack has one. */
    pyroscope?: { url: string; tenantId: string };
    /** Chart values may turn TLS verification off (allowInsecureTls). */
    allowInsecureTls: boolean;
    trustBundle?: TrustBundleSpec;
    blackboxTargets: BlackboxTarget[];
    certManagerNamespace?: string;
    extraIntegrations: Partial<Record<IntegrationName, IntegrationInstance[]>>;
    features: Features;
}

const LOKI_PUSH_PATHS = [/\/loki\/api\/v1\/push\/?$/, /\/api\/prom\/push\/?$/];
const MIMIR_PUSH_PATHS = [/\/api\/v1\/push\/?$/, /\/api\/prom\/push\/?$/];

/** The service's base URL: the push URL without its push path, or undefined when it has none. */
export function baseUrl(url: string, pushPaths: readonly RegExp[]): string | undefined {
    const parsed = new URL(url);
    const path = parsed.pathname;
    const pushPath = pushPaths.find((re) => re.test(path));
    if (!pushPath) return undefined;
    parsed.pathname = path.replace(pushPath, "");
    parsed.search = "";
    return parsed.href.replace(/\/$/, "");
}

/** Default probes: each backend's /ready endpoint, so a dashboard shows reachability and TLS health. */
function defaultProbes(lokiUrl: string, mimirUrl: string): BlackboxTarget[] {
    const ready = (url: string, pushPaths: readonly RegExp[]) =>
        `${baseUrl(url, pushPaths) ?? new URL(url).origin}/ready`;
    return [
        { name: "loki", url: ready(lokiUrl, LOKI_PUSH_PATHS), module: "http_2xx" },
        { name: "mimir", url: ready(mimirUrl, MIMIR_PUSH_PATHS), module: "http_2xx" },
    ];
}

export function resolveSpec(settings: Settings): {
    spec: MonitoringSpec;
    problems: ConfigProblem[];
} {
    const problems: ConfigProblem[] = [];
    const { clusterName, namespace, loki, mimir, features } = settings;

    let rulerUrl: string | undefined;
    if (features.rulesSync) {
        rulerUrl = mimir.rulerUrl ?? baseUrl(mimir.url, MIMIR_PUSH_PATHS);
        if (rulerUrl === undefined)
            problems.push({
                code: "ruler-url-unknown",
                key: "mimir.rulerUrl",
                message:
                    "cannot be derived: mimir.url does not end in /api/v1/push, so its base (the ruler API) is unknown; set it (the URL below which Mimir serves /prometheus/config/v1/rules), or turn the rules sync off with pulumi config set --path features.rulesSync false",
                fix: [setKey("mimir.rulerUrl", "<mimir-base-url>")],
            });
    }

    // Each signal a feature sends needs somewhere to go: traces Tempo, profiles Pyroscope.
    for (const toggle of FEATURE_TOGGLES) {
        if (!features[toggle]) continue;
        for (const signal of featureRow(toggle).signals) {
            const destination = SIGNAL_DESTINATION[signal];
            if (destination === undefined || settings[destination] !== undefined) continue;
            problems.push({
                code: "signal-without-destination",
                key: `features.${toggle}`,
                message: `sends ${signal}, and the stack has no ${destination} to send them to: set ${destination}.url, or turn the feature off`,
                fix: [setKey(`${destination}.url`, EXAMPLES[`${destination}.url`])],
            });
        }
    }
    if (features.podLogs && features.podLogsViaKubernetesApi)
        problems.push({
            code: "pod-logs-twice",
            key: "features.podLogsViaKubernetesApi",
            message:
                "collects the pod logs features.podLogs collects already (from /var/log/pods), so every line would be sent twice: turn features.podLogs off where DaemonSets cannot run",
            fix: [setKey("features.podLogs", "false")],
        });

    const bundle = settings.trustBundle;
    let trustBundle: TrustBundleSpec | undefined;
    if (bundle.configMap !== undefined || bundle.pem !== undefined) {
        const key = bundle.key ?? DEFAULTS.trustBundleKey;
        trustBundle = {
            configMap: bundle.configMap ?? TRUST_BUNDLE_CONFIGMAP,
            key,
            caFile: `${TRUST_BUNDLE_MOUNT_PATH}/${key}`,
            ...(bundle.pem !== undefined ? { pem: bundle.pem } : {}),
        };
    }

    const { certManager } = settings.integrations;
    // Instances this program adds itself; a stack's own instances of these integrations go after them.
    const generated: Partial<Record<IntegrationName, string>> = { alloy: "alloy" };
    if (certManager.enabled) generated["cert-manager"] = "cert-manager";
    const extraIntegrations: MonitoringSpec["extraIntegrations"] = {};
    for (const name of Object.keys(INTEGRATION_KEYS) as IntegrationName[]) {
        const instances = settings.integrations[name]?.instances;
        if (!instances || instances.length === 0) continue;
        extraIntegrations[name] = instances;
        instances.forEach((instance, index) => {
            if (instance.name !== generated[name]) return;
            const key = `integrations.${name}.instances[${index}].name`;
            problems.push({
                code: "instance-name-taken",
                key,
                message: `"${instance.name}" is the ${name} instance this program already adds: choose another name`,
                fix: [setKey(key, `${instance.name}-extra`)],
            });
        });
    }

    const spec: MonitoringSpec = {
        clusterName,
        namespace,
        loki: {
            url: loki.url,
            tenantId: loki.tenantId ?? clusterName,
            username: loki.username ?? clusterName,
            secretName: loki.secretName,
            allowPlaintextHttp: loki.allowPlaintextHttp === true,
            ...(loki.nextUsername !== undefined ? { nextUsername: loki.nextUsername } : {}),
        },
        mimir: {
            url: mimir.url,
            tenantId: mimir.tenantId ?? clusterName,
            ...(rulerUrl !== undefined ? { rulerUrl } : {}),
        },
        ...(settings.tempo
            ? {
                  tempo: {
                      url: settings.tempo.url,
                      protocol: settings.tempo.protocol,
                      tenantId: settings.tempo.tenantId ?? clusterName,
                  },
              }
            : {}),
        ...(settings.pyroscope
            ? {
                  pyroscope: {
                      url: settings.pyroscope.url,
                      tenantId: settings.pyroscope.tenantId ?? clusterName,
                  },
              }
            : {}),
        allowInsecureTls: settings.allowInsecureTls,
        ...(trustBundle ? { trustBundle } : {}),
        blackboxTargets: settings.blackbox.enabled
            ? (settings.blackbox.targets ?? defaultProbes(loki.url, mimir.url))
            : [],
        ...(certManager.enabled ? { certManagerNamespace: certManager.namespace } : {}),
        extraIntegrations,
        features,
    };
    return { spec, problems };
}
