// Careless and hostile config: every input gets a plan or the list of problems — never an
// exception, never a secret in a message, never a tree the program cannot walk. Regression tests for
// each class found by fuzzing, then property-based tests (fast-check) over arbitrary input.
// Fixed seeds here; `npm run test:fuzz` runs the properties far longer with a fresh seed.
import { expect } from "chai";
import fc from "fast-check";
import type { RawConfig } from "../config/decode";
import { hostPortProblem, hostProblem, parseCertificates } from "../config/rules";
import type { ConfigProblem } from "../config/problems";
import { planStack, tryPlanDeployment } from "../values/plan";
import { settingsSchema } from "../config/schema";
import { defOf, schemaAt } from "../config/schema-walk";
import type { z } from "zod";
import { k8sMonitoringSchemaErrors } from "./chart-contract";
import { EVERY_DESTINATION, FEATURE_TOGGLES, minimalSettings, validToggles } from "./fixtures";
import { stackConfig, withConfig } from "./harness";
import { renderFix } from "../config/fixes";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = process.env.FUZZ_RUNS ? Date.now() : 20261122;
const params = { numRuns: RUNS, seed: SEED };

const base = minimalSettings();
const keysOf = (problems: readonly ConfigProblem[]) => problems.map((p) => p.key);
const planWith = (values: unknown) => tryPlanDeployment({ ...base, values });

/** Every boolean key of the stack config, as config paths (from the schema, so none is left out). */
function booleanKeys(schema: z.ZodType, path: string[] = []): string[] {
    const here = schemaAt(schema, path);
    if (!here) return [];
    const def = defOf(here.inner);
    if (def.type === "boolean") return [path.join(".")];
    if (def.type !== "object") return [];
    const shape = (here.inner as unknown as { shape: Record<string, z.ZodType> }).shape;
    return Object.keys(shape).flatMap((key) => booleanKeys(schema, [...path, key]));
}

function wellFormed(problems: readonly ConfigProblem[]): void {
    for (const p of problems) {
        expect(p.key, JSON.stringify(p)).to.be.a("string").and.not.equal("");
        expect(p.code, JSON.stringify(p)).to.match(/^(chart:)?[a-z][\w./:-]*$/);
        expect(p.message, JSON.stringify(p)).to.be.a("string").and.not.equal("");
        // A fix is steps of a known kind, never empty, and no step is blank.
        expect(p.fix, JSON.stringify(p)).to.be.an("array").with.length.above(0);
        for (const step of p.fix) {
            expect(["set", "rm", "edit", "run"], JSON.stringify(p)).to.include(step.kind);
            expect(renderFix([step]).trim(), JSON.stringify(p)).not.to.equal("");
        }
    }
}

