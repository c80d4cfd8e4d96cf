/**
 * Elementwise tolerance tests and NaN/infinity replacement over same-length buffers (numpy's
 * isclose and nan_to_num loops).
 *
 * @module
 */

import type { Storage } from "../../array/dtype.ts";

/**
 * out[i] = 1 when |x − y| ≤ atol + rtol·|y| with y finite, or x == y, or (with `equalNan`)
 * both are NaN; else 0, as numpy's isclose.
 *
 * @param x First operand, broadcast to the output's length.
 * @param y Reference operand (rtol scales |y|), same length.
 * @param out Output flags, same length.
 * @param rtol Relative tolerance.
 * @param atol Absolute tolerance.
 * @param equalNan Whether two NaNs are close.
 * @example
 * ```ts
 * import { iscloseInto } from "./closeness.ts";
 * const out = new Uint8Array(2);
 * iscloseInto(Float64Array.of(1, 2), Float64Array.of(1.000001, 3), out, 1e-5, 1e-8, false);
 * // out: [1, 0]
 * ```
 */
export function iscloseInto(
  x: Storage,
  y: Storage,
  out: Storage,
  rtol: number,
  atol: number,
  equalNan: boolean,
): void {
  for (let i = 0; i < out.length; i++) {
    const a = x[i];
    const b = y[i];
    const close = (Math.abs(a - b) <= atol + rtol * Math.abs(b) && Number.isFinite(b)) ||
      a === b || (equalNan && a !== a && b !== b);
    out[i] = close ? 1 : 0;
  }
}

/**
 * dst[i] = src[i] with NaN replaced by `nan`, +∞ by `posinf` and −∞ by `neginf`.
 *
 * @param src Input values.
 * @param dst Output, same length.
 * @param nan Replaces NaN.
 * @param posinf Replaces +infinity.
 * @param neginf Replaces −infinity.
 */
export function nanToNumInto(
  src: Storage,
  dst: Storage,
  nan: number,
  posinf: number,
  neginf: number,
): void {
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    dst[i] = v !== v ? nan : v === Infinity ? posinf : v === -Infinity ? neginf : v;
  }
}
