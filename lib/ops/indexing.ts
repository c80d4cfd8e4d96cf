/**
 * Gathers and boolean selection, numpy's functional spellings of `a[indices]` and `a[mask]`
 * (JavaScript has no fancy indexing), with flopscope's charges: `take` and `take_along_axis`
 * 4·numel(out) (a computed-index gather, the access tier); `compress` len(condition) +
 * 4·numel(out); `extract` numel(arr); `nonzero` and `argwhere` numel(input) (the `!= 0` test).
 * Each bills at the dtype of the array it reads.
 *
 * @module
 */

import type { DType } from "../array/dtype.ts";
import { type NDArray, wrapStorage } from "../array/ndarray.ts";
import { broadcastShapes, formatShape, normalizeAxis, sizeOf } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";
import { type AxisKeyword, axisOf } from "./keywords.ts";

/** An array seen as (outer, len, inner) around `axis`, the flattened array when null. */
function around(a: NDArray, axis: number | null | undefined, op: string) {
  if (axis === null || axis === undefined) {
    return { shape: [a.size] as readonly number[], ax: 0, outer: 1, len: a.size, inner: 1 };
  }
  const ax = normalizeAxis(axis, a.ndim, op);
  return {
    shape: a.shape,
    ax,
    outer: sizeOf(a.shape.slice(0, ax)),
    len: a.shape[ax],
    inner: sizeOf(a.shape.slice(ax + 1)),
  };
}

/** Integer indices as an array, each checked against `len` and wrapped when negative. */
function indexArray(
  indices: ArrayLike,
  len: number,
  op: string,
): { shape: number[]; at: number[] } {
  const idx = toArray(indices, op);
  if (idx.dtype !== "int32" && idx.dtype !== "int64") {
    throw new TypeError(`${op}: indices must be integers, got ${idx.dtype}`);
  }
  const at = Array.from(idx.data, (i) => {
    if (i < -len || i >= len) {
      throw new RangeError(`${op}: index ${i} is out of bounds for an axis of size ${len}`);
    }
    return i < 0 ? i + len : i;
  });
  return { shape: [...idx.shape], at };
}

/**
 * numpy's `take(a, indices, axis=None)`: the elements at `indices` along `axis` (of the
 * flattened array when null); the result's shape is `a.shape[:axis] + indices.shape +
 * a.shape[axis+1:]`. Cost 4·numel(out).
 *
 * @param a The array.
 * @param indices Integer indices (negative count from the end).
 * @param axis The axis, or `{ axis }`; default null (flattened).
 * @example
 * ```ts
 * import { take } from "./indexing.ts";
 * import { array } from "./creation.ts";
 * take(array([[1, 2], [3, 4]]), [1, 0], 1).tolist(); // [[2, 1], [4, 3]]
 * ```
 */
export function take(
  a: ArrayLike,
  indices: ArrayLike,
  axis: number | null | AxisKeyword = null,
): NDArray {
  const t0 = opStart();
  const x = toArray(a, "take");
  const v = around(x, axisOf(axis, null, "take"), "take");
  const { shape: idxShape, at } = indexArray(indices, v.len, "take");
  const shape = Object.freeze([...v.shape.slice(0, v.ax), ...idxShape, ...v.shape.slice(v.ax + 1)]);
  const cost = charge(4 * sizeOf(shape), x.dtype);
  return runOp("take", [x.shape], x.dtype, cost, () => {
    const out = newArray(x.dtype, shape);
    const src = x.data;
    const dst = out.data;
    let o = 0;
    for (let p = 0; p < v.outer; p++) {
      for (const i of at) {
        const base = (p * v.len + i) * v.inner;
        for (let q = 0; q < v.inner; q++) dst[o++] = src[base + q];
      }
    }
    return out;
  }, t0);
}

/**
 * numpy's `take_along_axis(arr, indices, axis=-1)`: picks, for each 1-D slice along `axis`,
 * the elements at the matching slice of `indices` (same ndim; other axes broadcast), such as
 * the output of `argsort`. Cost 4·numel(out).
 *
 * @param a The array.
 * @param indices Integer indices, with `a`'s number of dimensions.
 * @param axisOrKeywords The axis, or `{ axis }`; default -1; null takes from the flattened
 *   array (1-D indices).
 */
