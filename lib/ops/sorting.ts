/**
 * `sort` and `argsort` along an axis (cost 4 · slices · n · max(1, ceil(log2 n)), billed at the
 * input's rate). NaN sorts last, as in numpy; argsort is stable.
 *
 * @module
 */

import type { Storage } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { normalizeAxis, sizeOf } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels, type SortableArray } from "../kernels/seam.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";

interface SortPlan {
  a: NDArray;
  shape: readonly number[];
  outer: number;
  len: number;
  inner: number;
  cost: number;
}

function plan(op: string, x: ArrayLike, axis: number | null): SortPlan {
  const a = toArray(x, op);
  const shape = axis === null ? Object.freeze([a.size]) : a.shape;
  if (shape.length === 0) throw new RangeError(`${op}: a 0-d array cannot be sorted along an axis`);
  const ax = axis === null ? 0 : normalizeAxis(axis, a.ndim, op);
  const len = shape[ax];
  const slices = len === 0 ? 0 : sizeOf(shape) / len;
  const cost = charge(4 * slices * len * Math.max(1, Math.ceil(Math.log2(len))), a.dtype);
  return {
    a,
    shape,
    outer: sizeOf(shape.slice(0, ax)),
    len,
    inner: sizeOf(shape.slice(ax + 1)),
    cost: len === 0 ? 0 : cost,
  };
}

// The kernels take float and int32 buffers; bool data is sorted through an int32 copy.
function sortable(data: Storage): SortableArray {
  return data instanceof Uint8Array ? Int32Array.from(data) : data.slice();
}

/**
 * A sorted copy along `axis` (default last; null sorts the flattened array).
 *
 * @param x The array.
 * @param axis The axis; default -1.
 * @example
 * ```ts
 * import { sort } from "./sorting.ts";
 * sort([3, 1, 2]).tolist(); // [1, 2, 3]
 * ```
 */
export function sort(x: ArrayLike, axis: number | null = -1): NDArray {
  const t0 = opStart();
  const p = plan("sort", x, axis);
  return runOp("sort", [p.a.shape], p.a.dtype, p.cost, () => {
    const values = sortable(p.a.data);
    const { outer, len, inner } = p;
    if (inner === 1) {
      for (let o = 0; o < outer; o++) kernels().sortInPlace(values, o * len, len);
    } else {
      const slice = new (values.constructor as new (n: number) => SortableArray)(len);
      forEachStrided(outer, len, inner, (base) => {
        for (let l = 0; l < len; l++) slice[l] = values[base + l * inner];
        kernels().sortInPlace(slice, 0, len);
        for (let l = 0; l < len; l++) values[base + l * inner] = slice[l];
      });
    }
    const out = newArray(p.a.dtype, p.shape);
    out.data.set(values);
    return out;
  }, t0);
}

/**
 * Indices that sort `x` along `axis` (stable), as int64.
 *
 * @param x The array.
 * @param axis The axis; default -1; null for the flattened array.
 */
export function argsort(x: ArrayLike, axis: number | null = -1): NDArray {
  const t0 = opStart();
  const p = plan("argsort", x, axis);
  return runOp("argsort", [p.a.shape], "int64", p.cost, () => {
    const values = sortable(p.a.data);
    const { outer, len, inner } = p;
    const out = newArray("int64", p.shape);
    const dst = out.data;
    const slice = new (values.constructor as new (n: number) => SortableArray)(len);
    forEachStrided(outer, len, inner, (base) => {
      for (let l = 0; l < len; l++) slice[l] = values[base + l * inner];
      const order = kernels().argsort(slice, 0, len);
      for (let l = 0; l < len; l++) dst[base + l * inner] = order[l];
    });
    return out;
  }, t0);
}

// Calls `visit` once per 1-D slice (not per element) with the slice's first flat index.
function forEachStrided(outer: number, len: number, inner: number, visit: (base: number) => void) {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) visit(o * len * inner + i);
  }
}
