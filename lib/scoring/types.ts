/**
 * The scored results of a run: one row per MLP and the aggregate `results` object, with the
 * reference's field names (reference-behaviour §4). These objects go into the JSON report
 * as they are, so their keys are snake_case and their key order is the spec's.
 *
 * @module
 */
import type { NamespaceTotals } from "../budget/summary.ts";
import type { ErrorCode } from "../runner/types.ts";

/** FLOP breakdown by namespace label (e.g. "estimator.estimator-client"). */
export type NamespaceBreakdown = Record<string, NamespaceTotals>;

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
  mlp_index: number;
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
  budget_exhausted: boolean;
  time_exhausted: boolean;
  residual_wall_time_exhausted: boolean;
  combined_budget_exhausted: boolean;
  wall_time_s: number;
  flopscope_backend_time_s: number;
  flopscope_overhead_time_s: number;
  residual_wall_time_s: number;
  /** The estimator's FLOPs by namespace. */
  breakdowns: { estimator: NamespaceBreakdown };
  /** The estimator's stack trace when it raised, else null. */
  traceback: string | null;
  /** Present only on failed rows: one line saying what went wrong. */
  error?: string;
  /** Present only on failed rows. */
  error_code?: ErrorCode;
}

/** Counts of each failure kind over the run. */
export interface FailureBreakdown {
  budget_exhausted: number;
  time_exhausted: number;
  residual_wall_time_exhausted: number;
  combined_budget_exhausted: number;
  error: number;
}

/** The run's aggregate `results` object. */
export interface RunResults {
  /** Arithmetic mean of the per-MLP adjusted scores: the primary score (lower is better). */
  adjusted_final_layer_score: number;
  final_layer_mse: number;
  all_layers_mse: number;
  /** Element-wise mean of the per-MLP per-layer MSEs. */
  per_layer_mse: number[];
  best_mlp_adjusted_final_layer_score: number;
  worst_mlp_adjusted_final_layer_score: number;
  /** Mean multiplier; failures count 1.0. */
  mean_score_multiplier: number;
  /** Mean C/B, unclamped; errors count 0. */
  mean_compute_utilization: number;
  n_failed_mlps: number;
  mean_effective_compute: number;
  failure_breakdown: FailureBreakdown;
  per_mlp: MlpResult[];
  breakdowns: { sampling: NamespaceBreakdown; estimator: NamespaceBreakdown };
}
