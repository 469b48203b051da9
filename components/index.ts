export {
    AlloyMonitoring,
    type AlloyMonitoringArgs,
    ALLOY_MONITORING_TYPE,
    type LokiEndpoint,
    type MimirEndpoint,
    POD_SECURITY_LABELS,
    SECRET_OUTPUTS,
    type TrustBundleMount,
} from "./alloy-monitoring";
export { AlloyOperator, K8sMonitoring, type ChartArgs } from "./charts";
export { TenantCredentials, type TenantCredentialsArgs } from "./tenant-credentials";
export { TrustBundle, type TrustBundleArgs } from "./trust-bundle";
export { clusterProvider, type ClusterProviderArgs } from "./cluster-provider";
export { PACKAGE_ROOT } from "./package-files";
