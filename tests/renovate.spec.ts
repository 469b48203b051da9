// Renovate's custom manager must find every chart pin in the source, or chart bumps go unnoticed.
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULTS } from "../config/schema";
import { PROJECT_DIR } from "./harness";

interface Manager {
    managerFilePatterns: string[];
    matchStrings: string[];
}
const config = JSON.parse(readFileSync(path.join(PROJECT_DIR, "renovate.json"), "utf8")) as {
    customManagers: Manager[];
    packageRules: {
        matchPackageNames?: string[];
        matchUpdateTypes?: string[];
        groupName?: string;
        automerge?: boolean;
        matchDatasources?: string[];
    }[];
};

/** Files of the repo (tracked sources, not dependencies) a manager's patterns select. */
function filesOf(manager: Manager): string[] {
    const patterns = manager.managerFilePatterns.map((p) => new RegExp(p.slice(1, -1)));
    const out: string[] = [];
    const walk = (dir: string) => {
        for (const entry of readdirSync(path.join(PROJECT_DIR, dir), { withFileTypes: true })) {
            if (["node_modules", ".git", "vendor", ".bench", "scratch"].includes(entry.name))
                continue;
            const rel = dir ? `${dir}/${entry.name}` : entry.name;
            if (entry.isDirectory()) walk(rel);
            else if (patterns.some((p) => p.test(rel))) out.push(rel);
        }
    };
    walk("");
    return out;
}

/** What Renovate's regex manager extracts from a text: one dependency a match. */
function extract(
    manager: Manager,
    text: string,
): { depName?: string; currentValue?: string; datasource?: string }[] {
    return manager.matchStrings.flatMap((s) =>
        [...text.matchAll(new RegExp(s, "g"))].map((m) => ({ ...m.groups })),
    );
}

const PINS = [
    { depName: "k8s-monitoring", currentValue: DEFAULTS.chartVersion },
    { depName: "alloy-operator", currentValue: DEFAULTS.operatorVersion },
];

describe("Renovate", () => {
    const [manager] = config.customManagers;

    it("finds both chart pins in the program's defaults and in Pulumi.yaml, from Grafana's Helm repository", () => {
        const files = filesOf(manager);
        expect(files).to.have.members(["config/schema.ts", "Pulumi.yaml"]);
        for (const file of files) {
            const found = extract(manager, readFileSync(path.join(PROJECT_DIR, file), "utf8"));
            expect(
                found.map(({ depName, currentValue }) => ({ depName, currentValue })),
                file,
            ).to.deep.equal(PINS);
            for (const dep of found) expect(dep.datasource).to.equal("helm");
        }
    });

    it("misses a pin whose line moved away from its renovate comment (so this test would fail)", () => {
        const text = readFileSync(path.join(PROJECT_DIR, "config/schema.ts"), "utf8").replace(
            /(renovate: [^\n]*depName=k8s-monitoring[^\n]*\n)(\s*chartVersion)/,
            "$1    // moved\n$2",
        );
        expect(extract(manager, text).map((d) => d.depName)).to.deep.equal(["alloy-operator"]);
    });

    it("moves the two charts together, never automerges a chart major, and groups @pulumi/*", () => {
        const charts = config.packageRules.find((r) =>
            r.matchPackageNames?.includes("k8s-monitoring"),
        );
        expect(charts?.matchPackageNames).to.have.members(["k8s-monitoring", "alloy-operator"]);
        expect(charts?.groupName).to.be.a("string");
        const majors = config.packageRules.find(
            (r) => r.matchUpdateTypes?.includes("major") && r.matchDatasources?.includes("helm"),
        );
        expect(majors?.automerge).to.equal(false);
        expect(
            config.packageRules.find((r) => r.matchPackageNames?.includes("@pulumi/**"))?.groupName,
        ).to.equal("Pulumi");
    });
});
