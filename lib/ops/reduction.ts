/**
 * Reductions along one axis or all axes: sum, prod, max, min, argmax, argmin, any, all
 * (cost numel(in) − numel(out)), mean (numel(in)), var (4·numel(in)), std (4·numel(in) +
 * numel(out)), cumsum and cumprod (numel − slices). Every reduction costs at least 1, an empty
 * one too (flopscope's `analytical_reduction_cost` floors them at 1).
 * Sums bill at numpy's accumulator dtype (bool/int32 -> int64), means at float64 for integers.
 *
 * @module
 */

import { type DType, meanDType, sumDType } from "../array/dtype.ts";
import { isLazyTranspose, type NDArray, storageOf } from "../array/ndarray.ts";
import { formatShape, normalizeAxis, sizeOf } from "../array/shape.ts";
import type { Storage } from "../array/dtype.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { reductionCharge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";

/** The axis argument of a reduction: one axis, or null/undefined for all. */
export type Axis = number | null | undefined;

/**
 * numpy's keyword arguments of a reduction, for `np.sum(a, { axis: 0, keepdims: true })`
 * (JavaScript has no keyword arguments; positional `np.sum(a, 0, true)` works too).
 */
export interface ReduceOptions {
  /** The axis, or null for all (numpy's `axis=`). */
  readonly axis?: Axis;
  /** Keep reduced axes as length 1 (numpy's `keepdims=`). */
  readonly keepdims?: boolean;
  /** Delta degrees of freedom (`var` and `std` only; numpy's `ddof=`). */
  readonly ddof?: number;
}

/** The axis argument as given: an axis, or numpy's keyword options as an object. */
export type AxisOrOptions = Axis | ReduceOptions;

/**
 * Splits an axis-or-options argument into its axis, keepdims and ddof (options win).
 *
 * @param axisOrOptions The axis, or numpy's keywords as an object.
 * @param keepdims The positional keepdims.
 * @param ddof The positional ddof; default 0.
 */
export function readOptions(
  axisOrOptions: AxisOrOptions,
  keepdims: boolean,
  ddof = 0,
): { axis: Axis; keepdims: boolean; ddof: number } {
  if (typeof axisOrOptions !== "object" || axisOrOptions === null) {
    return { axis: axisOrOptions, keepdims, ddof };
  }
  return {
    axis: axisOrOptions.axis,
    keepdims: axisOrOptions.keepdims ?? keepdims,
    ddof: axisOrOptions.ddof ?? ddof,
  };
}

/** A row-major buffer viewed as (outer, len, inner) around the axis a kernel runs along. */
export interface AxisView {
  /** Product of the axes before the reduced one. */
  outer: number;
  /** Length of the reduced axis. */
  len: number;
  /** Product of the axes after it. */
  inner: number;
}

/** A reduction's input as a row-major buffer around its axis, and the result's shape. */
export interface Layout extends AxisView {
  /** The elements, row-major in the (outer, len, inner) view. */
  data: Storage;
  /** The result's shape (keepdims applied). */
  outShape: readonly number[];
}

/** Whether `axis` asks for every axis at once. */
function isAllAxes(axis: Axis): axis is null | undefined {
  return axis === null || axis === undefined;
}

/** `shape` seen as (outer, len, inner) around axis `ax`. */
function around(shape: readonly number[], ax: number): AxisView {
  return { outer: sizeOf(shape.slice(0, ax)), len: shape[ax], inner: sizeOf(shape.slice(ax + 1)) };
}

/**
 * `a` viewed around `axis` for a reduction kernel (every axis at once when null), with the
 * result's shape.
 *
 * @param op Op name for error messages.
 * @param a The array.
 * @param axis The axis, or null/undefined for all.
 * @param keepdims Keep the reduced axes as length 1.
 */
