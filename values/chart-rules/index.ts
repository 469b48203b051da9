// The chart's own template checks (`fail` in k8s-monitoring's templates, 4.5.0), mirrored on the
// merged values so that a stack the chart would refuse is refused here, before anything is created,
// with the key and a fix. Each rule names the templates it mirrors; tests/chart-template-fails.spec.ts
// holds the whole catalogue, one row per `fail`, and checks that every reachable one is covered.
//
// The surface is bounded on purpose: `values` may tune everything this program deploys, but may not
// turn on chart features, destination types or services whose template checks are not mirrored here
// (they would fail only at `pulumi preview`, against the cluster).
import type { ConfigProblem } from "../../config/problems";
import { COLLECTOR_RULES } from "./collectors";
import { DESTINATION_RULES } from "./destinations";
import { FEATURE_RULES } from "./features";
import { INTEGRATION_RULES } from "./integrations";
import type { ChartRule, Values } from "./rule";

export type { ChartRule } from "./rule";

/** Every mirrored template check, in the order the chart runs them (features, then destinations). */
export const CHART_RULES: readonly ChartRule[] = [
    ...FEATURE_RULES,
    ...INTEGRATION_RULES,
    ...DESTINATION_RULES,
    ...COLLECTOR_RULES,
];

/** Every problem the mirrored template checks find in the merged values. */
export function chartRuleProblems(values: Values, overrides: Values = {}): ConfigProblem[] {
    return CHART_RULES.flatMap((rule) =>
        rule
            .check(values, overrides)
            .map((problem) => ({ code: `chart:${rule.templates[0]}`, ...problem })),
    );
}
