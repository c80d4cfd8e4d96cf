/**
 * The budget summary object: field names are part of the interface (cost-model.md).
 *
 * Produced by a budget context when it closes, carried across the worker boundary, and read
 * by scoring and reports.
 *
 * @module
 */

/** Per-operation totals inside a summary. */
export interface OperationTotals {
  /** FLOPs charged for all calls of this op. */
  flop_cost: number;
  /** Number of calls (free ops included). */
  calls: number;
  /** Seconds spent in kernels for this op. */
  flopscope_backend_time_s: number;
  /** Seconds spent in dispatch and bookkeeping for this op. */
  flopscope_overhead_time_s: number;
}

/** Per-namespace totals inside a summary. */
export interface NamespaceTotals {
  /** FLOPs charged inside this namespace. */
  flops_used: number;
  /** Number of op calls inside this namespace. */
  calls: number;
  /** Kernel seconds inside this namespace. */
  flopscope_backend_time_s: number;
  /** Bookkeeping seconds inside this namespace. */
  flopscope_overhead_time_s: number;
  /** Per-op totals inside this namespace. */
  operations: Record<string, OperationTotals>;
}

/**
 * What a budget context reports when it closes.
 * Invariant: `wall_time_s = flopscope_backend_time_s + flopscope_overhead_time_s + residual_wall_time_s`.
 */
export interface BudgetSummary {
  /** The budget the context was opened with. */
  flop_budget: number;
  /** FLOPs charged by recorded ops. */
  flops_used: number;
  /** `flop_budget − flops_used`. */
  flops_remaining: number;
  /** Seconds from opening to closing the context. */
  wall_time_s: number;
  /** Seconds inside kernels. */
  flopscope_backend_time_s: number;
  /** Seconds in the layer's own dispatch and bookkeeping. */
  flopscope_overhead_time_s: number;
  /** Everything else (the caller's own code), clamped at 0. */
  residual_wall_time_s: number;
  /** Totals per op name. */
  operations: Record<string, OperationTotals>;
  /** Totals per namespace label, when any op ran inside a namespace. */
  by_namespace?: Record<string, NamespaceTotals>;
}

/** FLOP breakdown by namespace label (e.g. "estimator.estimator-client"). */
export type NamespaceBreakdown = Record<string, NamespaceTotals>;

/**
 * A budget summary as a report carries it (whestbench's normalised "budget breakdown"): the
 * totals and the four times of {@link BudgetSummary}, its operations only inside
 * `by_namespace`. A run's aggregate sums these field by field, `flop_budget` included.
 */
export interface BreakdownSummary
  extends Omit<BudgetSummary, "operations" | "by_namespace" | "flop_budget"> {
  /** The budget the context was opened with (summed over MLPs in an aggregate). */
  flop_budget: number;
  /** Totals per namespace label. */
  by_namespace: NamespaceBreakdown;
}

/**
 * The run-level sampling breakdown: {@link BreakdownSummary}, marked `time_source: "bake"` when
 * it was restored from a dataset (its times are then the bake machine's, not this run's).
 */
export interface SamplingBreakdownSummary extends BreakdownSummary {
  /** Present only when restored from a dataset's rows. */
  time_source?: "bake";
}
