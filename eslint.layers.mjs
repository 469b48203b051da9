// The architecture's layers as lint rules, on their own so that tests/layers.spec.ts can plant wrong
// imports and lint them with exactly these rules, without type information (fast); eslint.config.mjs
// includes them.
import tseslint from "typescript-eslint";
import boundaries from "eslint-plugin-boundaries";

/**
 * Every folder is a layer, and each layer may import only the layers named here (besides itself):
 * dependencies point one way, config/ (the contract) → values/ (pure planning) → components/
 * (resources) → index.ts, with runtime/ (what the engine hands the program) at the edge; cli/ is on
 * the same core; policy/ is its own package and imports nothing of the program; scripts/ and tests/
 * sit on top. eslint-plugin-boundaries resolves each import to the file it loads, so a folder index
 * (`../components`) or a detour (`../values/../components/x`) is judged by where it lands, and a file
 * in no layer fails (`boundaries/no-unknown-files`) until it is given one here.
 */
const LAYERS = {
    policy: [],
    config: ["policy"],
    values: ["config", "policy"],
    components: ["values", "config", "policy"],
    runtime: ["config", "policy"],
    program: ["components", "runtime", "values", "config"],
    cli: ["runtime", "values", "config", "policy"],
    scripts: ["cli", "components", "runtime", "values", "config", "policy"],
    tests: ["scripts", "cli", "program", "components", "runtime", "values", "config", "policy"],
};
/** Layers that are pure: no Pulumi SDK, no file system, no processes. */
const PURE = ["config", "values"];

const boundarySettings = {
    "boundaries/elements": [
        ...Object.keys(LAYERS)
            .filter((type) => type !== "program")
            .map((type) => ({ type, pattern: type, partialMatch: false })),
    ],
    // The program and its other faces: the npm library and the package's provider (one root file each).
    "boundaries/files": [{ category: "program", pattern: "{index,library,provider}.ts" }],
    "boundaries/include": ["**/*.ts"],
    "import/resolver": { node: { extensions: [".ts", ".js", ".json"] } },
};

const layerRules = {
    "boundaries/dependencies": [
        "error",
        {
            default: "disallow",
            message:
                "imports {{to.type}}/, which this layer may not (docs/architecture.md, Layout; the layers are in eslint.layers.mjs)",
            policies: Object.entries(LAYERS).map(([type, allowed]) => ({
                // The program is one file at the root, the rest are folders.
                from:
                    type === "program"
                        ? { file: { categories: "program" } }
                        : { element: { type } },
                allow: { to: { element: { types: { anyOf: [type, ...allowed] } } } },
            })),
        },
    ],
    "boundaries/no-unknown-files": "error",
};

const pureRules = {
    files: PURE.map((folder) => `${folder}/**/*.ts`),
    rules: {
        "no-restricted-imports": [
            "error",
            {
                patterns: [
                    {
                        group: [
                            "@pulumi/*",
                            "fs",
                            "node:fs",
                            "child_process",
                            "node:child_process",
                        ],
                        message:
                            "config/ and values/ are pure: no Pulumi SDK, no file system, no processes",
                    },
                ],
            },
        ],
    },
};

export default [
    { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
    { files: ["**/*.ts"], plugins: { boundaries }, settings: boundarySettings, rules: layerRules },
    pureRules,
];
