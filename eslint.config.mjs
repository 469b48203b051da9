// ESLint 9 flat config: typescript-eslint with type information (the Pulumi rules need it).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

/** Forbids the files of `folder` to import the folders in `above`; a pure folder, the SDK or fs too. */
function layer(folder, above, pure = false) {
    const forbidden = [
        ...above.map((f) => ({
            group: [`../${f}/*`, `../../${f}/*`],
            message: `${folder}/ may not depend on ${f}/ (docs/architecture.md, Layout)`,
        })),
        ...(pure
            ? [
                  {
                      group: ["@pulumi/*", "fs", "node:fs", "child_process", "node:child_process"],
                      message: `${folder}/ is pure: no Pulumi SDK, no file system, no processes`,
                  },
              ]
            : []),
    ];
    return {
        files: [`${folder}/**/*.ts`],
        rules: { "no-restricted-imports": ["error", { patterns: forbidden }] },
    };
}

export default tseslint.config(
    { ignores: ["node_modules/", "bin/", "scratch/", ".bench/"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            eqeqeq: ["error", "smart"],
            "prefer-const": "error",
        },
    },
    // Dependencies point one way: config/ (the contract) → values/ (pure planning) → components/
    // (resources) → index.ts, with runtime/ (what the engine hands the program) at the edge. The
    // contract and the planning are pure: no Pulumi SDK, no file system.
    layer("config", ["values", "components", "runtime", "cli"], true),
    layer("values", ["components", "runtime", "cli"], true),
    layer("components", ["runtime", "cli"]),
    layer("runtime", ["values", "components", "cli"]),
    {
        // Tests walk chart values as plain JSON: typing every path would only restate the values.
        files: ["tests/**/*.ts"],
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
        },
    },
    {
        files: ["**/*.mjs"],
        extends: [tseslint.configs.disableTypeChecked],
        languageOptions: { globals: { process: "readonly", console: "readonly" } },
    },
);
