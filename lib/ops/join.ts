/**
 * Joining, tiling and diagonal ops: stack, concatenate, hstack, vstack, tile, repeat, diag.
 * Each writes a new buffer and is charged numel of the result (diag extracting is free).
 *
 * @module
 */

import { type DType, promoteTypes } from "../array/dtype.ts";
import { type NDArray, wrapStorage } from "../array/ndarray.ts";
import { formatShape, normalizeAxis, sizeOf } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { charge, writtenCharge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";

/**
 * Joins arrays along an existing axis (charged numel of the result).
 *
 * @param arrays Arrays with equal shapes except along `axis`.
 * @param axis The axis; default 0.
 * @example
 * ```ts
 * import { concatenate } from "./join.ts";
 * concatenate([[1, 2], [3]]).shape; // [3]
 * ```
 */
export function concatenate(arrays: readonly ArrayLike[], axis = 0): NDArray {
  return join("concatenate", arrays.map((a) => toArray(a, "concatenate")), axis);
}

/**
 * Joins arrays along a new axis (charged numel of the result).
 *
 * @param arrays Arrays of one shape.
 * @param axis Position of the new axis; default 0.
 */
export function stack(arrays: readonly ArrayLike[], axis = 0): NDArray {
  const xs = arrays.map((a) => toArray(a, "stack"));
  if (xs.length === 0) throw new RangeError("stack: need at least one array");
  const ax = normalizeAxis(axis, xs[0].ndim + 1, "stack");
  for (const x of xs) {
    if (formatShape(x.shape) !== formatShape(xs[0].shape)) {
      throw new RangeError(
        `stack: all input arrays must have the same shape, got ${formatShape(xs[0].shape)} and ${
          formatShape(x.shape)
        }`,
      );
    }
  }
  return join("stack", xs.map((x) => expandQuietly(x, ax)), ax);
}

/**
 * Joins column-wise: along axis 1, or axis 0 for 1-D arrays (charged numel).
 *
 * @param arrays The arrays.
 */
export function hstack(arrays: readonly ArrayLike[]): NDArray {
  const xs = arrays.map((a) => toArray(a, "hstack"));
  return join("hstack", xs, xs.length > 0 && xs[0].ndim === 1 ? 0 : 1);
}

/**
 * Joins row-wise: along axis 0, 1-D arrays becoming rows (charged numel).
 *
 * @param arrays The arrays.
 */
export function vstack(arrays: readonly ArrayLike[]): NDArray {
  const xs = arrays.map((a) => toArray(a, "vstack"));
  return join("vstack", xs.map((x) => (x.ndim === 1 ? expandQuietly(x, 0) : x)), 0);
}

/**
 * Repeats the whole array `reps` times per axis (charged numel of the result).
 *
 * @param a The array.
 * @param reps Repetitions, one number or one per axis.
 */
export function tile(a: ArrayLike, reps: number | readonly number[]): NDArray {
  const t0 = opStart();
  const x = toArray(a, "tile");
  const r = typeof reps === "number" ? [reps] : Array.from(reps);
  const nd = Math.max(x.ndim, r.length);
  const xs = [...new Array(nd - x.ndim).fill(1), ...x.shape];
  const rs = [...new Array(nd - r.length).fill(1), ...r];
  const shape = Object.freeze(xs.map((d, i) => d * rs[i]));
  return runOp("tile", [x.shape], x.dtype, writtenCharge(sizeOf(shape), x.dtype), () => {
    // View the result as (r0, d0, r1, d1, ...) and broadcast x over the r axes.
    const interleaved: number[] = [];
    const source: number[] = [];
    for (let i = 0; i < nd; i++) interleaved.push(rs[i], xs[i]), source.push(1, xs[i]);
    const out = newArray(x.dtype, shape);
    kernels().broadcastInto(x.data, source, out.data, interleaved);
    return out;
  }, t0);
}

/**
 * Repeats each element `repeats` times along `axis` (flattened when omitted), charged numel.
 *
 * @param a The array.
 * @param repeats Repetitions per element (one number).
 * @param axis The axis; default: flatten first.
 */
export function repeat(a: ArrayLike, repeats: number, axis?: number): NDArray {
  const t0 = opStart();
  const x = toArray(a, "repeat");
  if (!Number.isInteger(repeats) || repeats < 0) {
    throw new RangeError(`repeat: repeats ${repeats} must be a non-negative integer`);
  }
  const shapeIn = axis === undefined ? [x.size] : x.shape;
  const ax = axis === undefined ? 0 : normalizeAxis(axis, x.ndim, "repeat");
  const shape = Object.freeze(shapeIn.map((d, i) => (i === ax ? d * repeats : d)));
  return runOp("repeat", [x.shape], x.dtype, writtenCharge(sizeOf(shape), x.dtype), () => {
    const outer = sizeOf(shapeIn.slice(0, ax));
    const len = shapeIn[ax];
    const inner = sizeOf(shapeIn.slice(ax + 1));
    const src = x.data;
    const out = newArray(x.dtype, shape);
    const dst = out.data;
    let o = 0;
    for (let p = 0; p < outer; p++) {
      for (let l = 0; l < len; l++) {
        const s = (p * len + l) * inner;
        for (let r = 0; r < repeats; r++) {
          for (let i = 0; i < inner; i++) dst[o++] = src[s + i];
        }
      }
    }
    return out;
  }, t0);
}

/**
 * The k-th diagonal of a 2-D array (free), or a 2-D array with a 1-D array on its k-th
 * diagonal (charged n).
 *
 * @param a 1-D or 2-D array.
 * @param k Diagonal offset; default 0.
 */
export function diag(a: ArrayLike, k = 0): NDArray {
  const t0 = opStart();
  const x = toArray(a, "diag");
  if (x.ndim === 1) {
    const n = x.size + Math.abs(k);
    return runOp("diag", [x.shape], x.dtype, charge(x.size, x.dtype), () => {
      const out = newArray(x.dtype, Object.freeze([n, n]));
      const src = x.data;
      const dst = out.data;
      const r0 = Math.max(0, -k);
      const c0 = Math.max(0, k);
      for (let i = 0; i < x.size; i++) dst[(r0 + i) * n + c0 + i] = src[i];
      return out;
    }, t0);
  }
  if (x.ndim !== 2) {
    throw new RangeError(`diag: input must be 1-D or 2-D, got shape ${formatShape(x.shape)}`);
  }
  const [m, n] = x.shape;
  const r0 = Math.max(0, -k);
  const c0 = Math.max(0, k);
  const len = Math.max(0, Math.min(m - r0, n - c0));
  return runOp("diag", [x.shape], x.dtype, 0, () => {
    const out = newArray(x.dtype, Object.freeze([len]));
    const src = x.data;
    const dst = out.data;
    for (let i = 0; i < len; i++) dst[i] = src[(r0 + i) * n + c0 + i];
    return out;
  }, t0);
}

// A view with a length-1 axis inserted, built directly so that joining records one op.
function expandQuietly(x: NDArray, axis: number): NDArray {
  const shape = Object.freeze([...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)]);
  return wrapStorage(x.data, shape, x.dtype);
}

