/**
 * The HTML report (`whest run --html FILE`, `whest report REPORT.json --html FILE`): one
 * self-contained page — inline CSS, hand-drawn inline SVG charts, no script, no network asset —
 * with the score block, the per-MLP table, per-layer MSE against depth on a log scale, the FLOP
 * breakdown, and the run configuration and host. Every string taken from the report is escaped:
 * a report is untrusted input.
 *
 * @module
 */
import type { NamespaceBreakdown } from "../budget/summary.ts";
import { isFailed, rowStatus, scoreMultiplier } from "../scoring/score_mlp.ts";
import { formatFlops, formatMse, formatRatio, formatSeconds } from "./format.ts";
import { type JsonReport, REPORT_SCHEMA_VERSION } from "./json_report.ts";

/** Chart colours (Tableau 10), cycled when there are more MLPs. */
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

/** Op bars drawn in the FLOP chart (the table lists every op). */
const MAX_OP_BARS = 15;

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./html.ts";
 * escapeHtml('<script>alert("x")</script>'); // "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
 * ```
 * @param text Any string.
 */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) =>
      c === "&"
        ? "&amp;"
        : c === "<"
        ? "&lt;"
        : c === ">"
        ? "&gt;"
        : c === '"'
        ? "&quot;"
        : "&#39;",
  );
}

const e = (value: unknown): string => escapeHtml(String(value));

/** A number for an SVG coordinate: two decimals at most. */
const px = (value: number): string => String(Math.round(value * 100) / 100);

function table(headers: string[], rows: string[][], numeric: boolean[] = []): string {
  const head = headers.map((h, i) => `<th${numeric[i] ? ' class="n"' : ""}>${e(h)}</th>`).join("");
  const body = rows.map((row) =>
    `<tr>${row.map((cell, i) => `<td${numeric[i] ? ' class="n"' : ""}>${cell}</td>`).join("")}</tr>`
  ).join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function keyValues(pairs: [string, string][]): string {
  return `<table class="kv"><tbody>${
    pairs.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join("")
  }</tbody></table>`;
}

function scoreBlock(report: JsonReport): string {
  const r = report.results;
  const n = r.per_mlp.length;
  const card = (label: string, value: string, note: string, bad = false) =>
    `<div class="card${bad ? " bad" : ""}"><div class="label">${e(label)}</div>` +
    `<div class="value">${e(value)}</div><div class="note">${e(note)}</div></div>`;
  return `<section id="score"><h2>Score</h2><div class="cards">
${
    card(
      "adjusted final-layer score",
      formatMse(r.adjusted_final_layer_score),
      "primary score, lower is better",
    )
  }
${card("final-layer MSE (raw)", formatMse(r.final_layer_mse), "without the compute multiplier")}
${
    card(
      "mean score multiplier",
      formatRatio(r.mean_score_multiplier),
      "max(0.1, C/B); 1 for a failure",
    )
  }
${
    card(
      "failed MLPs",
      `${r.n_failed_mlps} of ${n}`,
      "an error or an exhaustion flag",
      r.n_failed_mlps > 0,
    )
  }