export function layout(op: string, a: NDArray, axis: Axis, keepdims: boolean): Layout {
  if (isAllAxes(axis)) {
    const outShape = Object.freeze(keepdims ? a.shape.map(() => 1) : []);
    return { data: a.data, outer: 1, len: a.size, inner: 1, outShape };
  }
  const ax = normalizeAxis(axis, a.ndim, op);
  const outShape = Object.freeze(
    keepdims ? a.shape.map((d, i) => (i === ax ? 1 : d)) : a.shape.filter((_, i) => i !== ax),
  );
  if (isLazyTranspose(a)) {
    // Reduce the stored (transposed) buffer over the other axis: no materialisation needed.
    return { data: storageOf(a), ...around([a.shape[1], a.shape[0]], 1 - ax), outShape };
  }
  return { data: a.data, ...around(a.shape, ax), outShape };
}

type Reducer = (l: Layout, out: Storage) => void;

function reduce(
  op: string,
  x: ArrayLike,
  axis: Axis,
  keepdims: boolean,
  outDType: (d: DType) => DType,
  billDType: (d: DType) => DType,
  flopCost: (inSize: number, outSize: number) => number,
  kernel: Reducer,
  needsElements = false,
): NDArray {
  const t0 = opStart();
  const a = toArray(x, op);
  const l = layout(op, a, axis, keepdims);
  if (needsElements && l.len === 0) {
    throw new RangeError(
      `${op}: zero-size reduction over shape ${formatShape(a.shape)} has no identity`,
    );
  }
  const dtype = outDType(a.dtype);
  const outSize = sizeOf(l.outShape);
  const cost = reductionCharge(flopCost(a.size, outSize), billDType(a.dtype));
  return runOp(op, [a.shape], dtype, cost, () => {
    const out = newArray(dtype, l.outShape);
    kernel(l, out.data);
    return out;
  }, t0);
}

const same = (d: DType) => d;
const toInt64 = (): DType => "int64";
const toBool = (): DType => "bool";
const reduceCost = (inSize: number, outSize: number) => inSize - outSize;

/** max/min, or with `index` argmax/argmin: the NaN-propagating extreme; an empty axis throws. */
function extreme(
  op: string,
  a: ArrayLike,
  axis: Axis,
  keepdims: boolean,
  isMax: boolean,
  index: boolean,
): NDArray {
  return reduce(op, a, axis, keepdims, index ? toInt64 : same, same, reduceCost, (l, out) => {
    kernels().extremeAxis(l.data, out, l.outer, l.len, l.inner, isMax, index);
  }, true);
}

/**
 * Sum over `axis` (all axes when null/omitted); a full reduction gives a 0-d array.
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 * @example
 * ```ts
 * import { sum } from "./reduction.ts";
 * sum([[1, 2], [3, 4]], 0).tolist(); // [4, 6]
 * ```
 */
export function sum(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  return reduce("sum", a, axis, keep, sumDType, sumDType, reduceCost, (l, out) => {
    kernels().sumAxis(l.data, out, l.outer, l.len, l.inner);
  });
}

/**
 * Product over `axis`.
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes; default false.
 */
export function prod(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  return reduce("prod", a, axis, keep, sumDType, sumDType, reduceCost, (l, out) => {
    kernels().prodAxis(l.data, out, l.outer, l.len, l.inner);
  });
}

/**
 * Maximum over `axis` (NaN-propagating; an empty axis is an error).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes; default false.
 */
export function max(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  return extreme("max", a, axis, keep, true, false);
}

/**
 * Minimum over `axis` (NaN-propagating; an empty axis is an error).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes; default false.
 */
export function min(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  return extreme("min", a, axis, keep, false, false);
}

/**
 * Index of the first maximum over `axis` (flat index when null), as int64.
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for the flattened array), or `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes; default false.
 */
export function argmax(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  return extreme("argmax", a, axis, keep, true, true);
}

/**
 * Index of the first minimum over `axis` (flat index when null), as int64.
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for the flattened array), or `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes; default false.
 */
export function argmin(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  return extreme("argmin", a, axis, keep, false, true);
}

/**
 * Whether any element over `axis` is non-zero (bool).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes; default false.
 */
