// The README's code snippets ("Use it from your own program") and the YAML example they follow: read
// once, for the fast tests (tests/package.spec.ts) and the engine's (tests/engine/package.spec.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { PROJECT_DIR } from "./harness";

/** The code block after `<!-- snippet: <name> ... -->` in the README. */
export function readmeSnippet(name: string): string {
    const readme = readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
    const marker = readme.indexOf(`<!-- snippet: ${name}`);
    if (marker < 0) throw new Error(`README.md has no snippet ${name}`);
    const block = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(marker));
    if (!block) throw new Error(`README.md: no code block after snippet ${name}`);
    return block[1];
}

/** The YAML example's AlloyMonitoring args: what every language's snippet must send. */
export function exampleArgs(): Record<string, unknown> {
    const example = parse(
        readFileSync(path.join(PROJECT_DIR, "examples", "yaml", "Pulumi.yaml"), "utf8"),
    ) as { resources: { monitoring: { properties: Record<string, unknown> } } };
    // The chart's source is the program's config (a mirror here), not a setting the snippets share.
    const args = { ...example.resources.monitoring.properties };
    delete args.chart;
    return args;
}
