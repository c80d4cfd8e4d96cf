/**
 * `whest compare A.json B.json`: two reports of the same contest, MLP by MLP. Paired ratios
 * B/A of the adjusted score and of the raw final-layer MSE, their geometric mean with the
 * standard error of the log ratios, and the per-layer MSE differences (B − A, mean over MLPs).
 * Reports of different contests (seed, shape, MLP count, samples, dataset) are refused: their
 * MLPs are not the same MLPs.
 *
 * @module
 */
import { WhestError } from "../core/errors.ts";
import type { JsonReport } from "../report/json_report.ts";
import { formatExponential, formatMse } from "../report/format.ts";
import { renderTable } from "../report/style.ts";

/** One MLP scored in both reports. */
export interface MlpComparison {
  /** The MLP's position in the contest. */
  mlp_index: number;
  /** Its name (report A's). */
  mlp_name: string;
  /** Adjusted final-layer score in A. */
  a_score: number;
  /** Adjusted final-layer score in B. */
  b_score: number;
  /** b_score / a_score; null when either is 0 or the ratio is not finite. */
  score_ratio: number | null;
  /** Raw final-layer MSE in A. */
  a_final_mse: number;
  /** Raw final-layer MSE in B. */
  b_final_mse: number;
  /** b_final_mse / a_final_mse; null when either is 0 or the ratio is not finite. */
  final_mse_ratio: number | null;
}

/** The geometric mean of paired ratios, with the standard error of their logs. */
export interface RatioSummary {
  /** Ratios used (positive and finite). */
  n: number;
  /** Pairs left out because a side was 0 or the ratio not finite. */
  excluded: number;
  /** exp(mean log ratio); below 1 means B is better (lower). Null with no usable pair. */
  geometric_mean: number | null;
  /** Mean of the natural-log ratios. */
  mean_log_ratio: number | null;
  /** Sample standard deviation of the log ratios over √n; null below two pairs. */
  se_log_ratio: number | null;
}

/** One layer's MSEs, averaged over the paired MLPs. */
export interface LayerComparison {
  /** Layer number, 1 (input side) to d (the scored final layer). */
  layer: number;
  /** Mean MSE of this layer in A. */
  a_mean_mse: number;
  /** Mean MSE of this layer in B. */
  b_mean_mse: number;
  /** Mean over MLPs of (B − A); negative means B is closer. */
  mean_difference: number;
}

/** What `whest compare` reports (its `--json` output). */
export interface Comparison {
  /** Report A: its file and estimator. */
  a: { path: string; estimator: string };
  /** Report B: its file and estimator. */
  b: { path: string; estimator: string };
  /** The contest both reports scored. */
  contest: {
    seed: number | null;
    width: number;
    depth: number;
    n_mlps: number;
    n_samples: number;
    dataset_sha256: string | null;
  };
  /** One entry per MLP present in both reports, in index order. */
  per_mlp: MlpComparison[];
  /** B/A of the adjusted final-layer score. */
  score_ratio: RatioSummary;
  /** B/A of the raw final-layer MSE. */
  final_mse_ratio: RatioSummary;
  /** Per-layer MSE, mean over MLPs, and the mean difference B − A. */
  per_layer: LayerComparison[];
}

/**
 * Why two reports are not of the same contest (one line), or null when they are: same seed
 * (an unseeded run is a contest of its own), width, depth, MLP count, samples and dataset hash.
 * A dataset run is identified by the SHA-256 of the data it scored (`dataset.data_sha256`).
 *
 * @param a Report A.
 * @param b Report B.
 */
export function contestMismatch(a: JsonReport, b: JsonReport): string | null {
  const ca = a.run_config, cb = b.run_config;
  // the data's hash: metadata.json alone (`sha256`) is the same for every split of a dataset
  const hashA = ca.dataset?.data_sha256 ?? null, hashB = cb.dataset?.data_sha256 ?? null;
  if (hashA !== hashB) {
    return `dataset ${hashA === null ? "none" : hashA.slice(0, 12)} vs ${
      hashB === null ? "none" : hashB.slice(0, 12)
    }`;
  }
  if (hashA === null && (ca.seed === null || cb.seed === null)) {
    return "an unseeded run (seed null, fresh entropy) is a contest of its own";
  }
  const fields = ["seed", "width", "depth", "n_mlps", "n_samples"] as const;
  for (const field of fields) {
    if (ca[field] !== cb[field]) return `${field} ${ca[field]} vs ${cb[field]}`;
  }
  return null;
}

/** b/a when both are positive and the ratio finite, else null. */
function ratio(a: number, b: number): number | null {
  if (!(a > 0) || !(b > 0)) return null;
  const r = b / a;
  return Number.isFinite(r) && r > 0 ? r : null;
}

/**
 * The geometric mean of ratios and the standard error of their logs (nulls are left out).
 *
 * @example
 * ```ts
 * import { summariseRatios } from "./compare.ts";
 * summariseRatios([2, 0.5, null]).geometric_mean; // 1 (excluded: 1)
 * ```
 * @param ratios Paired ratios, null where a pair has no ratio.
 */
export function summariseRatios(ratios: readonly (number | null)[]): RatioSummary {
  const logs = ratios.filter((r): r is number => r !== null).map(Math.log);
  const n = logs.length;
  const excluded = ratios.length - n;
  if (n === 0) {
    return { n, excluded, geometric_mean: null, mean_log_ratio: null, se_log_ratio: null };
  }
  const mean = logs.reduce((s, l) => s + l, 0) / n;
  const se = n < 2
    ? null
    : Math.sqrt(logs.reduce((s, l) => s + (l - mean) ** 2, 0) / (n - 1)) / Math.sqrt(n);
  return { n, excluded, geometric_mean: Math.exp(mean), mean_log_ratio: mean, se_log_ratio: se };
}

