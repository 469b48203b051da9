// alloy-monitoring: a cluster's telemetry pipeline from stack config. See README.md.
import * as pulumi from "@pulumi/pulumi";
import { AlloyMonitoring, type AlloyMonitoringArgs, clusterProvider } from "./components";
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
// The component checks and plans its args again (a fraction of a millisecond): the same core, so
// a program that adds it to its own stack gets exactly this.
const monitoring = new AlloyMonitoring(
    "alloy-monitoring",
    {
        ...(stack.componentArgs as unknown as AlloyMonitoringArgs),
        ...(stack.lokiPasswordSupplied ? { lokiPassword: lokiPassword() } : {}),
        ...(stack.lokiNextPasswordSupplied ? { lokiNextPassword: lokiNextPassword() } : {}),
    },
    { providers: { kubernetes: provider } },
);

// Stack outputs: the component's. The gateway's htpasswd lines (a secret) are Loki's side of basic
// auth; a generated password is exported too (as a secret), a supplied one not, as its owner
// already has it.
export = monitoring.outputs();
