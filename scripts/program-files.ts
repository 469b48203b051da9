// What a copy of the project needs to run the program: the entries of the repository that
// `pulumi preview` loads (index.ts and the modules it imports, their config and pins, and the
// chart mirror a stack may install from). Written once
// for the test harness's copies and the engine's project folders; tests/program-files.spec.ts
// checks that every module index.ts imports lies inside them.
export const PROGRAM_ENTRIES = [
    "Pulumi.yaml",
    "package.json",
    "tsconfig.json",
    "index.ts",
    "components",
    "config",
    "values",
    "runtime",
    "policy",
    "chart-archives.sha256",
    // The project's chart mirror: what a stack with `chart.repository: vendor/charts` installs.
    "vendor/charts",
    // The charts' schemas and defaults, which planning judges values by (values/chart-model.ts).
    "vendor/chart-schemas",
] as const;
