// Collectors: what each feature needs of the collector it runs on.
import { isMap } from "../../config/objects";
import { quote } from "../../config/problems";
import { removeKey, renderFix, setKey } from "../../config/fixes";
import { at, dig, featureCollectors } from "../overrides";
import { CHART_FEATURES, type ChartFeature } from "../../config/chart-facts";
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
            // The features whose templates call collectors.validate.clusteringEnabled; a host
            // metrics source of `source: alloy` reads its own node and is exempt.
            const names = featureCollectors(values)
                .filter(({ path }) => {
                    const [feature, part] = path;
                    if (feature === "integrations") return true;
                    if (!CHART_FEATURES[feature as ChartFeature].clustered) return false;
                    return !(
                        feature === "hostMetrics" &&
                        dig(values, [feature, part, "source"]) === "alloy"
                    );
                })
                .map(({ collector }) => collector);
            // Integration instances may name their own collector (4.5.0).
            const integrations = dig(values, ["integrations"]);
            for (const integration of Object.values(isMap(integrations) ? integrations : {})) {
                const instances = dig(integration, ["instances"]);
                for (const instance of Array.isArray(instances) ? instances : []) {
                    const own = dig(instance, ["collector"]);
                    if (typeof own === "string" && own !== "") names.push(own);
                }
            }
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
];
