// alloy-monitoring: a cluster's telemetry pipeline from stack config. See README.md.
import { AlloyMonitoring } from "./components";
import { readStackConfig } from "./config/pulumi-config";

const stackConfig = readStackConfig();
const monitoring = new AlloyMonitoring("alloy-monitoring", {
    ...stackConfig.settings,
    lokiPassword: stackConfig.lokiPassword,
});
const credentials = monitoring.lokiCredentials;

// Stack outputs. A generated Loki password is exported (as a secret) for configuring Loki's side of
// basic auth; a supplied one is not, as its owner already has it.
export = {
    ...monitoring.summary(),
    ...(credentials.generatedPassword ? { lokiPassword: credentials.password } : {}),
};
