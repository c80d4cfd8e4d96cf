/**
 * Scores one MLP from a runner's predict outcome (reference-behaviour §4): validates the
 * predictions, sets at most one exhaustion flag (in the spec's order, strict comparisons),
 * and computes the float32 MSEs and the adjusted score.
 *
 * @module
 */
import { breakdownSummaryOf } from "../budget/merge.ts";
import type { BudgetSummary } from "../budget/summary.ts";
import type { GroundTruth } from "../contract/mlp.ts";
import type { EstimatorFailure, PredictOutcome } from "../contract/runner.ts";
import { layerMses } from "./float32_mse.ts";
import { checkPredictions } from "./predictions.ts";
import { FAILURE_FLAGS, type FailureFlag, type MlpResult } from "./types.ts";

/** The scoring settings of a run. */
export interface ScoringLimits {
  /** FLOP budget B. */
  readonly flopBudget: number;
  /** λ: FLOPs charged per second of residual wall time. */
  readonly lambdaFlopsPerSecond: number;
  /** Wall-time cap of one predict, in seconds. */
  readonly wallTimeLimitS: number;
  /** Residual wall-time cap in seconds, or null when disabled. */
  readonly residualWallTimeLimitS: number | null;
}

/** Everything needed to score one MLP. */
export interface MlpToScore {
  /** Position in the contest. */
  readonly index: number;
  /** Display name. */
  readonly name: string;
  /** Depth d. */
  readonly depth: number;
  /** Width n. */
  readonly width: number;
  /** The Monte Carlo targets. */
  readonly truth: GroundTruth;
  /** What the runner reported for this MLP's predict. */
  readonly outcome: PredictOutcome;
}

/** The smallest multiplier a successful MLP can get (reference-behaviour §4). */
export const MIN_SCORE_MULTIPLIER = 0.1;

function exhaustionFlag(
  outcome: PredictOutcome,
  summary: BudgetSummary,
  limits: ScoringLimits,
): FailureFlag | null {
  if (outcome.limitFlag) return outcome.limitFlag;
  if (summary.wall_time_s > limits.wallTimeLimitS) return "time_exhausted";
  const residualCap = limits.residualWallTimeLimitS;
  if (residualCap !== null && summary.residual_wall_time_s > residualCap) {
    return "residual_wall_time_exhausted";
  }
  const compute = summary.flops_used + limits.lambdaFlopsPerSecond * summary.residual_wall_time_s;
  if (compute > limits.flopBudget) return "combined_budget_exhausted";
  return null;
}

function baseRow(mlp: MlpToScore, predictions: Float32Array): MlpResult {
  const mses = layerMses(predictions, mlp.truth.allLayerMeans, mlp.depth, mlp.width);
  return {
    mlp_index: mlp.index,
    mlp_name: mlp.name,
    final_layer_mse: mses.final,
    all_layers_mse: mses.all,
    per_layer_mse: mses.perLayer,
    adjusted_final_layer_score: mses.final,
    flops_used: 0,
    effective_compute: 0,
    budget_exhausted: false,
    time_exhausted: false,
    residual_wall_time_exhausted: false,
    combined_budget_exhausted: false,
    wall_time_s: 0,
    flopscope_backend_time_s: 0,
    flopscope_overhead_time_s: 0,
    residual_wall_time_s: 0,
    breakdowns: { estimator: null },
    traceback: null,
  };
}

function errorRow(mlp: MlpToScore, failure: EstimatorFailure): MlpResult {
  return {
    ...baseRow(mlp, new Float32Array(mlp.depth * mlp.width)),
    traceback: failure.traceback ?? null,
    error: failure.message,
    error_code: failure.code,
  };
}

/**
 * Scores one MLP. Errors (an exception, a wrong shape, a non-finite value, no data) score
 * zeros against the targets with flops and timings 0; an exhaustion flag scores zeros with
 * the metered flops and timings kept; both use multiplier 1.0.
 *
 * @param mlp The MLP, its targets and the runner's outcome.
 * @param limits The run's budget and time caps.
 */