export function take_along_axis(
  a: ArrayLike,
  indices: ArrayLike,
  axisOrKeywords: number | null | AxisKeyword = -1,
): NDArray {
  const t0 = opStart();
  const axis = axisOf(axisOrKeywords, -1, "take_along_axis");
  let x = toArray(a, "take_along_axis");
  if (axis === null) x = wrapStorage(x.data, Object.freeze([x.size]), x.dtype);
  const idx = toArray(indices, "take_along_axis");
  if (idx.ndim !== x.ndim) {
    throw new RangeError(
      `take_along_axis: indices of shape ${formatShape(idx.shape)} need ${x.ndim} dimensions ` +
        `like the array of shape ${formatShape(x.shape)}`,
    );
  }
  const ax = normalizeAxis(axis ?? 0, x.ndim, "take_along_axis");
  const others = broadcastShapes(
    x.shape.map((d, i) => (i === ax ? 1 : d)),
    idx.shape.map((d, i) => (i === ax ? 1 : d)),
    "take_along_axis",
  );
  const shape = Object.freeze(others.map((d, i) => (i === ax ? idx.shape[ax] : d)));
  const { at } = indexArray(idx, x.shape[ax], "take_along_axis");
  const cost = charge(4 * sizeOf(shape), x.dtype);
  return runOp("take_along_axis", [x.shape, idx.shape], x.dtype, cost, () => {
    const out = newArray(x.dtype, shape);
    const dst = out.data;
    const src = x.data;
    const xStrides = stridesFor(x.shape, shape);
    const iStrides = stridesFor(idx.shape, shape);
    const axisStride = sizeOf(x.shape.slice(ax + 1));
    const index = new Array<number>(shape.length).fill(0);
    for (let o = 0; o < dst.length; o++) {
      let xi = 0;
      let ii = 0;
      for (let d = 0; d < shape.length; d++) {
        ii += index[d] * iStrides[d];
        if (d !== ax) xi += index[d] * xStrides[d];
      }
      dst[o] = src[xi + at[ii] * axisStride];
      for (let d = shape.length - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) break;
        index[d] = 0;
      }
    }
    return out;
  }, t0);
}

// Row-major strides of `shape` read as broadcast to `target` (0 on a broadcast axis).
function stridesFor(shape: readonly number[], target: readonly number[]): number[] {
  return shape.map((d, i) => (d === 1 && target[i] !== 1 ? 0 : sizeOf(shape.slice(i + 1))));
}

/** A 1-D condition as booleans, of at most `len` entries. */
function conditionOf(condition: ArrayLike, op: string): boolean[] {
  const c = toArray(condition, op);
  if (c.ndim !== 1) {
    throw new RangeError(`${op}: condition must be 1-D, got shape ${formatShape(c.shape)}`);
  }
  return Array.from(c.data, (v) => v !== 0);
}

/**
 * numpy's `compress(condition, a, axis=None)`: the slices along `axis` (of the flattened
 * array when null) where the 1-D `condition` is true, as `a[mask]` selects rows; a condition
 * shorter than the axis leaves the rest out. Cost len(condition) + 4·numel(out).
 *
 * @param condition Booleans (non-zero is true), at most the axis' length.
 * @param a The array.
 * @param axis The axis, or `{ axis }`; default null (flattened).
 * @example
 * ```ts
 * import { compress } from "./indexing.ts";
 * import { array } from "./creation.ts";
 * compress([true, false, true], array([[1, 2], [3, 4], [5, 6]]), 0).tolist(); // [[1, 2], [5, 6]]
 * ```
 */
export function compress(
  condition: ArrayLike,
  a: ArrayLike,
  axis: number | null | AxisKeyword = null,
): NDArray {
  const t0 = opStart();
  const x = toArray(a, "compress");
  const cond = conditionOf(condition, "compress");
  const v = around(x, axisOf(axis, null, "compress"), "compress");
  if (cond.length > v.len) {
    throw new RangeError(
      `compress: condition of length ${cond.length} is longer than the axis (${v.len})`,
    );
  }
  const kept = cond.flatMap((c, i) => (c ? [i] : []));
  const shape = Object.freeze(v.shape.map((d, i) => (i === v.ax ? kept.length : d)));
  const cost = charge(cond.length + 4 * sizeOf(shape), x.dtype);
  return runOp("compress", [[cond.length], x.shape], x.dtype, cost, () => {
    const out = newArray(x.dtype, shape);
    const src = x.data;
    const dst = out.data;
    let o = 0;
    for (let p = 0; p < v.outer; p++) {
      for (const i of kept) {
        const base = (p * v.len + i) * v.inner;
        for (let q = 0; q < v.inner; q++) dst[o++] = src[base + q];
      }
    }
    return out;
  }, t0);
}

