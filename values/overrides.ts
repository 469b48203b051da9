// The `values` escape hatch: raw chart values merged over the generated ones, then checked, so that
// an override cannot quietly break what the rest of the program relies on.
import { isMap, repeatedNameIndices } from "../config/objects";
import { credentialReason, tlsVerificationOff, walk } from "../policy/shared";
import { FEATURE_TOGGLES, featureRow } from "../config/features";
import type { ConfigProblem } from "../config/problems";
import { configPath, quote, suggest } from "../config/problems";
import { editStackFile, type Fix, removeKey, setKey } from "../config/fixes";
import {
    CHART_FEATURES,
    CHART_INTEGRATIONS,
    COLLECTOR_PRESETS,
    FEATURE_KEYS,
    INTEGRATIONS_SETTINGS,
    LEGACY_KEYS,
    PRESET_LIST_ENTRIES,
    TOP_LEVEL_KEYS,
} from "../config/chart-facts";
import type { MonitoringSpec } from "./spec";
import { secretProblems } from "./secret-scan";
import { TRUST_BUNDLE_MOUNT_PATH } from "./spec";

type Values = Record<string, unknown>;

/**
 * Helm's coalescing of values over values, written once (the program's overrides, and the contract
 * test's merge over the charts' defaults): maps merge key by key, lists and scalars replace, and a
 * `null` deletes the key. No null reaches the charts, not even inside a map the base lacks: a null
 * deletes what the program generates, and the chart's default then applies (a null where the
 * program generates nothing is refused by nullProblems rather than dropped unsaid).
 */
export function mergeValues(base: Values, override: Values): Values {
    const out: Values = structuredClone(base);
    for (const [key, value] of Object.entries(override)) {
        if (value === null) delete out[key];
        else if (isMap(value)) out[key] = mergeValues(isMap(out[key]) ? out[key] : {}, value);
        else out[key] = structuredClone(value);
    }
    return out;
}

/**
 * Nulls in `values` where the program generates nothing. In Helm a null deletes the chart's own
 * default, and the chart's schema and templates are written against their defaults (a feature's
 * `enabled`, the lists a template copies): so this program deletes only what it generates, and
 * says so here rather than drop the null unsaid.
 */
export function nullProblems(overrides: Values, generated: Values): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const { path, value } of walk(overrides, [], (node) => Array.isArray(node.value)))
        if (value === null && dig(generated, path) === undefined)
            problems.push({
                code: "null-chart-default",
                key: at(path),
                message:
                    "is null, which would delete the chart's own default here; this program lets a null delete only the values it generates (the chart's schema and templates rely on their defaults): remove it to keep the default, or set the value you mean",
                fix: [removeKey(at(path))],
            });
    return problems;
}

export function dig(value: unknown, path: readonly (string | number)[]): unknown {
    let node = value;
    for (const part of path) {
        if (!isMap(node) && !Array.isArray(node)) return undefined;
        node = (node as Record<string | number, unknown>)[part];
    }
    return node;
}

/** The config path of a place in the chart values: `values.collectors.alloy-metrics…`. */
export const at = (path: readonly (string | number)[]) => configPath(["values", ...path]);

/** The list at `path`, or an empty one when there is none (or something else is there). */
function listAt(value: unknown, path: readonly (string | number)[]): unknown[] {
    const found = dig(value, path);
    return Array.isArray(found) ? found : [];
}

/** Keys of k8s-monitoring's `alloy-operator` section that are its own; the rest are the operator chart's. */
const OPERATOR_SECTION_KEYS = ["deploy", "conflictCheck", "waitForAlloyRemoval"];
/** The image settings both charts read from `global`. */
const GLOBAL_IMAGE_KEYS = ["image", "imageRegistry", "imagePullPolicy", "imagePullSecrets"];

/**
 * What `values` say that the program keeps besides them, as the chart would otherwise lose it: the
 * alloy-metrics configuration the blackbox probes add goes after a stack's own `extraConfig` (a
 * string replaces a string); Alloy's self-monitoring finds every collector by the name label its
 * pods carry; the list entries of a collector's presets stay beside a list that would replace them;
 * and the operator's settings (`values.alloy-operator.*`
 * but k8s-monitoring's own keys there, and the images of `values.global`) go to the operator's
 * release, which this program deploys.
 */
