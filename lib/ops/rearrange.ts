/**
 * Rearranging ops with flopscope's charges: `flip` and `moveaxis` are views (free; whest
 * copies, as it does for every non-2-D transpose); `roll` and `pad` write a new buffer
 * (numel(out), at least 1); `triu`/`tril` bill the elements they keep (times the batch, at
 * least 1);
 * `diff` bills its n passes of subtractions.
 *
 * @module
 */

import { allocStorage, type Storage } from "../array/dtype.ts";
import { type NDArray, wrapStorage } from "../array/ndarray.ts";
import { normalizeAxis, sizeOf } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, newArray, operandData, toArray } from "./convert.ts";
import { keywordsOf } from "./keywords.ts";

function axisList(axis: number | readonly number[], ndim: number, op: string): number[] {
  const list = (typeof axis === "number" ? [axis] : Array.from(axis)).map((a) =>
    normalizeAxis(a, ndim, op)
  );
  if (new Set(list).size !== list.length) throw new RangeError(`${op}: repeated axis in ${axis}`);
  return list;
}

/** An axis, several, or null (all / flattened). */
export type AxesArgument = number | readonly number[] | null;

/** numpy's `axis=` keyword as an object, for `flip` and `roll`. */
export interface AxesKeyword {
  /** An axis, several, or null. */
  readonly axis?: AxesArgument;
}

function axesOf(arg: AxesArgument | AxesKeyword, op: string): AxesArgument {
  const kw = keywordsOf(arg, op, ["axis"]);
  return kw ? (kw.axis as AxesArgument | undefined) ?? null : arg as AxesArgument;
}

