/**
 * Quantiles along an axis by numpy's default ("linear") method, and medians, with the input
 * viewed as (outer, len, inner) as in lib/kernels/js/reduce.ts.
 *
 * @module
 */

import type { Storage } from "../../array/dtype.ts";
import { sortInPlace } from "./sort.ts";

/** numpy's `_lerp`: a + (b − a)·t, or b − (b − a)·(1 − t) from t = 0.5 on, for monotonicity. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The value at fraction q of sorted values v (length n ≥ 1), numpy's "linear" method. */
function linear(v: Float64Array, n: number, q: number): number {
  const position = q * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  return lerp(v[below], v[above], position - below);
}

/**
 * out[k, o, i] = the q[k] quantile of src[o, :, i] (numpy's "linear" method), or with
 * `median` the median (the mean of the two middle values for an even count). A cell holding
 * a NaN gives NaN, unless `skipNaN` drops the NaNs first (an all-NaN cell is then NaN).
 *
 * @param src Input buffer.
 * @param out Output buffer (qs.length·outer·inner; k outermost).
 * @param outer Product of the axes before the reduced one.
 * @param len Length of the reduced axis (> 0).
 * @param inner Product of the axes after it.
 * @param qs Fractions in [0, 1] (ignored for a median, which writes one value per cell).
 * @param median Compute medians instead of `qs`.
 * @param skipNaN Drop NaNs before ranking (nanmedian) rather than propagating them.
 * @example
 * ```ts
 * import { quantileAxis } from "./quantile.ts";
 * const out = new Float64Array(2);
 * quantileAxis(Float64Array.of(3, 1, 2, 9), out, 1, 4, 1, Float64Array.of(0.25, 0.9), false, false);
 * // out: [1.75, 7.2]
 * ```
 */
export function quantileAxis(
  src: Storage,
  out: Storage,
  outer: number,
  len: number,
  inner: number,
  qs: Float64Array,
  median: boolean,
  skipNaN: boolean,
): void {
  const cells = outer * inner;
  const v = new Float64Array(len);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let n = 0;
      let sawNaN = false;
      for (let l = 0; l < len; l++) {
        const x = src[(o * len + l) * inner + i];
        if (x !== x) sawNaN = true;
        if (x === x || !skipNaN) v[n++] = x;
      }
      const cell = o * inner + i;
      if (n === 0 || (sawNaN && !skipNaN)) {
        if (median) out[cell] = NaN;
        else for (let k = 0; k < qs.length; k++) out[k * cells + cell] = NaN;
        continue;
      }
      sortInPlace(v, 0, n);
      if (median) {
        const mid = n >> 1;
        out[cell] = n % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
      } else {
        for (let k = 0; k < qs.length; k++) out[k * cells + cell] = linear(v, n, qs[k]);
      }
    }
  }
}
