// The chart's own template checks (`fail` in k8s-monitoring 4.4.0's templates), mirrored on the
// merged values so that a stack the chart would refuse is refused here, before anything is created,
// with the key and a fix. Each rule names the templates it mirrors; tests/template-fails.spec.ts
// holds the whole catalogue, one row per `fail`, and checks that every reachable one is covered.
//
// The surface is bounded on purpose: `values` may tune everything this program deploys, but may not
// turn on chart features, destination types or services whose template checks are not mirrored here
// (they would fail only at `pulumi preview`, against the cluster).
import { isHelmEmpty as isEmpty, isMap } from "../config/objects";
import { type ConfigProblem, configPath, quote } from "../config/problems";
import { editStackFile, removeKey, renderFix, setKey } from "../config/fixes";
import {
    INTEGRATION_KEYS,
    LOG_INTEGRATIONS,
    SELECTOR_EXAMPLE,
    SELECTOR_REQUIRED,
    selectorProblem,
} from "../config/schema";
import { MANAGED_FEATURES, UNMANAGED_FEATURES } from "./chart-facts";
import { at, dig, featureCollectors } from "./overrides";

type Values = Record<string, unknown>;
/** A rule's finding; the rule gives it its code. */
type RuleProblem = Omit<ConfigProblem, "code">;
type Path = (string | number)[];

/** Destination types whose checks are mirrored (metrics to Mimir, logs to Loki). */
export const DESTINATION_TYPES = ["prometheus", "loki"] as const;
/** Services the chart can deploy; only these two are planned here. */
const MANAGED_SERVICES = ["kube-state-metrics", "node-exporter"];
/** Integrations this program accepts at all (mysql and postgresql carry credentials). */
const INTEGRATIONS = Object.keys(INTEGRATION_KEYS);

// Controller type and /var/log mount that the 4.4.0 presets set (collectors/presets/*.yaml).
const PRESET_CONTROLLER: Record<string, string> = {
    daemonset: "daemonset",
    deployment: "deployment",
    singleton: "deployment",
    statefulset: "statefulset",
};
const PRESET_VARLOG = ["filesystem-log-reader", "linux-host-monitor"];

/** A collector's effective settings the feature checks read: presets, then common, then its own. */
function collectorTraits(
    values: Values,
    name: string,
): { controller?: string; varlog: boolean; clustering: boolean; scaled: boolean } {
    const own = dig(values, ["collectors", name]);
    const presets = dig(own, ["presets"]);
    const list = Array.isArray(presets) ? presets.filter((p) => typeof p === "string") : [];
    const common = dig(values, ["collectorCommon", "alloy"]);
    const setting = (path: Path) => dig(own, path) ?? dig(common, path);
    let controller: string | undefined;
    for (const preset of list) controller = PRESET_CONTROLLER[preset] ?? controller;
    const type = setting(["controller", "type"]);
    if (typeof type === "string" && type !== "") controller = type;
    const varlog = setting(["alloy", "mounts", "varlog"]);
    const clustering = setting(["alloy", "clustering", "enabled"]);
    const replicas = setting(["controller", "replicas"]);
    return {
        controller,
        varlog:
            varlog !== undefined ? varlog === true : list.some((p) => PRESET_VARLOG.includes(p)),
        clustering: clustering !== undefined ? clustering === true : list.includes("clustered"),
        scaled:
            (typeof replicas === "number" && replicas > 1) ||
            setting(["controller", "autoscaling", "enabled"]) === true ||
            setting(["controller", "autoscaling", "horizontal", "enabled"]) === true,
    };
}

const enabled = (values: Values, feature: string) => dig(values, [feature, "enabled"]) === true;

/**
 * Names under `section` that the chart turns into the same Kubernetes name (lower case, '_' → '-'):
 * it refuses the second of each pair.
 */
function nameCollisions(section: string, kind: string, names: readonly string[]): RuleProblem[] {
    const problems: RuleProblem[] = [];
    const seen = new Map<string, string>();
    for (const name of names) {
        const resource = name.toLowerCase().replace(/_/g, "-");
        const earlier = seen.get(resource);
        if (earlier !== undefined)
            problems.push({
                key: at([section, name]),
                message: `becomes the same Kubernetes name (${resource}) as ${kind} "${earlier}", which the chart refuses`,
                fix: [editStackFile(`rename ${at([section, name])} or ${kind} "${earlier}"`)],
            });
        seen.set(resource, name);
    }
    return problems;
}

