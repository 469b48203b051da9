// The chart itself, as the last judge of a plan: the offline plan renders both charts with the real
// `helm template` (the Helm the provider embeds, cli/helm.ts), as `pulumi preview` would render
// them against the cluster, and maps a template's `fail` to the nearest key of the stack's own
// `values` it can: the deepest one whose removal makes that failure go away, found by rendering
// the stack without it. A failure no key of `values` explains is the chart's refusal of the
// program's own values, reported as such.
import { existsSync } from "node:fs";
import path from "node:path";
import type { RawConfig } from "../config/decode";
import { decodeConfig } from "../config/decode";
import { isMap } from "../config/objects";
import { type ConfigProblem, configPath } from "../config/problems";
import { editStackFile, removeKey } from "../config/fixes";
import { type ProjectFileReader, planStack, type StackPlan } from "../values/plan";
import { type Render, renderChart } from "./helm";

type Values = Record<string, unknown>;

/** What rendering a stack's plan found. */
export interface RenderCheck {
    problems: ConfigProblem[];
    /** Why it was not rendered, when it was not (no local archive of the chart's version). */
    skipped?: string;
}

/** At most this many renders to find the key behind a failure (each takes Helm seconds). */
const SEARCH_BUDGET = 16;

/**
 * The archive a chart renders from offline: the stack's own local directory's, else the project's
 * mirror (vendor/charts) when it holds that version: the bytes chart-archives.sha256 pins.
 */
function archiveOf(dir: string, source: StackPlan["plan"]["charts"]["k8sMonitoring"]): string {
    if (source.archive !== undefined) return path.resolve(dir, source.chart);
    const name = path.basename(source.chart);
    return path.join(dir, "vendor", "charts", `${name}-${source.version}.tgz`);
}

/** The message of a failed render that identifies it: the first line of the chart's own words. */
export function failureOf(error: string): string {
    const lines = error
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("Use --debug"));
    const first = lines[0] ?? "";
    // `Error: execution error at (chart/templates/x.yaml:1:4): <message, maybe on the next line>`
    const inline = /^Error: execution error at \([^)]*\):\s*(.*)$/.exec(first);
    if (inline) return inline[1] !== "" ? inline[1] : (lines[1] ?? first);
    // A schema failure names the value: `- at '/path': …`.
    return lines.find((l) => l.startsWith("- at ")) ?? first;
}

/**
 * The chart's own words for a failure, on one line: its sentences up to the YAML it suggests (which
 * names keys of the chart, not of the stack; the problem's key and fix say that).
 */
export function chartMessage(error: string): string {
    const lines = error
        .replace(/^Error: execution error at \([^)]*\):\s*/, "")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("Use --debug"));
    const snippet = lines.findIndex((l) => /:$/.test(l));
    return (snippet > 0 ? lines.slice(0, snippet) : lines).join(" ").replace(/^Error: /, "");
}

/** The stack config with `values` replaced. */
function withValues(raw: RawConfig, values: Values): RawConfig {
    return {
        values: { ...raw.values, "alloy-monitoring:values": JSON.stringify(values) },
        secretKeys: raw.secretKeys,
    };
}

/** `values` without the key at `at` (a path of keys). */
function without(values: Values, at: string[]): Values {
    const copy = structuredClone(values);
    let node: Values = copy;
    for (const key of at.slice(0, -1)) node = node[key] as Values;
    delete node[at[at.length - 1]];
    return copy;
}

/** Renders a stack's plan: k8s-monitoring, then the operator, in its namespace. */
async function renderPlan(dir: string, stack: StackPlan): Promise<Render[]> {
    const { plan } = stack;
    const namespace = plan.spec.namespace;
    return Promise.all([
        renderChart({
            archive: archiveOf(dir, plan.charts.k8sMonitoring),
            layers: [plan.values],
            release: "k8s-monitoring",
            namespace,
        }),
        renderChart({
            archive: archiveOf(dir, plan.charts.alloyOperator),
            layers: [plan.alloyOperatorValues],
            release: "alloy-operator",
            namespace,
        }),
    ]);
}

/** Renders the stack's plan offline; a refusal comes back as a problem at the nearest key. */
export async function renderCheck(
    dir: string,
    raw: RawConfig,
    stack: StackPlan,
    readFile: ProjectFileReader,
): Promise<RenderCheck> {
    const charts = [stack.plan.charts.k8sMonitoring, stack.plan.charts.alloyOperator];
    for (const source of charts)
        if (!existsSync(archiveOf(dir, source)))
            return {
                problems: [],
                skipped: `${path.basename(source.chart)} ${source.version} is not in vendor/charts, so the chart was not rendered offline; pulumi preview renders it`,
            };
    const results = await renderPlan(dir, stack);
    const failed = results.find((r) => !r.ok);
    if (!failed) return { problems: [] };
    const failure = failureOf(failed.error);
    const overrides = decodeConfig(raw).input.values;
    const key = isMap(overrides)
        ? await culprit(dir, raw, readFile, overrides, failure)
        : undefined;
    const chartWords = chartMessage(failed.error);
    return {
        problems: [
            key !== undefined
                ? {
                      code: "chart:render",
                      key: configPath(["values", ...key]),
                      message: `makes the chart refuse to render (helm template, as pulumi preview would): ${chartWords}`,
                      fix: [removeKey(configPath(["values", ...key]))],
                  }
                : {
                      code: "chart:render",
                      key: "values",
                      message: `holds no key whose removal lets the chart render, yet it refuses what this stack plans (helm template, as pulumi preview would): ${chartWords}`,
                      fix: [editStackFile("set what the chart's message above asks for")],
                  },
        ],
    };
}

/**
 * The deepest key of `overrides` whose removal makes `failure` go away, searched from the top
 * (the first such key at each level), or undefined when no key of them does.
 */
async function culprit(
    dir: string,
    raw: RawConfig,
    readFile: ProjectFileReader,
    overrides: Values,
    failure: string,
): Promise<string[] | undefined> {
    let budget = SEARCH_BUDGET;
    // Whether the stack without the key at `at` still plans and renders without this failure.
    const cures = async (at: string[]): Promise<boolean> => {
        if (budget-- <= 0) return false;
        const { stack } = planStack(withValues(raw, without(overrides, at)), readFile);
        if (!stack) return false;
        const results = await renderPlan(dir, stack);
        return results.every((r) => r.ok || !r.error.includes(failure));
    };
    let found: string[] | undefined;
    let node: unknown = overrides;
    let at: string[] = [];
    for (;;) {
        if (!isMap(node)) return found;
        let next: string[] | undefined;
        for (const key of Object.keys(node))
            if (await cures([...at, key])) {
                next = [...at, key];
                break;
            }
        if (next === undefined) return found;
        found = next;
        at = next;
        node = node[next[next.length - 1]];
    }
}