describe("hostile config: each class found by fuzzing", () => {
    it("answers non-list presets with a problem, not a TypeError", () => {
        for (const presets of [false, 1, {}, "clustered", null])
            expect(
                keysOf(planWith({ collectors: { "alloy-metrics": { presets } } }).problems),
            ).to.deep.equal(["values.collectors.alloy-metrics.presets"]);
    });

    it("refuses values nested thousands of levels deep instead of overflowing the stack", () => {
        // As the CLI hands it over: JSON text (JSON.stringify itself overflows at this depth).
        const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
        const raw = withConfig(stackConfig("dev"), { values: deep });
        const { problems } = planStack(raw);
        expect(problems).to.have.length(1);
        expect(problems[0].key.startsWith("values.a.a.")).to.equal(true);
        expect(problems[0].message).to.contain("nested more than 64 levels");
    });

    it("redacts credentials in tcp_connect and icmp targets and in URLs whose password holds '/'", () => {
        const targets = [
            { name: "a", url: "admin:pa55-tcp@db.internal:5432", module: "tcp_connect" },
            { name: "b", url: "admin:pa55-icmp@db.internal", module: "icmp" },
        ];
        const problems = tryPlanDeployment({
            ...base,
            blackbox: { targets },
            loki: { url: "https://writer:pa55/with/slash@loki.example.com/push" },
        }).problems;
        expect(keysOf(problems)).to.have.members([
            "blackbox.targets[0].url",
            "blackbox.targets[1].url",
            "loki.url",
        ]);
        expect(JSON.stringify(problems)).not.to.match(/pa55/);
    });

    it("keeps the promises a null in values would break", () => {
        expect(keysOf(planWith({ cluster: null }).problems)).to.deep.equal(["values.cluster"]);
        expect(keysOf(planWith({ destinations: { mimir: null } }).problems)).to.include.members([
            "values.destinations.mimir",
            // alloy-metrics still names it, for the blackbox probes.
            "values.collectors.alloy-metrics.includeDestinations[0]",
        ]);
        expect(keysOf(planWith({ destinations: { loki: { type: null } } }).problems)).to.include(
            "values.destinations.loki.type",
        );
        expect(
            keysOf(
                planWith({
                    collectors: { "alloy-metrics": { includeDestinations: ["mimir", "tempo"] } },
                }).problems,
            ),
        ).to.deep.equal(["values.collectors.alloy-metrics.includeDestinations[1]"]);
        expect(keysOf(planWith({ collectorCommon: null }).problems)).to.deep.equal([
            "values.collectorCommon.alloy.alloy.enableReporting",
        ]);
    });

    it("treats __proto__ as a refused key, at the top and inside values, never as a prototype", () => {
        const raw = stackConfig("dev");
        const values = { ...raw.values };
        delete values["alloy-monitoring:loki"];
        values["alloy-monitoring:__proto__"] = JSON.stringify({
            loki: { url: "https://l/loki/api/v1/push" },
        });
        const { problems } = planStack({ values, secretKeys: raw.secretKeys });
        expect(keysOf(problems)).to.have.members(["__proto__", "loki"]);
        const inside = planStack(
            withConfig(stackConfig("dev"), {
                values: JSON.parse(
                    '{"__proto__": {"cluster": {"name": "other"}}, "global": {"constructor": 1}}',
                ) as unknown,
            }),
        ).problems;
        expect(keysOf(inside)).to.have.members(["values.__proto__", "values.global.constructor"]);
        wellFormed(inside);
    });

    it("never reports an empty key", () => {
        const raw = withConfig(stackConfig("dev"), {
            "": "x",
            values: { "": 1, global: { "": 2 } },
        });
        const { problems } = planStack(raw);
        expect(keysOf(problems)).to.have.members(['[""]', 'values[""]', 'values.global[""]']);
        wellFormed(problems);
    });

    it("accepts IPv6 addresses with an embedded IPv4 part, and refuses what is not an address", () => {
        expect(hostProblem("::ffff:10.0.0.1")).to.equal(undefined);
        expect(hostPortProblem("[::ffff:10.0.0.1]:443")).to.equal(undefined);
        expect(hostPortProblem("[2001:db8::1]:9090")).to.equal(undefined);
        expect(hostProblem("10.0.0.1")).to.equal(undefined);
        expect(hostProblem("mimir.example.com")).to.equal(undefined);
        expect(hostProblem(":::x")).to.be.a("string");
        expect(hostPortProblem("mimir.example.com:0")).to.be.a("string");
        expect(hostPortProblem("[mimir.example.com]:443")).to.be.a("string");
    });

    it("reads inputs that used to be super-linear (timed in npm run bench, not here)", () => {
        expect(hostProblem(`${":".repeat(65536)}x`)).to.be.a("string");
        expect(parseCertificates("-----BEGIN CERTIFICATE-----\n".repeat(10000)).problem).to.contain(
            "no matching -----END",
        );
    });

    // Maps whose own keys are the names of Object.prototype's methods (or Promise's `then`): turning
    // one into text throws ("Cannot convert object to primitive value"), so nothing may.
    const PROTOTYPE_KEYED = [
        '{"toString": 0}',
        '{"valueOf": 0, "toString": 0}',
        '{"then": 1}',
        '{"constructor": 0}',
        '{"__proto__": {"toString": 0}}',
        '[{"toString": 0, "valueOf": 0}]',
    ].map((text) => JSON.parse(text) as unknown);

    it("answers every boolean key given a map with toString or valueOf with a problem, not a TypeError", () => {
        const booleans = booleanKeys(settingsSchema);
        expect(booleans).to.include.members([
            "features.kubeProxy",
            "takeOver",
            "blackbox.enabled",
            "loki.allowPlaintextHttp",
            "crds.removeOnDestroy",
            "integrations.certManager.enabled",
        ]);
        for (const key of booleans)
            for (const value of PROTOTYPE_KEYED) {
                // Set at its place in the dev stack's own config, the rest of it kept.
                const dev = stackConfig("dev");
                const [top, ...rest] = key.split(".");
                const text = dev.values[`alloy-monitoring:${top}`];
                const root = (text === undefined ? {} : JSON.parse(text)) as Record<
                    string,
                    unknown
                >;
                let node = root;
                for (const k of rest.slice(0, -1))
                    node = (node[k] ??= {}) as Record<string, unknown>;
                const raw = withConfig(dev, {
                    [top]: rest.length === 0 ? value : (node[rest.at(-1)!] = value) && root,
                });
                const { problems } = planStack(raw);
                wellFormed(problems);
                // A reserved key (constructor, __proto__) is refused where it is, by the decoder;
                // otherwise the fix sets the key to a boolean, the key's default where it has one.
                const own = problems.find((p) => p.key === key);
                const under = problems.filter((p) => p.key.startsWith(`${key}.`));
                const report = `${key}: ${JSON.stringify(value)}: ${JSON.stringify(problems)}`;
                expect(own !== undefined || under.length > 0, report).to.equal(true);
                if (own) expect(renderFix(own.fix), report).to.match(/ (true|false)$/);
            }
    });

    it("answers prototype-named keys anywhere in the config with a plan or problems", () => {
        for (const value of PROTOTYPE_KEYED)
            for (const changes of [
                { values: { global: value } },
                { values: { collectors: { "alloy-metrics": { presets: [value] } } } },
                { values: { destinations: { loki: value } } },
                { integrations: { alloy: { instances: [value] } } },
                { blackbox: { targets: [{ name: value, url: "https://x.example.com" }] } },
                { loki: value },
                { clusterName: value },
            ]) {
                const { problems } = planStack(withConfig(stackConfig("dev"), changes));
                wellFormed(problems);
            }
    });

    it("refuses a config value larger than any sane one before parsing it", () => {
        const raw = withConfig(stackConfig("dev"), {
            trustBundle: { pem: "x".repeat(1100 * 1024) },
        });
        const { problems } = planStack(raw);
        expect(keysOf(problems)).to.deep.equal(["trustBundle"]);
        expect(problems[0].message).to.contain("at most 1024 KiB");
    });
});