export function reconcileOverrides(
    merged: Values,
    generated: Values,
    overrides: Values,
    operatorBase: Values,
): { values: Values; operatorValues: Values } {
    const values = structuredClone(merged);
    const probes = dig(generated, ["collectors", "alloy-metrics", "extraConfig"]);
    const own = dig(overrides, ["collectors", "alloy-metrics", "extraConfig"]);
    if (typeof probes === "string" && typeof own === "string" && own !== probes)
        (dig(values, ["collectors", "alloy-metrics"]) as Values).extraConfig =
            `${own.trimEnd()}\n\n${probes}`;

    // Alloy's self-monitoring finds each collector by the name its pods carry: the collector's name
    // (the chart sets every Alloy's nameOverride to it), collectors added through values included.
    const alloy = dig(values, ["integrations", "alloy", "instances", 0]);
    const ownAlloy = dig(overrides, ["integrations", "alloy", "instances"]) === undefined;
    if (ownAlloy && isMap(alloy) && alloy.name === "alloy")
        alloy.labelSelectors = {
            "app.kubernetes.io/name": enabledCollectorNames(values).map((n) => n.toLowerCase()),
        };

    for (const name of enabledCollectorNames(values)) keepPresetLists(values, name);

    const section = isMap(overrides["alloy-operator"]) ? overrides["alloy-operator"] : {};
    const operator: Values = Object.fromEntries(
        Object.entries(section).filter(([key]) => !OPERATOR_SECTION_KEYS.includes(key)),
    );
    const global = isMap(overrides.global) ? overrides.global : {};
    const images = Object.fromEntries(
        Object.entries(global).filter(([key]) => GLOBAL_IMAGE_KEYS.includes(key)),
    );
    if (Object.keys(images).length > 0)
        operator.global = mergeValues(images, isMap(operator.global) ? operator.global : {});
    const generatedSection = isMap(generated["alloy-operator"]) ? generated["alloy-operator"] : {};
    values["alloy-operator"] = Object.fromEntries(
        Object.entries(mergeValues(generatedSection, section)).filter(([key]) =>
            OPERATOR_SECTION_KEYS.includes(key),
        ),
    );
    return { values, operatorValues: mergeValues(operatorBase, operator) };
}

/**
 * A collector's presets contribute list entries (host mounts, ports), which a list of
 * collectorCommon's or the collector's own replaces (Helm replaces lists): the trust bundle's mount
 * would silently take a host-monitoring collector's /host/root away. Written back, the collector's
 * own list holds the presets' entries and the rest both.
 */
function keepPresetLists(values: Values, name: string): void {
    const collector = dig(values, ["collectors", name]);
    const presets = dig(collector, ["presets"]);
    if (!isMap(collector) || !Array.isArray(presets)) return;
    for (const listPath of ["alloy.mounts.extra", "controller.volumes.extra", "alloy.extraPorts"]) {
        const path = listPath.split(".");
        const fromPresets = presets.flatMap((preset) =>
            typeof preset === "string" && Object.hasOwn(PRESET_LIST_ENTRIES, preset)
                ? (PRESET_LIST_ENTRIES[preset][listPath] ?? [])
                : [],
        );
        if (fromPresets.length === 0) continue;
        const replacing =
            dig(collector, path) ?? dig(values, ["collectorCommon", "alloy", ...path]);
        if (!Array.isArray(replacing)) continue;
        const own: unknown[] = structuredClone(replacing);
        const names = new Set(own.map((entry) => dig(entry, ["name"])));
        const list = [
            ...fromPresets.filter((entry) => !names.has(entry.name)).map((e) => structuredClone(e)),
            ...own,
        ];
        let node: Values = collector;
        for (const key of path.slice(0, -1)) {
            if (!isMap(node[key])) node[key] = {};
            node = node[key] as Values;
        }
        node[path[path.length - 1]] = list;
    }
}

