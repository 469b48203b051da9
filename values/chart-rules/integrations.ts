// Integration instances: label selectors, credentials, their own collector, logs without pod logs.
import { configPath, quote } from "../../config/problems";
import { setKey } from "../../config/fixes";
import {
    LOG_INTEGRATIONS,
    SELECTOR_EXAMPLE,
    SELECTOR_REQUIRED,
    selectorProblem,
} from "../../config/schema";
import { at, dig, enabledCollectorNames } from "../overrides";
import { enabled, INTEGRATIONS, type ChartRule, type Path, type RuleProblem } from "./rule";

export const INTEGRATION_RULES: readonly ChartRule[] = [
    {
        // New in 4.5.0 (4.4.0 ignores the key): an instance's own collector.
        templates: ["templates/features/_feature_integrations.tpl:169"],
        check: (values) => {
            const collectors = enabledCollectorNames(values);
            const problems: RuleProblem[] = [];
            for (const integration of INTEGRATIONS) {
                const instances = dig(values, ["integrations", integration, "instances"]);
                if (!Array.isArray(instances)) continue;
                instances.forEach((instance, index) => {
                    const collector = dig(instance, ["collector"]);
                    if (collector === undefined || collectors.includes(collector as string)) return;
                    const path: Path = [
                        "integrations",
                        integration,
                        "instances",
                        index,
                        "collector",
                    ];
                    problems.push({
                        key: at(path),
                        message: `names collector ${quote(collector)}, which is not defined or is disabled; collectors: ${collectors.join(", ")}`,
                        fix: [setKey(at(path), collectors[0] ?? "alloy-metrics")],
                    });
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
        templates: ["templates/features/_feature_integrations.tpl:214"],
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
