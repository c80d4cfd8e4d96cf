/**
 * `round` (numpy's `round`/`around`): rounding half to even at a number of decimals, cost numel
 * (weight 1, the rounding family of cost-model.md).
 *
 * @module
 */

import type { DType } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { elementwiseCharge } from "./charge.ts";
import {
  type ArrayLike,
  EMPTY_SHAPE,
  newArray,
  operandData,
  storageAs,
  toArray,
} from "./convert.ts";

/**
 * Rounds to `decimals` places, halves to even, as numpy's `round(a, decimals)`: floats keep
 * their dtype (x·10ᵈ rounded then divided back, in that dtype), integers and bools come back
 * unchanged for `decimals` ≥ 0 and rounded to a multiple of 10⁻ᵈ otherwise (cost numel).
 *
 * @param a The array.
 * @param decimals Places after the point (negative: before it); default 0.
 * @example
 * ```ts
 * import { round } from "./rounding.ts";
 * round([0.5, 1.5, 2.675], 0).tolist(); // [0, 2, 3]
 * ```
 */
export function round(a: ArrayLike, decimals = 0): NDArray {
  const t0 = opStart();
  const x = toArray(a, "round");
  if (!Number.isInteger(decimals)) {
    throw new TypeError(`round: decimals must be an integer, got ${decimals}`);
  }
  const dtype = x.dtype;
  return runOp("round", [x.shape], dtype, elementwiseCharge(x.size, dtype), () => {
    const out = newArray(dtype, x.shape);
    const isFloat = dtype === "float32" || dtype === "float64";
    if (!isFloat && decimals >= 0) {
      out.data.set(x.data);
      return out;
    }
    // Integers round through float64 (exact below 2^53), as numpy's integer path does.
    const compute: DType = isFloat ? dtype : "float64";
    const work = storageAs(x.data, compute).slice();
    const shape = [work.length];
    const factor = operandData(10 ** Math.abs(decimals), compute);
    const [into, back] = decimals >= 0
      ? ["multiply", "divide"] as const
      : ["divide", "multiply"] as const;
    if (decimals !== 0) kernels().applyBinary(into, work, shape, factor, EMPTY_SHAPE, work, shape);
    kernels().applyUnary("rint", work, work, work.length);
    if (decimals !== 0) kernels().applyBinary(back, work, shape, factor, EMPTY_SHAPE, work, shape);
    out.data.set(work);
    return out;
  }, t0);
}