/** Problems in the override alone, reported even when other config keys are broken too. */
export function overrideProblems(values: Values): ConfigProblem[] {
    return [
        ...topLevelKeyProblems(values),
        ...ownedValueProblems(values),
        // Credentials anywhere in the overrides, with the same rule as integration instances.
        ...secretProblems(values, ["values"]),
        ...presetProblems(values),
        ...instanceNameProblems(values),
        ...integrationKeyProblems(values),
        ...ignoredNameProblems(values),
    ];
}

/**
 * A collector's `nameOverride`, which the chart ignores: it names every collector's Alloy (and so
 * its pods' name label, by which self-monitoring finds them) after the collector.
 */
function ignoredNameProblems(values: Values): ConfigProblem[] {
    const collectors = isMap(values.collectors) ? values.collectors : {};
    const paths = [
        ...Object.keys(collectors).map((name) => ["collectors", name, "nameOverride"]),
        ["collectorCommon", "alloy", "nameOverride"],
    ];
    return paths
        .filter((path) => dig(values, path) !== undefined)
        .map((path) => ({
            code: "collector-name-ignored",
            key: at(path),
            message:
                "is ignored: the chart names each collector's Alloy and pods after the collector (its nameOverride is the collector's name); to rename the Alloy object, use fullnameOverride",
            fix: [removeKey(at(path))],
        }));
}

/** Keys under `integrations` that are neither an integration of the chart nor one of its settings. */
function integrationKeyProblems(values: Values): ConfigProblem[] {
    const integrations = isMap(values.integrations) ? values.integrations : {};
    const known = [...CHART_INTEGRATIONS, ...INTEGRATIONS_SETTINGS];
    return Object.keys(integrations)
        .filter((name) => !known.includes(name))
        .map((name) => {
            const near = suggest(name, known);
            return {
                code: "unknown-integration",
                key: at(["integrations", name]),
                message: `is not an integration of the chart (${CHART_INTEGRATIONS.join(", ")}) nor one of its settings (${INTEGRATIONS_SETTINGS.join(", ")})${near ? `; did you mean "${near}"?` : ""}`,
                fix: [removeKey(at(["integrations", name]))],
            };
        });
}

/** Top-level keys the 4.x chart does not read: an earlier major's, or a typo. */
function topLevelKeyProblems(values: Values): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const known: readonly string[] = TOP_LEVEL_KEYS;
    for (const key of Object.keys(values)) {
        if (Object.hasOwn(LEGACY_KEYS, key)) {
            problems.push({
                code: "legacy-key",
                key: at([key]),
                message: `is a key of an earlier chart major, which 4.x ignores; this chart reads ${LEGACY_KEYS[key]}`,
                fix: [removeKey(at([key]))],
            });
        } else if (!known.includes(key)) {
            const near = suggest(key, known);
            problems.push({
                code: "unknown-chart-key",
                key: at([key]),
                message: `is not a k8s-monitoring 4.x value${near ? `; did you mean "${near}"?` : ""}`,
                fix: [removeKey(at([key]))],
            });
        }
    }
    return problems;
}

