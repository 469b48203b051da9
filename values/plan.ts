// The whole pure core in one call: settings in, everything the components create out, or every
// problem at once. No Pulumi resource is made here.
import path from "node:path";
import { type ClusterBinding, decodeClusterBinding } from "../config/cluster-binding";
import { decodeConfig, isUnder, type RawConfig } from "../config/decode";
import { isMap } from "../config/objects";
import { removeKey, setKey } from "../config/fixes";
import {
    ConfigError,
    type ConfigProblem,
    problemsFromIssues,
    uniqueProblems,
} from "../config/problems";
import { chartRepository } from "../config/rules";
import { parseConfigPath } from "../policy/shared";
import {
    ISSUE_HINTS,
    type Settings,
    type SettingsInput,
    settingsSchema,
    STACK_ONLY_KEYS,
} from "../config/schema";
import { k8sMonitoringValues, LOKI_SECRET_KEYS } from "./k8s-monitoring";
import {
    dig,
    enabledCollectorNames,
    insecureTlsProblems,
    mergeValues,
    nullProblems,
    overrideProblems,
    ownedDestinationProblems,
    reconcileOverrides,
    toggleProblems,
    renderedValueProblems,
} from "./overrides";
import { ARCHIVE_LOCK_FILE, chartArchiveProblems, parseArchiveLock } from "./chart-archives";
import { chartRuleProblems } from "./chart-rules";
import { type ChartModel, chartSchemaProblems, loadChartModel } from "./chart-model";
import { secretProblems } from "./secret-scan";
import { type MonitoringSpec, resolveSpec } from "./spec";

export const K8S_MONITORING_CHART = "k8s-monitoring";
export const ALLOY_OPERATOR_CHART = "alloy-operator";

/** Where a chart comes from, in the shape `helm.v4.Chart` takes. */
export interface ChartSource {
    /**
     * Chart name, a full `oci://` reference, or the path of a local archive
     * (`<dir>/<name>-<version>.tgz`; relative paths are relative to the project directory, which is
     * the provider's working directory too).
     */
    chart: string;
    /** The exact version; Helm does not look at it for a local archive, the policy pack does. */
    version: string;
    /** Set for an http(s) repository; an OCI chart carries its registry in `chart`. */
    repositoryOpts?: { repo: string };
    /** Set for a local archive: its file name, pinned by sha256 in chart-archives.sha256. */
    archive?: string;
}

export interface DeploymentPlan {
    spec: MonitoringSpec;
    /** Collectors the chart will run (after `values` overrides). */
    collectors: string[];
    charts: { k8sMonitoring: ChartSource; alloyOperator: ChartSource };
    /** The final k8s-monitoring values: generated, then `values` merged over them. Holds no secret. */
    values: Record<string, unknown>;
    alloyOperatorValues: Record<string, unknown>;
    /**
     * Whether `pulumi destroy` deletes the CRDs the operator's release installs. They are
     * cluster-wide: deleting the Alloy CRD deletes every Alloy object, other stacks' and teams' too.
     */
    removeCrdsOnDestroy: boolean;
    /**
     * Whether the stack takes over objects another install left: its values win every server-side
     * apply conflict with their managers (helm, kubectl, Argo CD).
     */
    takeOver: boolean;
    /** Keys of the Loki Secret that the chart reads. */
    lokiSecretKeys: typeof LOKI_SECRET_KEYS;
}

function chartSource(repository: string, chart: string, version: string): ChartSource {
    const source = chartRepository(repository);
    switch (source.kind) {
        case "oci":
            return { chart: `${source.registry}/${chart}`, version };
        case "local": {
            const archive = `${chart}-${version}.tgz`;
            return { chart: path.posix.join(source.dir, archive), version, archive };
        }
        case "http":
            return { chart, version, repositoryOpts: { repo: source.url } };
    }
}

/** What planning may read besides the settings. */
export interface PlanContext {
    /**
     * The chart's schema and defaults for a version (vendor/chart-schemas, loadChartModel), when
     * the caller can read them: the values are then judged by the chart's own schema too.
     */
    chartModel?: (chart: string, version: string) => ChartModel | undefined;
}