// ---- property-based ---------------------------------------------------------------------------

const KEYS = [
    "clusterName",
    "namespace",
    "chart",
    "loki",
    "lokiPassword",
    "mimir",
    "trustBundle",
    "blackbox",
    "integrations",
    "features",
    "values",
    "ambientKubeconfig",
    "clustername",
    "__proto__",
    "constructor",
    "",
];
/** Keys that name Object.prototype's methods, Promise's `then`, or the prototype itself. */
const PROTOTYPE_KEYS = ["toString", "valueOf", "then", "toJSON", "constructor", "__proto__"];
/** A map (or a list holding one) whose keys are PROTOTYPE_KEYS, parsed as the CLI's JSON is. */
const prototypeKeyed = (value: unknown) =>
    fc
        .tuple(
            fc.oneof(
                // Mostly the keys the decoder does not refuse on its own: what reaches the checks.
                { weight: 3, arbitrary: fc.subarray(PROTOTYPE_KEYS.slice(0, 4), { minLength: 1 }) },
                fc.subarray(PROTOTYPE_KEYS, { minLength: 1 }),
            ),
            fc.boolean(),
        )
        .map(([keys, inList]) => {
            const map = JSON.parse(
                `{${keys.map((k) => `${JSON.stringify(k)}: ${JSON.stringify(value ?? 0)}`).join(",")}}`,
            ) as unknown;
            return inList ? [map] : map;
        });
/** JSON, often with maps keyed by PROTOTYPE_KEYS at its top. */
const json = fc
    .jsonValue({ maxDepth: 5 })
    .chain((value) =>
        fc.oneof(
            { weight: 3, arbitrary: fc.constant(value) },
            { weight: 1, arbitrary: prototypeKeyed(value) },
        ),
    );
