/**
 * Order statistics and summaries along an axis, as numpy names them and flopscope charges them:
 * `median` (numel), `percentile`/`quantile` (per output cell n·min(k, 1 + 4⌈log₂ min(k, n)⌉) +
 * 4k, k quantiles over n values; their nan forms numel more), `average` (numel; 3·numel − cells with weights), `ptp`
 * (2·numel − numel(out)) and `count_nonzero` (numel). The mean-shaped ones compute and bill
 * integers and bools in float64.
 *
 * @module
 */

import { meanDType, promoteTypes, resultType } from "../array/dtype.ts";
import { isNDArray, type NDArray, wrapStorage } from "../array/ndarray.ts";
import { formatShape, sameShape } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { reductionCharge } from "./charge.ts";
import { type ArrayLike, newArray, storageAs, toArray } from "./convert.ts";
import { type Axis, type AxisOrOptions, type Layout, layout, readOptions } from "./reduction.ts";

/** ceil(log2 n), at least 1, as flopscope's `_ceil_log2`. */
function ceilLog2(n: number): number {
  return n <= 1 ? 1 : Math.ceil(Math.log2(n));
}

function cells(l: Layout): number {
  return l.outer * l.inner;
}

function nonEmpty(op: string, a: NDArray, l: Layout): void {
  if (l.len === 0 || a.size === 0) {
    throw new RangeError(`${op}: cannot reduce an empty axis (shape ${formatShape(a.shape)})`);
  }
}

/**
 * The median over `axis` (all axes when null): the middle value, or the mean of the two middle
 * values; NaN when the values hold a NaN (cost numel; integers in float64).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 * @example
 * ```ts
 * import { median } from "./statistics.ts";
 * median([[3, 1, 2, 9], [4, 8, 0, 1]], 1).tolist(); // [2.5, 2.5]
 * ```
 */
export function median(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const t0 = opStart();
  const x = toArray(a, "median");
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  const l = layout("median", x, axis, keep);
  nonEmpty("median", x, l);
  const dtype = meanDType(x.dtype);
  return runOp("median", [x.shape], dtype, reductionCharge(x.size, dtype), () => {
    const out = newArray(dtype, l.outShape);
    kernels().quantileAxis(l.data, out.data, l.outer, l.len, l.inner, EMPTY_Q, true, false);
    return out;
  }, t0);
}

const EMPTY_Q = new Float64Array(0);
const ZERO = new Float64Array(1);

/** numpy's keywords of {@link percentile} and {@link quantile}. */
export interface QuantileOptions {
  /** The axis, or null for all (numpy's `axis=`). */
  readonly axis?: Axis;
  /** Keep reduced axes as length 1 (numpy's `keepdims=`). */
  readonly keepdims?: boolean;
  /** numpy's `method=`: only its default, "linear", is offered. */
  readonly method?: string;
}

/** The quantile charge of flopscope per output cell, k quantiles over n values. */
function quantileCost(n: number, k: number): number {
  return n * Math.min(k, 1 + 4 * ceilLog2(Math.min(k, n))) + 4 * k;
}

function quantiles(
  op: "percentile" | "quantile" | "nanpercentile" | "nanquantile",
  a: ArrayLike,
  q: ArrayLike,
  axisOrOptions: Axis | QuantileOptions,
  keepdims: boolean,
): NDArray {
  const t0 = opStart();
  const x = toArray(a, op);
  const qs = toArray(q, op);
  const options = typeof axisOrOptions === "object" && axisOrOptions !== null
    ? axisOrOptions
    : { axis: axisOrOptions };
  if (options.method !== undefined && options.method !== "linear") {
    throw new RangeError(
      `${op}: method ${JSON.stringify(options.method)} is not offered, only "linear"`,
    );
  }
  const percent = op.endsWith("percentile");
  const skipNaN = op.startsWith("nan");
  const scale = percent ? 100 : 1;
  const fractions = new Float64Array(qs.size);
  for (let i = 0; i < qs.size; i++) {
    const v = qs.data[i];
    if (!(v >= 0 && v <= scale)) {
      const name = percent ? "Percentiles" : "Quantiles";
      throw new RangeError(`${op}: ${name} must be in the range [0, ${scale}], got ${v}`);
    }
    fractions[i] = v / scale;
  }
  const l = layout(op, x, options.axis, options.keepdims ?? keepdims);
  nonEmpty(op, x, l);
  const billed = meanDType(x.dtype);
  // numpy's result: the input's float dtype, float64 for integers or an array of q.
  const dtype = isNDArray(q) || Array.isArray(q) || ArrayBuffer.isView(q)
    ? promoteTypes(billed, "float64")
    : resultType({ dtype: billed }, q as number);
  const shape = Object.freeze([...qs.shape, ...l.outShape]);
  // The nan forms add one isnan pass over the input.
  const flops = cells(l) * quantileCost(l.len, Math.max(qs.size, 1)) + (skipNaN ? x.size : 0);
  const cost = reductionCharge(flops, billed);
  return runOp(op, [x.shape, qs.shape], dtype, cost, () => {
    const out = newArray(dtype, shape);
    kernels().quantileAxis(l.data, out.data, l.outer, l.len, l.inner, fractions, false, skipNaN);
    return out;
  }, t0);
}

