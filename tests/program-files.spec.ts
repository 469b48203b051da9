// The project copies (tests, engine) hold the program's entries; a module index.ts imports from
// outside them would be missing from every copy, and `pulumi preview` there would fail to load.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROGRAM_ENTRIES } from "../scripts/program-files";
import { PROJECT_DIR } from "./harness";

/** The project's own modules that `entry` loads, followed through every relative import. */
function modulesLoadedBy(entry: string): string[] {
    const seen = new Set<string>();
    const pending = [path.join(PROJECT_DIR, entry)];
    while (pending.length > 0) {
        const file = pending.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        const text = readFileSync(file, "utf8");
        for (const [, spec] of text.matchAll(/(?:from|import|require\()\s*["'](\.[^"']+)["']/g)) {
            const base = path.resolve(path.dirname(file), spec);
            const resolved = [`${base}.ts`, path.join(base, "index.ts"), base].find((candidate) => {
                try {
                    return readFileSync(candidate) && true;
                } catch {
                    return false;
                }
            });
            if (resolved === undefined) throw new Error(`${file}: cannot resolve ${spec}`);
            if (resolved.endsWith(".ts")) pending.push(resolved);
        }
    }
    return [...seen].map((f) => path.relative(PROJECT_DIR, f)).sort();
}

describe("program files", () => {
    it("hold every module the program loads, so each project copy can run it", () => {
        const modules = modulesLoadedBy("index.ts");
        expect(modules).to.include.members([
            "index.ts",
            "runtime/pulumi-config.ts",
            "values/plan.ts",
        ]);
        const outside = modules.filter(
            (m) => !PROGRAM_ENTRIES.some((e) => m === e || m.startsWith(`${e}/`)),
        );
        expect(outside, "modules index.ts loads outside PROGRAM_ENTRIES").to.deep.equal([]);
    });
});