/** Values the program sets from its own keys, which an override may not change. */
function ownedValueProblems(values: Values): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    if (dig(values, ["alloy-operator", "deploy"]) === true)
        problems.push({
            code: "operator-deployed-twice",
            key: at(["alloy-operator", "deploy"]),
            message:
                "cannot be true: the operator is its own release here, so that destroy removes the collectors while the operator can still clear their finalizers",
            fix: [removeKey(at(["alloy-operator", "deploy"]))],
        });

    for (const field of ["name", "nameFrom"])
        if (dig(values, ["cluster", field]) !== undefined)
            problems.push({
                code: "cluster-name-overridden",
                key: at(["cluster", field]),
                message: "is set from clusterName, which also names the tenants and the Loki user",
                fix: [removeKey(at(["cluster", field])), setKey("clusterName", "<cluster-name>")],
            });

    // The namespace is the stack's `namespace`: the program creates and labels it.
    for (const path of [
        ["global", "namespaceOverride"],
        ["alloy-operator", "namespaceOverride"],
        ["alloy-operator", "global", "namespaceOverride"],
    ])
        if (dig(values, path) !== undefined)
            problems.push({
                code: "namespace-overridden",
                key: at(path),
                message:
                    "would move releases out of the namespace the program creates and labels for them (Pod Security, the Loki Secret, the trust bundle): set the stack's namespace instead",
                fix: [removeKey(at(path)), setKey("namespace", "<namespace>")],
            });
    if (dig(values, ["alloy-operator", "crds", "deployAlloyCRD"]) === false)
        problems.push({
            code: "operator-crd-off",
            key: at(["alloy-operator", "crds", "deployAlloyCRD"]),
            message:
                "cannot be false: the operator's release installs the Alloy CRD the collectors need (kept on destroy unless crds.removeOnDestroy)",
            fix: [removeKey(at(["alloy-operator", "crds", "deployAlloyCRD"]))],
        });
    // k8s-monitoring's own settings for the operator it would bundle: only its hooks read them.
    for (const key of ["conflictCheck", "waitForAlloyRemoval"])
        if (dig(values, ["alloy-operator", key]) !== undefined)
            problems.push({
                code: "operator-hook-setting",
                key: at(["alloy-operator", key]),
                message:
                    "configures the hooks k8s-monitoring runs for an operator it bundles; here the operator is its own release and no hook runs (helm.v4.Chart skips them), so it would do nothing",
                fix: [removeKey(at(["alloy-operator", key]))],
            });

    const destinations = values.destinations;
    if (destinations !== undefined && !isMap(destinations))
        problems.push({
            code: "destinations-not-map",
            key: at(["destinations"]),
            message: "must be a map of destination name to destination (4.x dropped the list form)",
            fix: [
                editStackFile(
                    `rewrite ${at(["destinations"])} as a map: { <name>: { type, url, ... } }`,
                ),
            ],
        });
    return problems;
}

/** Collector presets: a list, of the presets the chart has. */
function presetProblems(values: Values): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const collectors = values.collectors;
    for (const [name, collector] of Object.entries(isMap(collectors) ? collectors : {})) {
        const presets = dig(collector, ["presets"]);
        if (presets === undefined) continue;
        if (!Array.isArray(presets)) {
            problems.push({
                code: "presets-not-list",
                key: at(["collectors", name, "presets"]),
                message: `must be a list of collector presets, e.g. [clustered, statefulset]; it is ${quote(presets)}`,
                fix: [setKey(at(["collectors", name, "presets", 0]), "clustered")],
            });
            continue;
        }
        presets.forEach((preset, index) => {
            if (
                typeof preset === "string" &&
                (COLLECTOR_PRESETS as readonly string[]).includes(preset)
            )
                return;
            const near =
                typeof preset === "string" ? suggest(preset, COLLECTOR_PRESETS) : undefined;
            const path = ["collectors", name, "presets", index];
            problems.push({
                code: "unknown-preset",
                key: at(path),
                message: `${quote(preset)} is not a collector preset of the chart${near ? `; did you mean "${near}"?` : ""}`,
                fix: [setKey(at(path), near ?? "clustered")],
            });
        });
    }
    return problems;
}

/** Lists replace, so an override's instance list is the whole list: its names must be unique. */
function instanceNameProblems(values: Values): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const integrations = isMap(values.integrations) ? values.integrations : {};
    for (const [integration, settings] of Object.entries(integrations)) {
        const instances = dig(settings, ["instances"]);
        if (!Array.isArray(instances)) continue;
        for (const index of repeatedNameIndices(instances)) {
            const name = dig(instances[index], ["name"]);
            const path = ["integrations", integration, "instances", index, "name"];
            problems.push({
                code: "duplicate-name",
                key: at(path),
                message: `${quote(name)} names two instances of the ${integration} integration: names must be unique`,
                fix: [setKey(at(path), `${String(name)}-2`)],
            });
        }
    }
    return problems;
}

