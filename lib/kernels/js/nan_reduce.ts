/**
 * NaN-skipping reductions over an axis (numpy's nansum, nanprod, nanmax, nanmin, nanargmax,
 * nanargmin, nanmean, nanvar), with the input viewed as (outer, len, inner) as in
 * lib/kernels/js/reduce.ts. Sums replace NaN by 0 and then sum as `sumAxis` does, as numpy's
 * `_replace_nan` followed by `sum` does.
 *
 * @module
 */

import type { Storage } from "../../array/dtype.ts";
import { prodAxis, sumAxis } from "./reduce.ts";

/** The NaN-skipping reductions {@link nanReduceAxis} computes. */
export type NanReduction = "sum" | "prod" | "max" | "min" | "argmax" | "argmin" | "mean" | "var";

/** `src` with every NaN replaced by `fill`, and the count of non-NaN values per output cell. */
function replaced(src: Storage, fill: number, outer: number, len: number, inner: number) {
  const copy = new Float64Array(src.length);
  const counts = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let l = 0; l < len; l++) {
      const row = (o * len + l) * inner;
      for (let i = 0; i < inner; i++) {
        const v = src[row + i];
        if (v !== v) copy[row + i] = fill;
        else {
          copy[row + i] = v;
          counts[o * inner + i]++;
        }
      }
    }
  }
  return { copy, counts };
}

/** max/min (or their first index) ignoring NaN; an all-NaN cell gives NaN (index −1). */
function extreme(
  src: Storage,
  out: Storage,
  outer: number,
  len: number,
  inner: number,
  isMax: boolean,
  index: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = NaN;
      let at = -1;
      for (let l = 0; l < len; l++) {
        const v = src[(o * len + l) * inner + i];
        if (v !== v) continue;
        if (at < 0 || (isMax ? v > best : v < best)) {
          best = v;
          at = l;
        }
      }
      out[o * inner + i] = index ? at : best;
    }
  }
}

/**
 * out[o, i] = the NaN-skipping reduction `kind` of src[o, :, i]. All-NaN cells: sum 0, prod 1,
 * max/min/mean NaN, argmax/argmin −1 (the caller raises numpy's "All-NaN slice encountered"),
 * var NaN when fewer than ddof + 1 values remain.
 *
 * @param src Input buffer.
 * @param out Output buffer (outer·inner).
 * @param outer Product of the axes before the reduced one.
 * @param len Length of the reduced axis.
 * @param inner Product of the axes after it.
 * @param kind The reduction.
 * @param ddof Delta degrees of freedom of `var`; default 0.
 * @example
 * ```ts
 * import { nanReduceAxis } from "./nan_reduce.ts";
 * const out = new Float64Array(1);
 * nanReduceAxis(Float64Array.of(1, NaN, 3), out, 1, 3, 1, "mean"); // out[0] = 2
 * ```
 */
export function nanReduceAxis(
  src: Storage,
  out: Storage,
  outer: number,
  len: number,
  inner: number,
  kind: NanReduction,
  ddof = 0,
): void {
  if (kind === "max" || kind === "min" || kind === "argmax" || kind === "argmin") {
    extreme(src, out, outer, len, inner, kind.endsWith("max"), kind.startsWith("arg"));
    return;
  }
  const { copy, counts } = replaced(src, kind === "prod" ? 1 : 0, outer, len, inner);
  if (kind === "prod") return prodAxis(copy, out, outer, len, inner);
  const sums = new Float64Array(outer * inner);
  sumAxis(copy, sums, outer, len, inner);
  if (kind === "sum") return void out.set(sums);
  if (kind === "mean") {
    for (let j = 0; j < sums.length; j++) out[j] = sums[j] / counts[j];
    return;
  }
  // var: centre the non-NaN values on their mean (NaN slots stay 0), sum the squares.
  for (let o = 0; o < outer; o++) {
    for (let l = 0; l < len; l++) {
      const row = (o * len + l) * inner;
      for (let i = 0; i < inner; i++) {
        const v = src[row + i];
        const d = v !== v ? 0 : copy[row + i] - sums[o * inner + i] / counts[o * inner + i];
        copy[row + i] = d * d;
      }
    }
  }
  sumAxis(copy, sums, outer, len, inner);
  for (let j = 0; j < sums.length; j++) {
    const dof = counts[j] - ddof;
    out[j] = dof > 0 ? sums[j] / dof : NaN;
  }
}
