/**
 * The budget engine's public surface: contexts, the metering entry for non-op code, namespaces,
 * errors and the summary types.
 *
 * @module
 */

export { BudgetContext, type BudgetOptions, withBudget, withBudgetAsync } from "./context.ts";
export { clockMs, isCounting, namespace, opStart, runOp, runOpChargedAfter } from "./engine.ts";
export { BudgetExhaustedError, NestedBudgetError, TimeExhaustedError } from "./errors.ts";
export type { OpRecord } from "./ledger.ts";
export type { BudgetSummary, NamespaceTotals, OperationTotals } from "./summary.ts";