/**
 * numpy's `extract(condition, arr)`: the elements of `arr` where `condition` (same size) is
 * true, flattened: numpy's `arr[mask]` for a full-shape mask. Cost numel(arr).
 *
 * @param condition Booleans (non-zero is true), as many as `arr` has elements.
 * @param arr The array.
 * @example
 * ```ts
 * import { extract } from "./indexing.ts";
 * import { array } from "./creation.ts";
 * extract([[true, false], [false, true]], array([[1, 2], [3, 4]])).tolist(); // [1, 4]
 * ```
 */
export function extract(condition: ArrayLike, arr: ArrayLike): NDArray {
  const t0 = opStart();
  const x = toArray(arr, "extract");
  const c = toArray(condition, "extract");
  if (c.size !== x.size) {
    throw new RangeError(
      `extract: condition of shape ${formatShape(c.shape)} does not match the array's ${
        formatShape(x.shape)
      }`,
    );
  }
  const cost = charge(x.size, x.dtype);
  return runOp("extract", [c.shape, x.shape], x.dtype, cost, () => {
    const cd = c.data;
    const src = x.data;
    let count = 0;
    for (let i = 0; i < cd.length; i++) if (cd[i] !== 0) count++;
    const out = newArray(x.dtype, Object.freeze([count]));
    const dst = out.data;
    let o = 0;
    for (let i = 0; i < cd.length; i++) if (cd[i] !== 0) dst[o++] = src[i];
    return out;
  }, t0);
}

/**
 * The coordinates of the non-zero elements of `x` (row-major order), as a (count, ndim)
 * row-major int64 buffer.
 */
function nonzeroCoordinates(x: NDArray): { count: number; coords: Float64Array } {
  const data = x.data;
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) count++;
  const nd = x.ndim;
  const coords = new Float64Array(count * nd);
  const index = new Array<number>(nd).fill(0);
  let o = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 0) { for (let d = 0; d < nd; d++) coords[o++] = index[d]; }
    for (let d = nd - 1; d >= 0; d--) {
      if (++index[d] < x.shape[d]) break;
      index[d] = 0;
    }
  }
  return { count, coords };
}

function int64Array(shape: readonly number[], values: (o: number) => number): NDArray {
  const out = newArray("int64", Object.freeze(shape.slice()));
  for (let o = 0; o < out.size; o++) out.data[o] = values(o);
  return out;
}

/**
 * numpy's `nonzero(a)`: the indices of the non-zero elements, one int64 array per dimension
 * (a JS array of them, numpy's tuple). Cost numel(a).
 *
 * @param a The array (at least 1-D, as numpy 2 requires).
 * @example
 * ```ts
 * import { nonzero } from "./indexing.ts";
 * import { array } from "./creation.ts";
 * nonzero(array([[0, 3], [4, 0]])).map((i) => i.tolist()); // [[0, 1], [1, 0]]
 * ```
 */
export function nonzero(a: ArrayLike): NDArray[] {
  const t0 = opStart();
  const x = toArray(a, "nonzero");
  if (x.ndim === 0) {
    throw new RangeError(
      "nonzero: a 0-d array has no axes to index (numpy 2 refuses it too); reshape it to 1-D",
    );
  }
  return runOp("nonzero", [x.shape], x.dtype, charge(x.size, x.dtype), () => {
    const { count, coords } = nonzeroCoordinates(x);
    return x.shape.map((_, d) => int64Array([count], (o) => coords[o * x.ndim + d]));
  }, t0);
}

/**
 * numpy's `argwhere(a)`: the indices of the non-zero elements as an int64 array of shape
 * (count, a.ndim). Cost numel(a).
 *
 * @param a The array.
 */
export function argwhere(a: ArrayLike): NDArray {
  const t0 = opStart();
  const x = toArray(a, "argwhere");
  const dtype: DType = x.dtype;
  return runOp("argwhere", [x.shape], dtype, charge(x.size, dtype), () => {
    if (x.ndim === 0) return int64Array([x.data[0] !== 0 ? 1 : 0, 0], () => 0);
    const { count, coords } = nonzeroCoordinates(x);
    return wrapStorage(coords, Object.freeze([count, x.ndim]), "int64");
  }, t0);
}
