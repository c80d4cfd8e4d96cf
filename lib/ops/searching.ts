/**
 * Sort-based searching, flopscope's access tier (weight 4): `searchsorted` (4·m·⌈log₂ n⌉, m =
 * max(1, queries) into n sorted values) and `unique` (4·n·⌈log₂ n⌉, n at least 1), the logarithm
 * at least 1, as flopscope's `_sorting_ops.py` with `search_cost` and `sort_cost` count them.
 *
 * @module
 */

import { type DType, promoteTypes, type Storage } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { formatShape } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels, type SortableArray } from "../kernels/seam.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";

function ceilLog2(n: number): number {
  return n <= 1 ? 1 : Math.max(Math.ceil(Math.log2(n)), 1);
}

/**
 * flopscope's `sort_cost(n)`: n·max(1, ⌈log₂ n⌉), and 1 for an empty input.
 *
 * @param n Elements sorted.
 */
export function sortCost(n: number): number {
  return n <= 0 ? 1 : Math.max(n * ceilLog2(n), 1);
}

/** numpy's keyword arguments of `searchsorted`. */
export interface SearchsortedOptions {
  /** "left" (first suitable position, the default) or "right" (last). */
  readonly side?: "left" | "right";
  /** Indices that sort `a` (as from `argsort`), when `a` itself is not sorted. */
  readonly sorter?: ArrayLike;
}

/**
 * numpy's `searchsorted(a, v, side="left", sorter=None)`: where each of `v` would be inserted
 * into the sorted 1-D `a` to keep it sorted, as int64 with `v`'s shape. Cost 4·m·⌈log₂ n⌉ at
 * the dtype of `a` and `v` together (a JS number `v` counts as int64 or float64, as flopscope's
 * `np.asarray(v)` makes it).
 *
 * @param a Sorted 1-D values (or any 1-D values with `sorter`).
 * @param v The values to place (array or number).
 * @param sideOrOptions "left" or "right", or numpy's keywords `{ side, sorter }`.
 * @example
 * ```ts
 * import { searchsorted } from "./searching.ts";
 * searchsorted([1, 2, 2, 3], [2, 5], "right").tolist(); // [3, 4]
 * ```
 */
export function searchsorted(
  a: ArrayLike,
  v: ArrayLike,
  sideOrOptions: "left" | "right" | SearchsortedOptions = "left",
): NDArray {
  const t0 = opStart();
  const opts = typeof sideOrOptions === "string" ? { side: sideOrOptions } : sideOrOptions ?? {};
  const side = opts.side ?? "left";
  if (side !== "left" && side !== "right") {
    throw new RangeError(`searchsorted: side must be "left" or "right", got ${String(side)}`);
  }
  const sorted = toArray(a, "searchsorted");
  if (sorted.ndim !== 1) {
    throw new RangeError(`searchsorted: a must be 1-D, got shape ${formatShape(sorted.shape)}`);
  }
  // flopscope bills at a's dtype and np.asarray(v)'s: a JS number is strong here (int64 or
  // float64), so searchsorted(float32 a, 1.5) bills at rate 2.
  const query = toArray(v, "searchsorted");
  const n = sorted.size;
  const order = opts.sorter === undefined ? undefined : sorterOf(opts.sorter, n);
  const dtype = promoteTypes(sorted.dtype, query.dtype);
  const m = Math.max(query.size, 1);
  const cost = charge(4 * Math.max(m * ceilLog2(n), 1), dtype);
  return runOp("searchsorted", [sorted.shape, query.shape], dtype, cost, () => {
    const values = sorted.data;
    const at = (i: number) => values[order === undefined ? i : order[i]];
    const before = side === "left"
      ? (x: number, y: number) => less(x, y)
      : (x: number, y: number) => !less(y, x);
    const out = newArray("int64", query.shape);
    const q = query.data;
    for (let i = 0; i < q.length; i++) {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(at(mid), q[i])) lo = mid + 1;
        else hi = mid;
      }
      out.data[i] = lo;
    }
    return out;
  }, t0);
}