export interface ChartRule {
    /** The templates (path:line at tag k8s-monitoring-4.4.0) whose `fail` this rule keeps a stack from reaching. */
    templates: readonly string[];
    /**
     * `overrides` is the stack's own `values`, to tell its lists from generated ones. Each problem's
     * code is the rule's: `chart:` and the first template it mirrors.
     */
    check(values: Values, overrides: Values): RuleProblem[];
}

const FEATURE_DOCS =
    "features this program plans: " + MANAGED_FEATURES.join(", ") + " and integrations";

const FEATURE_RULES: readonly ChartRule[] = [
    {
        // Every template check of these features, none of which is mirrored here.
        templates: [
            "charts/feature-annotation-autodiscovery/templates/_validation.tpl:10",
            "charts/feature-application-observability/templates/_validation.tpl:14",
            "charts/feature-cost-metrics/templates/_validation.tpl:15",
            "charts/feature-cost-metrics/templates/_helpers.tpl:44",
            "charts/feature-pod-logs-objects/templates/_collector_validation.tpl:16",
            "charts/feature-pod-logs-objects/templates/_collector_validation.tpl:29",
            "charts/feature-pod-logs-objects/templates/_collector_validation.tpl:41",
            "charts/feature-pod-logs-via-kubernetes-api/templates/_collector_validation.tpl:17",
            "charts/feature-pod-logs-via-kubernetes-api/templates/_collector_validation.tpl:30",
            "charts/feature-pod-logs-via-opentelemetry/templates/_collector_validation.tpl:15",
            "charts/feature-pod-logs-via-opentelemetry/templates/_collector_validation.tpl:30",
            "charts/feature-profiling/templates/_validation.tpl:12",
            "charts/feature-windows-event-logs/templates/_collector_validation.tpl:11",
            "charts/feature-windows-event-logs/templates/_collector_validation.tpl:19",
            "charts/feature-windows-event-logs/templates/_validation.tpl:10",
            "charts/feature-windows-event-logs/templates/_validation.tpl:15",
            "charts/feature-windows-event-logs/templates/_validation.tpl:18",
            "charts/feature-windows-event-logs/templates/_validation.tpl:23",
            "templates/features/_feature_auto_instrumentation.tpl:79",
            "templates/features/_feature_kubernetes_manifests.tpl:53",
        ],
        check: (values) =>
            UNMANAGED_FEATURES.filter((f) => enabled(values, f)).map((feature) => ({
                key: at([feature, "enabled"]),
                message: `turns on ${feature}, which this program does not plan: the chart's checks for it are not applied here, so a mistake in it would only show at pulumi preview against the cluster (${FEATURE_DOCS})`,
                fix: [removeKey(at([feature]))],
            })),
    },
    {
        templates: [
            "charts/feature-host-metrics/templates/_collector_validation.tpl:41",
            "charts/feature-host-metrics/templates/_collector_validation.tpl:50",
            "charts/feature-host-metrics/templates/_validation.tpl:53",
            "charts/feature-host-metrics/templates/_validation.tpl:70",
            "charts/feature-host-metrics/templates/_validation.tpl:90",
            "charts/feature-host-metrics/templates/_validation.tpl:107",
        ],
        check: (values) =>
            (["windowsHosts", "energyMetrics"] as const)
                .filter((source) => dig(values, ["hostMetrics", source, "enabled"]) === true)
                .map((source) => ({
                    key: at(["hostMetrics", source, "enabled"]),
                    message: `turns on ${source}, which this program does not plan (${source === "windowsHosts" ? "it deploys no Windows exporter" : "it deploys no Kepler"}): only Linux host metrics from node-exporter are supported`,
                    fix: [removeKey(at(["hostMetrics", source]))],
                })),
    },
    {
        templates: [
            "charts/feature-host-metrics/templates/_collector_validation.tpl:11",
            "charts/feature-host-metrics/templates/_collector_validation.tpl:26",
        ],
        check: (values) =>
            dig(values, ["hostMetrics", "linuxHosts", "source"]) === "alloy"
                ? [
                      {
                          key: at(["hostMetrics", "linuxHosts", "source"]),
                          message:
                              "is alloy, which needs a DaemonSet collector with the host mounted at /host/root; this program's host metrics come from node-exporter",
                          fix: [removeKey(at(["hostMetrics", "linuxHosts", "source"]))],
                      },
                  ]
                : [],
    },
    {
        // Settings of the deployed services belong under telemetryServices in 4.x (migration guards).
        templates: [
            "charts/feature-cluster-metrics/templates/_validation.tpl:37",
            "charts/feature-cluster-metrics/templates/_validation.tpl:51",
            "charts/feature-cluster-metrics/templates/_validation.tpl:64",
            "charts/feature-cluster-metrics/templates/_validation.tpl:78",
            "charts/feature-cluster-metrics/templates/_validation.tpl:91",
            "charts/feature-host-metrics/templates/_validation.tpl:33",
            "charts/feature-prometheus-operator-objects/templates/_validations.tpl:26",
        ],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const moved = (path: Path, instead: string) =>
                problems.push({
                    key: at(path),
                    message: `is a setting of an earlier chart major, which 4.x refuses here; it belongs under ${instead}`,
                    fix: [removeKey(at(path))],
                });
            for (const key of ["node-exporter", "windows-exporter", "opencost", "kepler"])
                if (dig(values, ["clusterMetrics", key]) !== undefined)
                    moved(["clusterMetrics", key], `telemetryServices.${key}`);
            const ksmDeployment = [
                "autosharding",
                "collectors",
                "customLabels",
                "customResourceState",
                "deploy",
                "extraArgs",
                "image",
                "nodeSelector",
                "podAnnotations",
                "prometheusScrape",
                "rbac",
                "releaseLabel",
                "replicas",
                "resources",
                "tolerations",
                "updateStrategy",
            ];
            const ksm = dig(values, ["clusterMetrics", "kube-state-metrics"]);
            for (const key of Object.keys(isMap(ksm) ? ksm : {}))
                if (ksmDeployment.includes(key))
                    moved(
                        ["clusterMetrics", "kube-state-metrics", key],
                        `telemetryServices.kube-state-metrics.${key}`,
                    );
            const nodeDeployment = [
                "affinity",
                "configmaps",
                "containerSecurityContext",
                "deploy",
                "dnsConfig",
                "env",
                "extraArgs",
                "extraHostVolumeMounts",
                "extraInitContainers",
                "extraVolumeMounts",
                "extraVolumes",
                "hostNetwork",
                "hostPID",
                "image",
                "imagePullSecrets",
                "nodeSelector",
                "podAnnotations",
                "podLabels",
                "rbac",
                "releaseLabel",
                "resources",
                "secrets",
                "securityContext",
                "serviceAccount",
                "tolerations",
                "updateStrategy",
            ];
            const linux = dig(values, ["hostMetrics", "linuxHosts"]);
            for (const key of Object.keys(isMap(linux) ? linux : {}))
                if (nodeDeployment.includes(key))
                    moved(
                        ["hostMetrics", "linuxHosts", key],
                        `telemetryServices.node-exporter.${key}`,
                    );
            const crds = dig(values, ["prometheusOperatorObjects", "crds"]);
            if (isMap(crds) && !isEmpty(crds.enabled))
                problems.push({
                    key: at(["prometheusOperatorObjects", "crds"]),
                    message:
                        "deploys the Prometheus Operator CRDs, which 4.x no longer bundles: install them separately (README, Requirements)",
                    fix: [removeKey(at(["prometheusOperatorObjects", "crds"]))],
                });
            return problems;
        },
    },
    {
        templates: [
            "charts/feature-cluster-metrics/templates/_validation.tpl:17",
            "charts/feature-host-metrics/templates/_validation.tpl:16",
        ],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const needs = (service: string, feature: Path, on: boolean) => {
                if (!on || dig(values, ["telemetryServices", service, "deploy"]) === true) return;
                if (!isEmpty(dig(values, [...feature, "labelMatchers"]))) return;
                problems.push({
                    key: at(["telemetryServices", service, "deploy"]),
                    message: `is off, but ${feature.join(".")} has no labelMatchers to find an existing ${service}: the chart refuses to render without one or the other; deploy it, or point at yours with ${renderFix([setKey(at([...feature, "labelMatchers", "app.kubernetes.io/name"]), "<its name label>")])}`,
                    fix: [removeKey(at(["telemetryServices", service, "deploy"]))],
                });
            };
            needs(
                "kube-state-metrics",
                ["clusterMetrics", "kube-state-metrics"],
                enabled(values, "clusterMetrics") &&
                    dig(values, ["clusterMetrics", "kube-state-metrics", "enabled"]) !== false,
            );
            needs(
                "node-exporter",
                ["hostMetrics", "linuxHosts"],
                enabled(values, "hostMetrics") &&
                    dig(values, ["hostMetrics", "linuxHosts", "enabled"]) === true &&
                    dig(values, ["hostMetrics", "linuxHosts", "source"]) !== "alloy",
            );
            return problems;
        },
    },
    {
        templates: [
            "charts/telemetry-services/templates/_validate.tpl:39",
            "charts/telemetry-services/templates/_validate.tpl:64",
            "charts/telemetry-services/templates/_validate.tpl:79",
            "charts/telemetry-services/templates/_validate.tpl:186",
            "charts/telemetry-services/templates/_validate.tpl:198",
            "charts/telemetry-services/templates/_validate.tpl:218",
            "charts/telemetry-services/templates/_validate.tpl:251",
            "charts/telemetry-services/templates/_validate.tpl:267",
            "charts/telemetry-services/templates/_validate.tpl:279",
            "charts/telemetry-services/templates/_validate.tpl:291",
            "charts/telemetry-services/templates/_validate.tpl:303",
            "charts/telemetry-services/templates/_validate.tpl:315",
            "charts/telemetry-services/templates/_validate.tpl:326",
            "charts/telemetry-services/templates/_validate.tpl:340",
        ],
        check: (values) => {
            const services = dig(values, ["telemetryServices"]);
            return Object.keys(isMap(services) ? services : {})
                .filter((name) => !MANAGED_SERVICES.includes(name))
                .filter(
                    (name) =>
                        dig(services, [name, "deploy"]) === true ||
                        dig(services, [name, "enabled"]) === true,
                )
                .map((name) => ({
                    key: at(["telemetryServices", name]),
                    message: `deploys ${name}, which this program does not plan: the chart's checks for it are not applied here (it deploys kube-state-metrics and node-exporter)`,
                    fix: [removeKey(at(["telemetryServices", name]))],
                }));
        },
    },
    {
        templates: ["charts/feature-prometheus-operator-objects/templates/_validations.tpl:14"],
        check: (values) => {
            if (!enabled(values, "prometheusOperatorObjects")) return [];
            const defaults: Record<string, boolean> = {
                podMonitors: true,
                probes: true,
                serviceMonitors: true,
                scrapeConfigs: false,
            };
            const any = Object.entries(defaults).some(([kind, on]) => {
                const value = dig(values, ["prometheusOperatorObjects", kind, "enabled"]);
                return value === undefined ? on : !isEmpty(value);
            });
            return any
                ? []
                : [
                      {
                          key: at(["prometheusOperatorObjects"]),
                          message:
                              "turns off PodMonitors, ServiceMonitors, Probes and ScrapeConfigs alike, which the chart refuses: turn the feature off instead",
                          fix: [setKey("features.prometheusOperatorObjects", "false")],
                      },
                  ];
        },
    },
    {
        templates: [
            "charts/feature-pod-logs-via-loki/templates/_collector_validation.tpl:15",
            "charts/feature-pod-logs-via-loki/templates/_collector_validation.tpl:29",
            "charts/feature-node-logs/templates/_collector_validation.tpl:11",
            "charts/feature-node-logs/templates/_collector_validation.tpl:25",
        ],
        check: (values) => {
            const problems: RuleProblem[] = [];
            for (const feature of ["podLogsViaLoki", "nodeLogs"]) {
                if (!enabled(values, feature)) continue;
                const name = dig(values, [feature, "collector"]);
                if (typeof name !== "string" || !isMap(dig(values, ["collectors", name]))) continue;
                const { controller, varlog } = collectorTraits(values, name);
                // Pod logs take a collector without a type as a DaemonSet; node logs do not.
                const daemonset =
                    controller === "daemonset" ||
                    (controller === undefined && feature === "podLogsViaLoki");
                if (!daemonset)
                    problems.push({
                        key: at(["collectors", name, "presets"]),
                        message: `gives ${name} no DaemonSet controller (${controller ?? "none"}), but ${feature} runs on it and reads every node's /var/log: add the daemonset preset or move ${feature} to a DaemonSet collector`,
                        fix: [
                            setKey(at(["collectors", name, "presets"]), "<presets with daemonset>"),
                        ],
                    });
                const journal = dig(values, ["nodeLogs", "journal", "path"]);
                const needsVarlog =
                    feature === "podLogsViaLoki" ||
                    typeof journal !== "string" ||
                    journal.startsWith("/var/log");
                if (daemonset && needsVarlog && !varlog)
                    problems.push({
                        key: at(["collectors", name, "presets"]),
                        message: `gives ${name} no /var/log mount, but ${feature} reads logs from it: keep the filesystem-log-reader preset`,
                        fix: [
                            setKey(
                                at(["collectors", name, "presets"]),
                                "<presets with filesystem-log-reader>",
                            ),
                        ],
                    });
            }
            return problems;
        },
    },
    {
        templates: [
            "charts/feature-integrations/templates/_integration_alloy.tpl:335",
            "charts/feature-integrations/templates/_integration_cert-manager.tpl:204",
            "charts/feature-integrations/templates/_integration_dcgm-exporter.tpl:327",
            "charts/feature-integrations/templates/_integration_etcd.tpl:197",
            "charts/feature-integrations/templates/_integration_grafana.tpl:21",
            "charts/feature-integrations/templates/_integration_loki.tpl:21",
            "charts/feature-integrations/templates/_integration_mimir.tpl:21",
            "charts/feature-integrations/templates/_integration_tempo.tpl:21",
        ],
        check: (values) => {
            const problems: RuleProblem[] = [];
            for (const integration of [...SELECTOR_REQUIRED, ...LOG_INTEGRATIONS]) {
                const instances = dig(values, ["integrations", integration, "instances"]);
                if (!Array.isArray(instances)) continue;
                instances.forEach((instance, index) => {
                    const path: Path = [
                        "integrations",
                        integration,
                        "instances",
                        index,
                        "labelSelectors",
                    ];
                    const message = selectorProblem(integration, instance);
                    if (message)
                        problems.push({
                            key: at(path),
                            message,
                            fix: [
                                setKey(
                                    at([...path, SELECTOR_EXAMPLE.label]),
                                    SELECTOR_EXAMPLE.value,
                                ),
                            ],
                        });
                });
            }
            return problems;
        },
    },
    {
        templates: [
            "charts/feature-integrations/templates/_integration_mysql.tpl:31",
            "charts/feature-integrations/templates/_integration_mysql.tpl:44",
            "charts/feature-integrations/templates/_integration_mysql.tpl:49",
            "charts/feature-integrations/templates/_integration_mysql.tpl:66",
            "charts/feature-integrations/templates/_integration_postgresql.tpl:31",
            "charts/feature-integrations/templates/_integration_postgresql.tpl:44",
            "charts/feature-integrations/templates/_integration_postgresql.tpl:49",
            "charts/feature-integrations/templates/_integration_postgresql.tpl:66",
        ],
        check: (values) => {
            const integrations = dig(values, ["integrations"]);
            return Object.keys(isMap(integrations) ? integrations : {})
                .filter(
                    (name) =>
                        !["collector", "destinations"].includes(name) &&
                        !INTEGRATIONS.includes(name),
                )
                .map((name) => ({
                    key: at(["integrations", name]),
                    message: ["mysql", "postgresql"].includes(name)
                        ? `adds the ${name} integration, whose instances carry database credentials into chart values in plaintext; it is not supported here`
                        : `is not an integration this program supports (${INTEGRATIONS.join(", ")})`,
                    fix: [removeKey(at(["integrations", name]))],
                }));
        },
    },
    {
        // Destinations other than Prometheus and Loki (otlp, pyroscope, router) are not planned.
        templates: [
            "templates/destinations/_destination_validations.tpl:118",
            "templates/destinations/_destination_validations.tpl:127",
            "templates/otlp/sampler/policies/_helpers.tpl:108",
            ...[13, 27, 42, 58, 70, 85, 96, 107, 125, 136, 148, 160, 173, 186, 210].map(
                (line) => `templates/destinations/_destination_otlp_validations.tpl:${line}`,
            ),
            ...[
                41, 55, 77, 82, 91, 99, 103, 109, 115, 121, 129, 137, 142, 152, 157, 163, 170, 199,
                210, 219, 225, 230, 245, 258, 269, 301, 409, 419,
            ].map((line) => `templates/destinations/_destination_router_validations.tpl:${line}`),
        ],
        check: (values) => {
            const destinations = dig(values, ["destinations"]);
            return Object.entries(isMap(destinations) ? destinations : {})
                .filter(
                    ([, d]) =>
                        !(DESTINATION_TYPES as readonly unknown[]).includes(dig(d, ["type"])),
                )
                .map(([name, d]) => ({
                    key: at(["destinations", name, "type"]),
                    message: `is ${dig(d, ["type"]) === undefined ? "missing" : quote(dig(d, ["type"]))}: this program sends metrics to Prometheus-compatible and logs to Loki destinations (type ${DESTINATION_TYPES.join(" or ")}); other types' checks are not applied here`,
                    fix: [setKey(at(["destinations", name, "type"]), "prometheus")],
                }));
        },
    },
    {
        templates: [
            "templates/destinations/_destination_validations.tpl:14",
            "templates/destinations/_destination_validations.tpl:108",
        ],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const destinations = dig(values, ["destinations"]);
            const valid: string[] = [];
            for (const name of Object.keys(isMap(destinations) ? destinations : {})) {
                if (/^[A-Za-z0-9_-]+$/.test(name)) valid.push(name);
                else
                    problems.push({
                        key: at(["destinations", name]),
                        message:
                            "has characters the chart refuses in a destination name: use letters, digits, '_' and '-'",
                        fix: [
                            editStackFile(
                                `rename ${at(["destinations", name])} to ${at(["destinations", name.replace(/[^A-Za-z0-9_-]+/g, "-")])}`,
                            ),
                        ],
                    });
            }
            return [...problems, ...nameCollisions("destinations", "destination", valid)];
        },
    },
    {
        templates: [
            "templates/destinations/_destination_validations.tpl:141",
            "templates/destinations/_destination_validations.tpl:153",
        ],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const destinations = dig(values, ["destinations"]);
            for (const [name, d] of Object.entries(isMap(destinations) ? destinations : {})) {
                if (dig(d, ["auth", "type"]) !== "basic") continue;
                const secret = dig(d, ["secret"]);
                const external = isMap(secret) && secret.embed !== true && secret.create === false;
                if (external) continue;
                for (const field of ["username", "password"])
                    if (
                        isEmpty(dig(d, ["auth", `${field}From`])) &&
                        isEmpty(dig(d, ["auth", field]))
                    )
                        problems.push({
                            key: at(["destinations", name, "auth"]),
                            message: `uses basic auth without a ${field}: the chart reads ${field}Key only from an existing Secret (secret: { create: false, name, namespace })`,
                            fix: [setKey(at(["destinations", name, "secret", "create"]), "false")],
                        });
            }
            return problems;
        },
    },
];

