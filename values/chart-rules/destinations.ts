// Destinations: names the chart accepts, basic auth it can read, each signal somewhere to go.

/** The signals an enabled feature sends: an applicationObservability signal only while it is on. */
function sentSignals(values: Record<string, unknown>, feature: ChartFeature): readonly Signal[] {
    const { signals } = CHART_FEATURES[feature];
    return feature === "applicationObservability"
        ? signals.filter((signal) => dig(values, [feature, signal, "enabled"]) !== false)
        : signals;
}

/** Where this program's stack config adds a destination for a signal, for the fix. */
const FIRST_CLASS_DESTINATION: Record<Signal, { key: string; example: string; what: string }> = {
    metrics: {
        key: "mimir.url",
        example: "<https://mimir.example.com/api/v1/push>",
        what: "mimir.url",
    },
    logs: {
        key: "loki.url",
        example: "<https://loki.example.com/loki/api/v1/push>",
        what: "loki.url",
    },
    traces: {
        key: "tempo.url",
        example: "<https://tempo.example.com:4317>",
        what: "tempo.url, or an otlp destination",
    },
    profiles: {
        key: "pyroscope.url",
        example: "<https://pyroscope.example.com>",
        what: "pyroscope.url, or a pyroscope destination",
    },
};
import { isHelmEmpty as isEmpty, isMap } from "../../config/objects";
import { editStackFile, removeKey, setKey } from "../../config/fixes";
import { quote, suggest } from "../../config/problems";
import { at, dig, integrationsOn } from "../overrides";
import { type Path } from "./rule";
import { enabled, nameCollisions, type ChartRule, type RuleProblem } from "./rule";
import {
    CHART_FEATURES,
    type ChartFeature,
    DESTINATION_SIGNALS,
    FEATURE_KEYS,
    type Signal,
} from "../../config/chart-facts";

export const DESTINATION_RULES: readonly ChartRule[] = [
    {
        // A destination without a type, or a typo in it.
        templates: [
            "templates/destinations/_destination_validations.tpl:118",
            "templates/destinations/_destination_validations.tpl:127",
        ],
        check: (values) => {
            const destinations = dig(values, ["destinations"]);
            const types = Object.keys(DESTINATION_SIGNALS);
            return Object.entries(isMap(destinations) ? destinations : {})
                .filter(([, d]) => !types.includes(dig(d, ["type"]) as string))
                .map(([name, d]) => {
                    const type = dig(d, ["type"]);
                    const near = typeof type === "string" ? suggest(type, types) : undefined;
                    return {
                        key: at(["destinations", name, "type"]),
                        message: `${type === undefined ? "is missing" : `is ${quote(type)}, not a destination type`}: the chart takes ${types.join(", ")}${near ? `; did you mean "${near}"?` : ""}`,
                        fix: [setKey(at(["destinations", name, "type"]), near ?? "<type>")],
                    };
                });
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
                // The steps to an existing Secret the chart reads: out of embedding (which reads
                // literals, even with create: false), not created, and named.
                const path = ["destinations", name, "secret"];
                const fix = [
                    ...(isMap(secret) && secret.embed === true
                        ? [removeKey(at([...path, "embed"]))]
                        : []),
                    ...(isMap(secret) && secret.create === false
                        ? []
                        : [setKey(at([...path, "create"]), "false")]),
                    ...(isMap(secret) && typeof secret.name === "string" && secret.name !== ""
                        ? []
                        : [setKey(at([...path, "name"]), "<secret-name>")]),
                ];
                for (const field of ["username", "password"])
                    if (
                        isEmpty(dig(d, ["auth", `${field}From`])) &&
                        isEmpty(dig(d, ["auth", field]))
                    )
                        problems.push({
                            key: at(["destinations", name, "auth"]),
                            message: `uses basic auth without a ${field}: the chart reads ${field}Key only from an existing Secret (secret: { create: false, name, namespace }${isMap(secret) && secret.embed === true ? "; embed: true reads literals instead" : ""})`,
                            fix,
                        });
            }
            return problems;
        },
    },
    {
        // Each enabled feature's signals need a destination that takes them. Mirrored where it
        // surely fails: no enabled destination of a type that takes the signal at all, or a
        // feature's own list naming none; with a router the chart's own routing rules decide.
        templates: ["templates/destinations/_destination_validations.tpl:95"],
        check: (values) => {
            const problems: RuleProblem[] = [];
            const destinations = dig(values, ["destinations"]);
            // A destination list is refused on its own (4.x takes a map).
            if (!isMap(destinations)) return [];
            const all = Object.entries(destinations).filter(([, d]) =>
                isEmpty(dig(d, ["disabled"])),
            );
            if (all.some(([, d]) => dig(d, ["type"]) === "router")) return [];
            const takes = (d: unknown, signal: Signal) => {
                const type = dig(d, ["type"]);
                const signals = typeof type === "string" ? DESTINATION_SIGNALS[type] : undefined;
                if (!signals?.includes(signal)) return false;
                return type !== "otlp" || dig(d, [signal, "enabled"]) !== false;
            };
            const features: [Path, readonly Signal[]][] = [
                ...FEATURE_KEYS.filter((f) => enabled(values, f)).map(
                    (f) => [[f], sentSignals(values, f)] as [Path, readonly Signal[]],
                ),
                ...(integrationsOn(values)
                    ? [[["integrations"], ["metrics"]] as [Path, Signal[]]]
                    : []),
            ];
            for (const [path, signals] of features)
                for (const signal of signals) {
                    const chosen = dig(values, [...path, "destinations"]);
                    const named = Array.isArray(chosen) && chosen.length > 0 ? chosen : undefined;
                    if (
                        all.some(
                            ([name, d]) => (!named || named.includes(name)) && takes(d, signal),
                        )
                    )
                        continue;
                    const feature = path.join(".");
                    const first = FIRST_CLASS_DESTINATION[signal];
                    problems.push({
                        key: named ? at([...path, "destinations"]) : at(path),
                        message: `leaves ${feature} no enabled destination for its ${signal}, which the chart refuses: ${named ? `none of ${named.join(", ")} takes ${signal}` : `add one (${first.what})`}`,
                        fix: named
                            ? [removeKey(at([...path, "destinations"]))]
                            : [setKey(first.key, first.example)],
                    });
                }
            return problems;
        },
    },
];