// numpy's sort order: NaN after every number.
function less(x: number, y: number): boolean {
  return x < y || (y !== y && x === x);
}

function sorterOf(sorter: ArrayLike, n: number): number[] {
  const s = toArray(sorter, "searchsorted");
  if (s.ndim !== 1 || s.size !== n || (s.dtype !== "int32" && s.dtype !== "int64")) {
    throw new RangeError(`searchsorted: sorter must be ${n} integer indices`);
  }
  return Array.from(s.data, (i) => {
    if (i < 0 || i >= n) throw new RangeError(`searchsorted: sorter index ${i} is out of bounds`);
    return i;
  });
}

/** numpy's keyword arguments of `unique` (axis=None only). */
export interface UniqueOptions {
  /** Also return the index of each unique value's first occurrence. */
  readonly return_index?: boolean;
  /** Also return, for each element, the index of its value among the unique ones. */
  readonly return_inverse?: boolean;
  /** Also return how many times each unique value occurs. */
  readonly return_counts?: boolean;
  /** Only null (the flattened array) is supported. */
  readonly axis?: null;
}

/**
 * numpy's `unique(ar)`: the sorted distinct values of the flattened array (NaNs collapse into
 * one, numpy 2's `equal_nan=True`). With any `return_*` option it returns numpy's tuple as a JS
 * array: `[values, index?, inverse?, counts?]` (int64; `inverse` has the input's shape). Cost
 * 4·n·⌈log₂ n⌉.
 *
 * @param ar The array.
 * @param options numpy's keywords `{ return_index, return_inverse, return_counts }`.
 * @example
 * ```ts
 * import { unique } from "./searching.ts";
 * unique([3, 1, 3, 2]).tolist(); // [1, 2, 3]
 * ```
 */
export function unique(ar: ArrayLike, options: UniqueOptions): NDArray | NDArray[];
/**
 * The sorted distinct values of the flattened array.
 *
 * @param ar The array.
 */
export function unique(ar: ArrayLike): NDArray;
export function unique(ar: ArrayLike, options: UniqueOptions = {}): NDArray | NDArray[] {
  const t0 = opStart();
  const x = toArray(ar, "unique");
  if (options.axis !== undefined && options.axis !== null) {
    throw new RangeError("unique: only axis=None (the flattened array) is supported");
  }
  const wantsTuple = options.return_index || options.return_inverse || options.return_counts;
  const dtype: DType = x.dtype;
  return runOp("unique", [x.shape], dtype, charge(4 * sortCost(x.size), dtype), () => {
    const data = x.data;
    const order = x.size === 0 ? [] : Array.from(kernels().argsort(sortable(data), 0, x.size));
    const firsts: number[] = [];
    const inverse = new Float64Array(x.size);
    for (let r = 0; r < order.length; r++) {
      const value = data[order[r]];
      const previous = r === 0 ? undefined : data[order[r - 1]];
      const same = previous !== undefined &&
        (previous === value || (previous !== previous && value !== value));
      if (!same) firsts.push(r);
      inverse[order[r]] = firsts.length - 1;
    }
    const values = newArray(dtype, [firsts.length]);
    firsts.forEach((r, u) => (values.data[u] = data[order[r]]));
    if (!wantsTuple) return values;
    const result = [values];
    const int64 = (shape: readonly number[], fill: (i: number) => number) => {
      const out = newArray("int64", shape);
      for (let i = 0; i < out.size; i++) out.data[i] = fill(i);
      return out;
    };
    if (options.return_index) result.push(int64([firsts.length], (u) => order[firsts[u]]));
    if (options.return_inverse) result.push(int64(x.shape, (i) => inverse[i]));
    if (options.return_counts) {
      result.push(int64([firsts.length], (u) => (firsts[u + 1] ?? x.size) - firsts[u]));
    }
    return result;
  }, t0);
}

// The argsort kernel takes float and int32 buffers; bool data goes through an int32 copy.
function sortable(data: Storage): SortableArray {
  return data instanceof Uint8Array ? Int32Array.from(data) : data.slice();
}
