/**
 * The charge formula of cost-model.md: floor(flop_cost × dtype_rate × weight), plus the floors
 * that elementwise ops and reductions apply to their flop_cost.
 *
 * @module
 */

import { type DType, dtypeRate } from "../array/dtype.ts";

/**
 * floor(flopCost × rate(dtype) × weight).
 *
 * @param flopCost The op's flop_cost before rate.
 * @param dtype The billing dtype.
 * @param weight The op family's weight; default 1.
 * @example
 * ```ts
 * import { charge } from "./charge.ts";
 * charge(10, "float64", 16); // 320
 * ```
 */
export function charge(flopCost: number, dtype: DType, weight = 1): number {
  return Math.floor(flopCost * dtypeRate(dtype) * weight);
}

/**
 * Charge of an elementwise op over `numel` outputs (flop_cost at least 1).
 *
 * @param numel Elements of the broadcast output.
 * @param dtype The billing dtype.
 * @param weight The op's weight; default 1.
 */
export function elementwiseCharge(numel: number, dtype: DType, weight = 1): number {
  return charge(Math.max(numel, 1), dtype, weight);
}

/**
 * Charge of a reduction: flop_cost floored at 1 when the input is non-empty, 0 when empty.
 *
 * @param flopCost The reduction's flop_cost.
 * @param inputSize Elements of the input.
 * @param dtype The billing dtype.
 */
export function reductionCharge(flopCost: number, inputSize: number, dtype: DType): number {
  if (inputSize === 0) return 0;
  return charge(Math.max(flopCost, 1), dtype);
}
