/**
 * `stats.norm.pdf/cdf/ppf`: computed in float64 and always billed at rate 2, at 27, 48 and 83
 * FLOPs per element (cost-model.md). Results are float64, as scipy returns them.
 *
 * @module
 */

import type { NDArray } from "../array/ndarray.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";

function normOp(
  op: string,
  perElement: number,
  kernel: (x: Float64Array, out: Float64Array) => void,
  x: ArrayLike,
): NDArray {
  const t0 = opStart();
  const a = toArray(x, op);
  return runOp(
    op,
    [a.shape],
    "float64",
    charge(Math.max(a.size, 1) * perElement, "float64"),
    () => {
      const out = newArray("float64", a.shape);
      const src = a.data;
      const input = src instanceof Float64Array ? src : new Float64Array(src);
      kernel(input, out.data as Float64Array);
      return out;
    },
    t0,
  );
}

/**
 * Standard normal density φ(x) (cost 54 per element).
 *
 * @param x Points (any dtype; a JS number gives a 0-d array).
 * @example
 * ```ts
 * import { pdf } from "./stats.ts";
 * pdf(0).item(); // 0.3989422804014327
 * ```
 */
export function pdf(x: ArrayLike): NDArray {
  return normOp("stats.norm.pdf", 27, kernels().normPdf, x);
}

/**
 * Standard normal distribution function Φ(x) (cost 96 per element).
 *
 * @param x Points.
 */
export function cdf(x: ArrayLike): NDArray {
  return normOp("stats.norm.cdf", 48, kernels().normCdf, x);
}

/**
 * Standard normal quantile Φ⁻¹(p) (cost 166 per element).
 *
 * @param p Probabilities in [0, 1].
 */
export function ppf(p: ArrayLike): NDArray {
  return normOp("stats.norm.ppf", 83, kernels().normPpf, p);
}