// out[index] = src[map(index)] over every index of `shape`, axis by axis.
function remap(x: NDArray, shape: readonly number[], source: (d: number, i: number) => number) {
  const out = newArray(x.dtype, shape);
  const src = x.data;
  const dst = out.data;
  const strides = x.shape.map((_, d) => sizeOf(x.shape.slice(d + 1)));
  const index = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < dst.length; o++) {
    let at = 0;
    for (let d = 0; d < shape.length; d++) at += source(d, index[d]) * strides[d];
    dst[o] = src[at];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

/**
 * numpy's `flip(m, axis=None)`: the elements in reverse order along `axis` (every axis when
 * null). Free (a view in numpy).
 *
 * @param m The array.
 * @param axisOrKeywords An axis or axes, or `{ axis }`; default null (all).
 * @example
 * ```ts
 * import { flip } from "./rearrange.ts";
 * flip([[1, 2], [3, 4]], 1).tolist(); // [[2, 1], [4, 3]]
 * ```
 */
export function flip(
  m: ArrayLike,
  axisOrKeywords: AxesArgument | AxesKeyword = null,
): NDArray {
  const t0 = opStart();
  const x = toArray(m, "flip");
  const axis = axesOf(axisOrKeywords, "flip");
  const axes = new Set(axis === null ? x.shape.map((_, d) => d) : axisList(axis, x.ndim, "flip"));
  return runOp("flip", [x.shape], x.dtype, 0, () => {
    return remap(x, x.shape, (d, i) => (axes.has(d) ? x.shape[d] - 1 - i : i));
  }, t0);
}

/**
 * numpy's `roll(a, shift, axis=None)`: elements shifted by `shift` along `axis` (the
 * flattened array when null, reshaped back), wrapping around. Cost numel (at least 1).
 *
 * @param a The array.
 * @param shift The shift, or one per axis of `axis`.
 * @param axisOrKeywords An axis or axes, or `{ axis }`; default null (flattened).
 */
export function roll(
  a: ArrayLike,
  shift: number | readonly number[],
  axisOrKeywords: AxesArgument | AxesKeyword = null,
): NDArray {
  const t0 = opStart();
  const x = toArray(a, "roll");
  const axis = axesOf(axisOrKeywords, "roll");
  const flat = axis === null;
  const view = flat ? wrapStorage(x.data, Object.freeze([x.size]), x.dtype) : x;
  const axes = flat ? [0] : axisList(axis, x.ndim, "roll");
  const shifts = typeof shift === "number" ? axes.map(() => shift) : Array.from(shift);
  if (shifts.length !== axes.length || !shifts.every(Number.isInteger)) {
    throw new RangeError(`roll: shift ${JSON.stringify(shift)} must give one integer per axis`);
  }
  const by = new Array<number>(view.ndim).fill(0);
  axes.forEach((ax, i) => (by[ax] += shifts[i]));
  return runOp("roll", [x.shape], x.dtype, charge(Math.max(x.size, 1), x.dtype), () => {
    const out = remap(view, view.shape, (d, i) => {
      const len = view.shape[d];
      return len === 0 ? 0 : (((i - by[d]) % len) + len) % len;
    });
    return flat ? wrapStorage(out.data, x.shape, x.dtype) : out;
  }, t0);
}

/**
 * numpy's `moveaxis(a, source, destination)`: the axes `source` moved to `destination`, the
 * others keeping their order. Free (a view in numpy).
 *
 * @param a The array.
 * @param source Axis or axes to move.
 * @param destination Their new positions.
 */
export function moveaxis(
  a: ArrayLike,
  source: number | readonly number[],
  destination: number | readonly number[],
): NDArray {
  const t0 = opStart();
  const x = toArray(a, "moveaxis");
  const from = axisList(source, x.ndim, "moveaxis");
  const to = axisList(destination, x.ndim, "moveaxis");
  if (from.length !== to.length) {
    throw new RangeError("moveaxis: source and destination must have the same number of axes");
  }
  const order = x.shape.map((_, d) => d).filter((d) => !from.includes(d));
  [...to.map((t, i) => [t, from[i]])].sort((p, q) => p[0] - q[0]).forEach(([t, f]) =>
    order.splice(t, 0, f)
  );
  const shape = Object.freeze(order.map((d) => x.shape[d]));
  return runOp("moveaxis", [x.shape], x.dtype, 0, () => {
    const out = newArray(x.dtype, shape);
    kernels().permuteInto(x.data, out.data, x.shape, order);
    return out;
  }, t0);
}

/** numpy's `k=` keyword of `triu`/`tril` as an object. */
export interface DiagonalKeyword {
  /** Diagonal offset. */
  readonly k?: number;
}

function triangle(
  op: "triu" | "tril",
  m: ArrayLike,
  kOrKeywords: number | DiagonalKeyword,
): NDArray {
  const t0 = opStart();
  const kw = keywordsOf(kOrKeywords, op, ["k"]);
  const k = kw ? (kw.k as number | undefined) ?? 0 : kOrKeywords as number;
  const x = toArray(m, op);
  if (x.ndim === 0) throw new RangeError(`${op}: input must be at least 1-D`);
  if (!Number.isInteger(k)) throw new RangeError(`${op}: k ${k} must be an integer`);
  // numpy broadcasts a 1-D input to the square (n, n) of its rows.
  const shape = Object.freeze(x.ndim === 1 ? [x.size, x.size] : x.shape.slice());
  const [r, c] = shape.slice(-2);
  const keeps = op === "triu"
    ? (i: number, j: number) => j - i >= k
    : (i: number, j: number) => j - i <= k;
  let kept = 0;
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) if (keeps(i, j)) kept++;
  const batch = sizeOf(shape.slice(0, -2));
  const cost = charge(Math.max(kept * batch, 1), x.dtype);
  return runOp(op, [x.shape], x.dtype, cost, () => {
    const out = newArray(x.dtype, shape);
    const src = x.data;
    const dst = out.data;
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < c; j++) {
          const at = (b * r + i) * c + j;
          if (keeps(i, j)) dst[at] = src[x.ndim === 1 ? j : at];
        }
      }
    }
    return out;
  }, t0);
}

