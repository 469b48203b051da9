// alloy-monitoring: a cluster's telemetry pipeline from stack config. See README.md.
import * as pulumi from "@pulumi/pulumi";
import { AlloyMonitoring, clusterProvider } from "./components";
import {
    lokiNextPassword,
    lokiPassword,
    projectFileReader,
    rawStackConfig,
    stackKubeconfig,
} from "./runtime/pulumi-config";
import { ConfigError } from "./config/problems";
import { planStack } from "./values/plan";

// Every check runs before any resource is registered; a RunError prints the whole report, no trace.
const { stack, problems } = planStack(rawStackConfig(), projectFileReader(__dirname));
if (!stack) throw new pulumi.RunError(new ConfigError(problems).message);

const provider = clusterProvider("cluster", {
    binding: stack.binding,
    kubeconfig: stackKubeconfig(stack.binding),
});
// Planned once, above: the component builds from that plan.
const monitoring = new AlloyMonitoring(
    "alloy-monitoring",
    {
        plan: stack.plan,
        ...(stack.lokiPasswordSupplied ? { lokiPassword: lokiPassword() } : {}),
        ...(stack.lokiNextPasswordSupplied ? { lokiNextPassword: lokiNextPassword() } : {}),
    },
    { providers: { kubernetes: provider } },
);
const credentials = monitoring.lokiCredentials;

// Stack outputs. The gateway's htpasswd lines (a secret) are Loki's side of basic auth; a generated
// password is exported too (as a secret), a supplied one not, as its owner already has it.
export = {
    ...monitoring.summary(),
    lokiHtpasswd: credentials.htpasswd,
    ...(credentials.generatedPassword ? { lokiPassword: credentials.password } : {}),
};
