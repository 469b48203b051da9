// What every mirrored chart rule shares: its shape, and the readings of the merged values the
// rules have in common (a collector's effective traits, names the chart would make collide).
import { type ConfigProblem } from "../../config/problems";
import { editStackFile } from "../../config/fixes";
import { CHART_INTEGRATIONS } from "../../config/chart-facts";
import { at, dig } from "../overrides";

export type Values = Record<string, unknown>;
/** A rule's finding; the rule gives it its code. */
export type RuleProblem = Omit<ConfigProblem, "code">;
export type Path = (string | number)[];

/** The chart's integrations. */
export const INTEGRATIONS: readonly string[] = CHART_INTEGRATIONS;

// Controller type and /var/log mount that the presets set (collectors/presets/*.yaml).
const PRESET_CONTROLLER: Record<string, string> = {
    daemonset: "daemonset",
    deployment: "deployment",
    singleton: "deployment",
    statefulset: "statefulset",
};
const PRESET_VARLOG = ["filesystem-log-reader", "linux-host-monitor"];

/** A collector's effective settings the feature checks read: presets, then common, then its own. */
export function collectorTraits(
    values: Values,
    name: string,
): { controller?: string; varlog: boolean; clustering: boolean; scaled: boolean } {
    const own = dig(values, ["collectors", name]);
    const presets = dig(own, ["presets"]);
    const list = Array.isArray(presets) ? presets.filter((p) => typeof p === "string") : [];
    const common = dig(values, ["collectorCommon", "alloy"]);
    const setting = (path: Path) => dig(own, path) ?? dig(common, path);
    // The chart merges presets first-wins (sprig's merge keeps what an earlier preset set).
    let controller = list
        .filter((preset) => Object.hasOwn(PRESET_CONTROLLER, preset))
        .map((preset) => PRESET_CONTROLLER[preset])[0];
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

export const enabled = (values: Values, feature: string) =>
    dig(values, [feature, "enabled"]) === true;

/**
 * Names under `section` that the chart turns into the same Kubernetes name (lower case, '_' → '-'):
 * it refuses the second of each pair.
 */
export function nameCollisions(
    section: string,
    kind: string,
    names: readonly string[],
): RuleProblem[] {
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
    /** The templates (path:line in k8s-monitoring 4.5.0) whose `fail` this rule keeps a stack from reaching. */
    templates: readonly string[];
    /**
     * `overrides` is the stack's own `values`, to tell its lists from generated ones. Each problem's
     * code is the rule's: `chart:` and the first template it mirrors.
     */
    check(values: Values, overrides: Values): RuleProblem[];
}
