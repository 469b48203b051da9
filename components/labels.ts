/** Labels on every object this program creates itself (the charts label their own). */
export const MANAGED_LABELS = {
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "alloy-monitoring",
} as const;
