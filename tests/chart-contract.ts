// The charts' schemas as Helm applies them before rendering: values coalesced with the chart's
// defaults, then checked against the root schema and every enabled subchart's schema. Schemas come
// from vendor/chart-schemas (pinned, vendored); the defaults from the pinned chart archives'
// values files (vendor/charts, or CHART_ARCHIVES).
//
// The real `helm template` judges the contract (tests/chart-render.spec.ts): it runs these schemas
// and every template. What stays here is what the render cannot do in npm test's time: a render
// costs Helm 3–5 s of CPU, so all 2^n feature-toggle combinations are checked against the schemas
// here in about a second, and rendered only as a covering set of pairs.
import { mergeValues } from "../values/overrides";
import Ajv, { type ValidateFunction } from "ajv";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { isMap } from "../config/objects";
import { DEFAULTS } from "../config/schema";
import { CHART_ARCHIVES } from "../scripts/engine/engine";
import { PROJECT_DIR } from "./harness";

type Values = Record<string, unknown>;

// The vendored schemas follow the pins: a pin moved without refreshing them fails the tests, with
// the command that refreshes them (scripts/refresh-chart-schemas.sh).
export const K8S_MONITORING = `k8s-monitoring-${DEFAULTS.chartVersion}`;
export const ALLOY_OPERATOR = `alloy-operator-${DEFAULTS.operatorVersion}`;
const SCHEMAS = path.join(PROJECT_DIR, "vendor", "chart-schemas");

/** The pinned archives unpacked once per process: the charts' defaults are their values files. */
const unpacked = mkdtempSync(path.join(tmpdir(), "alloy-monitoring-charts-"));
process.on("exit", () => rmSync(unpacked, { recursive: true, force: true }));
function chartDir(archiveName: string, chart: string): string {
    const dir = path.join(unpacked, archiveName);
    if (!existsSync(dir)) {
        mkdirSync(dir, { recursive: true });
        execFileSync("tar", ["-xzf", path.join(CHART_ARCHIVES, `${archiveName}.tgz`), "-C", dir]);
    }
    return path.join(dir, chart);
}
const CHART_DIR = chartDir(K8S_MONITORING, "k8s-monitoring");
const OPERATOR_DIR = chartDir(ALLOY_OPERATOR, "alloy-operator");

/** Helm's coalescing of user values over chart defaults: the program's own merge. */
export function coalesce(defaults: unknown, user: unknown): unknown {
    if (!isMap(user)) return user === undefined ? structuredClone(defaults) : structuredClone(user);
    if (!isMap(defaults)) return structuredClone(user);
    return mergeValues(defaults, user);
}

/** A vendored subchart folder and the parent key (alias) and condition k8s-monitoring gives it. */
export interface Subchart {
    folder: string;
    alias: string;
    /** Rendered (and validated) only when `<alias>.enabled` is true; else always. */
    conditional: boolean;
}

/** Subcharts as k8s-monitoring 4.x's Chart.yaml declares them: feature-<x> under alias <x>. */
export function subcharts(): Subchart[] {
    // Aliases that are not simply the folder's name in camelCase.
    const irregular: Record<string, string> = {
        "feature-pod-logs-via-opentelemetry": "podLogsViaOpenTelemetry",
    };
    return readdirSync(path.join(SCHEMAS, K8S_MONITORING, "charts")).map((folder) => {
        const alias =
            irregular[folder] ??
            folder
                .replace(/^feature-/, "")
                .replace(/-([a-z])/g, (_m: string, c: string) => c.toUpperCase());
        return {
            folder,
            alias,
            conditional: !["integrations", "telemetryServices"].includes(alias),
        };
    });
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();
function validator(file: string): ValidateFunction {
    let fn = compiled.get(file);
    if (!fn) {
        const schema = JSON.parse(readFileSync(file, "utf8")) as Values;
        delete schema.$schema;
        fn = ajv.compile(schema);
        compiled.set(file, fn);
    }
    return fn;
}

function readValues(file: string): Values {
    return existsSync(file) ? ((parse(readFileSync(file, "utf8")) as Values | null) ?? {}) : {};
}

const defaultsCache = new Map<string, Values>();
function defaultsOf(file: string): Values {
    if (!defaultsCache.has(file)) defaultsCache.set(file, readValues(file));
    return defaultsCache.get(file)!;
}

function errorsOf(fn: ValidateFunction, data: unknown, prefix: string): string[] {
    if (fn(data)) return [];
    return (fn.errors ?? []).map(
        (e) =>
            `${prefix}${e.instancePath.replace(/^\//, "").replace(/\//g, ".")}: ${e.message ?? "invalid"}`,
    );
}

/** Where k8s-monitoring values fall short of the chart's schemas, as Helm would report it. */
export function k8sMonitoringSchemaErrors(values: Values): string[] {
    const merged = coalesce(defaultsOf(path.join(CHART_DIR, "values.yaml")), values) as Values;
    const errors = errorsOf(
        validator(path.join(SCHEMAS, K8S_MONITORING, "values.schema.json")),
        merged,
        "",
    );
    for (const sub of subcharts()) {
        const own = isMap(merged[sub.alias]) ? merged[sub.alias] : {};
        if (sub.conditional && (own as Values).enabled !== true) continue;
        const subValues = coalesce(
            defaultsOf(path.join(CHART_DIR, "charts", sub.folder, "values.yaml")),
            {
                ...(own as Values),
                global: merged.global,
            },
        );
        errors.push(
            ...errorsOf(
                validator(
                    path.join(SCHEMAS, K8S_MONITORING, "charts", sub.folder, "values.schema.json"),
                ),
                subValues,
                `${sub.alias}.`,
            ),
        );
    }
    return errors;
}

/** Where alloy-operator values fall short of its schema. */
export function alloyOperatorSchemaErrors(values: Values): string[] {
    const merged = coalesce(defaultsOf(path.join(OPERATOR_DIR, "values.yaml")), values);
    return errorsOf(
        validator(path.join(SCHEMAS, ALLOY_OPERATOR, "values.schema.json")),
        merged,
        "",
    );
}
