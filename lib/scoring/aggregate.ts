/**
 * The run-level `results` object from the scored MLPs (reference-behaviour §4).
 *
 * @module
 */
import { sumBreakdownSummaries } from "../budget/merge.ts";
import { isFailed, scoreMultiplier } from "./score_mlp.ts";
import type { BreakdownSummary, SamplingBreakdownSummary } from "../budget/summary.ts";
import type { FailureBreakdown, MlpResult, RunResults } from "./types.ts";

/** The mean, or `empty` for no values. */
function mean(values: readonly number[], empty: number): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? empty : sum / values.length;
}

/**
 * The element-wise mean of the rows' per-layer MSEs as whestbench computes it:
 * `np.mean(np.asarray(rows, float32), axis=0)`, a float32 sum row after row, then a float32
 * division; inf per layer for no rows.
 */
function perLayerMean(rows: readonly (readonly number[])[], depth: number): number[] {
  return Array.from({ length: depth }, (_, l) => {
    if (rows.length === 0) return Infinity;
    let sum = Math.fround(rows[0][l]);
    for (let i = 1; i < rows.length; i++) sum = Math.fround(sum + Math.fround(rows[i][l]));
    return Math.fround(sum / rows.length);
  });
}

/** What {@link aggregateResults} needs besides the rows. */
export interface AggregateSettings {
  /** The budget B. */
  readonly flopBudget: number;
  /** Depth d (an empty run's `per_layer_mse` is d infs). */
  readonly depth: number;
  /** The ground-truth sampler's summary of each MLP (null where a dataset row has none). */
  readonly samplingSummaries: readonly (BreakdownSummary | null)[];
  /** Whether those summaries were restored from a dataset (then marked `time_source: "bake"`). */
  readonly samplingFromBake?: boolean;
}

function samplingTotal(settings: AggregateSettings): SamplingBreakdownSummary | null {
  const present = settings.samplingSummaries.filter((s): s is BreakdownSummary => s !== null);
  const total = sumBreakdownSummaries(present);
  return total && settings.samplingFromBake ? { ...total, time_source: "bake" } : total;
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
 * count 0, since their C is 0), failure counts, and the summed summaries (the estimator's over
 * the rows that did not raise). As in whestbench, a run with no rows scores inf (scores, MSEs,
 * d infs per layer), multiplier 1.0 and utilisation 0; the CLI never produces one (`--n-mlps`
 * is at least 1 and fail-fast stops after a row).
 *
 * @example
 * ```ts
 * import { aggregateResults } from "./aggregate.ts";
 * const results = aggregateResults([], { flopBudget: 2 ** 41, depth: 2, samplingSummaries: [] });
 * // results.adjusted_final_layer_score === Infinity, results.per_layer_mse.length === 2
 * ```
 * @param rows The scored MLPs, in contest order.
 * @param settings The budget, the depth and the sampler's summaries.
 */
export function aggregateResults(
  rows: readonly MlpResult[],
  settings: AggregateSettings,
): RunResults {
  const { flopBudget } = settings;
  const scores = rows.map((r) => r.adjusted_final_layer_score);
  return {
    adjusted_final_layer_score: mean(scores, Infinity),
    final_layer_mse: mean(rows.map((r) => r.final_layer_mse), Infinity),
    all_layers_mse: mean(rows.map((r) => r.all_layers_mse), Infinity),
    per_layer_mse: perLayerMean(rows.map((r) => r.per_layer_mse), settings.depth),
    best_mlp_adjusted_final_layer_score: scores.length ? Math.min(...scores) : Infinity,
    worst_mlp_adjusted_final_layer_score: scores.length ? Math.max(...scores) : Infinity,
    mean_score_multiplier: mean(rows.map((r) => scoreMultiplier(r, flopBudget)), 1),
    mean_compute_utilization: mean(rows.map((r) => r.effective_compute / flopBudget), 0),
    n_failed_mlps: rows.filter(isFailed).length,
    mean_effective_compute: mean(rows.map((r) => r.effective_compute), 0),
    failure_breakdown: countFailures(rows),
    per_mlp: [...rows],
    breakdowns: {
      sampling: samplingTotal(settings),
      estimator: sumBreakdownSummaries(
        rows.flatMap((r) => r.breakdowns.estimator === null ? [] : [r.breakdowns.estimator]),
      ),
    },
  };
}
