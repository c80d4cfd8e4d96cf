/**
 * The scored results of a run: one row per MLP and the aggregate `results` object, with the
 * reference's field names (reference-behaviour §4). These objects go into the JSON report
 * as they are, so their keys are snake_case and their key order is the spec's.
 *
 * @module
 */
import type { BreakdownSummary, SamplingBreakdownSummary } from "../budget/summary.ts";
import type { ErrorCode } from "../contract/runner.ts";

/** The four exhaustion flags, in the order the scorer checks them. */
export const FAILURE_FLAGS = [
  "budget_exhausted",
  "time_exhausted",
  "residual_wall_time_exhausted",
  "combined_budget_exhausted",
] as const;

/** One of the four exhaustion flags. */
export type FailureFlag = typeof FAILURE_FLAGS[number];

/** One scored MLP (`results.per_mlp[i]`). */
export interface MlpResult {
  /** Zero-based position of the MLP in the contest. */
  mlp_index: number;
  /** The MLP's display name. */
  mlp_name: string;
  /** mean_j (P[d−1, j] − T[d−1, j])², computed in float32. */
  final_layer_mse: number;
  /** Mean over every layer and neuron, in float32. */
  all_layers_mse: number;
  /** One float32 MSE per layer. */
  per_layer_mse: number[];
  /** final_layer_mse × (1.0 if failed else max(0.1, C/B)). */
  adjusted_final_layer_score: number;
  /** Counted FLOPs F (0 for an error). */
  flops_used: number;
  /** C = F + λ·R (0 for an error). */
  effective_compute: number;
  /** The FLOP budget ran out (thrown before the crossing op); predictions zeroed. */
  budget_exhausted: boolean;
  /** Predict wall time exceeded `wall_time_limit_s` (strict >); predictions zeroed. */
  time_exhausted: boolean;
  /** Residual wall time exceeded `residual_wall_time_limit_s` (strict >); predictions zeroed. */
  residual_wall_time_exhausted: boolean;
  /** Effective compute C exceeded the budget B (strict >); predictions zeroed. */
  combined_budget_exhausted: boolean;
  /** Predict wall time in seconds: backend + overhead + residual (0 for an error). */
  wall_time_s: number;
  /** Seconds spent inside the numeric kernels of counted ops (0 for an error). */
  flopscope_backend_time_s: number;
  /** Seconds of the array layer's own dispatch and bookkeeping (0 for an error). */
  flopscope_overhead_time_s: number;
  /** R: wall time outside the array layer (the estimator's own code), clamped at 0. */
  residual_wall_time_s: number;
  /** The estimator's budget summary (totals, times, namespaces); null on an error row. */
  breakdowns: { estimator: BreakdownSummary | null };
  /** The estimator's stack trace when it raised, else null. */
  traceback: string | null;
  /** Present only on failed rows: one line saying what went wrong. */
  error?: string;
  /** Present only on failed rows. */
  error_code?: ErrorCode;
}

/** Counts of each failure kind over the run. */
export interface FailureBreakdown {
  /** MLPs flagged `budget_exhausted`. */
  budget_exhausted: number;
  /** MLPs flagged `time_exhausted`. */
  time_exhausted: number;
  /** MLPs flagged `residual_wall_time_exhausted`. */
  residual_wall_time_exhausted: number;
  /** MLPs flagged `combined_budget_exhausted`. */
  combined_budget_exhausted: number;
  /** MLPs whose predict raised or returned a bad shape or non-finite values. */
  error: number;
}

/** The run's aggregate `results` object. */
export interface RunResults {
  /** Arithmetic mean of the per-MLP adjusted scores: the primary score (lower is better). */
  adjusted_final_layer_score: number;
  /** Mean of the per-MLP final-layer MSEs (raw, without the multiplier). */
  final_layer_mse: number;
  /** Mean of the per-MLP all-layers MSEs. */
  all_layers_mse: number;
  /** Element-wise mean of the per-MLP per-layer MSEs. */
  per_layer_mse: number[];
  /** Lowest per-MLP adjusted score (inf for an empty run). */
  best_mlp_adjusted_final_layer_score: number;
  /** Highest per-MLP adjusted score (inf for an empty run). */
  worst_mlp_adjusted_final_layer_score: number;
  /** Mean multiplier; failures count 1.0. */
  mean_score_multiplier: number;
  /** Mean C/B, unclamped; errors count 0. */
  mean_compute_utilization: number;
  /** MLPs with an exhaustion flag or an error. */
  n_failed_mlps: number;
  /** Mean of the per-MLP effective compute C. */
  mean_effective_compute: number;
  /** Counts of each failure kind. */
  failure_breakdown: FailureBreakdown;
  /** The scored MLPs, in contest order. */
  per_mlp: MlpResult[];
  /**
   * The summaries summed over the MLPs, field by field: the ground-truth sampler's, and the
   * estimator's over the rows that did not raise; null where there is none to sum.
   */
  breakdowns: {
    sampling: SamplingBreakdownSummary | null;
    estimator: BreakdownSummary | null;
  };
}
