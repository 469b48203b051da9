// The npm library: `import { AlloyMonitoring } from "alloy-monitoring"` in a Pulumi program of your
// own, beside the standalone program (index.ts) and the package's provider (provider.ts), on the
// same component and core. README, "Use it from your own program".
export {
    AlloyMonitoring,
    type AlloyMonitoringArgs,
    type LokiEndpoint,
    type MimirEndpoint,
    type TrustBundleMount,
} from "./components";
export type * from "./components/alloy-monitoring-args";
