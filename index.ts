// alloy-monitoring: a cluster's telemetry pipeline from stack config. See README.md.
import { AlloyMonitoring } from "./components";
import { readStackConfig } from "./config/pulumi-config";

const stackConfig = readStackConfig();
const monitoring = new AlloyMonitoring("alloy-monitoring", {
    ...stackConfig.settings,
    lokiPassword: stackConfig.lokiPassword,
});

const summary = monitoring.summary();
export const namespace = summary.namespace;
export const clusterName = summary.clusterName;
export const chartVersion = summary.chartVersion;
export const collectors = summary.collectors;
export const loki = summary.loki;
export const mimir = summary.mimir;
export const trustBundle = summary.trustBundle;
export const blackboxTargets = summary.blackboxTargets;
/** Only a generated password is exported (as a secret), for configuring Loki's side of basic auth. */
export const lokiPassword = monitoring.lokiCredentials.generatedPassword
    ? monitoring.lokiCredentials.password
    : undefined;