/**
 * numpy's `triu(m, k=0)`: a copy with the elements below the k-th diagonal zeroed (over the
 * last two axes; a 1-D input becomes its (n, n) square first). Cost: the elements kept, times
 * the batch, at least 1.
 *
 * @param m The array.
 * @param k Diagonal offset, or `{ k }`; default 0.
 * @example
 * ```ts
 * import { triu } from "./rearrange.ts";
 * triu([[1, 2], [3, 4]]).tolist(); // [[1, 2], [0, 4]]
 * ```
 */
export function triu(m: ArrayLike, k: number | DiagonalKeyword = 0): NDArray {
  return triangle("triu", m, k);
}

/**
 * numpy's `tril(m, k=0)`: a copy with the elements above the k-th diagonal zeroed (over the
 * last two axes; a 1-D input becomes its (n, n) square first). Cost: the elements kept, times
 * the batch, at least 1.
 *
 * @param m The array.
 * @param k Diagonal offset, or `{ k }`; default 0.
 */
export function tril(m: ArrayLike, k: number | DiagonalKeyword = 0): NDArray {
  return triangle("tril", m, k);
}

/** numpy's keyword arguments of `pad` (mode "constant" only). */
export interface PadOptions {
  /** Only "constant" (the default) is supported. */
  readonly mode?: "constant";
  /** The value written into the padding; default 0. */
  readonly constant_values?: number | boolean;
}

/** `pad_width` in numpy's forms: n, [n], [before, after], or one [before, after] per axis. */
export type PadWidth = number | readonly number[] | readonly (readonly number[])[];

function padWidths(width: PadWidth, ndim: number): [number, number][] {
  let pairs: [number, number][];
  if (typeof width === "number") {
    pairs = Array.from({ length: ndim }, () => [width, width]);
  } else if (width.length > 0 && width.every((w) => typeof w === "number")) {
    const w = width as readonly number[];
    if (w.length > 2) {
      throw new RangeError(`pad: pad_width ${JSON.stringify(width)} is not n or [before, after]`);
    }
    pairs = Array.from({ length: ndim }, () => [w[0], w[w.length - 1]]);
  } else {
    const rows = width as readonly (readonly number[])[];
    const pair = (r: readonly number[]): [number, number] => [r[0], r[r.length - 1]];
    if (rows.length === 1) pairs = Array.from({ length: ndim }, () => pair(rows[0]));
    else if (rows.length === ndim) pairs = rows.map(pair);
    else throw new RangeError(`pad: pad_width has ${rows.length} rows for ${ndim} axes`);
  }
  for (const [b, a] of pairs) {
    if (!Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0) {
      throw new RangeError(`pad: pad_width ${JSON.stringify(width)} must be non-negative integers`);
    }
  }
  return pairs;
}

/**
 * numpy's `pad(array, pad_width, mode="constant", constant_values=0)`: the array with
 * `constant_values` added before and after each axis. Only mode "constant"; cost numel(out)
 * (at least 1).
 *
 * @param array The array.
 * @param pad_width n, [before, after], or one [before, after] per axis.
 * @param modeOrOptions "constant", or numpy's keywords `{ mode, constant_values }`.
 * @example
 * ```ts
 * import { pad } from "./rearrange.ts";
 * pad([1, 2], 1).tolist(); // [0, 1, 2, 0]
 * ```
 */
