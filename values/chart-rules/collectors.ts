// Collectors: what each feature needs of the collector it runs on.
import { isHelmEmpty as isEmpty, isMap } from "../../config/objects";
import { quote } from "../../config/problems";
import { removeKey, renderFix, setKey } from "../../config/fixes";
import { at, dig, featureCollectors } from "../overrides";
import {
    collectorTraits,
    enabled,
    nameCollisions,
    type ChartRule,
    type Path,
    type RuleProblem,
} from "./rule";

export const COLLECTOR_RULES: readonly ChartRule[] = [
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