/**
 * Compares two reports of the same contest.
 *
 * @param a Report A (the baseline).
 * @param b Report B.
 * @param paths The files they came from, for the output.
 * @throws {WhestError} When they are reports of different contests (one line).
 */
export function compareReports(
  a: JsonReport,
  b: JsonReport,
  paths: { a: string; b: string } = { a: "A", b: "B" },
): Comparison {
  const mismatch = contestMismatch(a, b);
  if (mismatch !== null) {
    throw new WhestError(
      `compare: '${paths.a}' and '${paths.b}' are reports of different contests: ${mismatch}`,
    );
  }
  const rowsB = new Map(b.results.per_mlp.map((r) => [r.mlp_index, r]));
  const pairs = a.results.per_mlp.filter((r) => rowsB.has(r.mlp_index))
    .sort((x, y) => x.mlp_index - y.mlp_index)
    .map((ra) => [ra, rowsB.get(ra.mlp_index)!] as const);
  const perMlp = pairs.map(([ra, rb]): MlpComparison => ({
    mlp_index: ra.mlp_index,
    mlp_name: ra.mlp_name,
    a_score: ra.adjusted_final_layer_score,
    b_score: rb.adjusted_final_layer_score,
    score_ratio: ratio(ra.adjusted_final_layer_score, rb.adjusted_final_layer_score),
    a_final_mse: ra.final_layer_mse,
    b_final_mse: rb.final_layer_mse,
    final_mse_ratio: ratio(ra.final_layer_mse, rb.final_layer_mse),
  }));
  const depth = a.run_config.depth;
  const perLayer: LayerComparison[] = [];
  for (let l = 0; l < depth; l++) {
    const both = pairs.filter(([ra, rb]) =>
      l < ra.per_layer_mse.length && l < rb.per_layer_mse.length
    );
    if (both.length === 0) continue;
    const mean = (f: (p: typeof both[number]) => number) =>
      both.reduce((s, p) => s + f(p), 0) / both.length;
    perLayer.push({
      layer: l + 1,
      a_mean_mse: mean(([ra]) => ra.per_layer_mse[l]),
      b_mean_mse: mean(([, rb]) => rb.per_layer_mse[l]),
      mean_difference: mean(([ra, rb]) => rb.per_layer_mse[l] - ra.per_layer_mse[l]),
    });
  }
  const c = a.run_config;
  return {
    a: { path: paths.a, estimator: a.run_config.estimator },
    b: { path: paths.b, estimator: b.run_config.estimator },
    contest: {
      seed: c.seed,
      width: c.width,
      depth: c.depth,
      n_mlps: c.n_mlps,
      n_samples: c.n_samples,
      dataset_sha256: c.dataset?.data_sha256 ?? null,
    },
    per_mlp: perMlp,
    score_ratio: summariseRatios(perMlp.map((m) => m.score_ratio)),
    final_mse_ratio: summariseRatios(perMlp.map((m) => m.final_mse_ratio)),
    per_layer: perLayer,
  };
}

const fixed = (value: number | null, digits = 4): string =>
  value === null ? "–" : value.toPrecision(digits);

function summaryLine(label: string, s: RatioSummary): string {
  if (s.geometric_mean === null) {
    return `${label}: no usable pair (${s.excluded} with a zero side)`;
  }
  const spread = s.se_log_ratio === null
    ? "one pair, no standard error"
    : `SE of log ratio ${fixed(s.se_log_ratio, 3)}, ×/÷ ${fixed(Math.exp(s.se_log_ratio), 4)}`;
  const left = s.excluded > 0 ? `, ${s.excluded} left out (a zero side)` : "";
  return `${label}: geometric mean ${fixed(s.geometric_mean)} (${spread}; ${s.n} MLPs${left})`;
}

/**
 * The comparison as text: the two summaries, the per-MLP table and the per-layer table.
 *
 * @param c A comparison.
 */
export function renderComparison(c: Comparison): string {
  const contest = c.contest;
  const head = [
    `A: ${c.a.path} (${c.a.estimator})`,
    `B: ${c.b.path} (${c.b.estimator})`,
    `contest: seed ${
      contest.seed ?? "none"
    }, ${contest.width}x${contest.depth}, ${contest.n_mlps} MLPs, ${contest.n_samples} samples${
      contest.dataset_sha256 === null ? "" : `, dataset ${contest.dataset_sha256.slice(0, 12)}`
    }`,
    "",
    summaryLine("adjusted score B/A", c.score_ratio),
    summaryLine("final-layer MSE B/A", c.final_mse_ratio),
    "(below 1: B is better; lower is better)",
  ];
  const perMlp = renderTable(
    ["MLP", "A score", "B score", "B/A", "A final MSE", "B final MSE", "B/A"],
    c.per_mlp.map((m) => [
      String(m.mlp_index),
      formatMse(m.a_score),
      formatMse(m.b_score),
      fixed(m.score_ratio),
      formatMse(m.a_final_mse),
      formatMse(m.b_final_mse),
      fixed(m.final_mse_ratio),
    ]),
    ["left", "right", "right", "right", "right", "right", "right"],
  );
  const perLayer = renderTable(
    ["layer", "A mean MSE", "B mean MSE", "mean B − A"],
    c.per_layer.map((l) => [
      String(l.layer),
      formatMse(l.a_mean_mse),
      formatMse(l.b_mean_mse),
      formatExponential(l.mean_difference, 2),
    ]),
    ["left", "right", "right", "right"],
  );
  return [...head, "", "Per MLP", perMlp, "", "Per layer (mean over MLPs)", perLayer].join("\n");
}