export function any(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  return reduce("any", a, axis, keep, toBool, same, reduceCost, (l, out) => {
    kernels().anyAllAxis(l.data, out, l.outer, l.len, l.inner, true);
  });
}

/**
 * Whether all elements over `axis` are non-zero (bool).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes; default false.
 */
export function all(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  return reduce("all", a, axis, keep, toBool, same, reduceCost, (l, out) => {
    kernels().anyAllAxis(l.data, out, l.outer, l.len, l.inner, false);
  });
}

/**
 * Arithmetic mean over `axis` (cost numel(in)); integers average in float64.
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes; default false.
 */
export function mean(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  return reduce("mean", a, axis, keep, meanDType, meanDType, (n) => n, (l, out) => {
    const sums = new Float64Array(out.length);
    kernels().sumAxis(l.data, sums, l.outer, l.len, l.inner);
    for (let i = 0; i < out.length; i++) out[i] = sums[i] / l.len;
  });
}

/** Options of var/std. */
export interface VarianceOptions {
  /** Delta degrees of freedom: the divisor is N − ddof; default 0. */
  ddof?: number;
}

/**
 * Variance over `axis` (cost 4·numel(in)).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims, ddof }`.
 * @param keepdims Keep reduced axes; default false.
 * @param options `{ ddof }`, default 0.
 */
export function variance(
  a: ArrayLike,
  axisOrOptions?: AxisOrOptions,
  keepdims = false,
  options: VarianceOptions = {},
): NDArray {
  const { axis, keepdims: keep, ddof } = readOptions(axisOrOptions, keepdims, options.ddof);
  return reduce("var", a, axis, keep, meanDType, meanDType, (n) => 4 * n, (l, out) => {
    kernels().varAxis(l.data, out, l.outer, l.len, l.inner, ddof);
  });
}

/**
 * Standard deviation over `axis` (cost 4·numel(in) + numel(out)).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims, ddof }`.
 * @param keepdims Keep reduced axes; default false.
 * @param options `{ ddof }`, default 0.
 */
export function std(
  a: ArrayLike,
  axisOrOptions?: AxisOrOptions,
  keepdims = false,
  options: VarianceOptions = {},
): NDArray {
  const { axis, keepdims: keep, ddof } = readOptions(axisOrOptions, keepdims, options.ddof);
  return reduce("std", a, axis, keep, meanDType, meanDType, (n, m) => 4 * n + m, (l, out) => {
    const v = new Float64Array(out.length);
    kernels().varAxis(l.data, v, l.outer, l.len, l.inner, ddof);
    for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(v[i]);
  });
}

function scan(op: string, x: ArrayLike, axis: Axis, isSum: boolean): NDArray {
  const t0 = opStart();
  const a = toArray(x, op);
  const flat = isAllAxes(axis);
  const ax = flat ? 0 : normalizeAxis(axis, a.ndim, op);
  const shape = flat ? Object.freeze([a.size]) : a.shape;
  const { outer, len, inner } = around(shape, ax);
  const slices = len === 0 ? 0 : a.size / len;
  const dtype = sumDType(a.dtype);
  const cost = reductionCharge(a.size - slices, dtype);
  return runOp(op, [a.shape], dtype, cost, () => {
    const out = newArray(dtype, shape);
    kernels().scanAxis(a.data, out.data, outer, len, inner, isSum);
    return out;
  }, t0);
}

/**
 * Cumulative sum along `axis` (flattened when null), cost numel − slices.
 *
 * @param a The array.
 * @param axis The axis, or null to flatten.
 */
export function cumsum(a: ArrayLike, axis?: Axis): NDArray {
  return scan("cumsum", a, axis, true);
}

/**
 * Cumulative product along `axis` (flattened when null), cost numel − slices.
 *
 * @param a The array.
 * @param axis The axis, or null to flatten.
 */
export function cumprod(a: ArrayLike, axis?: Axis): NDArray {
  return scan("cumprod", a, axis, false);
}
