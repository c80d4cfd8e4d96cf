/**
 * The run-level `results` object from the scored MLPs (reference-behaviour §4).
 *
 * @module
 */
import { mergeBreakdowns } from "../budget/merge.ts";
import { isFailed, scoreMultiplier } from "./score_mlp.ts";
import type { NamespaceBreakdown } from "../budget/summary.ts";
import type { FailureBreakdown, MlpResult, RunResults } from "./types.ts";

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? 0 : sum / values.length;
}

function elementwiseMean(rows: readonly number[][]): number[] {
  if (rows.length === 0) return [];
  return rows[0].map((_, l) => mean(rows.map((row) => row[l])));
}

function countFailures(rows: readonly MlpResult[]): FailureBreakdown {
  const counts: FailureBreakdown = {
    budget_exhausted: 0,
    time_exhausted: 0,
    residual_wall_time_exhausted: 0,
    combined_budget_exhausted: 0,
    error: 0,
  };
  for (const row of rows) {
    if (row.error_code !== undefined) counts.error++;
    if (row.budget_exhausted) counts.budget_exhausted++;
    if (row.time_exhausted) counts.time_exhausted++;
    if (row.residual_wall_time_exhausted) counts.residual_wall_time_exhausted++;
    if (row.combined_budget_exhausted) counts.combined_budget_exhausted++;
  }
  return counts;
}

/**
 * Aggregates scored MLPs into the run's `results`: means of the scores and MSEs, best and
 * worst MLP, mean multiplier (failures count 1.0), mean utilisation C/B (unclamped; errors
 * count 0, since their C is 0), failure counts, and the merged breakdowns.
 *
 * @example
 * ```ts
 * import { aggregateResults } from "./aggregate.ts";
 * const results = aggregateResults([], 2 ** 41, []);
 * // results.adjusted_final_layer_score === 0, results.n_failed_mlps === 0
 * ```
 * @param rows The scored MLPs, in contest order.
 * @param flopBudget The budget B.
 * @param samplingBreakdowns The ground-truth sampler's breakdown of each MLP.
 */
export function aggregateResults(
  rows: readonly MlpResult[],
  flopBudget: number,
  samplingBreakdowns: readonly NamespaceBreakdown[],
): RunResults {
  const scores = rows.map((r) => r.adjusted_final_layer_score);
  return {
    adjusted_final_layer_score: mean(scores),
    final_layer_mse: mean(rows.map((r) => r.final_layer_mse)),
    all_layers_mse: mean(rows.map((r) => r.all_layers_mse)),
    per_layer_mse: elementwiseMean(rows.map((r) => r.per_layer_mse)),
    best_mlp_adjusted_final_layer_score: scores.length ? Math.min(...scores) : 0,
    worst_mlp_adjusted_final_layer_score: scores.length ? Math.max(...scores) : 0,
    mean_score_multiplier: mean(rows.map((r) => scoreMultiplier(r, flopBudget))),
    mean_compute_utilization: mean(rows.map((r) => r.effective_compute / flopBudget)),
    n_failed_mlps: rows.filter(isFailed).length,
    mean_effective_compute: mean(rows.map((r) => r.effective_compute)),
    failure_breakdown: countFailures(rows),
    per_mlp: [...rows],
    breakdowns: {
      sampling: mergeBreakdowns(samplingBreakdowns),
      estimator: mergeBreakdowns(rows.map((r) => r.breakdowns.estimator)),
    },
  };
}
