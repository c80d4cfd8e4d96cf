/**
 * Adds FLOP breakdowns by namespace together, for the run-level `breakdowns` of a report.
 *
 * @module
 */
import type { NamespaceTotals, OperationTotals } from "./summary.ts";
import type { NamespaceBreakdown } from "./summary.ts";

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
    const sum = into[op] ??= {
      flop_cost: 0,
      calls: 0,
      flopscope_backend_time_s: 0,
      flopscope_overhead_time_s: 0,
    };
    sum.flop_cost += totals.flop_cost;
    sum.calls += totals.calls;
    sum.flopscope_backend_time_s += totals.flopscope_backend_time_s;
    sum.flopscope_overhead_time_s += totals.flopscope_overhead_time_s;
  }
}

/**
 * Sums breakdowns namespace by namespace and op by op (FLOPs, calls and times).
 *
 * @example
 * ```ts
 * import { mergeBreakdowns } from "./breakdowns.ts";
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
      sum.flopscope_backend_time_s += totals.flopscope_backend_time_s;
      sum.flopscope_overhead_time_s += totals.flopscope_overhead_time_s;
      addOperations(sum.operations, totals.operations);
    }
  }
  return merged;
}