</div>
${
    keyValues([
      ["all-layers MSE", e(formatMse(r.all_layers_mse))],
      ["best MLP (adjusted)", e(formatMse(r.best_mlp_adjusted_final_layer_score))],
      ["worst MLP (adjusted)", e(formatMse(r.worst_mlp_adjusted_final_layer_score))],
      ["mean compute utilisation", e(formatRatio(r.mean_compute_utilization))],
      ["mean effective compute", e(formatFlops(r.mean_effective_compute))],
    ])
  }</section>`;
}

function perMlpSection(report: JsonReport): string {
  const budget = report.run_config.flop_budget;
  const rows = report.results.per_mlp.map((r) => {
    const status = rowStatus(r);
    const statusCell = isFailed(r)
      ? `<span class="bad">${e(status)}</span>${
        r.error !== undefined ? `<div class="err">${e(r.error)}</div>` : ""
      }`
      : e(status);
    return [
      e(r.mlp_index),
      e(r.mlp_name),
      e(formatMse(r.adjusted_final_layer_score)),
      e(formatMse(r.final_layer_mse)),
      e(formatMse(r.all_layers_mse)),
      e(formatFlops(r.flops_used)),
      e(formatRatio(scoreMultiplier(r, budget))),
      e(formatSeconds(r.wall_time_s)),
      statusCell,
    ];
  });
  return `<section id="per-mlp"><h2>Per-MLP scores</h2>${
    table(
      [
        "#",
        "MLP",
        "adjusted score",
        "final MSE",
        "all-layers MSE",
        "FLOPs",
        "multiplier",
        "wall",
        "status",
      ],
      rows,
      [true, false, true, true, true, true, true, true, false],
    )
  }</section>`;
}

/** Decade ticks between two powers of ten, thinned to at most about eight labels. */
function decades(lo: number, hi: number): number[] {
  const step = Math.max(1, Math.ceil((hi - lo) / 8));
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k += step) ticks.push(k);
  return ticks;
}

function perLayerChart(report: JsonReport): string {
  const rows = report.results.per_mlp.filter((r) => r.per_layer_mse.length > 0);
  const depth = Math.max(0, ...rows.map((r) => r.per_layer_mse.length));
  const positive = rows.flatMap((r) => r.per_layer_mse).filter((v) => v > 0);
  const intro =
    `<p>Mean squared error of each layer's estimated means, layer 1 (input side) to layer ${depth} (the scored final layer), one line per MLP; the thick dashed line is the mean over MLPs. Log scale: where the error starts to grow is where the estimate goes wrong.</p>`;
  if (depth === 0 || positive.length === 0) {
    return `<section id="per-layer"><h2>Per-layer MSE</h2>${intro}<p class="note">No positive per-layer MSE in this report, so there is nothing to draw on a log scale.</p></section>`;
  }
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  let hi = Math.ceil(Math.log10(Math.max(...positive)));
  if (hi === lo) hi = lo + 1;
  const legendW = 170;
  const W = 780, H = 380, left = 70, right = 20 + legendW, top = 20, bottom = 50;
  const plotW = W - left - right, plotH = H - top - bottom;
  const x = (layer: number) => left + (depth === 1 ? plotW / 2 : (layer / (depth - 1)) * plotW);
  const y = (v: number) => {
    const l = Math.log10(Math.max(v, 10 ** lo));
    return top + plotH - ((l - lo) / (hi - lo)) * plotH;
  };
  const parts: string[] = [];
  for (const k of decades(lo, hi)) {
    const yy = px(y(10 ** k));
    parts.push(
      `<line class="grid" x1="${left}" x2="${left + plotW}" y1="${yy}" y2="${yy}"/>`,
      `<text class="tick" x="${
        left - 6
      }" y="${yy}" text-anchor="end" dominant-baseline="middle">1e${k}</text>`,
    );
  }
  const xStep = Math.max(1, Math.ceil(depth / 16));
  for (let l = 0; l < depth; l += xStep) {
    parts.push(
      `<text class="tick" x="${px(x(l))}" y="${top + plotH + 16}" text-anchor="middle">${
        l + 1
      }</text>`,
    );
  }
  parts.push(
    `<rect class="frame" x="${left}" y="${top}" width="${plotW}" height="${plotH}"/>`,
    `<text class="axis" x="${left + plotW / 2}" y="${H - 10}" text-anchor="middle">layer</text>`,
    `<text class="axis" transform="translate(16 ${
      top + plotH / 2
    }) rotate(-90)" text-anchor="middle">MSE (log)</text>`,
  );
  const line = (values: number[]) => values.map((v, l) => `${px(x(l))},${px(y(v))}`).join(" ");
  rows.forEach((r, i) => {
    const colour = PALETTE[i % PALETTE.length];
    parts.push(
      `<polyline class="mlp" stroke="${colour}" points="${line(r.per_layer_mse)}"><title>${
        e(r.mlp_name)
      }: final ${e(formatMse(r.final_layer_mse))}</title></polyline>`,
    );
    const ly = top + 8 + i * 16;
    if (ly < H - 10) {
      parts.push(
        `<line x1="${W - legendW + 10}" x2="${
          W - legendW + 30
        }" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
        `<text class="legend" x="${W - legendW + 36}" y="${ly}" dominant-baseline="middle">${
          e(r.mlp_name.length > 20 ? `${r.mlp_name.slice(0, 19)}…` : r.mlp_name)
        }</text>`,
      );
    }
  });
  const mean = report.results.per_layer_mse;
  if (mean.length === depth) {
    const ly = top + 8 + Math.min(rows.length, Math.floor((H - 30 - top) / 16)) * 16;
    parts.push(
      `<polyline class="mean" points="${line(mean)}"><title>mean over MLPs</title></polyline>`,
      `<line class="mean" x1="${W - legendW + 10}" x2="${
        W - legendW + 30
      }" y1="${ly}" y2="${ly}"/>`,
      `<text class="legend" x="${
        W - legendW + 36
      }" y="${ly}" dominant-baseline="middle">mean</text>`,
    );
  }
  const zeros = rows.some((r) => r.per_layer_mse.some((v) => v <= 0));
  return `<section id="per-layer"><h2>Per-layer MSE</h2>${intro}
<figure class="chart" id="chart-per-layer"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="per-layer MSE against depth">${
    parts.join("")
  }</svg></figure>${
    zeros
      ? `<p class="note">MSEs of exactly 0 are drawn at the bottom of the axis (1e${lo}).</p>`
      : ""
  }</section>`;
}