/** A config value as the CLI hands it over: text, or JSON of anything. */
const configText = fc.oneof(
    fc.string(),
    json.map((v) => JSON.stringify(v)),
);
/** Something that is nearly a good value of a key: the shapes people actually get wrong. */
const nearValue: Record<string, fc.Arbitrary<unknown>> = {
    clusterName: fc.oneof(fc.constant("prod-eu-1"), fc.string()),
    loki: fc.record(
        {
            url: fc.oneof(fc.webUrl(), fc.string()),
            tenantId: fc.option(fc.string(), { nil: undefined }),
        },
        { requiredKeys: [] },
    ),
    mimir: fc.record(
        {
            url: fc.oneof(fc.webUrl(), fc.string()),
            rulerUrl: fc.option(fc.webUrl(), { nil: undefined }),
        },
        { requiredKeys: [] },
    ),
    features: fc.dictionary(
        fc.constantFrom(...FEATURE_TOGGLES, "kubeproxy"),
        fc.oneof(fc.boolean(), json),
    ),
    blackbox: fc.record({
        enabled: fc.oneof(fc.boolean(), json),
        targets: fc.array(
            fc.record({
                name: fc.string(),
                url: fc.oneof(fc.webUrl(), fc.string(), fc.ipV6(), fc.ipV4()),
                module: fc.constantFrom("http_2xx", "tcp_connect", "icmp", "dns"),
            }),
        ),
    }),
    values: fc.dictionary(
        fc.constantFrom(
            "collectors",
            "destinations",
            "cluster",
            "global",
            "clusterMetrics",
            "extraObjects",
            "integrations",
            "podLogs",
        ),
        fc.oneof(
            json,
            fc.constant(null),
            fc.dictionary(
                fc.constantFrom("alloy-metrics", "mimir", "loki", "name", "presets"),
                json,
            ),
        ),
    ),
};
/** A key's value: often a near-valid one of its own kind, sometimes another key's, or anything. */
const valueOf = (key: string): fc.Arbitrary<string> =>
    fc.oneof(
        configText,
        ...(Object.hasOwn(nearValue, key)
            ? [{ weight: 2, arbitrary: nearValue[key].map((v) => JSON.stringify(v)) }]
            : []),
        fc
            .constantFrom(...Object.keys(nearValue))
            .chain((k) => nearValue[k].map((v) => JSON.stringify(v))),
    );
const rawConfig: fc.Arbitrary<RawConfig> = fc
    .tuple(
        fc.record(
            Object.fromEntries(KEYS.map((k) => [k, valueOf(k)])) as Record<
                string,
                fc.Arbitrary<string>
            >,
            {
                requiredKeys: [],
            },
        ),
        fc.subarray(KEYS),
        fc.constantFrom<Record<string, string>>(
            { "kubernetes:context": "ctx" },
            {},
            { "kubernetes:kubeconfig": "apiVersion: v1\nkind: Config" },
        ),
    )
    .map(([values, secret, binding]) => ({
        values: Object.fromEntries([
            ...Object.entries(values).map(([k, v]) => [`alloy-monitoring:${k}`, v]),
            ...Object.entries(binding),
        ]) as Record<string, string>,
        secretKeys: new Set(secret.map((k) => `alloy-monitoring:${k}`)),
    }));