/** Which signal each planned feature sends, and so which destination type must take it. */
const SIGNALS: {
    feature: string;
    signal: "metrics" | "logs";
    type: (typeof DESTINATION_TYPES)[number];
}[] = [
    { feature: "clusterMetrics", signal: "metrics", type: "prometheus" },
    { feature: "hostMetrics", signal: "metrics", type: "prometheus" },
    { feature: "prometheusOperatorObjects", signal: "metrics", type: "prometheus" },
    { feature: "clusterEvents", signal: "logs", type: "loki" },
    { feature: "podLogsViaLoki", signal: "logs", type: "loki" },
    { feature: "nodeLogs", signal: "logs", type: "loki" },
];

const INTEGRATION_RULES: readonly ChartRule[] = [
    {
        templates: ["templates/destinations/_destination_validations.tpl:95"],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const destinations = dig(values, ["destinations"]);
            // A destination list is refused on its own (4.x takes a map).
            if (!isMap(destinations)) return [];
            const all = Object.entries(destinations);
            for (const { feature, signal, type } of SIGNALS) {
                if (!enabled(values, feature)) continue;
                const chosen = dig(values, [feature, "destinations"]);
                const named = Array.isArray(chosen) && chosen.length > 0 ? chosen : undefined;
                const takes = all.some(
                    ([name, d]) =>
                        (named === undefined || named.includes(name)) &&
                        dig(d, ["type"]) === type &&
                        isEmpty(dig(d, ["disabled"])),
                );
                if (!takes)
                    problems.push({
                        key: at([feature, "destinations"]),
                        message: `leaves ${feature} no enabled ${type} destination for its ${signal}, which the chart refuses; without the list it uses destinations.${type === "prometheus" ? "mimir" : "loki"}, which must stay enabled`,
                        fix: [removeKey(at([feature, "destinations"]))],
                    });
            }
            return problems;
        },
    },
    {
        templates: ["templates/features/_feature_integrations.tpl:120"],
        check: (values, overrides) => {
            if (enabled(values, "podLogsViaLoki")) return [];
            const problems: RuleProblem[] = [];
            for (const integration of LOG_INTEGRATIONS) {
                const instances = dig(values, ["integrations", integration, "instances"]);
                if (!Array.isArray(instances)) continue;
                // The program adds no instance of these, so each is the stack's: in `values` when a
                // list there replaced them, else at its own key under `integrations`.
                const own =
                    dig(overrides, ["integrations", integration, "instances"]) === undefined;
                instances.forEach((instance, index) => {
                    // The chart's default for these instances is logs.enabled: true; the values
                    // builder turns it off where the stack did not ask for logs.
                    if (dig(instance, ["logs", "enabled"]) === false) return;
                    const path: Path = [
                        "integrations",
                        integration,
                        "instances",
                        index,
                        "logs",
                        "enabled",
                    ];
                    const key = own ? configPath(path) : at(path);
                    problems.push({
                        key,
                        message: `collects ${integration}'s logs, but features.podLogs is off and the chart refuses log integrations without pod logs: turn these logs off, or pod logs on (pulumi config set --path features.podLogs true)`,
                        fix: [setKey(key, "false")],
                    });
                });
            }
            return problems;
        },
    },
];

