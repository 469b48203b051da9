import { readFileSync } from "node:fs";
import path from "node:path";
import type { SettingsInput } from "../config/schema";

/** Two self-signed test CAs (public certificates only). */
export const CA_ONE = readFileSync(path.join(__dirname, "fixtures", "ca-one.pem"), "utf8");
export const CA_TWO = readFileSync(path.join(__dirname, "fixtures", "ca-two.pem"), "utf8");

/** The smallest valid settings: the three required keys. */
export function minimalSettings(overrides: Partial<SettingsInput> = {}): SettingsInput {
    return {
        clusterName: "prod-eu-1",
        loki: { url: "https://loki.example.com/loki/api/v1/push" },
        mimir: { url: "https://mimir.example.com/api/v1/push" },
        ...overrides,
    };
}

/** Every feature toggle of the stack config, for tests that try every combination (from the schema). */
export { FEATURE_TOGGLES } from "../config/schema";