export function pad(
  array: ArrayLike,
  pad_width: PadWidth,
  modeOrOptions: "constant" | PadOptions = "constant",
): NDArray {
  const t0 = opStart();
  const x = toArray(array, "pad");
  const opts = typeof modeOrOptions === "string" ? { mode: modeOrOptions } : modeOrOptions;
  const mode = opts.mode ?? "constant";
  if (mode !== "constant") {
    throw new RangeError(`pad: mode ${JSON.stringify(mode)} is not supported (only "constant")`);
  }
  const value = opts.constant_values ?? 0;
  const widths = padWidths(pad_width, x.ndim);
  const shape = Object.freeze(x.shape.map((d, i) => d + widths[i][0] + widths[i][1]));
  return runOp("pad", [x.shape], x.dtype, charge(Math.max(sizeOf(shape), 1), x.dtype), () => {
    const out = newArray(x.dtype, shape);
    out.data.fill(operandData(value, x.dtype)[0]);
    const src = x.data;
    const dst = out.data;
    if (x.ndim === 0 || src.length === 0) {
      if (x.ndim === 0) dst[0] = src[0];
      return out;
    }
    // Copy the source one last-axis run at a time (a block copy each), walking the leading axes.
    const last = x.ndim - 1;
    const run = x.shape[last];
    const strides = shape.map((_, d) => sizeOf(shape.slice(d + 1)));
    const index = new Array<number>(last).fill(0);
    for (let from = 0; from < src.length; from += run) {
      let at = widths[last][0];
      for (let d = 0; d < last; d++) at += (index[d] + widths[d][0]) * strides[d];
      dst.set(src.subarray(from, from + run), at);
      for (let d = last - 1; d >= 0; d--) {
        if (++index[d] < x.shape[d]) break;
        index[d] = 0;
      }
    }
    return out;
  }, t0);
}

/** numpy's keywords of `diff` as an object. */
export interface DiffKeywords {
  /** Times to difference; default 1. */
  readonly n?: number;
  /** The axis; default -1. */
  readonly axis?: number;
}

/**
 * numpy's `diff(a, n=1, axis=-1)`: the n-th discrete difference along `axis` (`a[i+1] - a[i]`,
 * or `!=` for bool). Cost outer·(Σₖ₌₁ⁿ (L − k))·inner, L the axis length, as flopscope's
 * n·L − n(n+1)/2 (never below 0).
 *
 * @param a The array.
 * @param nOrKeywords Times to difference, or `{ n, axis }`; default 1.
 * @param axisArg The axis; default -1.
 */
export function diff(a: ArrayLike, nOrKeywords: number | DiffKeywords = 1, axisArg = -1): NDArray {
  const t0 = opStart();
  const kw = keywordsOf(nOrKeywords, "diff", ["n", "axis"]);
  const n = kw ? (kw.n as number | undefined) ?? 1 : nOrKeywords as number;
  const axis = kw ? (kw.axis as number | undefined) ?? axisArg : axisArg;
  const x = toArray(a, "diff");
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`diff: order n ${n} must be >= 0`);
  if (x.ndim === 0) throw new RangeError("diff: input must be at least 1-D");
  const ax = normalizeAxis(axis, x.ndim, "diff");
  const len = x.shape[ax];
  const outer = sizeOf(x.shape.slice(0, ax));
  const inner = sizeOf(x.shape.slice(ax + 1));
  let passes = 0;
  for (let k = 1; k <= n; k++) passes += Math.max(len - k, 0);
  const shape = Object.freeze(x.shape.map((d, i) => (i === ax ? Math.max(len - n, 0) : d)));
  return runOp("diff", [x.shape], x.dtype, charge(outer * passes * inner, x.dtype), () => {
    // Each pass writes a buffer one shorter along the axis; bool takes `!=`, as numpy does.
    let cur: Storage = x.data;
    let curLen = len;
    for (let k = 0; k < n && curLen > 0; k++) {
      const next = allocStorage(x.dtype, outer * (curLen - 1) * inner);
      let o = 0;
      for (let p = 0; p < outer; p++) {
        for (let l = 0; l + 1 < curLen; l++) {
          const lo = (p * curLen + l) * inner;
          const hi = lo + inner;
          for (let q = 0; q < inner; q++) {
            next[o++] = x.dtype === "bool"
              ? (cur[hi + q] !== cur[lo + q] ? 1 : 0)
              : cur[hi + q] - cur[lo + q];
          }
        }
      }
      cur = next;
      curLen--;
    }
    const out = newArray(x.dtype, shape);
    out.data.set(cur.subarray(0, out.size));
    return out;
  }, t0);
}
