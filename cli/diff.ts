// Readable differences between two plans: a unified diff (jsdiff) of their canonical YAML, for a
// terminal or for a pull request comment in Markdown.
import { createTwoFilesPatch } from "diff";
import { stringify } from "yaml";
import type { PlanDocument } from "./plan-document";

export type DiffFormat = "text" | "markdown";

/** `--format json` of a diff: what changed for each stack, without the patch. */
export type DiffSummary = Omit<PlanDiff, "patch">;

/** Canonical YAML: keys sorted at every level, so that only real changes show. */
export function canonicalYaml(value: unknown): string {
    const sort = (v: unknown): unknown =>
        Array.isArray(v)
            ? v.map(sort)
            : v !== null && typeof v === "object"
              ? Object.fromEntries(
                    Object.keys(v)
                        .sort()
                        .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
                )
              : v;
    return stringify(sort(value), { lineWidth: 0 });
}

/** What is compared: everything but the stack's name; the cluster it deploys to too. */
function comparable(doc: PlanDocument | undefined): string {
    if (!doc) return "";
    const { cluster, charts, resources, outputs } = doc;
    return canonicalYaml({ cluster, charts, resources, outputs });
}

export interface PlanDiff {
    title: string;
    stack: string;
    /** The stack is new (no plan before), or removed (none after). */
    added?: boolean;
    removed?: boolean;
    changed: boolean;
    /** The working tree's stack cannot be deployed: the report `pulumi preview` would print. */
    error?: string;
    /** The base's stack could not be planned (the diff then shows everything as new). */
    baseError?: string;
    /** Unified diff text ("" when unchanged). */
    patch: string;
    /** Lines added and removed. */
    linesAdded: number;
    linesRemoved: number;
}

export function diffPlans(
    title: string,
    before: PlanDocument | undefined,
    after: PlanDocument | undefined,
    labels: [string, string],
    stack: string,
    lifecycle: { added?: boolean; removed?: boolean } = {},
    failures: { before?: string; after?: string } = {},
): PlanDiff {
    const a = comparable(before);
    const b = comparable(after);
    const base = {
        title,
        stack,
        ...(lifecycle.added ? { added: true } : {}),
        ...(lifecycle.removed ? { removed: true } : {}),
        ...(failures.before !== undefined ? { baseError: failures.before } : {}),
    };
    // A stack that cannot be deployed is a failure, never "no change", whatever the base was.
    if (failures.after !== undefined)
        return {
            ...base,
            changed: true,
            error: failures.after,
            patch: "",
            linesAdded: 0,
            linesRemoved: 0,
        };
    if (a === b) return { ...base, changed: false, patch: "", linesAdded: 0, linesRemoved: 0 };
    const patch = createTwoFilesPatch(labels[0], labels[1], a, b, undefined, undefined, {
        context: 3,
    })
        .split("\n")
        .filter((line) => !line.startsWith("====="))
        .join("\n");
    const lines = patch.split("\n");
    return {
        ...base,
        changed: true,
        patch,
        linesAdded: lines.filter((l) => l.startsWith("+") && !l.startsWith("+++")).length,
        linesRemoved: lines.filter((l) => l.startsWith("-") && !l.startsWith("---")).length,
    };
}

const colors = { add: "\u001b[32m", remove: "\u001b[31m", hunk: "\u001b[36m", reset: "\u001b[0m" };

const CANNOT_DEPLOY = "cannot be deployed";

/** What the base's failure means for the diff shown. */
const baseNote = (d: PlanDiff) =>
    d.baseError !== undefined
        ? "(the base could not be planned; everything shows as new)"
        : undefined;

export function renderDiffs(diffs: readonly PlanDiff[], format: DiffFormat, color = false): string {
    if (format === "markdown") {
        const parts = diffs.map((d) => {
            if (d.error !== undefined)
                return `### ${d.title}: ${CANNOT_DEPLOY}\n\n\`\`\`text\n${d.error.trimEnd()}\n\`\`\`\n`;
            if (!d.changed) return `### ${d.title}: no change\n`;
            const note = baseNote(d);
            return `### ${d.title}: +${d.linesAdded} −${d.linesRemoved}\n\n${note ? `${note}\n\n` : ""}<details><summary>What changes</summary>\n\n\`\`\`diff\n${d.patch.trimEnd()}\n\`\`\`\n\n</details>\n`;
        });
        return `${parts.join("\n")}`;
    }
    return diffs
        .map((d) => {
            if (d.error !== undefined)
                return `${d.title}: ${CANNOT_DEPLOY}:\n${d.error.trimEnd()}\n`;
            if (!d.changed) return `${d.title}: no change\n`;
            const body = d.patch
                .trimEnd()
                .split("\n")
                .map((line) => {
                    if (!color) return line;
                    if (line.startsWith("@@")) return `${colors.hunk}${line}${colors.reset}`;
                    if (line.startsWith("+") && !line.startsWith("+++"))
                        return `${colors.add}${line}${colors.reset}`;
                    if (line.startsWith("-") && !line.startsWith("---"))
                        return `${colors.remove}${line}${colors.reset}`;
                    return line;
                })
                .join("\n");
            const note = baseNote(d);
            return `${d.title}: +${d.linesAdded} -${d.linesRemoved}${note ? ` ${note}` : ""}\n${body}\n`;
        })
        .join("\n");
}
