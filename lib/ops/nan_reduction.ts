/**
 * numpy's NaN-skipping reductions: nansum, nanprod, nanmax, nanmin, nanargmax, nanargmin,
 * nanmean, nanvar, nanstd and nanmedian. Each costs its plain sibling's flop_cost plus numel
 * for the isnan pass (flopscope): nansum/nanprod/nanmax/nanmin/nanargmax/nanargmin
 * 2·numel − numel(out), nanmean 2·numel, nanvar 5·numel, nanstd 5·numel + numel(out),
 * nanmedian 2·numel; at the sibling's dtype (integer sums in int64, means in float64).
 *
 * @module
 */

import { type DType, meanDType, sumDType } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { formatShape, sizeOf } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels, type NanReduction } from "../kernels/seam.ts";
import { reductionCharge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";
import { type AxisOrOptions, type Layout, layout, readOptions } from "./reduction.ts";

type Cost = (numel: number, cells: number) => number;

function nanReduce(
  op: string,
  a: ArrayLike,
  axisOrOptions: AxisOrOptions,
  keepdims: boolean,
  kind: NanReduction,
  dtypeOf: (d: DType) => DType,
  flops: Cost,
  ddof = 0,
  finish?: (out: Float64Array) => void,
): NDArray {
  const t0 = opStart();
  const x = toArray(a, op);
  const { axis, keepdims: keep, ddof: d } = readOptions(axisOrOptions, keepdims, ddof);
  const l = layout(op, x, axis, keep);
  if (l.len === 0 && kind !== "sum" && kind !== "prod") {
    throw new RangeError(
      `${op}: zero-size reduction over shape ${formatShape(x.shape)} has no identity`,
    );
  }
  const dtype = dtypeOf(x.dtype);
  // An index result says nothing of the comparisons' width: argmax bills at the input's.
  const billed = kind === "argmax" || kind === "argmin" ? x.dtype : dtype;
  const cost = reductionCharge(flops(x.size, sizeOf(l.outShape)), billed);
  return runOp(op, [x.shape], dtype, cost, () => {
    const values = new Float64Array(sizeOf(l.outShape));
    kernels().nanReduceAxis(l.data, values, l.outer, l.len, l.inner, kind, d);
    if (kind === "argmax" || kind === "argmin") allNaNCheck(op, values);
    finish?.(values);
    const out = newArray(dtype, l.outShape);
    out.data.set(values);
    return out;
  }, t0);
}

function allNaNCheck(op: string, indices: Float64Array): void {
  if (indices.includes(-1)) throw new RangeError(`${op}: All-NaN slice encountered`);
}

const same = (d: DType) => d;
const toInt64 = (): DType => "int64";
const reduceCost: Cost = (n, m) => 2 * n - m;

/**
 * Sum over `axis` treating NaN as 0 (cost 2·numel − numel(out)).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 * @example
 * ```ts
 * import { nansum } from "./nan_reduction.ts";
 * nansum([1, NaN, 3]).item(); // 4
 * ```
 */
export function nansum(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  return nanReduce("nansum", a, axisOrOptions, keepdims, "sum", sumDType, reduceCost);
}

/**
 * Product over `axis` treating NaN as 1 (cost 2·numel − numel(out)).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function nanprod(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  return nanReduce("nanprod", a, axisOrOptions, keepdims, "prod", sumDType, reduceCost);
}

/**
 * Maximum over `axis` ignoring NaN; an all-NaN slice gives NaN (cost 2·numel − numel(out)).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function nanmax(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  return nanReduce("nanmax", a, axisOrOptions, keepdims, "max", same, reduceCost);
}

/**
 * Minimum over `axis` ignoring NaN; an all-NaN slice gives NaN (cost 2·numel − numel(out)).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function nanmin(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  return nanReduce("nanmin", a, axisOrOptions, keepdims, "min", same, reduceCost);
}

/**
 * Index of the first maximum over `axis` ignoring NaN, as int64; an all-NaN slice is an error
 * (cost 2·numel − numel(out)).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for the flattened array), or `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function nanargmax(
  a: ArrayLike,
  axisOrOptions?: AxisOrOptions,
  keepdims = false,
): NDArray {
  return nanReduce("nanargmax", a, axisOrOptions, keepdims, "argmax", toInt64, reduceCost);
}

/**
 * Index of the first minimum over `axis` ignoring NaN, as int64; an all-NaN slice is an error
 * (cost 2·numel − numel(out)).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for the flattened array), or `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function nanargmin(
  a: ArrayLike,
  axisOrOptions?: AxisOrOptions,
  keepdims = false,
): NDArray {
  return nanReduce("nanargmin", a, axisOrOptions, keepdims, "argmin", toInt64, reduceCost);
}

/**
 * Mean over `axis` of the non-NaN values; an all-NaN slice gives NaN (cost 2·numel).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function nanmean(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  return nanReduce("nanmean", a, axisOrOptions, keepdims, "mean", meanDType, (n) => 2 * n);
}

/**
 * Variance over `axis` of the non-NaN values (divisor count − ddof; NaN when that is not
 * positive) (cost 5·numel).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims, ddof }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function nanvar(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  return nanReduce("nanvar", a, axisOrOptions, keepdims, "var", meanDType, (n) => 5 * n);
}

/**
 * Standard deviation over `axis` of the non-NaN values (cost 5·numel + numel(out)).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims, ddof }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function nanstd(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const root = (v: Float64Array) => kernels().applyUnary("sqrt", v, v, v.length);
  return nanReduce(
    "nanstd",
    a,
    axisOrOptions,
    keepdims,
    "var",
    meanDType,
    (n, m) => 5 * n + m,
    0,
    root,
  );
}

/**
 * The median over `axis` of the non-NaN values; an all-NaN slice gives NaN (cost 2·numel;
 * integers in float64).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function nanmedian(
  a: ArrayLike,
  axisOrOptions?: AxisOrOptions,
  keepdims = false,
): NDArray {
  const t0 = opStart();
  const x = toArray(a, "nanmedian");
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  const l: Layout = layout("nanmedian", x, axis, keep);
  if (l.len === 0 || x.size === 0) {
    throw new RangeError(`nanmedian: cannot reduce an empty axis (shape ${formatShape(x.shape)})`);
  }
  const dtype = meanDType(x.dtype);
  return runOp("nanmedian", [x.shape], dtype, reductionCharge(2 * x.size, dtype), () => {
    const out = newArray(dtype, l.outShape);
    kernels().quantileAxis(l.data, out.data, l.outer, l.len, l.inner, NO_Q, true, true);
    return out;
  }, t0);
}

const NO_Q = new Float64Array(0);
