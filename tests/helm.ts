// The pinned chart archives for the tests that let Helm judge the chart contract (cli/helm.ts renders
// them with the Helm the Kubernetes provider embeds), and reading the templates' `fail`s.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULTS } from "../config/schema";
import { CHART_ARCHIVES } from "../scripts/engine/engine";

export const archive = (chart: string, version: string) =>
    path.join(CHART_ARCHIVES, `${chart}-${version}.tgz`);
export const K8S_MONITORING_ARCHIVE = archive("k8s-monitoring", DEFAULTS.chartVersion);
export const ALLOY_OPERATOR_ARCHIVE = archive("alloy-operator", DEFAULTS.operatorVersion);

export {
    helm,
    helmBinary,
    PROVIDER_HELM,
    pooled,
    type Render,
    render,
    renderLayers,
} from "../cli/helm";

const scratch = mkdtempSync(path.join(tmpdir(), "alloy-monitoring-helm-fails-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

/** A catalogue message (a printf format, maybe cut short) as a pattern for Helm's error output. */
export function messagePattern(format: string): RegExp {
    // A message cut short may end inside a verb ("… level (%").
    const parts = format
        .replace(/%$/, "")
        .split(/%[sdqv]/)
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(parts.join(".*?"));
}

/** One `fail` call in a chart's templates. */
export interface FailSite {
    /** path:line inside the chart (`charts/feature-x/templates/_validation.tpl:10`). */
    template: string;
    /** The line itself, trimmed: what a reviewer of a chart bump compares. */
    line: string;
}

/**
 * Every `fail` the chart's own templates (and its vendored subcharts' directories) call, read from
 * the archive: so a chart bump shows which catalogue rows are new, gone or moved.
 */
export function failSites(chartArchive: string, chart = "k8s-monitoring"): FailSite[] {
    const dir = mkdtempSync(path.join(scratch, "chart-"));
    execFileSync("tar", ["-xzf", chartArchive, "-C", dir]);
    const root = path.join(dir, chart);
    const sites: FailSite[] = [];
    const walk = (rel: string) => {
        for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
            const child = rel ? `${rel}/${entry.name}` : entry.name;
            if (entry.isDirectory()) walk(child);
            else if (/\.(tpl|yaml|txt)$/.test(entry.name) && /(^|\/)templates\//.test(child))
                readFileSync(path.join(root, child), "utf8")
                    .split("\n")
                    .forEach((line, i) => {
                        // `fail` as a template action: {{ fail …}}, (fail …), | fail; not in comments.
                        if (/\{\{-?\s*fail\b|\(\s*fail\s|\|\s*fail\b/.test(line))
                            sites.push({ template: `${child}:${i + 1}`, line: line.trim() });
                    });
        }
    };
    walk("");
    return sites.sort((a, b) => a.template.localeCompare(b.template));
}
