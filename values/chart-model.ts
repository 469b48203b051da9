// The charts' own judgement of values, as Helm applies it before rendering: the values coalesced with
// the chart's defaults, checked against the chart's schema and each enabled subchart's schema on its
// own values. The data is vendor/chart-schemas/<chart>-<version>/ (scripts/refresh-chart-schemas.sh
// writes it from the pinned archives), read through the caller's file reader: no Helm, no process,
// in a few milliseconds, so `pulumi preview` applies it before anything is created.
import { Validator } from "@cfworker/json-schema";
import { isMap } from "../config/objects";
import type { ConfigProblem } from "../config/problems";
import { removeKey } from "../config/fixes";
import { at, dig, mergeValues } from "./overrides";

type Values = Record<string, unknown>;

/** Where the chart data lives, relative to the project directory. */
export const CHART_MODELS_DIR = "vendor/chart-schemas";

/** One chart of the model: its schema (if it has one) and its defaults (values.yaml). */
export interface ChartPart {
    schema?: Record<string, unknown>;
    defaults: Values;
}

/** A subchart as the parent's Chart.yaml declares it. */
export interface Subchart extends ChartPart {
    name: string;
    /** The key of its values in the parent's: its alias, else its name. */
    key: string;
    /** The parent's value that turns it on (`costMetrics.enabled`); none: always on. */
    condition?: string;
}

export interface ChartModel {
    chart: string;
    version: string;
    root: ChartPart;
    subcharts: Subchart[];
}

/** Reads a project file as text, or undefined when it does not exist. */
export type TextReader = (path: string) => string | undefined;

const models = new Map<string, ChartModel | undefined>();

/**
 * The model of `chart` at `version` from vendor/chart-schemas, or undefined when that version is not
 * vendored there (a chart from a repository at a version the project does not pin). Cached per
 * process: every stack of a fleet shares it.
 */
export function loadChartModel(
    read: TextReader,
    chart: string,
    version: string,
): ChartModel | undefined {
    const id = `${chart}-${version}`;
    if (models.has(id)) return models.get(id);
    const dir = `${CHART_MODELS_DIR}/${id}`;
    const json = (file: string): unknown => {
        const text = read(`${dir}/${file}`);
        return text === undefined ? undefined : (JSON.parse(text) as unknown);
    };
    const part = (prefix: string): ChartPart | undefined => {
        const defaults = json(`${prefix}values.json`);
        if (!isMap(defaults)) return undefined;
        const schema = json(`${prefix}values.schema.json`);
        return { defaults, ...(isMap(schema) ? { schema } : {}) };
    };
    const root = part("");
    const dependencies = json("dependencies.json");
    let model: ChartModel | undefined;
    if (root && Array.isArray(dependencies)) {
        const subcharts: Subchart[] = [];
        for (const d of dependencies as { name: string; alias?: string; condition?: string }[]) {
            const sub = part(`charts/${d.name}/`);
            if (sub)
                subcharts.push({
                    ...sub,
                    name: d.name,
                    key: d.alias ?? d.name,
                    ...(d.condition !== undefined ? { condition: d.condition } : {}),
                });
        }
        model = { chart, version, root, subcharts };
    }
    models.set(id, model);
    return model;
}

/** Helm's coalescing of values over a chart's defaults (the program's merge: see mergeValues). */
export function coalesce(defaults: Values, values: Values): Values {
    return mergeValues(defaults, values);
}

/** Whether Helm renders a subchart: its condition's value, when the values hold one, else yes. */
function subchartOn(merged: Values, sub: Subchart): boolean {
    if (sub.condition === undefined) return true;
    const value = dig(merged, sub.condition.split("."));
    return typeof value === "boolean" ? value : true;
}

const validators = new WeakMap<object, Validator>();
function validator(schema: Record<string, unknown>): Validator {
    let v = validators.get(schema);
    if (!v) {
        // The charts name an unversioned draft ("http://json-schema.org/schema#"): read as draft 7.
        const rest = Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema"));
        v = new Validator(rest, "7", false);
        validators.set(schema, v);
    }
    return v;
}

/** The path in a JSON pointer fragment (`#/cluster/name`), unescaped. */
function pointerPath(location: string): string[] {
    return location
        .replace(/^#\/?/, "")
        .split("/")
        .filter((p) => p !== "")
        .map((p) => decodeURIComponent(p).replace(/~1/g, "/").replace(/~0/g, "~"));
}

// Keywords whose errors only say that something below them failed: the failure itself is reported too.
const WRAPPERS = new Set([
    "properties",
    "items",
    "prefixItems",
    "additionalItems",
    "allOf",
    "$ref",
    "patternProperties",
    "dependentSchemas",
    "if",
    "then",
    "else",
]);

/** One schema failure: where in the chart values, and what the schema says. */
export interface SchemaFailure {
    path: string[];
    message: string;
}

/** What Helm's schema check refuses in `values` (the values the chart receives), with their paths. */
export function schemaFailures(model: ChartModel, values: Values): SchemaFailure[] {
    const merged = coalesce(model.root.defaults, values);
    const failures: SchemaFailure[] = [];
    const check = (part: ChartPart, data: Values, prefix: string[]) => {
        if (!part.schema) return;
        const result = validator(part.schema).validate(data);
        if (result.valid) return;
        for (const error of result.errors) {
            if (WRAPPERS.has(error.keyword)) continue;
            const own = pointerPath(error.instanceLocation);
            // A subchart's `global` is the parent's: a failure there is the parent's global's.
            const path = own[0] === "global" ? own : [...prefix, ...own];
            // A missing property is reported at the object; it belongs at the property.
            const missing = /required property "([^"]+)"/.exec(error.error);
            failures.push({
                path: missing ? [...path, missing[1]] : path,
                message: error.error,
            });
        }
    };
    check(model.root, merged, []);
    for (const sub of model.subcharts) {
        if (!subchartOn(merged, sub)) continue;
        const value = merged[sub.key];
        const own: Values = isMap(value) ? value : {};
        const data = coalesce(sub.defaults, { ...own, global: merged.global ?? {} });
        check(sub, data, [sub.key]);
    }
    // One failure per path: a type error under anyOf/oneOf is reported once.
    const seen = new Set<string>();
    return failures.filter((f) => {
        const id = JSON.stringify(f.path);
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
    });
}

/**
 * Schema failures as problems at the `values` key that causes them: the longest path the stack's
 * own `values` set on the way to the failure (removing it restores what the program or the chart
 * sets there, which fits), else the failure's own path.
 */
export function chartSchemaProblems(
    model: ChartModel,
    values: Values,
    overrides: Values,
    /** Where a path of these values is in the stack's `values` (the operator's sit under `alloy-operator`). */
    inStack: (path: string[]) => string[] = (path) => path,
): ConfigProblem[] {
    return schemaFailures(model, values).map(({ path: chartPath, message }) => {
        const path = inStack(chartPath);
        let set = path.length;
        while (set > 0 && dig(overrides, path.slice(0, set)) === undefined) set--;
        const key = at(set > 0 ? path.slice(0, set) : path);
        const what = `${model.chart} ${model.version}'s schema refuses ${chartPath.join(".") || "the values"}: ${message.replace(/^Instance /, "the value ")}`;
        return {
            code: "chart-schema",
            key,
            message:
                set > 0
                    ? `does not fit the chart: ${what}`
                    : `is a value this program generates, and ${what} (a bug of this program: please report it)`,
            fix: [removeKey(key)],
        };
    });
}