/** Collectors that run: keys of `collectors` unless `enabled: false`, in the chart's (sorted) order. */
export function enabledCollectorNames(values: Values): string[] {
    const collectors = isMap(values.collectors) ? values.collectors : {};
    return Object.keys(collectors)
        .filter((name) => dig(collectors, [name, "enabled"]) !== false)
        .sort();
}

/** Each enabled feature and the collector it asks for (or "" when it names none). */
export function featureCollectors(
    values: Values,
): { path: (string | number)[]; collector: string }[] {
    const wanted: { path: (string | number)[]; collector: string }[] = [];
    const collectorOf = (path: (string | number)[]) => {
        const name = dig(values, [...path, "collector"]);
        return typeof name === "string" ? name : "";
    };
    for (const feature of FEATURE_KEYS) {
        if (dig(values, [feature, "enabled"]) !== true) continue;
        const { parts } = CHART_FEATURES[feature];
        if (parts) {
            // Parts that are on may each name a collector; the feature's is their default.
            for (const part of parts)
                if (dig(values, [feature, part, "enabled"]) === true)
                    wanted.push({
                        path: [feature, part],
                        collector: collectorOf([feature, part]) || collectorOf([feature]),
                    });
            continue;
        }
        wanted.push({ path: [feature], collector: collectorOf([feature]) });
    }
    if (integrationsOn(values))
        wanted.push({ path: ["integrations"], collector: collectorOf(["integrations"]) });
    return wanted;
}

/** The integrations feature has no `enabled`: it runs when any integration has instances. */
export function integrationsOn(values: Values): boolean {
    const integrations = isMap(values.integrations) ? values.integrations : {};
    return Object.values(integrations).some((integration) => {
        const instances = dig(integration, ["instances"]);
        return Array.isArray(instances) && instances.length > 0;
    });
}

/** Items of the list at `path` that name no defined destination, each with `fix(itemPath)`. */
function undefinedDestinations(
    names: readonly unknown[],
    path: (string | number)[],
    destinations: readonly string[],
    fix: (itemPath: (string | number)[]) => Fix,
): ConfigProblem[] {
    return names.flatMap((name, index) =>
        typeof name === "string" && destinations.includes(name)
            ? []
            : [
                  {
                      code: "undefined-destination",
                      key: at([...path, index]),
                      message: `names destination ${quote(name)}, which is not defined; destinations: ${destinations.join(", ")}`,
                      fix: fix([...path, index]),
                  },
              ],
    );
}

/** The fields of a destination this program generates that its own stack config keys set. */
const OWNED_DESTINATION_FIELDS = [
    "type",
    "url",
    "urlFrom",
    "tenantId",
    "tenantIdFrom",
    "tenantIdKey",
    "disabled",
];
/** Loki's credentials come from the Secret the program makes (loki.secretName, lokiPassword). */
const OWNED_LOKI_FIELDS = ["auth", "secret"];

/**
 * Overrides of what the program generates for its own destinations from the stack's keys (`mimir`,
 * `loki`, `tempo`, `pyroscope`): the chart would use them and the stack's key would silently not be.
 */
export function ownedDestinationProblems(overrides: Values, generated: Values): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const own = dig(generated, ["destinations"]);
    for (const name of Object.keys(isMap(own) ? own : {})) {
        const fields =
            name === "loki"
                ? [...OWNED_DESTINATION_FIELDS, ...OWNED_LOKI_FIELDS]
                : OWNED_DESTINATION_FIELDS;
        for (const field of fields) {
            const path = ["destinations", name, field];
            const value = dig(overrides, path);
            if (value === undefined) continue;
            // The stack's key for it, where one sets it (type, disabled and Loki's auth have none).
            const stackKey =
                field === "url" || field === "urlFrom"
                    ? `${name}.url`
                    : field.startsWith("tenantId")
                      ? `${name}.tenantId`
                      : undefined;
            const plain =
                typeof value === "string" && value.length <= 200 && !credentialReason(path, value)
                    ? value
                    : undefined;
            problems.push({
                code: "destination-owned",
                key: at(path),
                message:
                    field === "type"
                        ? `changes the type of the ${name} destination this program generates; define a destination of your own under another name instead`
                        : field === "disabled"
                          ? `disables the ${name} destination the stack's ${name} key configures; this program always sends there (a feature's own destinations list sends it elsewhere)`
                          : stackKey === undefined
                            ? `replaces Loki's credentials, which come from the Secret this program makes (loki.secretName, lokiPassword, loki.username): the chart would read them from elsewhere and the stack's keys would quietly do nothing`
                            : `overrides what the stack's ${stackKey} sets: the chart would take this and ${stackKey} would quietly do nothing; set it there instead`,
                fix: [
                    removeKey(at(path)),
                    ...(stackKey !== undefined
                        ? [
                              setKey(
                                  stackKey,
                                  plain ?? (field === "url" ? `<${name}-url>` : "<tenant-id>"),
                              ),
                          ]
                        : []),
                ],
            });
        }
    }
    return problems;
}

