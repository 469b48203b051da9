// The program: its own Kubernetes provider, bound to a named context, and AlloyMonitoring from the
// npm library with the YAML example's settings and the local chart mirror. The README's snippet
// (snippet.ts) is type-checked beside it.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AlloyMonitoring } from "alloy-monitoring";
import { addMonitoring } from "./snippet";

const config = new pulumi.Config();
const cluster = new k8s.Provider("cluster", { context: "local" });
const monitoring = new AlloyMonitoring(
    "monitoring",
    {
        clusterName: "dev-cluster",
        loki: { url: "https://loki.dev.example.com/loki/api/v1/push" },
        mimir: { url: "https://mimir.dev.example.com/api/v1/push" },
        trustBundle: { configMap: "trust-bundle", key: "trust-bundle.pem" },
        chart: { repository: config.require("chartRepository") },
    },
    { provider: cluster },
);
export const collectors = monitoring.collectors;
void addMonitoring;
