// The embedded blackbox exporter: not a chart feature, so it is Alloy configuration appended to
// alloy-metrics (`extraConfig`), forwarding to the Mimir destination's remote_write component.
import type { BlackboxModule, BlackboxTarget } from "../config/schema";

/** Alloy component labels: unique enough not to meet anything the chart renders. */
const EXPORTER_LABEL = "alloy_monitoring";
const SCRAPE_LABEL = "alloy_monitoring_blackbox";
/**
 * The `job` of every probe's metrics; the probe's name becomes its `instance`. Alloy's exporter
 * names each target's job `integrations/blackbox/<name>` itself, which the relabelling undoes.
 */
export const BLACKBOX_JOB = "integrations/blackbox";

/** The blackbox_exporter modules a target may name. */
export function blackboxModules(caFile?: string): Record<BlackboxModule, Record<string, unknown>> {
    return {
        // Probes HTTPS with the same CA bundle as the destinations, so the probe checks what Alloy trusts.
        http_2xx: {
            prober: "http",
            timeout: "5s",
            ...(caFile !== undefined ? { http: { tls_config: { ca_file: caFile } } } : {}),
        },
        tcp_connect: { prober: "tcp", timeout: "5s" },
        icmp: { prober: "icmp", timeout: "5s" },
    };
}

/** An Alloy string literal; JSON's escapes are a subset of Alloy's. */
export function alloyString(value: string): string {
    return JSON.stringify(value);
}

/** `extraConfig` passes through Helm's `tpl`: make any `{{` literal text again. */
export function escapeHelmTemplate(text: string): string {
    return text.replace(/\{\{/g, '{{ "{{" }}');
}

/** The Alloy configuration that probes `targets` and writes the results to `remoteWriteComponent`. */
export function blackboxConfig(
    targets: readonly BlackboxTarget[],
    remoteWriteComponent: string,
    caFile?: string,
): string {
    const config = JSON.stringify({ modules: blackboxModules(caFile) });
    const blocks = targets.map((target) =>
        [
            "  target {",
            `    name    = ${alloyString(target.name)}`,
            `    address = ${alloyString(target.url)}`,
            `    module  = ${alloyString(target.module)}`,
            "  }",
        ].join("\n"),
    );
    const text = [
        "// Blackbox probes (alloy-monitoring): reachability and TLS health of the telemetry endpoints.",
        `prometheus.exporter.blackbox ${alloyString(EXPORTER_LABEL)} {`,
        `  config = ${alloyString(config)}`,
        "",
        blocks.join("\n\n"),
        "}",
        "",
        // job="integrations/blackbox/<name>" from the exporter → job="integrations/blackbox", instance="<name>".
        `discovery.relabel ${alloyString(SCRAPE_LABEL)} {`,
        `  targets = prometheus.exporter.blackbox.${EXPORTER_LABEL}.targets`,
        "",
        "  rule {",
        `    source_labels = ["job"]`,
        `    regex         = ${alloyString(`${BLACKBOX_JOB}/(.+)`)}`,
        `    target_label  = "instance"`,
        "  }",
        "",
        "  rule {",
        `    target_label = "job"`,
        `    replacement  = ${alloyString(BLACKBOX_JOB)}`,
        "  }",
        "}",
        "",
        `prometheus.scrape ${alloyString(SCRAPE_LABEL)} {`,
        `  job_name   = ${alloyString(BLACKBOX_JOB)}`,
        `  targets    = discovery.relabel.${SCRAPE_LABEL}.output`,
        `  forward_to = [${remoteWriteComponent}.receiver]`,
        "  // alloy-metrics is clustered: each probe runs on one replica only.",
        "  clustering {",
        "    enabled = true",
        "  }",
        "}",
        "",
    ].join("\n");
    return escapeHelmTemplate(text);
}