describe("hostile config: properties over arbitrary input", () => {
    it("never throws: a plan or problems, each with a key, a message and a fix", () => {
        fc.assert(
            fc.property(rawConfig, (raw) => {
                const { stack, problems } = planStack(raw);
                expect(stack === undefined).to.equal(problems.length > 0);
                wellFormed(problems);
            }),
            params,
        );
    });

    it("plans the same input to the same values, every time", () => {
        fc.assert(
            fc.property(rawConfig, (raw) => {
                const copy = { values: { ...raw.values }, secretKeys: new Set(raw.secretKeys) };
                expect(planStack(copy)).to.deep.equal(planStack(raw));
            }),
            params,
        );
    });

    // A secret planted where one goes must appear in no message, fix or chart value, not even one
    // word of it: passwords hold spaces, tabs and other separators.
    // Each word may hold a character that ends or splits URLs elsewhere: quotes, brackets, '/', '@'…
    const CUT = ["", "'", '"', "`", "<", ">", "/", "@", ":", "#", "?", "%", "\\", "="];
    const word = fc
        .tuple(
            fc.stringMatching(/^[A-Za-z0-9]{6}$/),
            fc.constantFrom(...CUT),
            fc.stringMatching(/^[A-Za-z0-9]{6}$/),
        )
        .map(([a, cut, b]) => `PLANTED${a}${cut}${b}`);
    const separator = fc.constantFrom(
        " ",
        "  ",
        "\t",
        "\u00a0",
        "\u2003",
        "\v",
        "\f",
        "\n",
        ",",
        ";",
        "|",
    );
    const token = fc
        .tuple(word, fc.array(fc.tuple(separator, word), { maxLength: 3 }))
        .map(([first, rest]) => first + rest.map(([sep, w]) => sep + w).join(""));
    /** Text as an Alloy string literal holds it (between its quotes). */
    const alloyString = (text: string) => text.replace(/["\\]/g, (c) => `\\${c}`);
    const planted = (secret: string) =>
        fc.constantFrom<RawConfig>(
            withConfig(stackConfig("dev"), { lokiPassword: secret }, ["lokiPassword"]),
            withConfig(stackConfig("dev"), { lokiPassword: secret }),
            withConfig(stackConfig("dev"), { clusterName: secret }, ["clusterName"]),
            withConfig(stackConfig("dev"), {
                loki: { url: `https://u:${secret}@loki.example.com/push` },
            }),
            withConfig(stackConfig("dev"), {
                mimir: { url: `https://${secret}/x@mimir.example.com/api/v1/push` },
            }),
            withConfig(stackConfig("dev"), {
                blackbox: {
                    targets: [{ name: "db", url: `u:${secret}@db:5432`, module: "tcp_connect" }],
                },
            }),
            withConfig(stackConfig("dev"), {
                blackbox: { targets: [{ name: "db", url: `u:${secret}@db`, module: "icmp" }] },
            }),
            withConfig(stackConfig("dev"), {
                blackbox: {
                    targets: [{ name: "web", url: `https://u:${secret}@web.example.com/` }],
                },
            }),
            withConfig(stackConfig("dev"), {
                mimir: {
                    url: "https://mimir.example.com/api/v1/push",
                    rulerUrl: `https://u:${secret}@mimir.example.com`,
                },
            }),
            withConfig(stackConfig("dev"), {
                values: {
                    destinations: {
                        loki: { url: `https://writer:${secret}@loki.example.com/push` },
                    },
                },
            }),
            withConfig(stackConfig("dev"), {
                values: {
                    collectors: {
                        "alloy-metrics": {
                            // An Alloy string, escaped as Alloy escapes it.
                            extraConfig: `prometheus.remote_write "x" {\n  endpoint {\n    url = "https://u:${alloyString(secret)}@mimir.example.com/push"\n  }\n}`,
                        },
                    },
                },
            }),
            withConfig(stackConfig("dev"), {
                values: { destinations: { loki: { auth: { password: secret } } } },
            }),
            withConfig(stackConfig("dev"), {
                values: { extraObjects: [{ kind: "Secret", stringData: { t: secret } }] },
            }),
            withConfig(stackConfig("dev"), { values: { global: { apiToken: secret } } }),
            withConfig(stackConfig("dev"), {
                values: {
                    collectors: {
                        "alloy-metrics": { extraConfig: `password = "${alloyString(secret)}"` },
                    },
                },
            }),
            withConfig(stackConfig("dev"), {
                trustBundle: {
                    pem: `-----BEGIN PRIVATE KEY-----\n${secret}\n-----END PRIVATE KEY-----`,
                },
            }),
            {
                values: {
                    ...stackConfig("dev").values,
                    "kubernetes:kubeconfig": `apiVersion: v1\ntoken: ${secret}`,
                },
                secretKeys: new Set(),
            },
        );

    it("never quotes a planted secret, in any message or fix, nor puts it in chart values", () => {
        fc.assert(
            fc.property(
                token.chain((secret) => fc.tuple(fc.constant(secret), planted(secret))),
                ([secret, raw]) => {
                    const { stack, problems } = planStack(raw);
                    const shown = [
                        problems.map((p) => `${p.key} ${p.message} ${renderFix(p.fix)}`).join("\n"),
                        JSON.stringify(stack?.plan.values ?? {}),
                        JSON.stringify(stack?.plan.alloyOperatorValues ?? {}),
                    ].join("\n");
                    // Every run of letters and digits of it: none may show, whatever split it.
                    for (const part of secret.match(/[A-Za-z0-9]{6,}/g)!)
                        expect(shown).not.to.contain(part);
                },
            ),
            { ...params, numRuns: Math.min(RUNS, 60) },
        );
    });

    it("plans every valid combination into values the chart's schemas accept", () => {
        const valid = fc.record({
            features: fc.record(Object.fromEntries(FEATURE_TOGGLES.map((f) => [f, fc.boolean()]))),
            trustBundle: fc.constantFrom(
                {},
                { configMap: "trust-bundle" },
                { configMap: "ca", key: "ca.crt" },
            ),
            blackbox: fc.record({ enabled: fc.boolean() }),
            replicas: fc.integer({ min: 1, max: 5 }),
            scrapeInterval: fc.constantFrom("15s", "30s", "1m"),
        });
        fc.assert(
            fc.property(
                valid.filter(({ features }) => validToggles(features)),
                ({ replicas, scrapeInterval, ...settings }) => {
                    const { plan, problems } = tryPlanDeployment({
                        ...base,
                        ...EVERY_DESTINATION,
                        ...settings,
                        values: {
                            global: { scrapeInterval },
                            collectors: { "alloy-metrics": { controller: { replicas } } },
                        },
                    });
                    expect(problems).to.deep.equal([]);
                    expect(k8sMonitoringSchemaErrors(plan!.values)).to.deep.equal([]);
                },
            ),
            { ...params, numRuns: Math.min(RUNS, 60) },
        );
    });
});
