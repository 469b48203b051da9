// The charts' schemas as Helm applies them before rendering, for the tests: the program's own chart
// model (values/chart-model.ts: the values coalesced with the chart's defaults, checked against the
// root schema and every enabled subchart's), read from vendor/chart-schemas for the pinned versions.
//
// The real `helm template` judges the contract too (tests/chart-render.spec.ts): it runs these schemas
// and every template. What stays here is what the render cannot do in npm test's time: a render
// costs Helm 3–5 s of CPU, so all 2^n feature-toggle combinations are checked against the schemas
// here in about a second, and rendered only as a covering set of pairs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULTS } from "../config/schema";
import {
    type ChartModel,
    coalesce as coalesceValues,
    loadChartModel,
    schemaFailures,
} from "../values/chart-model";
import { PROJECT_DIR } from "./harness";

type Values = Record<string, unknown>;

// The vendored data follows the pins: a pin moved without refreshing it fails the tests, with the
// command that refreshes it (scripts/refresh-chart-schemas.sh).
export const K8S_MONITORING = `k8s-monitoring-${DEFAULTS.chartVersion}`;
export const ALLOY_OPERATOR = `alloy-operator-${DEFAULTS.operatorVersion}`;

/** A project file as text, or undefined: how the program reads it too (runtime/pulumi-config). */
export const readProjectText = (file: string): string | undefined => {
    try {
        return readFileSync(path.join(PROJECT_DIR, file), "utf8");
    } catch {
        return undefined;
    }
};

/** The model of a vendored chart version; the pinned ones must be there. */
export function model(chart: string, version: string): ChartModel {
    const found = loadChartModel(readProjectText, chart, version);
    if (!found)
        throw new Error(
            `${chart} ${version} is not in vendor/chart-schemas: run scripts/refresh-chart-schemas.sh`,
        );
    return found;
}

export const k8sMonitoringModel = () => model("k8s-monitoring", DEFAULTS.chartVersion);
export const alloyOperatorModel = () => model("alloy-operator", DEFAULTS.operatorVersion);

/** Helm's coalescing of user values over chart defaults: the program's own merge. */
export function coalesce(defaults: Values, user: Values): Values {
    return coalesceValues(defaults, user);
}

/** Where k8s-monitoring values fall short of the chart's schemas, as Helm would report it. */
export function k8sMonitoringSchemaErrors(values: Values): string[] {
    return schemaFailures(k8sMonitoringModel(), values).map(
        (f) => `${f.path.join(".")}: ${f.message}`,
    );
}

/** Where alloy-operator values fall short of its schema. */
export function alloyOperatorSchemaErrors(values: Values): string[] {
    return schemaFailures(alloyOperatorModel(), values).map(
        (f) => `${f.path.join(".")}: ${f.message}`,
    );
}