/**
 * The q-th percentiles (0 ≤ q ≤ 100) over `axis`, numpy's default "linear" interpolation;
 * the result's leading axes are q's (cost per output cell n·min(k, 1 + 4⌈log₂ min(k, n)⌉) + 4k,
 * k = q's size, n = the axis length).
 *
 * @param a The array.
 * @param q A percentile or an array of them.
 * @param axisOrOptions The axis (null for all), or `{ axis, keepdims, method }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 * @example
 * ```ts
 * import { percentile } from "./statistics.ts";
 * percentile([3, 1, 2, 9], [25, 90]).tolist(); // [1.75, 7.200000000000001]
 * ```
 */
export function percentile(
  a: ArrayLike,
  q: ArrayLike,
  axisOrOptions?: Axis | QuantileOptions,
  keepdims = false,
): NDArray {
  return quantiles("percentile", a, q, axisOrOptions, keepdims);
}

/**
 * The q-th quantiles (0 ≤ q ≤ 1) over `axis`: {@link percentile} with q as a fraction.
 *
 * @param a The array.
 * @param q A quantile or an array of them.
 * @param axisOrOptions The axis (null for all), or `{ axis, keepdims, method }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function quantile(
  a: ArrayLike,
  q: ArrayLike,
  axisOrOptions?: Axis | QuantileOptions,
  keepdims = false,
): NDArray {
  return quantiles("quantile", a, q, axisOrOptions, keepdims);
}

/**
 * The q-th percentiles of the non-NaN values over `axis` (an all-NaN cell gives NaN); cost
 * that of {@link percentile} plus numel.
 *
 * @param a The array.
 * @param q A percentile or an array of them.
 * @param axisOrOptions The axis (null for all), or `{ axis, keepdims, method }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function nanpercentile(
  a: ArrayLike,
  q: ArrayLike,
  axisOrOptions?: Axis | QuantileOptions,
  keepdims = false,
): NDArray {
  return quantiles("nanpercentile", a, q, axisOrOptions, keepdims);
}

/**
 * The q-th quantiles of the non-NaN values over `axis` (an all-NaN cell gives NaN); cost that
 * of {@link quantile} plus numel.
 *
 * @param a The array.
 * @param q A quantile or an array of them.
 * @param axisOrOptions The axis (null for all), or `{ axis, keepdims, method }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function nanquantile(
  a: ArrayLike,
  q: ArrayLike,
  axisOrOptions?: Axis | QuantileOptions,
  keepdims = false,
): NDArray {
  return quantiles("nanquantile", a, q, axisOrOptions, keepdims);
}

/** numpy's keywords of {@link average}. */
export interface AverageOptions {
  /** The axis, or null for all (numpy's `axis=`). */
  readonly axis?: Axis;
  /** Weights, shaped like `a` or 1-D along `axis` (numpy's `weights=`). */
  readonly weights?: ArrayLike | null;
  /** Keep reduced axes as length 1 (numpy's `keepdims=`). */
  readonly keepdims?: boolean;
}

/**
 * The (weighted) average over `axis`: the mean without weights (cost numel), else
 * Σ a·w / Σ w (cost 3·numel − number of output cells); integers average in float64.
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or `{ axis, weights, keepdims }`.
 * @param weights Weights shaped like `a`, or 1-D along `axis`.
 * @example
 * ```ts
 * import { average } from "./statistics.ts";
 * average([1, 2, 3, 4], null, [1, 0, 0, 1]).item(); // 2.5
 * ```
 */
