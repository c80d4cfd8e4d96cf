/**
 * Errors raised by the budget engine. Scoring maps the first two to the
 * `budget_exhausted` and `time_exhausted` flags.
 *
 * @module
 */

/**
 * The op's charge exceeds the remaining budget; the op did not run and was not recorded.
 *
 * @example
 * ```ts
 * import { BudgetExhaustedError } from "./errors.ts";
 * const err = new BudgetExhaustedError("matmul", 100, 99);
 * err.message; // "matmul would cost 100 FLOPs but only 99 remain in the budget"
 * ```
 */
export class BudgetExhaustedError extends Error {
  /**
   * Describes the op that was refused.
   *
   * @param op The op that would have crossed the budget.
   * @param charge Its charge in FLOPs.
   * @param remaining FLOPs left before it.
   */
  constructor(readonly op: string, readonly charge: number, readonly remaining: number) {
    super(`${op} would cost ${charge} FLOPs but only ${remaining} remain in the budget`);
    this.name = "BudgetExhaustedError";
  }
}

/** The context's wall-time limit was crossed (checked before and after each counted op). */
export class TimeExhaustedError extends Error {
  /**
   * Describes where the limit was found crossed.
   *
   * @param op The op at which the crossing was detected.
   * @param elapsedS Seconds since the context opened.
   * @param limitS The limit in seconds.
   */
  constructor(readonly op: string, readonly elapsedS: number, readonly limitS: number) {
    super(`wall time ${elapsedS.toFixed(3)} s exceeds the limit of ${limitS} s (at ${op})`);
    this.name = "TimeExhaustedError";
  }
}

/** A budget context was opened while another one is active (contexts do not nest). */
export class NestedBudgetError extends Error {
  /** Creates the error; its message names the rule. */
  constructor() {
    super("a budget context is already active; budget contexts do not nest");
    this.name = "NestedBudgetError";
  }
}