/**
 * A chart feature turned on or off through `values` that a toggle of the stack config plans (with
 * its collector and destination): the toggle is the way, and the two must not disagree.
 */
export function toggleProblems(
    overrides: Values,
    features: Record<string, boolean>,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const toggle of FEATURE_TOGGLES) {
        const { chart } = featureRow(toggle);
        // controlPlane and kubeProxy tune clusterMetrics, which always runs.
        if (chart === undefined || chart === "clusterMetrics") continue;
        const set = dig(overrides, [chart, "enabled"]);
        if (typeof set !== "boolean" || set === features[toggle]) continue;
        problems.push({
            code: "use-feature-toggle",
            key: at([chart, "enabled"]),
            message: set
                ? `turns on ${chart}, which features.${toggle} plans with its collector and destinations: turn that on instead`
                : `turns off ${chart}, which features.${toggle} turns on: turn that off instead`,
            fix: [removeKey(at([chart, "enabled"])), setKey(`features.${toggle}`, String(set))],
        });
    }
    return problems;
}

/**
 * TLS verification turned off anywhere in what a stack adds to chart values: refused unless the stack
 * opts in for a lab (allowInsecureTls), the same rule the policy pack applies at preview.
 */
export function insecureTlsProblems(
    tree: unknown,
    root: readonly (string | number)[],
    allowed: boolean,
): ConfigProblem[] {
    if (allowed) return [];
    const problems: ConfigProblem[] = [];
    for (const { path, value, tooDeep } of walk(tree, root)) {
        if (tooDeep) continue;
        const reason = tlsVerificationOff(path, value);
        if (reason)
            problems.push({
                code: "tls-verification-off",
                key: configPath(path),
                message: `holds ${reason}: the collectors would trust any certificate on the way to the backends; trust your CA with trustBundle instead, or opt in for a lab with pulumi config set allowInsecureTls true`,
                fix: [removeKey(configPath(path))],
            });
    }
    return problems;
}

/** Problems in the merged values: references between their parts, and what this program relies on. */
export function renderedValueProblems(values: Values, spec: MonitoringSpec): ConfigProblem[] {
    const collectors = enabledCollectorNames(values);
    const destinations = isMap(values.destinations) ? Object.keys(values.destinations) : [];
    return [
        ...collectorUseProblems(values, collectors),
        ...destinationReferenceProblems(values, destinations),
        ...rulesCollectorProblems(values, destinations, collectors),
        ...(spec.trustBundle ? trustBundleProblems(values, collectors) : []),
        ...promiseProblems(values, spec, destinations),
        ...rbacNamespaceProblems(values, spec.namespace, collectors),
    ];
}

/**
 * Collectors whose RBAC is limited to namespaces (`rbac.namespaces`, Roles instead of ClusterRoles)
 * still need their own: they read Loki's Secret there and find their cluster peers.
 */