/** The charts' schemas on the values each receives (k8s-monitoring's and the operator's). */
function chartJudgement(
    settings: Settings,
    values: Record<string, unknown>,
    operatorValues: Record<string, unknown>,
    context: PlanContext,
): ConfigProblem[] {
    const model = context.chartModel?.(K8S_MONITORING_CHART, settings.chart.version);
    const operatorModel = context.chartModel?.(
        ALLOY_OPERATOR_CHART,
        settings.chart.operatorVersion,
    );
    return [
        ...(model ? chartSchemaProblems(model, values, settings.values) : []),
        // The operator's values come from values.alloy-operator, and its images from values.global.
        ...(operatorModel
            ? chartSchemaProblems(operatorModel, operatorValues, settings.values, (path) =>
                  path[0] === "global" && dig(settings.values, path) !== undefined
                      ? path
                      : ["alloy-operator", ...path],
              )
            : []),
    ];
}

/**
 * The problems without those that only follow from another: while the stack config itself is
 * incomplete (a feature without its destination), what the checks find in values the program
 * generated from it; and whatever else is wrong with a feature turned on through `values` instead
 * of its toggle.
 */
function withoutConsequences(
    problems: readonly ConfigProblem[],
    toggles: readonly ConfigProblem[],
    incomplete: boolean,
    settings: Settings,
): ConfigProblem[] {
    // An empty map is what `pulumi config rm --path` leaves of one: nothing set there.
    const setByStack = (key: string) => {
        const [, ...path] = parseConfigPath(key);
        return path.some((_, i) => {
            const value = dig(settings.values, path.slice(0, i + 1));
            return value !== undefined && !(isMap(value) && Object.keys(value).length === 0);
        });
    };
    const toggled = toggles.map((t) => t.key.replace(/\.enabled$/, ""));
    return problems.filter(
        (p) =>
            toggles.includes(p) ||
            !(
                (incomplete && p.key.startsWith("values.") && !setByStack(p.key)) ||
                toggled.some((feature) => p.key === feature || p.key.startsWith(`${feature}.`))
            ),
    );
}

/** Plans a deployment, or returns every problem found; never throws on bad input. */
export function tryPlanDeployment(
    input: unknown,
    context: PlanContext = {},
): {
    plan?: DeploymentPlan;
    problems: ConfigProblem[];
} {
    const parsed = settingsSchema.safeParse(input, { reportInput: true });
    const problems = parsed.success
        ? []
        : problemsFromIssues(parsed.error.issues, settingsSchema, ISSUE_HINTS);
    // Checked on its own, so that its problems show up even while other keys are broken.
    const overrides = isMap(input) && isMap(input.values) ? input.values : undefined;
    if (overrides) problems.push(...overrideProblems(overrides));
    // Integration instances go into chart values as they are: the same rule for credentials.
    if (isMap(input) && isMap(input.integrations))
        problems.push(...secretProblems(input.integrations, ["integrations"]));
    if (!parsed.success) return { problems };

    const settings = parsed.data;
    const resolved = resolveSpec(settings);
    problems.push(...resolved.problems);
    const generated = k8sMonitoringValues(resolved.spec) as unknown as Record<string, unknown>;
    problems.push(
        ...insecureTlsProblems(settings.values, ["values"], settings.allowInsecureTls),
        ...insecureTlsProblems(settings.integrations, ["integrations"], settings.allowInsecureTls),
    );
    const toggles = toggleProblems(settings.values, settings.features);
    problems.push(...toggles, ...nullProblems(settings.values, generated));
    // A credential refused at the same key says more than that the key is the program's.
    const credentials = new Set(problems.map((p) => p.key));
    problems.push(
        ...ownedDestinationProblems(settings.values, generated).filter(
            (p) => !credentials.has(p.key),
        ),
    );
    const { values, operatorValues } = reconcileOverrides(
        mergeValues(generated, settings.values),
        generated,
        settings.values,
        // The Alloy CRD comes with the operator's release, so it is created before the collectors.
        { crds: { deployAlloyCRD: true } },
    );
    problems.push(...renderedValueProblems(values, resolved.spec));
    // The chart's own schema, then its template checks, mirrored: what `helm template` would refuse
    // at preview. A key already refused for a more specific reason is not reported again.
    for (const problem of [
        ...chartJudgement(settings, values, operatorValues, context),
        ...chartRuleProblems(values, settings.values),
    ])
        if (!problems.some((p) => p.key === problem.key)) problems.push(problem);
    const reported = withoutConsequences(problems, toggles, resolved.problems.length > 0, settings);
    if (reported.length > 0) return { problems: reported };

    const { chart } = settings;
    return {
        problems,
        plan: {
            spec: resolved.spec,
            collectors: enabledCollectorNames(values),
            charts: {
                k8sMonitoring: chartSource(chart.repository, K8S_MONITORING_CHART, chart.version),
                alloyOperator: chartSource(
                    chart.repository,
                    ALLOY_OPERATOR_CHART,
                    chart.operatorVersion,
                ),
            },
            values,
            alloyOperatorValues: operatorValues,
            removeCrdsOnDestroy: settings.crds.removeOnDestroy,
            takeOver: settings.takeOver,
            lokiSecretKeys: LOKI_SECRET_KEYS,
        },
    };
}

