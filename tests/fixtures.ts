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
import { FEATURE_TOGGLES } from "../config/schema";
export { FEATURE_TOGGLES };

/** Destinations for every signal: traces and profiles need theirs (features.applicationObservability, profiling). */
export const EVERY_DESTINATION = {
    tempo: { url: "https://tempo.example.com:4317" },
    pyroscope: { url: "https://pyroscope.example.com" },
} as const;

/** Settings for a combination of toggles, with the destinations every signal needs. */
export function withToggles(features: Record<string, boolean>): SettingsInput {
    return minimalSettings({ features, ...EVERY_DESTINATION });
}

/** Whether a combination of toggles is one a stack may set (pod logs are read one way or the other). */
export const validToggles = (features: Record<string, boolean>) =>
    !(features.podLogs && features.podLogsViaKubernetesApi);

/**
 * Rows of on/off for the feature toggles that show every pair of toggles in all four combinations a
 * stack may set (a covering array; all 2^n would take Helm minutes). With 2k rows, toggle i is on in
 * the rows of the i-th k-subset that contains row 0: two such subsets are neither equal nor
 * complementary, so they share a row and miss one, and each has a row the other lacks; 2k rows cover
 * up to C(2k−1, k−1) toggles. Rows a stack may not set (validToggles) are mended, and rows added for
 * the pairs the mending lost, each packing as many as it can.
 */
export function coveringToggles(): Record<string, boolean>[] {
    const n = FEATURE_TOGGLES.length;
    let k = 2;
    const choose = (a: number, b: number): number => (b === 0 ? 1 : (choose(a - 1, b - 1) * a) / b);
    while (choose(2 * k - 1, k - 1) < n) k++;
    const subsets: number[][] = [];
    const pick = (from: number, chosen: number[]) => {
        if (subsets.length >= n) return;
        if (chosen.length === k) {
            subsets.push(chosen);
            return;
        }
        for (let r = from; r < 2 * k; r++) pick(r + 1, [...chosen, r]);
    };
    pick(1, [0]);
    const rows = Array.from({ length: 2 * k }, (_, row) =>
        Object.fromEntries(FEATURE_TOGGLES.map((f, i) => [f, subsets[i].includes(row)])),
    ).map((row) => (validToggles(row) ? row : { ...row, podLogsViaKubernetesApi: false }));
    const missing = () => {
        const found: [string, boolean, string, boolean][] = [];
        for (const a of FEATURE_TOGGLES)
            for (const b of FEATURE_TOGGLES)
                if (a < b)
                    for (const va of [true, false])
                        for (const vb of [true, false])
                            if (
                                validToggles({ [a]: va, [b]: vb }) &&
                                !rows.some((r) => r[a] === va && r[b] === vb)
                            )
                                found.push([a, va, b, vb]);
        return found;
    };
    for (let gaps = missing(); gaps.length > 0; gaps = missing()) {
        const row: Record<string, boolean> = {};
        for (const [a, va, b, vb] of gaps)
            if (
                (row[a] ?? va) === va &&
                (row[b] ?? vb) === vb &&
                validToggles({ ...row, [a]: va, [b]: vb })
            ) {
                row[a] = va;
                row[b] = vb;
            }
        rows.push(Object.fromEntries(FEATURE_TOGGLES.map((f) => [f, row[f] ?? false])));
    }
    return rows;
}
