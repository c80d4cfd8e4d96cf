/**
 * The sections of the human report, each rendered to a string (reference-behaviour §4):
 * run context and host, estimator errors, FLOP breakdowns by namespace, over-budget MLPs,
 * per-MLP results and the final score block.
 *
 * @module
 */
import type { RunConfig } from "../config/run_config.ts";
import { isFailed, rowStatus, scoreMultiplier } from "../scoring/score_mlp.ts";
import type { NamespaceBreakdown } from "../budget/summary.ts";
import type { MlpResult, RunResults } from "../scoring/types.ts";
import { FAILURE_FLAGS } from "../scoring/types.ts";
import { formatExponential, formatFlops, formatMse, formatRatio, formatSeconds } from "./format.ts";
import type { HostInfo } from "./host.ts";
import { renderTable, type Style } from "./style.ts";

function keyValues(pairs: readonly [string, string][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join("\n");
}

function gib(bytes: number | null): string {
  return bytes === null ? "unknown" : `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/**
 * The seed row. A known seed reaches the estimator's setup (as in the official evaluator), and
 * with it the inputs the ground truth was sampled from: say so, since graded runs use fresh
 * entropy or a dataset whose seeds are unknown.
 */
function seedText(config: RunConfig): string {
  if (config.seed === null) {
    return config.dataset === null ? "none (fresh entropy)" : "none (the dataset names none)";
  }
  const whose = config.dataset === null ? "explicit" : "the dataset's";
  return `${config.seed} (${whose}: setup receives it and could regenerate the inputs; ` +
    "graded runs use fresh entropy or unknown seeds)";
}

function datasetRow(config: RunConfig): [string, string][] {
  const dataset = config.dataset;
  if (dataset === null) return [];
  return [["dataset", `${dataset.dir}, split ${dataset.split ?? "(default)"}`]];
}

/**
 * The run's settings and the host it runs on.
 *
 * @param config The run configuration.
 * @param host The host description.
 * @param style Colours.
 */
export function renderRunContext(config: RunConfig, host: HostInfo, style: Style): string {
  const residual = config.residualWallTimeLimitS === null
    ? "none"
    : `${config.residualWallTimeLimitS} s`;
  return [
    style.heading("Run"),
    keyValues([
      ["estimator", config.estimator],
      ["runner", config.runner],
      ["round", config.round ?? "custom"],
      ["MLPs", `${config.nMlps} at width ${config.width}, depth ${config.depth}`],
      ["samples per MLP", String(config.nSamples)],
      ["FLOP budget", formatFlops(config.flopBudget)],
      ["lambda (FLOPs/s)", formatFlops(config.lambdaFlopsPerSecond)],
      ["wall-time limit", `${config.wallTimeLimitS} s`],
      ["residual limit", residual],
      ["setup timeout", `${config.setupTimeoutS} s`],
      ["seed", seedText(config)],
      ...datasetRow(config),
    ]),
    style.heading("Host"),
    keyValues([
      [
        "machine",
        `${host.hostname ?? "unknown"} (${host.os} ${host.os_release ?? ""}, ${host.machine})`,
      ],
      ["cpu", `${host.cpu_brand ?? "unknown"}, ${host.cpu_count_logical ?? "?"} logical cores`],
      ["kernel threads", String(host.kernel_threads)],
      ["memory", gib(host.ram_total_bytes)],
      [
        "runtime",
        `whest ${host.whest_version}, deno ${host.deno_version}, kernels ${host.kernel_backend}`,
      ],
    ]),
  ].join("\n");
}

/**
 * The estimator errors table, with stack traces when `debug` is set; empty when none failed.
 *
 * @param rows Scored MLPs.
 * @param debug Whether to print tracebacks.
 * @param style Colours.
 */
export function renderErrors(rows: readonly MlpResult[], debug: boolean, style: Style): string {
  const failed = rows.filter((r) => r.error_code !== undefined);
  if (failed.length === 0) return "";
  const table = renderTable(
    ["MLP", "code", "message"],
    failed.map((r) => [String(r.mlp_index), style.bad(r.error_code ?? ""), r.error ?? ""]),
  );
  const traces = debug
    ? failed.filter((r) => r.traceback).map((r) =>
      style.dim(`MLP ${r.mlp_index} traceback:\n${r.traceback}`)
    )
    : [];
  const hint = debug || !failed.some((r) => r.traceback)
    ? []
    : [style.dim("(run again with --debug for tracebacks)")];
  return [style.heading("Estimator errors"), table, ...traces, ...hint].join("\n");
}

/**
 * A FLOP breakdown by namespace, each namespace followed by its ops (largest first).
 *
 * @param title Section title.
 * @param breakdown Totals by namespace.
 * @param style Colours.
 */
export function renderBreakdown(
  title: string,
  breakdown: NamespaceBreakdown,
  style: Style,
): string {
  const entries = Object.entries(breakdown).sort((a, b) => b[1].flops_used - a[1].flops_used);
  if (entries.length === 0) return "";
  const total = entries.reduce((sum, [, t]) => sum + t.flops_used, 0);
  const share = (flops: number) => total > 0 ? `${(100 * flops / total).toFixed(1)}%` : "-";
  const rows: string[][] = [];
  for (const [label, totals] of entries) {
    rows.push([
      label,
      formatFlops(totals.flops_used),
      share(totals.flops_used),
      String(totals.calls),
      formatSeconds(totals.flopscope_backend_time_s),
      formatSeconds(totals.flopscope_overhead_time_s),
    ]);
    const ops = Object.entries(totals.operations).sort((a, b) => b[1].flop_cost - a[1].flop_cost);
    for (const [op, t] of ops) {
      rows.push([
        `  ${op}`,
        formatFlops(t.flop_cost),
        share(t.flop_cost),
        String(t.calls),
        formatSeconds(t.flopscope_backend_time_s),
        formatSeconds(t.flopscope_overhead_time_s),
      ]);
    }
  }
  return [
    style.heading(title),
    renderTable(
      ["namespace / op", "FLOPs", "share", "calls", "backend", "overhead"],
      rows,
      ["left", "right", "right", "right", "right", "right"],
    ),
  ].join("\n");
}

/**
 * MLPs stopped by a budget or time limit; empty when none was.
 *
 * @param rows Scored MLPs.
 * @param flopBudget The budget B.
 * @param style Colours.
 */
export function renderOverBudget(
  rows: readonly MlpResult[],
  flopBudget: number,
  style: Style,
): string {
  const over = rows.filter((r) => FAILURE_FLAGS.some((flag) => r[flag]));
  if (over.length === 0) return "";
  return [
    style.heading("Over budget"),
    renderTable(
      ["MLP", "limit", "FLOPs", "C / B", "wall", "residual"],
      over.map((r) => [
        String(r.mlp_index),
        style.bad(FAILURE_FLAGS.find((flag) => r[flag]) ?? ""),
        formatFlops(r.flops_used),
        formatRatio(r.effective_compute / flopBudget),
        formatSeconds(r.wall_time_s),
        formatSeconds(r.residual_wall_time_s),
      ]),
      ["left", "left", "right", "right", "right", "right"],
    ),
  ].join("\n");
}

/**
 * One line per MLP: MSE, FLOPs, utilisation, multiplier, adjusted score, wall time, status.
 *
 * @param rows Scored MLPs.
 * @param flopBudget The budget B.
 * @param style Colours.
 */
export function renderPerMlp(rows: readonly MlpResult[], flopBudget: number, style: Style): string {
  if (rows.length === 0) return "";
  return [
    style.heading("Per MLP"),
    renderTable(
      ["MLP", "final MSE", "FLOPs", "C / B", "multiplier", "score", "wall", "status"],
      rows.map((r) => [
        String(r.mlp_index),
        formatMse(r.final_layer_mse),
        formatFlops(r.flops_used),
        formatRatio(r.effective_compute / flopBudget),
        formatRatio(scoreMultiplier(r, flopBudget)),
        formatMse(r.adjusted_final_layer_score),
        formatSeconds(r.wall_time_s),
        isFailed(r) ? style.bad(rowStatus(r)) : rowStatus(r),
      ]),
      ["left", "right", "right", "right", "right", "right", "right", "left"],
    ),
  ].join("\n");
}

/**
 * `--detail full`: per MLP, the all-layers MSE, the three time buckets and every layer's MSE
 * (layer 0 first).
 *
 * @param rows Scored MLPs.
 * @param style Colours.
 */
export function renderPerMlpDetail(rows: readonly MlpResult[], style: Style): string {
  if (rows.length === 0) return "";
  return [
    style.heading("Per MLP, in detail"),
    renderTable(
      ["MLP", "name", "all-layers MSE", "backend", "overhead", "residual", "per-layer MSE"],
      rows.map((r) => [
        String(r.mlp_index),
        r.mlp_name,
        formatMse(r.all_layers_mse),
        formatSeconds(r.flopscope_backend_time_s),
        formatSeconds(r.flopscope_overhead_time_s),
        formatSeconds(r.residual_wall_time_s),
        r.per_layer_mse.map(formatMse).join(" "),
      ]),
      ["left", "left", "right", "right", "right", "right", "left"],
    ),
  ].join("\n");
}

/**
 * `--profile`: each MLP's estimator FLOPs by namespace and op, under a line with its budget use;
 * an MLP whose estimator raised has none and says so.
 *
 * @param rows Scored MLPs.
 * @param style Colours.
 */
export function renderPerMlpProfile(rows: readonly MlpResult[], style: Style): string {
  return rows.map((r) => {
    const summary = r.breakdowns.estimator;
    const title = `MLP ${r.mlp_index} (${r.mlp_name}) estimator FLOPs`;
    if (summary === null) return `${style.heading(title)}\n  none: ${rowStatus(r)}`;
    const share = formatExponential(summary.flops_used / summary.flop_budget, 2);
    const used = `  ${formatFlops(summary.flops_used)} of ${
      formatFlops(summary.flop_budget)
    } FLOPs (${share} of the budget), wall ${formatSeconds(summary.wall_time_s)}`;
    const table = renderBreakdown(title, summary.by_namespace, style);
    return table === "" ? `${style.heading(title)}\n${used}` : `${table}\n${used}`;
  }).join("\n\n");
}

/**
 * The final score block; the adjusted score is marked as the primary score.
 *
 * @param results The aggregate results.
 * @param style Colours.
 */
export function renderFinalScore(results: RunResults, style: Style): string {
  const n = results.per_mlp.length;
  return [
    style.heading("Final score"),
    keyValues([
      [
        "adjusted final-layer score",
        `${
          style.primary(formatMse(results.adjusted_final_layer_score))
        }  (primary score, lower is better)`,
      ],
      ["final-layer MSE (raw)", formatMse(results.final_layer_mse)],
      ["all-layers MSE", formatMse(results.all_layers_mse)],
      ["best MLP (adjusted)", formatMse(results.best_mlp_adjusted_final_layer_score)],
      ["worst MLP (adjusted)", formatMse(results.worst_mlp_adjusted_final_layer_score)],
      ["mean score multiplier", formatRatio(results.mean_score_multiplier)],
      ["mean compute utilisation", formatRatio(results.mean_compute_utilization)],
      [
        "failed MLPs",
        results.n_failed_mlps > 0
          ? style.bad(`${results.n_failed_mlps} of ${n}`)
          : `${results.n_failed_mlps} of ${n}`,
      ],
    ]),
  ].join("\n");
}
