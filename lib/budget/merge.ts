/**
 * The one place budget totals are added together: per op (the ledger, as ops run), per
 * namespace (a report's run-level `breakdowns`), and whole summaries (the sampler's rolled-over
 * contexts).
 *
 * @module
 */
import type {
  BreakdownSummary,
  BudgetSummary,
  NamespaceBreakdown,
  NamespaceTotals,
  OperationTotals,
} from "./summary.ts";

/** Zero totals for an op not seen yet. */
export function emptyOperationTotals(): OperationTotals {
  return { flop_cost: 0, calls: 0, flopscope_backend_time_s: 0, flopscope_overhead_time_s: 0 };
}

/**
 * Adds kernel and bookkeeping seconds to a total.
 *
 * @param totals The totals added to.
 * @param backendS Seconds inside kernels.
 * @param overheadS Seconds of dispatch and bookkeeping.
 */
export function addTimes(
  totals: { flopscope_backend_time_s: number; flopscope_overhead_time_s: number },
  backendS: number,
  overheadS: number,
): void {
  totals.flopscope_backend_time_s += backendS;
  totals.flopscope_overhead_time_s += overheadS;
}

/**
 * Adds per-op totals (FLOPs, calls, times) into `into`, op by op, creating missing ops.
 *
 * @param into The totals added to.
 * @param from The totals to add; not modified.
 */
export function addOperations(
  into: Record<string, OperationTotals>,
  from: Record<string, OperationTotals>,
): void {
  for (const [op, totals] of Object.entries(from)) {
    const sum = into[op] ??= emptyOperationTotals();
    sum.flop_cost += totals.flop_cost;
    sum.calls += totals.calls;
    addTimes(sum, totals.flopscope_backend_time_s, totals.flopscope_overhead_time_s);
  }
}

/**
 * Sums breakdowns namespace by namespace and op by op (FLOPs, calls and times).
 *
 * @example
 * ```ts
 * import { mergeBreakdowns } from "./merge.ts";
 * const merged = mergeBreakdowns([]); // {}
 * ```
 * @param breakdowns The per-MLP breakdowns; none is modified.
 */
export function mergeBreakdowns(breakdowns: readonly NamespaceBreakdown[]): NamespaceBreakdown {
  const merged: NamespaceBreakdown = {};
  for (const breakdown of breakdowns) {
    for (const [label, totals] of Object.entries(breakdown)) {
      const sum: NamespaceTotals = merged[label] ??= {
        flops_used: 0,
        calls: 0,
        flopscope_backend_time_s: 0,
        flopscope_overhead_time_s: 0,
        operations: {},
      };
      sum.flops_used += totals.flops_used;
      sum.calls += totals.calls;
      addTimes(sum, totals.flopscope_backend_time_s, totals.flopscope_overhead_time_s);
      addOperations(sum.operations, totals.operations);
    }
  }
  return merged;
}

/**
 * Adds whole summaries into one, as if one context had metered them all.
 *
 * @example
 * ```ts
 * import { mergeSummaries } from "./merge.ts";
 * import { withBudget } from "./context.ts";
 * const a = withBudget({ flopBudget: 10 }, () => 0).summary;
 * mergeSummaries([a, a], 20).flop_budget; // 20
 * ```
 * @param summaries The summaries; none is modified (one alone is returned as it is).
 * @param flopBudget The merged budget.
 */
export function mergeSummaries(
  summaries: readonly BudgetSummary[],
  flopBudget: number,
): BudgetSummary {
  if (summaries.length === 1) return summaries[0];
  const merged: BudgetSummary = {
    flop_budget: flopBudget,
    flops_used: 0,
    flops_remaining: 0,
    wall_time_s: 0,
    flopscope_backend_time_s: 0,
    flopscope_overhead_time_s: 0,
    residual_wall_time_s: 0,
    operations: {},
    by_namespace: mergeBreakdowns(summaries.map((s) => s.by_namespace ?? {})),
  };
  for (const s of summaries) {
    merged.flops_used += s.flops_used;
    merged.wall_time_s += s.wall_time_s;
    merged.residual_wall_time_s += s.residual_wall_time_s;
    addTimes(merged, s.flopscope_backend_time_s, s.flopscope_overhead_time_s);
    addOperations(merged.operations, s.operations);
  }
  merged.flops_remaining = merged.flop_budget - merged.flops_used;
  return merged;
}

/**
 * A summary as a report row carries it: the totals and the four times, the operations only
 * inside `by_namespace` (`{}` when nothing ran in a namespace).
 *
 * @example
 * ```ts
 * import { breakdownSummaryOf } from "./merge.ts";
 * import { withBudget } from "./context.ts";
 * const row = breakdownSummaryOf(withBudget({ flopBudget: 10 }, () => 0).summary);
 * // row.flop_budget === 10, row.flops_remaining === 10, "operations" in row === false
 * ```
 * @param summary A closed context's summary; not modified.
 */
export function breakdownSummaryOf(summary: BudgetSummary): BreakdownSummary {
  return {
    flop_budget: summary.flop_budget,
    flops_used: summary.flops_used,
    flops_remaining: summary.flops_remaining,
    wall_time_s: summary.wall_time_s,
    flopscope_backend_time_s: summary.flopscope_backend_time_s,
    flopscope_overhead_time_s: summary.flopscope_overhead_time_s,
    residual_wall_time_s: summary.residual_wall_time_s,
    by_namespace: mergeBreakdowns([summary.by_namespace ?? {}]),
  };
}

/**
 * Sums report summaries field by field (`flop_budget` and `flops_remaining` included, as
 * whestbench's aggregate does) and their namespaces op by op; null when there are none, as in
 * whestbench (a run whose every MLP raised has no estimator breakdown).
 *
 * @example
 * ```ts
 * import { breakdownSummaryOf, sumBreakdownSummaries } from "./merge.ts";
 * import { withBudget } from "./context.ts";
 * const one = breakdownSummaryOf(withBudget({ flopBudget: 10 }, () => 0).summary);
 * sumBreakdownSummaries([one, one])?.flop_budget; // 20
 * sumBreakdownSummaries([]); // null
 * ```
 * @param summaries The per-MLP summaries; none is modified.
 */
export function sumBreakdownSummaries(
  summaries: readonly BreakdownSummary[],
): BreakdownSummary | null {
  if (summaries.length === 0) return null;
  const sum = (key: Exclude<keyof BreakdownSummary, "by_namespace">) =>
    summaries.reduce((total, s) => total + s[key], 0);
  return {
    flop_budget: sum("flop_budget"),
    flops_used: sum("flops_used"),
    flops_remaining: sum("flops_remaining"),
    wall_time_s: sum("wall_time_s"),
    flopscope_backend_time_s: sum("flopscope_backend_time_s"),
    flopscope_overhead_time_s: sum("flopscope_overhead_time_s"),
    residual_wall_time_s: sum("residual_wall_time_s"),
    by_namespace: mergeBreakdowns(summaries.map((s) => s.by_namespace)),
  };
}
