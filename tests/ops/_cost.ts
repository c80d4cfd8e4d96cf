/**
 * Test helper: the FLOPs an arbitrary piece of counted work charges, measured in a fresh
 * budget context.
 *
 * @module
 */

import { withBudget } from "../../lib/budget/context.ts";

/**
 * Runs `fn` inside a fresh budget context and returns the FLOPs it used.
 *
 * @param fn Counted work.
 */
export function costOf(fn: () => unknown): number {
  return withBudget({ flopBudget: Number.MAX_SAFE_INTEGER }, fn).summary.flops_used;
}
