/**
 * The charge formula of cost-model.md: floor(flop_cost × dtype_rate × weight), plus the floors
 * that elementwise ops, reductions and materialising copies apply to their flop_cost.
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
 * Charge of a reduction: flop_cost floored at 1, an empty input included (flopscope's
 * `analytical_reduction_cost` returns max(cost, 1) whatever the input).
 *
 * @param flopCost The reduction's flop_cost.
 * @param dtype The billing dtype.
 * @param weight The op's weight; default 1.
 */
export function reductionCharge(flopCost: number, dtype: DType, weight = 1): number {
  return charge(Math.max(flopCost, 1), dtype, weight);
}

/**
 * Charge of a materialising copy (copy, reshape, ravel, flatten, stack, concatenate, tile,
 * repeat): numel of the result, floored at 1 as flopscope floors them, so even an empty copy is
 * not free.
 *
 * @param numel Elements written.
 * @param dtype The billing dtype.
 */
export function writtenCharge(numel: number, dtype: DType): number {
  return charge(Math.max(numel, 1), dtype);
}