function predictionsNote(): string {
  return `<section id="predictions"><h2>Final-layer predicted vs true means</h2><p class="note">Not drawn: this report (schema ${
    e(REPORT_SCHEMA_VERSION)
  }) keeps the MSEs, not the predicted and true means, so there is nothing to plot.</p></section>`;
}

interface OpRow {
  namespace: string;
  op: string;
  flops: number;
  calls: number;
}

function opRows(breakdown: NamespaceBreakdown): OpRow[] {
  return Object.entries(breakdown).flatMap(([namespace, totals]) =>
    Object.entries(totals.operations).map(([op, t]) => ({
      namespace,
      op,
      flops: t.flop_cost,
      calls: t.calls,
    }))
  ).sort((a, b) => b.flops - a.flops);
}

function flopChart(ops: OpRow[], total: number): string {
  const shown = ops.slice(0, MAX_OP_BARS);
  const W = 780, rowH = 20, labelW = 300, valueW = 110, top = 6;
  const H = top * 2 + shown.length * rowH;
  const barW = W - labelW - valueW;
  const max = Math.max(...shown.map((o) => o.flops), 1);
  const parts = shown.map((o, i) => {
    const yy = top + i * rowH;
    const w = (o.flops / max) * barW;
    const label = `${o.namespace} · ${o.op}`;
    return `<text class="legend" x="${labelW - 8}" y="${
      yy + rowH / 2
    }" text-anchor="end" dominant-baseline="middle">${
      e(label.length > 44 ? `${label.slice(0, 43)}…` : label)
    }</text><rect class="bar" x="${labelW}" y="${yy + 3}" width="${px(Math.max(w, 1))}" height="${
      rowH - 6
    }"><title>${e(label)}: ${e(formatFlops(o.flops))}</title></rect><text class="tick" x="${
      px(labelW + w + 6)
    }" y="${yy + rowH / 2}" dominant-baseline="middle">${e(formatFlops(o.flops))} (${
      e(total > 0 ? ((100 * o.flops) / total).toFixed(1) : "0.0")
    }%)</text>`;
  });
  return `<figure class="chart" id="chart-flops"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="estimator FLOPs by op">${
    parts.join("")
  }</svg>${
    ops.length > shown.length
      ? `<figcaption>The ${MAX_OP_BARS} costliest of ${ops.length} ops; the table lists all.</figcaption>`
      : ""
  }</figure>`;
}

function breakdownTable(breakdown: NamespaceBreakdown): string {
  const total = Object.values(breakdown).reduce((s, t) => s + t.flops_used, 0);
  const rows: string[][] = [];
  for (const [namespace, totals] of Object.entries(breakdown)) {
    rows.push([
      `<b>${e(namespace)}</b>`,
      "",
      `<b>${e(formatFlops(totals.flops_used))}</b>`,
      e(totals.calls),
      e(total > 0 ? `${((100 * totals.flops_used) / total).toFixed(1)}%` : "–"),
    ]);
    const ops = Object.entries(totals.operations).sort((a, b) => b[1].flop_cost - a[1].flop_cost);
    for (const [op, t] of ops) {
      rows.push([
        "",
        e(op),
        e(formatFlops(t.flop_cost)),
        e(t.calls),
        e(total > 0 ? `${((100 * t.flop_cost) / total).toFixed(1)}%` : "–"),
      ]);
    }
  }
  if (rows.length === 0) return `<p class="note">No counted FLOPs.</p>`;
  return table(["namespace", "op", "FLOPs", "calls", "share"], rows, [
    false,
    false,
    true,
    true,
    true,
  ]);
}

function flopSection(report: JsonReport): string {
  const estimator = report.results.breakdowns.estimator?.by_namespace ?? {};
  const sampling = report.results.breakdowns.sampling?.by_namespace ?? {};
  const ops = opRows(estimator);
  const total = ops.reduce((s, o) => s + o.flops, 0);
  return `<section id="flops"><h2>FLOP breakdown</h2>
<h3>Estimator (summed over MLPs)</h3>${ops.length > 0 ? flopChart(ops, total) : ""}${
    breakdownTable(estimator)
  }
<h3>Ground-truth sampling (not billed to the estimator)</h3>${breakdownTable(sampling)}</section>`;
}

