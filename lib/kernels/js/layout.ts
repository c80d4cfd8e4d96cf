/**
 * Data-movement kernels: transposes, permutations, broadcasting copies and dtype casts.
 *
 * @module
 */

import type { DType, Storage } from "../../array/dtype.ts";
import { stridesOf } from "../../array/shape.ts";

/**
 * Copies `src` (of `shape`) into `dst` with its axes permuted: dst axis d is src axis axes[d].
 *
 * @param src Source buffer.
 * @param dst Destination buffer.
 * @param shape Shape of `src`.
 * @param axes The permutation.
 */
export function permuteInto(
  src: Storage,
  dst: Storage,
  shape: readonly number[],
  axes: readonly number[],
): void {
  const srcStrides = stridesOf(shape);
  const outShape = axes.map((a) => shape[a]);
  const steps = axes.map((a) => srcStrides[a]);
  gatherStrided(src, dst, outShape, steps);
}

/**
 * Copies `src` broadcast from `srcShape` to `outShape` into `dst` (numpy broadcasting rules;
 * `srcShape` must already be broadcast-compatible).
 *
 * @param src Source buffer.
 * @param srcShape Its shape.
 * @param dst Destination buffer of size(outShape).
 * @param outShape Target shape.
 */
export function broadcastInto(
  src: Storage,
  srcShape: readonly number[],
  dst: Storage,
  outShape: readonly number[],
): void {
  gatherStrided(src, dst, outShape, broadcastStrides(srcShape, outShape));
}

/**
 * Element strides of an array of `shape` viewed as broadcast to `outShape` (0 on broadcast axes).
 *
 * @param shape The operand's shape.
 * @param outShape The broadcast shape.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const nd = outShape.length;
  const offset = nd - shape.length;
  const strides = new Array<number>(nd).fill(0);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d + offset] = shape[d] === 1 ? 0 : s;
    s *= shape[d];
  }
  return strides;
}

/**
 * dst (row-major over `outShape`) [idx] = src[Σ idx_d · steps_d]; the innermost axis is a
 * plain loop (a block copy when contiguous), outer axes advance an odometer.
 *
 * @param src Source buffer.
 * @param dst Destination buffer.
 * @param outShape Shape iterated.
 * @param steps Source stride per output axis.
 */
export function gatherStrided(
  src: Storage,
  dst: Storage,
  outShape: readonly number[],
  steps: readonly number[],
): void {
  const nd = outShape.length;
  let total = 1;
  for (const d of outShape) total *= d;
  if (total === 0) return;
  if (nd === 0) {
    dst[0] = src[0];
    return;
  }
  const inner = outShape[nd - 1];
  const step = steps[nd - 1];
  const index = new Array<number>(nd).fill(0);
  let srcOff = 0;
  // A contiguous inner run (a permutation that keeps the last axis, a broadcast over outer
  // axes) is one block copy; short runs stay a loop, where the call would cost more.
  const blockCopy = step === 1 && inner >= 16;
  for (let o = 0; o < total; o += inner) {
    if (blockCopy) dst.set(src.subarray(srcOff, srcOff + inner), o);
    else for (let j = 0; j < inner; j++) dst[o + j] = src[srcOff + j * step];
    for (let d = nd - 2; d >= 0; d--) {
      index[d]++;
      srcOff += steps[d];
      if (index[d] < outShape[d]) break;
      srcOff -= steps[d] * outShape[d];
      index[d] = 0;
    }
  }
}

/**
 * Converts `src` into `dst` with numpy's cast semantics for the target: bool is "non-zero"
 * (NaN is true), int64 truncates toward zero; other targets convert through the typed array.
 *
 * @param src Source buffer.
 * @param dst Destination buffer of the same length.
 * @param target The target dtype.
 */
export function castInto(src: Storage, dst: Storage, target: DType): void {
  const n = src.length;
  if (target === "bool") {
    for (let i = 0; i < n; i++) dst[i] = src[i] !== 0 ? 1 : 0;
  } else if (target === "int64" && (src instanceof Float64Array || src instanceof Float32Array)) {
    for (let i = 0; i < n; i++) dst[i] = Math.trunc(src[i]);
  } else {
    dst.set(src);
  }
}