function rbacNamespaceProblems(
    values: Values,
    namespace: string,
    collectors: readonly string[],
): ConfigProblem[] {
    const problems = new Map<string, ConfigProblem>();
    for (const name of collectors) {
        const own = ["collectors", name, "rbac", "namespaces"];
        const common = ["collectorCommon", "alloy", "rbac", "namespaces"];
        const path = dig(values, own) !== undefined ? own : common;
        const list = dig(values, path);
        if (!Array.isArray(list) || list.length === 0 || list.includes(namespace)) continue;
        problems.set(at(path), {
            code: "rbac-without-own-namespace",
            key: at(path),
            message: `limits the collectors' RBAC to namespaces without ${namespace}, theirs: they read Loki's Secret and find their cluster peers there; add it`,
            fix: [setKey(at([...path, list.length]), namespace)],
        });
    }
    return [...problems.values()];
}

/** Each feature runs on an enabled collector, and each enabled collector has work to do. */
function collectorUseProblems(values: Values, collectors: readonly string[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const collectorList = collectors.join(", ");
    const used = new Set<string>();
    for (const { path, collector } of featureCollectors(values)) {
        const effective = collector || (collectors.length === 1 ? collectors[0] : "");
        if (collectors.includes(effective)) {
            used.add(effective);
            continue;
        }
        problems.push({
            code: "feature-collector-missing",
            key: at([...path, "collector"]),
            message: collector
                ? `names collector ${quote(collector)}, which is not defined or is disabled; collectors: ${collectorList}`
                : `must name the collector this feature runs on; collectors: ${collectorList}`,
            fix: [setKey(at([...path, "collector"]), collectors[0] ?? "alloy-metrics")],
        });
    }
    // Self-reporting runs on the first collector with the singleton preset (charts 4.4.0, 4.5.0).
    if (dig(values, ["selfReporting", "enabled"]) !== false) {
        const singleton = collectors.find((name) =>
            listAt(values, ["collectors", name, "presets"]).includes("singleton"),
        );
        if (singleton) used.add(singleton);
    }
    for (const name of collectors) {
        const extraConfig = dig(values, ["collectors", name, "extraConfig"]);
        const remoteConfig = dig(values, ["collectors", name, "remoteConfig", "enabled"]) === true;
        if (
            used.has(name) ||
            (typeof extraConfig === "string" && extraConfig !== "") ||
            remoteConfig
        )
            continue;
        problems.push({
            code: "idle-collector",
            key: at(["collectors", name]),
            message:
                "is a collector no enabled feature uses, which the chart refuses to render: enable a feature on it or disable it",
            fix: [setKey(at(["collectors", name, "enabled"]), "false")],
        });
    }
    return problems;
}

/** Lists of destination names name destinations that exist. */
function destinationReferenceProblems(
    values: Values,
    destinations: readonly string[],
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const key of [...FEATURE_KEYS, "integrations", "selfReporting"]) {
        const names = dig(values, [key, "destinations"]);
        if (!Array.isArray(names)) continue;
        problems.push(
            ...undefinedDestinations(names, [key, "destinations"], destinations, (path) => [
                setKey(at(path), destinations[0] ?? "mimir"),
            ]),
        );
    }
    return problems;
}

/** A destination's rules are loaded by an enabled collector. */
function rulesCollectorProblems(
    values: Values,
    destinations: readonly string[],
    collectors: readonly string[],
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const collectorList = collectors.join(", ");
    for (const name of destinations) {
        const rules = dig(values, ["destinations", name, "rules"]);
        if (dig(rules, ["enabled"]) !== true) continue;
        const collector = dig(rules, ["collector"]);
        if (typeof collector === "string" && collector !== "" && !collectors.includes(collector))
            problems.push({
                code: "rules-collector-missing",
                key: at(["destinations", name, "rules", "collector"]),
                message: `names collector ${quote(collector)}, which is not defined or is disabled; collectors: ${collectorList}`,
                fix: [setKey(at(["destinations", name, "rules", "collector"]), "alloy-singleton")],
            });
    }
    return problems;
}

/**
 * What the program promises whatever `values` say (README): the cluster's name and tenants, its two
 * destinations, no usage reporting unless asked for, the operator as its own release, and
 * collectors that send only to destinations that exist. A `null` in `values` deletes a key (Helm's
 * rule), so each promise is checked on the merged values.
 */