export function scoreMlp(mlp: MlpToScore, limits: ScoringLimits): MlpResult {
  return scoreMlpWithPredictions(mlp, limits).row;
}

/** One scored MLP and the (d, n) float32 predictions its MSEs were computed from. */
export interface ScoredMlp {
  /** The report row. */
  readonly row: MlpResult;
  /** What was scored: the checked predictions, or zeros after an error or exhaustion. */
  readonly predictions: Float32Array;
}

/**
 * {@link scoreMlp}, with the predictions that were scored (for `--save-predictions`).
 *
 * @param mlp The MLP, its targets and the runner's outcome.
 * @param limits The run's budget and time caps.
 */
export function scoreMlpWithPredictions(mlp: MlpToScore, limits: ScoringLimits): ScoredMlp {
  const zeros = () => new Float32Array(mlp.depth * mlp.width);
  const failed = (failure: EstimatorFailure) => ({
    row: errorRow(mlp, failure),
    predictions: zeros(),
  });
  const { outcome } = mlp;
  if (outcome.error) return failed(outcome.error);
  const summary = outcome.summary;
  if (!summary || (!outcome.predictions && !outcome.limitFlag)) {
    return failed({
      code: "PREDICT_NO_DATA",
      message: summary ? "predict returned no predictions" : "predict produced no meter summary",
    });
  }
  let predictions: Float32Array = zeros();
  if (!outcome.limitFlag && outcome.predictions) {
    const checked = checkPredictions(outcome.predictions, mlp.depth, mlp.width);
    if (!checked.ok) return failed(checked.failure);
    predictions = checked.values;
  }
  const flag = exhaustionFlag(outcome, summary, limits);
  if (flag) predictions = zeros();
  const row = baseRow(mlp, predictions);
  if (!flag && !row.per_layer_mse.every(Number.isFinite)) {
    // Finite float32 values can still square past float32's range (numpy's MSE is then inf,
    // which JSON cannot carry): such a prediction is refused like a non-finite one.
    return failed({
      code: "ESTIMATOR_NON_FINITE",
      message: "predictions so large that their float32 squared error overflows (MSE = inf)",
    });
  }
  row.flops_used = summary.flops_used;
  row.effective_compute = summary.flops_used +
    limits.lambdaFlopsPerSecond * summary.residual_wall_time_s;
  if (flag) row[flag] = true;
  row.wall_time_s = summary.wall_time_s;
  row.flopscope_backend_time_s = summary.flopscope_backend_time_s;
  row.flopscope_overhead_time_s = summary.flopscope_overhead_time_s;
  row.residual_wall_time_s = summary.residual_wall_time_s;
  row.breakdowns = { estimator: breakdownSummaryOf(summary) };
  row.adjusted_final_layer_score = row.final_layer_mse * scoreMultiplier(row, limits.flopBudget);
  return { row, predictions };
}

/**
 * Whether a scored row failed: any exhaustion flag or an error.
 *
 * @param row A scored MLP.
 */
export function isFailed(row: MlpResult): boolean {
  return row.error_code !== undefined || row.budget_exhausted || row.time_exhausted ||
    row.residual_wall_time_exhausted || row.combined_budget_exhausted;
}

/**
 * The multiplier a scored row got: 1.0 for a failure, else max(0.1, C/B).
 *
 * @param row A scored MLP.
 * @param flopBudget The budget B.
 */
export function scoreMultiplier(row: MlpResult, flopBudget: number): number {
  return isFailed(row) ? 1.0 : Math.max(MIN_SCORE_MULTIPLIER, row.effective_compute / flopBudget);
}

/**
 * A row's status word: its error code, its exhaustion flag, or "ok".
 *
 * @param row A scored MLP.
 */
export function rowStatus(row: MlpResult): string {
  return row.error_code ?? FAILURE_FLAGS.find((flag) => row[flag]) ?? "ok";
}