function configSection(report: JsonReport): string {
  const c = report.run_config;
  const pairs: [string, string][] = [
    ["estimator", e(c.estimator)],
    ["mode", e(report.mode)],
    ["MLPs", e(c.n_mlps)],
    ["width × depth", `${e(c.width)} × ${e(c.depth)}`],
    ["seed", e(c.seed ?? "fresh entropy")],
    ["samples per MLP", e(c.n_samples)],
    ["FLOP budget", e(formatFlops(c.flop_budget))],
    ["λ (FLOPs per residual second)", e(c.lambda_flops_per_second)],
    ["wall-time limit", `${e(c.wall_time_limit_s)} s`],
    ["setup timeout", `${e(c.setup_timeout_s)} s`],
    [
      "residual wall-time limit",
      c.residual_wall_time_limit_s === null ? "off" : `${e(c.residual_wall_time_limit_s)} s`,
    ],
    ["round", e(c.round ?? "none")],
  ];
  if (c.dataset) {
    pairs.push(
      ["dataset", e(c.dataset.path)],
      ["dataset sha256", `<code>${e(c.dataset.sha256)}</code>`],
    );
  }
  const m = report.run_meta;
  const host = Object.entries(m.host).map(([k, v]): [string, string] => [k, e(v ?? "unknown")]);
  return `<section id="config"><h2>Run configuration</h2>${keyValues(pairs)}
<h2>Run and host</h2>${
    keyValues([
      ["started (UTC)", e(m.run_started_at_utc)],
      ["finished (UTC)", e(m.run_finished_at_utc)],
      ["duration", e(formatSeconds(m.run_duration_s))],
      ...host,
    ])
  }</section>`;
}

const CSS =
  `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1000px;margin:0 auto;padding:20px 28px 40px}
h1{font-size:22px;margin:8px 0 2px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dce3;padding-bottom:4px}
h3{font-size:14px;margin:16px 0 6px}.sub{color:#5b6576;margin:0 0 8px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:10px}
.card{background:#fff;border:1px solid #d8dce3;border-radius:6px;padding:10px 14px;min-width:190px;flex:1}
.card .label{color:#5b6576;font-size:12px}.card .value{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
.card .note{color:#7a8494;font-size:11px}.card.bad .value,.bad{color:#c0392b}
table{border-collapse:collapse;background:#fff;margin:4px 0 8px;font-variant-numeric:tabular-nums}
th,td{border:1px solid #e1e4ea;padding:3px 8px;text-align:left;vertical-align:top}thead th{background:#eef0f4}
td.n,th.n{text-align:right}table.kv th{background:#f3f4f7;font-weight:500}
.err{font-family:ui-monospace,monospace;font-size:12px;color:#7a2018;white-space:pre-wrap;max-width:420px}
.note{color:#5b6576;font-style:italic}figure{margin:6px 0;background:#fff;border:1px solid #d8dce3;border-radius:6px;padding:6px;display:inline-block}
figcaption{color:#5b6576;font-size:12px}
svg text{font:11px system-ui,sans-serif;fill:#333}svg .axis{font-size:12px}
svg .grid{stroke:#e6e8ee}svg .frame{fill:none;stroke:#9aa3b2}
svg .mlp{fill:none;stroke-width:1.6;stroke-opacity:.85}svg .mean{fill:none;stroke:#111;stroke-width:3;stroke-dasharray:6 4}
svg .bar{fill:#4e79a7}`;

/**
 * The whole HTML page of a report: self-contained (inline CSS and SVG, no script, no external
 * asset), every report string escaped.
 *
 * @param report A report (a run's, or one read back and checked by `readReport`).
 */
export function renderHtmlReport(report: JsonReport): string {
  const c = report.run_config;
  const title = `whest report: ${c.estimator}, ${c.width}×${c.depth}, ${c.n_mlps} MLPs`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${e(title)}</h1>
<p class="sub">seed ${e(c.seed ?? "fresh entropy")} · ${e(c.n_samples)} samples per MLP · ${
    e(report.run_meta.run_started_at_utc)
  } · whest ${e(report.run_meta.host.whest_version)} · schema ${e(report.schema_version)}</p>
${scoreBlock(report)}
${perMlpSection(report)}
${perLayerChart(report)}
${predictionsNote()}
${flopSection(report)}
${configSection(report)}
</main></body></html>
`;
}