const COLLECTOR_RULES: readonly ChartRule[] = [
    {
        templates: ["templates/collectors/_collector_validations.tpl:64"],
        check: (values) => {
            const problems: RuleProblem[] = [];
            // The features whose templates call collectors.validate.clusteringEnabled.
            const clustered = [
                "clusterMetrics",
                "clusterEvents",
                "hostMetrics.linuxHosts",
                "prometheusOperatorObjects",
            ];
            const names = featureCollectors(values)
                .filter(({ path }) => clustered.includes(path.join(".")))
                .map(({ collector }) => collector);
            const integrationsCollector = dig(values, ["integrations", "collector"]);
            if (typeof integrationsCollector === "string") names.push(integrationsCollector);
            const checked = new Set<string>();
            for (const name of names) {
                if (checked.has(name) || !isMap(dig(values, ["collectors", name]))) continue;
                checked.add(name);
                const { controller, clustering, scaled } = collectorTraits(values, name);
                // Alloy's own default controller is a DaemonSet.
                if ((controller ?? "daemonset") === "daemonset" || scaled)
                    if (!clustering)
                        problems.push({
                            key: at(["collectors", name, "presets"]),
                            message: `leaves ${name} without clustering, but it runs ${controller === undefined || controller === "daemonset" ? "as a DaemonSet" : "several replicas"} and scrapes for cluster-wide features, which the chart refuses (Helm replaces lists: keep "clustered" and the controller preset when adding one)`,
                            fix: [
                                setKey(
                                    at(["collectors", name, "alloy", "clustering", "enabled"]),
                                    "true",
                                ),
                            ],
                        });
            }
            return problems;
        },
    },
    {
        templates: ["templates/collectors/_collector_validations.tpl:149"],
        check: (values) => {
            const collectors = dig(values, ["collectors"]);
            return Object.entries(isMap(collectors) ? collectors : {})
                .filter(([, c]) => {
                    const presets = dig(c, ["presets"]);
                    return (
                        Array.isArray(presets) &&
                        presets.includes("privileged") &&
                        (presets.includes("root") || presets.includes("host-network"))
                    );
                })
                .map(([name]) => ({
                    key: at(["collectors", name, "presets"]),
                    message:
                        'combines the deprecated "privileged" preset with "root" or "host-network", which the chart refuses: drop "privileged"',
                    fix: [
                        setKey(at(["collectors", name, "presets"]), "<presets without privileged>"),
                    ],
                }));
        },
    },
    {
        templates: ["templates/collectors/_collector_validations.tpl:167"],
        check: (values) => {
            const collectors = dig(values, ["collectors"]);
            return nameCollisions(
                "collectors",
                "collector",
                Object.keys(isMap(collectors) ? collectors : {}),
            );
        },
    },
    {
        // Components below general availability need the collector's stabilityLevel raised.
        templates: ["templates/collectors/_collector_validations.tpl:120"],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const uses: [Path, string][] = [
                [["podLogsViaLoki", "secretFilter", "enabled"], "podLogsViaLoki"],
                [
                    ["prometheusOperatorObjects", "scrapeConfigs", "enabled"],
                    "prometheusOperatorObjects",
                ],
            ];
            for (const [path, feature] of uses) {
                if (!enabled(values, feature) || dig(values, path) !== true) continue;
                const collector = dig(values, [feature, "collector"]);
                const level =
                    typeof collector === "string"
                        ? (dig(values, ["collectors", collector, "alloy", "stabilityLevel"]) ??
                          dig(values, ["collectorCommon", "alloy", "alloy", "stabilityLevel"]))
                        : undefined;
                if (level === "experimental") continue;
                problems.push({
                    key: at(path),
                    message: `needs an experimental Alloy component, which the chart refuses on a collector at stability level ${quote(level ?? "generally-available")}; remove it, or allow experimental components with ${renderFix([setKey(at(["collectors", typeof collector === "string" ? collector : "<collector>", "alloy", "stabilityLevel"]), "experimental")])}`,
                    fix: [removeKey(at(path))],
                });
            }
            return problems;
        },
    },
    {
        templates: [
            "templates/collectors/_collector_remoteConfig.tpl:151",
            "templates/_replace_component.tpl:87",
            ...[
                "_dataProcessor_validations.tpl:5",
                "_dataProcessor_validations.tpl:8",
                "_dataProcessor_validations.tpl:12",
                "_dataProcessor_validations.tpl:31",
                "_dataProcessor_validations.tpl:36",
                "_dataProcessor_ec2Enrichment.tpl:161",
                "_dataProcessor_ec2Enrichment.tpl:165",
                "_dataProcessor_ec2Enrichment.tpl:186",
                "_dataProcessor_kubernetesEnrichment.tpl:297",
                "_dataProcessor_kubernetesEnrichment.tpl:302",
                "_dataProcessor_kubernetesEnrichment.tpl:326",
            ].map((t) => `templates/dataProcessors/${t}`),
            "templates/_crd-validation.tpl:13",
        ],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const unsupported = (path: Path, what: string) =>
                problems.push({
                    key: at(path),
                    message: `${what}, which this program does not plan: the chart's checks for it are not applied here`,
                    fix: [removeKey(at(path))],
                });
            if (!isEmpty(dig(values, ["dataProcessors"])))
                unsupported(["dataProcessors"], "defines data processors");
            const features = Object.keys(values).filter(
                (k) => !isEmpty(dig(values, [k, "dataProcessors"])),
            );
            for (const feature of features)
                unsupported([feature, "dataProcessors"], "routes data through processors");
            if (!isEmpty(dig(values, ["replaceComponent"])))
                unsupported(
                    ["replaceComponent"],
                    "replaces components of the generated Alloy configuration",
                );
            const collectors = dig(values, ["collectors"]);
            for (const name of Object.keys(isMap(collectors) ? collectors : {}))
                if (dig(collectors, [name, "remoteConfig", "enabled"]) === true)
                    unsupported(
                        ["collectors", name, "remoteConfig"],
                        "turns on remote configuration (Fleet Management), whose credentials would sit in chart values",
                    );
            if (dig(values, ["collectorCommon", "alloy", "remoteConfig", "enabled"]) === true)
                unsupported(
                    ["collectorCommon", "alloy", "remoteConfig"],
                    "turns on remote configuration (Fleet Management), whose credentials would sit in chart values",
                );
            const operator = dig(values, ["alloy-operator"]);
            for (const key of Object.keys(isMap(operator) ? operator : {}))
                if (key !== "deploy")
                    unsupported(
                        ["alloy-operator", key],
                        "configures the bundled operator, which is not deployed here (the operator is its own release)",
                    );
            return problems;
        },
    },
];

/** Every mirrored template check, in the order the chart runs them (features, then destinations). */
export const CHART_RULES: readonly ChartRule[] = [
    ...FEATURE_RULES,
    ...INTEGRATION_RULES,
    ...COLLECTOR_RULES,
];

/** Every problem the mirrored template checks find in the merged values. */
export function chartRuleProblems(values: Values, overrides: Values = {}): ConfigProblem[] {
    return CHART_RULES.flatMap((rule) =>
        rule
            .check(values, overrides)
            .map((problem) => ({ code: `chart:${rule.templates[0]}`, ...problem })),
    );
}