function join(op: string, xs: readonly NDArray[], axis: number): NDArray {
  const t0 = opStart();
  if (xs.length === 0) throw new RangeError(`${op}: need at least one array`);
  const first = xs[0];
  if (first.ndim === 0) {
    throw new RangeError(`${op}: zero-dimensional arrays cannot be concatenated`);
  }
  const ax = normalizeAxis(axis, first.ndim, op);
  let dtype: DType = first.dtype;
  let along = 0;
  for (const x of xs) {
    const compatible = x.ndim === first.ndim &&
      x.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!compatible) {
      throw new RangeError(
        `${op}: shapes ${formatShape(first.shape)} and ${
          formatShape(x.shape)
        } differ off axis ${ax}`,
      );
    }
    dtype = promoteTypes(dtype, x.dtype);
    along += x.shape[ax];
  }
  const shape = Object.freeze(first.shape.map((d, i) => (i === ax ? along : d)));
  const outDType = dtype;
  return runOp(op, xs.map((x) => x.shape), outDType, writtenCharge(sizeOf(shape), outDType), () => {
    const out = newArray(outDType, shape);
    const dst = out.data;
    const outer = sizeOf(first.shape.slice(0, ax));
    const inner = sizeOf(first.shape.slice(ax + 1));
    let offset = 0;
    for (const x of xs) {
      const block = x.shape[ax] * inner;
      let src = x.data;
      if (x.dtype !== outDType) {
        const cast = newArray(outDType, x.shape).data;
        kernels().castInto(src, cast, outDType);
        src = cast;
      }
      for (let o = 0; o < outer; o++) {
        dst.set(src.subarray(o * block, (o + 1) * block), o * along * inner + offset);
      }
      offset += block;
    }
    return out;
  }, t0);
}
