// Destinations: only the planned types, names the chart accepts, each signal somewhere to go.
import { isHelmEmpty as isEmpty, isMap } from "../../config/objects";
import { quote } from "../../config/problems";
import { editStackFile, removeKey, setKey } from "../../config/fixes";
import { at, dig, integrationsOn } from "../overrides";
import { enabled, nameCollisions, type ChartRule, type RuleProblem } from "./rule";
import { DESTINATION_TYPES } from "../chart-facts";

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
    // Integrations send metrics (their logs go with the pod logs), and always run here: Alloy's
    // own self-monitoring is one.
    { feature: "integrations", signal: "metrics", type: "prometheus" },
];

export const DESTINATION_RULES: readonly ChartRule[] = [
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
    {
        templates: ["templates/destinations/_destination_validations.tpl:95"],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const destinations = dig(values, ["destinations"]);
            // A destination list is refused on its own (4.x takes a map).
            if (!isMap(destinations)) return [];
            const all = Object.entries(destinations);
            for (const { feature, signal, type } of SIGNALS) {
                const on =
                    feature === "integrations" ? integrationsOn(values) : enabled(values, feature);
                if (!on) continue;
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
];