export function average(
  a: ArrayLike,
  axisOrOptions?: Axis | AverageOptions,
  weights?: ArrayLike | null,
): NDArray {
  const t0 = opStart();
  const given = toArray(a, "average");
  const options = typeof axisOrOptions === "object" && axisOrOptions !== null
    ? axisOrOptions
    : { axis: axisOrOptions, weights };
  // Weights must be read in the same order as the values: both row-major, no lazy transpose.
  const x = options.weights === undefined || options.weights === null ? given : rowMajor(given);
  const l = layout("average", x, options.axis, options.keepdims ?? false);
  nonEmpty("average", x, l);
  const w = options.weights === undefined || options.weights === null
    ? undefined
    : toArray(options.weights, "average");
  const dtype = meanDType(w === undefined ? x.dtype : promoteTypes(x.dtype, w.dtype));
  const flops = w === undefined ? x.size : 3 * x.size - cells(l);
  const weightsAlong = w === undefined ? undefined : weightLayout(x, w, options.axis, l);
  return runOp(
    "average",
    w ? [x.shape, w.shape] : [x.shape],
    dtype,
    reductionCharge(flops, dtype),
    () => {
      const out = newArray(dtype, l.outShape);
      const values = storageAs(l.data, dtype);
      const sums = new Float64Array(cells(l));
      if (weightsAlong === undefined) {
        kernels().sumAxis(values, sums, l.outer, l.len, l.inner);
        const count = Float64Array.of(l.len);
        kernels().applyBinary("divide", sums, [sums.length], count, [], out.data, [sums.length]);
        return out;
      }
      const products = newArray(dtype, [values.length]).data;
      kernels().applyBinary(
        "multiply",
        values,
        [values.length],
        weightsAlong,
        [values.length],
        products,
        [values.length],
      );
      const totals = new Float64Array(cells(l));
      kernels().sumAxis(products, sums, l.outer, l.len, l.inner);
      kernels().sumAxis(weightsAlong, totals, l.outer, l.len, l.inner);
      if (totals.includes(0)) {
        throw new RangeError("average: weights sum to zero, can't be normalized");
      }
      const n = [sums.length];
      kernels().applyBinary("divide", sums, n, totals, n, out.data, n);
      return out;
    },
    t0,
  );
}

/** `a` as a plain row-major array (a lazy transpose's elements read in its own order). */
function rowMajor(a: NDArray): NDArray {
  return wrapStorage(a.data, a.shape, a.dtype);
}

/** The weights laid out like the (outer, len, inner) view of `x`, as float64. */
function weightLayout(x: NDArray, w: NDArray, axis: Axis, l: Layout): Float64Array {
  if (sameShape(w.shape, x.shape)) {
    const wl = layout("average", rowMajor(w), axis, false);
    return Float64Array.from(wl.data);
  }
  if (axis === null || axis === undefined || w.ndim !== 1 || w.size !== l.len) {
    throw new RangeError(
      `average: weights of shape ${formatShape(w.shape)} differ from a's ${formatShape(x.shape)}` +
        " (1-D weights need an axis and its length)",
    );
  }
  const out = new Float64Array(l.outer * l.len * l.inner);
  for (let o = 0; o < l.outer; o++) {
    for (let k = 0; k < l.len; k++) {
      out.fill(w.data[k], (o * l.len + k) * l.inner, (o * l.len + k + 1) * l.inner);
    }
  }
  return out;
}

/**
 * The range (maximum − minimum) over `axis` (cost 2·numel − numel(out); NaN propagates).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function ptp(a: ArrayLike, axisOrOptions?: AxisOrOptions, keepdims = false): NDArray {
  const t0 = opStart();
  const x = toArray(a, "ptp");
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  const l = layout("ptp", x, axis, keep);
  nonEmpty("ptp", x, l);
  if (x.dtype === "bool") throw new TypeError("ptp: numpy's boolean subtract is not supported");
  const dtype = x.dtype;
  const cost = reductionCharge(2 * x.size - cells(l), dtype);
  return runOp("ptp", [x.shape], dtype, cost, () => {
    const out = newArray(dtype, l.outShape);
    const hi = newArray(dtype, l.outShape).data;
    kernels().extremeAxis(l.data, hi, l.outer, l.len, l.inner, true, false);
    kernels().extremeAxis(l.data, out.data, l.outer, l.len, l.inner, false, false);
    kernels().applyBinary("subtract", hi, [hi.length], out.data, [hi.length], out.data, [
      hi.length,
    ]);
    return out;
  }, t0);
}

/**
 * The number of non-zero elements over `axis` (all when null), as int64 (cost numel: every
 * element is tested whatever the axis).
 *
 * @param a The array.
 * @param axisOrOptions The axis (null for all), or numpy's keywords `{ axis, keepdims }`.
 * @param keepdims Keep reduced axes as length 1; default false.
 */
export function count_nonzero(
  a: ArrayLike,
  axisOrOptions?: AxisOrOptions,
  keepdims = false,
): NDArray {
  const t0 = opStart();
  const x = toArray(a, "count_nonzero");
  const { axis, keepdims: keep } = readOptions(axisOrOptions, keepdims);
  const l = layout("count_nonzero", x, axis, keep);
  const cost = reductionCharge(x.size, x.dtype);
  return runOp("count_nonzero", [x.shape], "int64", cost, () => {
    const out = newArray("int64", l.outShape);
    const n = [l.data.length];
    const flags = new Uint8Array(l.data.length);
    kernels().applyBinary("not_equal", l.data, n, storageAs(ZERO, x.dtype), [], flags, n);
    kernels().sumAxis(flags, out.data, l.outer, l.len, l.inner);
    return out;
  }, t0);
}
