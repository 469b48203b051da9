export {
    AlloyMonitoring,
    type AlloyMonitoringArgs,
    type PlannedAlloyMonitoringArgs,
    POD_SECURITY_LABELS,
} from "./alloy-monitoring";
export { AlloyOperator, K8sMonitoring, type ChartArgs } from "./charts";
export { TenantCredentials, type TenantCredentialsArgs } from "./tenant-credentials";
export { TrustBundle, type TrustBundleArgs } from "./trust-bundle";
export { clusterProvider, type ClusterProviderArgs } from "./cluster-provider";
