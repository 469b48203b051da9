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

/** The stack's keys whose contents reach the chart as they are: `values`, integration instances. */
const CHART_BOUND = ["values", "integrations"] as const;

/** The stack config with the chart-bound keys replaced. */
function withKeys(raw: RawConfig, keys: Values): RawConfig {
    const values = { ...raw.values };
    for (const [key, value] of Object.entries(keys))
        values[`alloy-monitoring:${key}`] = JSON.stringify(value);
    return { values, secretKeys: raw.secretKeys };
}

/** `tree` without the key at `at` (a path of keys). */
function without(tree: Values, at: string[]): Values {
    const copy = structuredClone(tree);
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
    const input = decodeConfig(raw).input;
    // What the stack wrote that reaches the chart as it is (certManager is the program's own).
    const bound: Values = {};
    for (const key of CHART_BOUND) {
        const value = input[key];
        if (!isMap(value)) continue;
        const rest = Object.fromEntries(
            Object.entries(value).filter(([k]) => !(key === "integrations" && k === "certManager")),
        );
        if (Object.keys(rest).length > 0) bound[key] = rest;
    }
    const found = await culprit(dir, raw, readFile, bound, failure);
    const chartWords = chartMessage(failed.error);
    return {
        problems: [
            found !== undefined
                ? {
                      code: "chart:render",
                      key: configPath(found),
                      message: `makes the chart refuse to render (helm template, as pulumi preview would): ${chartWords}`,
                      fix: [removeKey(configPath(found))],
                  }
                : {
                      code: "chart:render",
                      key: Object.keys(bound)[0] ?? "values",
                      message: `holds no key whose removal lets the chart render, yet it refuses what this stack plans (helm template, as pulumi preview would): ${chartWords}`,
                      fix: [editStackFile("set what the chart's message above asks for")],
                  },
        ],
    };
}

/**
 * The deepest key under the chart-bound keys of the stack (`bound`: `values`, `integrations`) whose
 * removal makes `failure` go away, searched from the top (the first such key at each level), or
 * undefined when no key does.
 */
async function culprit(
    dir: string,
    raw: RawConfig,
    readFile: ProjectFileReader,
    bound: Values,
    failure: string,
): Promise<string[] | undefined> {
    let budget = SEARCH_BUDGET;
    // Whether the stack without the key at `at` still plans and renders without this failure.
    const cures = async (at: string[]): Promise<boolean> => {
        if (budget-- <= 0) return false;
        const [root] = at;
        const pruned = without(bound, at);
        const { stack } = planStack(withKeys(raw, { [root]: pruned[root] ?? {} }), readFile);
        if (!stack) return false;
        const results = await renderPlan(dir, stack);
        return results.every((r) => r.ok || !r.error.includes(failure));
    };
    for (const root of Object.keys(bound)) {
        let found: string[] | undefined;
        let node: unknown = bound[root];
        let at = [root];
        while (isMap(node)) {
            let next: string[] | undefined;
            for (const key of Object.keys(node))
                if (await cures([...at, key])) {
                    next = [...at, key];
                    break;
                }
            if (next === undefined) break;
            found = at = next;
            node = node[next[next.length - 1]];
        }
        if (found) return found;
    }
    return undefined;
}