function promiseProblems(
    values: Values,
    spec: MonitoringSpec,
    destinations: readonly string[],
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const broken = (path: (string | number)[], message: string, fix: Fix = [removeKey(at(path))]) =>
        problems.push({ code: "promise-broken", key: at(path), message, fix });
    // A different name or operator setting is refused by overrideProblems; here, their removal.
    if (dig(values, ["cluster", "name"]) === undefined)
        broken(
            ["cluster"],
            "removes cluster.name, which is set from clusterName and labels every series and log line",
        );
    if (dig(values, ["collectorCommon", "alloy", "alloy", "enableReporting"]) === undefined)
        broken(
            ["collectorCommon", "alloy", "alloy", "enableReporting"],
            "removes enableReporting: false, so Alloy would send usage statistics to Grafana Labs; set it to true to opt in deliberately",
        );
    if (dig(values, ["alloy-operator", "deploy"]) === undefined)
        broken(
            ["alloy-operator"],
            "removes alloy-operator.deploy: false: the chart would deploy a second operator beside this program's own release",
        );
    // Destinations that are not a map are refused on their own (overrideProblems).
    if (!isMap(values.destinations)) return problems;
    for (const name of ["mimir", "loki"] as const) {
        const destination = dig(values, ["destinations", name]);
        if (!isMap(destination))
            broken(
                ["destinations", name],
                `removes the ${name} destination this program sends ${name === "mimir" ? "metrics" : "logs"} to; change its fields instead`,
            );
    }
    const collectors = dig(values, ["collectors"]);
    for (const name of Object.keys(isMap(collectors) ? collectors : {})) {
        const included = dig(collectors, [name, "includeDestinations"]);
        if (included === undefined) continue;
        if (!Array.isArray(included)) {
            broken(
                ["collectors", name, "includeDestinations"],
                `must be a list of destination names; destinations: ${destinations.join(", ")}`,
            );
            continue;
        }
        problems.push(
            ...undefinedDestinations(
                included,
                ["collectors", name, "includeDestinations"],
                destinations,
                (path) => [removeKey(at(path))],
            ),
        );
    }
    // The blackbox probes write to the mimir destination's remote_write component on alloy-metrics.
    if (
        spec.blackboxTargets.length > 0 &&
        !listAt(values, ["collectors", "alloy-metrics", "includeDestinations"]).includes("mimir")
    )
        broken(
            ["collectors", "alloy-metrics", "includeDestinations"],
            "leaves out mimir, where the blackbox probes write their results from alloy-metrics",
            [setKey(at(["collectors", "alloy-metrics", "includeDestinations", 0]), "mimir")],
        );
    return problems;
}

/** A collector's own mount or volume list replaces collectorCommon's: the trust bundle must stay in it. */
function trustBundleProblems(values: Values, collectors: readonly string[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const lists = [
        {
            path: ["alloy", "mounts", "extra"],
            has: (e: unknown) => dig(e, ["mountPath"]) === TRUST_BUNDLE_MOUNT_PATH,
        },
        {
            path: ["controller", "volumes", "extra"],
            has: (e: unknown) => dig(e, ["name"]) === "trust-bundle",
        },
    ];
    for (const name of collectors)
        for (const { path, has } of lists) {
            const own = dig(values, ["collectors", name, ...path]);
            const effective = own ?? dig(values, ["collectorCommon", "alloy", ...path]);
            if (Array.isArray(effective) && effective.some(has)) continue;
            const where =
                own !== undefined
                    ? ["collectors", name, ...path]
                    : ["collectorCommon", "alloy", ...path];
            problems.push({
                code: "trust-bundle-dropped",
                key: at(where),
                message: `replaces the list that mounts the trust bundle into ${name} (Helm replaces lists, it does not merge them), so TLS to Loki and Mimir would fail there`,
                fix: [
                    editStackFile(
                        `add the trust-bundle entry of collectorCommon.alloy.${path.join(".")} to ${at(where)}`,
                    ),
                ],
            });
        }
    return problems;
}
