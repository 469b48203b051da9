import { expect } from "chai";
import { blackboxConfig, escapeHelmTemplate } from "../values/blackbox";
import { planDeployment } from "../values/plan";
import { CA_ONE, minimalSettings } from "./fixtures";

/** The `target` blocks of a rendered exporter, as { name, address, module }. */
function targetsOf(config: string): Record<string, string>[] {
    return [...config.matchAll(/target \{([^}]*)\}/g)].map(([, body]) =>
        Object.fromEntries([...body.matchAll(/(\w+)\s*=\s*"([^"]*)"/g)].map(([, k, v]) => [k, v])),
    );
}

/** The blackbox_exporter configuration inside the exporter's `config` string. */
function modulesOf(config: string): Record<string, Record<string, unknown>> {
    const literal = /config = ("(?:[^"\\]|\\.)*")/.exec(config)![1];
    return (
        JSON.parse(JSON.parse(literal) as string) as {
            modules: Record<string, Record<string, unknown>>;
        }
    ).modules;
}

function metricsCollector(settings = minimalSettings()) {
    return planDeployment(settings).values.collectors as Record<
        string,
        { extraConfig?: string; includeDestinations?: string[] }
    >;
}

describe("blackbox probes", () => {
    it("by default probes Loki's and Mimir's /ready endpoints from alloy-metrics", () => {
        const { extraConfig, includeDestinations } = metricsCollector()["alloy-metrics"];
        expect(targetsOf(extraConfig!)).to.deep.equal([
            { name: "loki", address: "https://loki.example.com/ready", module: "http_2xx" },
            { name: "mimir", address: "https://mimir.example.com/ready", module: "http_2xx" },
        ]);
        // The probe results go to Mimir even if no other metrics feature were on this collector.
        expect(includeDestinations).to.deep.equal(["mimir"]);
        expect(extraConfig).to.contain("forward_to = [prometheus.remote_write.mimir.receiver]");
        expect(extraConfig).to.contain('job_name   = "integrations/blackbox"');
    });

    it("labels probes job=integrations/blackbox, instance=<probe name>, undoing the exporter's per-target job", () => {
        const { extraConfig } = metricsCollector()["alloy-metrics"];
        const relabel = /discovery\.relabel "([a-z_]+)" \{([^]*?)\n\}/.exec(extraConfig!);
        expect(relabel, extraConfig).not.to.equal(null);
        const rules = [...relabel![2].matchAll(/rule \{([^}]*)\}/g)].map((m) =>
            Object.fromEntries(
                [...m[1].matchAll(/(\w+)\s*=\s*(\[?"[^\n]*"\]?)/g)].map((a) => [a[1], a[2]]),
            ),
        );
        // The exporter's target job is integrations/blackbox/<name>: its name goes to instance…
        expect(rules[0]).to.deep.equal({
            source_labels: '["job"]',
            regex: '"integrations/blackbox/(.+)"',
            target_label: '"instance"',
        });
        // …then the job is the same for every probe.
        expect(rules[1]).to.deep.equal({
            target_label: '"job"',
            replacement: '"integrations/blackbox"',
        });
        expect(
            new RegExp("integrations/blackbox/(.+)").exec("integrations/blackbox/loki")![1],
        ).to.equal("loki");
        expect(extraConfig).to.contain(`targets    = discovery.relabel.${relabel![1]}.output`);
    });

    it("scrapes with clustering, so that each probe runs on one alloy-metrics replica", () => {
        const { extraConfig } = metricsCollector()["alloy-metrics"];
        expect(extraConfig).to.match(
            /prometheus\.scrape "[a-z_]+" \{[^]*clustering \{\s*enabled = true\s*\}/,
        );
    });

    it("probes the origin when a URL has no known push path", () => {
        const { extraConfig } = metricsCollector(
            minimalSettings({
                loki: { url: "https://logs.example.com/ingest" },
                features: { rulesSync: false },
                mimir: { url: "https://metrics.example.com/write" },
            }),
        )["alloy-metrics"];
        expect(targetsOf(extraConfig!).map((t) => t.address)).to.deep.equal([
            "https://logs.example.com/ready",
            "https://metrics.example.com/ready",
        ]);
    });

    it("probes the configured targets instead, with their modules", () => {
        const { extraConfig } = metricsCollector(
            minimalSettings({
                blackbox: {
                    targets: [
                        { name: "grafana", url: "https://grafana.example.com/api/health" },
                        { name: "gateway", url: "gw.example.com:443", module: "tcp_connect" },
                        { name: "router", url: "10.0.0.1", module: "icmp" },
                    ],
                },
            }),
        )["alloy-metrics"];
        expect(targetsOf(extraConfig!)).to.deep.equal([
            {
                name: "grafana",
                address: "https://grafana.example.com/api/health",
                module: "http_2xx",
            },
            { name: "gateway", address: "gw.example.com:443", module: "tcp_connect" },
            { name: "router", address: "10.0.0.1", module: "icmp" },
        ]);
        expect(Object.keys(modulesOf(extraConfig!))).to.have.members([
            "http_2xx",
            "tcp_connect",
            "icmp",
        ]);
    });

    it("disabled, or with no targets: nothing is added to alloy-metrics", () => {
        for (const blackbox of [{ enabled: false }, { targets: [] }]) {
            const metrics = metricsCollector(minimalSettings({ blackbox }))["alloy-metrics"];
            expect(metrics).to.deep.equal({ presets: ["clustered", "statefulset"] });
        }
    });

    it("checks HTTPS with the trust bundle, like the destinations", () => {
        const plain = modulesOf(metricsCollector()["alloy-metrics"].extraConfig!);
        expect(plain.http_2xx).to.deep.equal({ prober: "http", timeout: "5s" });
        const withBundle = modulesOf(
            metricsCollector(minimalSettings({ trustBundle: { pem: CA_ONE } }))["alloy-metrics"]
                .extraConfig!,
        );
        expect(withBundle.http_2xx).to.deep.equal({
            prober: "http",
            timeout: "5s",
            http: { tls_config: { ca_file: "/etc/ssl/trust-bundle/trust-bundle.pem" } },
        });
    });

    it("keeps Helm's tpl from reading template actions in the configuration", () => {
        expect(escapeHelmTemplate("a {{ .Values.x }} b")).to.equal('a {{ "{{" }} .Values.x }} b');
        const config = blackboxConfig(
            [{ name: "templ", url: "https://example.com/{{x}}", module: "http_2xx" }],
            "prometheus.remote_write.mimir",
        );
        // What tpl prints for each escape is "{{"; nothing else in the text may open an action.
        const escape = '{{ "{{" }}';
        expect(config.split(escape).join("")).not.to.contain("{{");
        expect(config.split(escape).join("{{")).to.contain('address = "https://example.com/{{x}}"');
    });
});