/** Plans a deployment; throws a ConfigError that lists every problem. */
export function planDeployment(input: SettingsInput): DeploymentPlan {
    const { plan, problems } = tryPlanDeployment(input);
    if (!plan) throw new ConfigError(problems);
    return plan;
}

/** A stack's whole plan: the deployment, the cluster it goes to, and whether a password was given. */
export interface StackPlan {
    plan: DeploymentPlan;
    /**
     * The stack's settings as the AlloyMonitoring component takes them (its args): the config as
     * decoded, without the stack's own keys and the passwords, which only the runtime reads.
     */
    componentArgs: Record<string, unknown>;
    binding: ClusterBinding;
    lokiPasswordSupplied: boolean;
    /** A next password is staged for a rotation (lokiNextPassword, with loki.nextUsername). */
    lokiNextPasswordSupplied: boolean;
}

/**
 * A rotation stages the next password with a user of its own: a gateway's htpasswd file holds one
 * line per user (nginx and Apache read the first line for a user), so the gateway can accept the
 * old and the new password side by side only under two users.
 */
export function rotationProblems(
    spec: MonitoringSpec["loki"],
    nextPasswordSupplied: boolean,
): ConfigProblem[] {
    const key = "loki.nextUsername";
    if (nextPasswordSupplied && spec.nextUsername === undefined)
        return [
            {
                code: "rotation-without-user",
                key,
                message:
                    "is required while lokiNextPassword is set: the gateway holds one password per user, so the next password comes with a user of its own",
                fix: [setKey(key, `${spec.username}-next`)],
            },
        ];
    if (!nextPasswordSupplied && spec.nextUsername !== undefined)
        return [
            {
                code: "rotation-without-password",
                key,
                message:
                    "names the next password's user, but lokiNextPassword is not set: stage the password with it, or end the rotation",
                fix: [removeKey(key)],
            },
        ];
    if (spec.nextUsername === spec.username)
        return [
            {
                code: "rotation-same-user",
                key,
                message: `is the current user (loki.username) too: the gateway holds one password per user, so the next password needs another`,
                fix: [setKey(key, `${spec.username}-next`)],
            },
        ];
    return [];
}

/** Reads a file of the project (a path relative to the project directory, or absolute). */
export type ProjectFileReader = (path: string) => Uint8Array | undefined;

/**
 * Everything `pulumi preview` checks in the stack config, from the raw config the CLI hands the
 * program: the program (index.ts) and the offline tools both call this, so they agree exactly.
 * With `readFile`, local chart archives are checked against their pins as well.
 */
export function planStack(
    raw: RawConfig,
    readFile?: ProjectFileReader,
): { stack?: StackPlan; problems: ConfigProblem[] } {
    const decoded = decodeConfig(raw);
    const binding = decodeClusterBinding(raw, decoded.input.ambientKubeconfig === true);
    const text = (file: string) => {
        const bytes = readFile?.(file);
        return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
    };
    const planned = tryPlanDeployment(
        decoded.input,
        readFile ? { chartModel: (chart, version) => loadChartModel(text, chart, version) } : {},
    );
    const problems = uniqueProblems([
        ...decoded.problems,
        ...binding.problems,
        // A withheld key is reported once, by the decoder; anything under it would quote a secret.
        ...planned.problems.filter((p) => !isUnder(p.key, decoded.withheld)),
    ]);
    if (planned.plan)
        problems.push(
            ...rotationProblems(planned.plan.spec.loki, decoded.lokiNextPasswordSupplied),
        );
    if (planned.plan && readFile) {
        const lock = parseArchiveLock(new TextDecoder().decode(readFile(ARCHIVE_LOCK_FILE)));
        const { alloyOperator, k8sMonitoring } = planned.plan.charts;
        problems.push(...chartArchiveProblems([alloyOperator, k8sMonitoring], lock, readFile));
    }
    if (problems.length > 0 || !planned.plan || !binding.binding) return { problems };
    return {
        problems,
        stack: {
            plan: planned.plan,
            componentArgs: Object.fromEntries(
                Object.entries(decoded.input).filter(([key]) => !STACK_ONLY_KEYS.has(key)),
            ),
            binding: binding.binding,
            lokiPasswordSupplied: decoded.lokiPasswordSupplied,
            lokiNextPasswordSupplied: decoded.lokiNextPasswordSupplied,
        },
    };
}
