/**
 * Tolerance tests and NaN/infinity replacement: `isclose` (cost 6·numel of the broadcast),
 * `allclose` (7·numel − 1), `nan_to_num` (numel), as flopscope charges them.
 *
 * @module
 */

import { binaryFloatDType, type DType, resultType, type Storage } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { broadcastShapes, sameShape, sizeOf } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { charge } from "./charge.ts";
import {
  type ArrayLike,
  newArray,
  operandData,
  operandShape,
  toArray,
  toOperand,
} from "./convert.ts";

/** numpy's keyword arguments of {@link isclose} and {@link allclose}. */
export interface CloseOptions {
  /** Relative tolerance; default 1e-5. */
  readonly rtol?: number;
  /** Absolute tolerance; default 1e-8. */
  readonly atol?: number;
  /** Whether two NaNs count as close; default false. */
  readonly equal_nan?: boolean;
}

function readClose(
  op: string,
  rtolOrOptions: number | CloseOptions | undefined,
  atol: number,
  equalNan: boolean,
) {
  const o = typeof rtolOrOptions === "object" && rtolOrOptions !== null
    ? rtolOrOptions
    : { rtol: rtolOrOptions, atol, equal_nan: equalNan };
  const read = { rtol: o.rtol ?? 1e-5, atol: o.atol ?? 1e-8, equalNan: o.equal_nan ?? false };
  if (!Number.isFinite(read.rtol) || !Number.isFinite(read.atol)) {
    throw new RangeError(`${op}: rtol and atol must be finite numbers`);
  }
  return read;
}

function spread(data: Storage, shape: readonly number[], target: readonly number[], dtype: DType) {
  if (sameShape(shape, target)) return data;
  const out = newArray(dtype, target).data;
  kernels().broadcastInto(data, shape, out, target);
  return out;
}

/** The close test of numpy's isclose over broadcast a and b, computed in `dtype`. */
function closeMask(
  a: NDArray | number | boolean,
  b: NDArray | number | boolean,
  shape: readonly number[],
  dtype: DType,
  tol: { rtol: number; atol: number; equalNan: boolean },
): Uint8Array {
  const x = spread(operandData(a, dtype), operandShape(a), shape, dtype);
  const y = spread(operandData(b, dtype), operandShape(b), shape, dtype);
  const out = new Uint8Array(sizeOf(shape));
  kernels().iscloseInto(x, y, out, tol.rtol, tol.atol, tol.equalNan);
  return out;
}

function closeSetup(op: string, a: ArrayLike, b: ArrayLike) {
  const x = toOperand(a, op);
  const y = toOperand(b, op);
  // numpy turns y into a float array (result_type(y, 1.0)) before comparing.
  const dtype = binaryFloatDType(resultType(x, y));
  const shape = broadcastShapes(operandShape(x), operandShape(y), op);
  return { x, y, dtype, shape, size: sizeOf(shape) };
}

/**
 * Elementwise |a − b| ≤ atol + rtol·|b| (or a == b, or both NaN with `equal_nan`), as bool,
 * as numpy's isclose (cost 6·numel of the broadcast at the compared float dtype).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar (the reference: rtol scales |b|).
 * @param rtolOrOptions rtol (default 1e-5), or numpy's keywords `{ rtol, atol, equal_nan }`.
 * @param atol Absolute tolerance; default 1e-8.
 * @param equalNan Whether two NaNs are close; default false.
 * @example
 * ```ts
 * import { isclose } from "./closeness.ts";
 * isclose([1, 1e-9, NaN], [1.000001, 0, NaN]).tolist(); // [true, true, false]
 * ```
 */
export function isclose(
  a: ArrayLike,
  b: ArrayLike,
  rtolOrOptions?: number | CloseOptions,
  atol = 1e-8,
  equalNan = false,
): NDArray {
  const t0 = opStart();
  const tol = readClose("isclose", rtolOrOptions, atol, equalNan);
  const { x, y, dtype, shape, size } = closeSetup("isclose", a, b);
  const cost = charge(Math.max(6 * size, 1), dtype);
  return runOp("isclose", [operandShape(x), operandShape(y)], "bool", cost, () => {
    const out = newArray("bool", shape);
    out.data.set(closeMask(x, y, shape, dtype, tol));
    return out;
  }, t0);
}

/**
 * Whether every element of a is close to b (numpy's allclose: isclose, then all), as a JS
 * boolean (cost 7·numel − 1 of the broadcast).
 *
 * @param a Array or weak scalar.
 * @param b Array or weak scalar.
 * @param rtolOrOptions rtol (default 1e-5), or numpy's keywords `{ rtol, atol, equal_nan }`.
 * @param atol Absolute tolerance; default 1e-8.
 * @param equalNan Whether two NaNs are close; default false.
 */
export function allclose(
  a: ArrayLike,
  b: ArrayLike,
  rtolOrOptions?: number | CloseOptions,
  atol = 1e-8,
  equalNan = false,
): boolean {
  const t0 = opStart();
  const tol = readClose("allclose", rtolOrOptions, atol, equalNan);
  const { x, y, dtype, shape, size } = closeSetup("allclose", a, b);
  const cost = charge(Math.max(7 * size - 1, 1), dtype);
  return runOp("allclose", [operandShape(x), operandShape(y)], "bool", cost, () => {
    return closeMask(x, y, shape, dtype, tol).every((v) => v === 1);
  }, t0);
}

/** numpy's keyword arguments of {@link nan_to_num}. */
export interface NanToNumOptions {
  /** Replaces NaN; default 0. */
  readonly nan?: number;
  /** Replaces +infinity; default the dtype's largest finite value. */
  readonly posinf?: number | null;
  /** Replaces −infinity; default the dtype's most negative finite value. */
  readonly neginf?: number | null;
}

const LARGEST: Partial<Record<DType, number>> = {
  float32: 3.4028234663852886e38,
  float64: Number.MAX_VALUE,
};

/**
 * A copy with NaN replaced by `nan` (0) and ±infinity by `posinf`/`neginf` (the dtype's
 * extremes), as numpy's nan_to_num; integers and bools are copied unchanged (cost numel).
 * numpy's `copy=False` (in place) is not offered: whest's arrays are not changed in place.
 *
 * @param x The array.
 * @param options `{ nan, posinf, neginf }`.
 * @example
 * ```ts
 * import { nan_to_num } from "./closeness.ts";
 * nan_to_num([NaN, 1, -Infinity], { neginf: -9 }).tolist(); // [0, 1, -9]
 * ```
 */
export function nan_to_num(x: ArrayLike, options: NanToNumOptions = {}): NDArray {
  const t0 = opStart();
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      "nan_to_num: pass the replacements as { nan, posinf, neginf } (copy=False is not offered)",
    );
  }
  const a = toArray(x, "nan_to_num");
  const dtype = a.dtype;
  const big = LARGEST[dtype];
  const nan = options.nan ?? 0;
  const posinf = options.posinf ?? big ?? Infinity;
  const neginf = options.neginf ?? (big === undefined ? -Infinity : -big);
  const cost = charge(Math.max(a.size, 1), dtype);
  return runOp("nan_to_num", [a.shape], dtype, cost, () => {
    const out = newArray(dtype, a.shape);
    if (big === undefined) out.data.set(a.data);
    else kernels().nanToNumInto(a.data, out.data, nan, posinf, neginf);
    return out;
  }, t0);
}
