/**
 * Creation ops: zeros, empty, ones, full, eye, identity, array, asarray, arange, linspace and
 * the *_like forms, charged as "written bytes" (cost-model.md); zeros/empty are free.
 *
 * @module
 */

import { checkDType, type DType, heavierDType, scalarDType } from "../array/dtype.ts";
import { isNDArray, type NDArray } from "../array/ndarray.ts";
import { normalizeShape, sizeOf } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, fromData, inferDType, newArray } from "./convert.ts";
import { countedCast } from "./shape.ts";

/** A shape argument: one length or a list of lengths. */
export type ShapeLike = number | readonly number[];

function created(op: string, shape: readonly number[], dtype: DType, cost: number, fill?: number) {
  const t0 = opStart();
  return runOp(op, EMPTY_SHAPES, dtype, cost, () => {
    const out = newArray(dtype, shape);
    if (fill !== undefined && fill !== 0) out.data.fill(fill);
    return out;
  }, t0);
}

const EMPTY_SHAPES: readonly (readonly number[])[] = Object.freeze([]);

function storedValue(value: number | boolean, dtype: DType): number {
  const v = typeof value === "boolean" ? (value ? 1 : 0) : value;
  if (dtype === "bool") return v !== 0 ? 1 : 0;
  return dtype === "int64" || dtype === "int32" ? Math.trunc(v) : v;
}

/**
 * A new array of zeros (free).
 *
 * @param shape Length or lengths.
 * @param dtype Default "float64".
 * @example
 * ```ts
 * import { zeros } from "./creation.ts";
 * zeros([2, 3]).shape; // [2, 3]
 * ```
 */
export function zeros(shape: ShapeLike, dtype: DType = "float64"): NDArray {
  const s = normalizeShape(shape, "zeros");
  return created("zeros", s, checkDType(dtype, "zeros"), 0);
}

/**
 * A new uninitialised array (free; zero-filled here).
 *
 * @param shape Length or lengths.
 * @param dtype Default "float64".
 */
export function empty(shape: ShapeLike, dtype: DType = "float64"): NDArray {
  const s = normalizeShape(shape, "empty");
  return created("empty", s, checkDType(dtype, "empty"), 0);
}

/**
 * A new array of ones (charged numel).
 *
 * @param shape Length or lengths.
 * @param dtype Default "float64".
 */
export function ones(shape: ShapeLike, dtype: DType = "float64"): NDArray {
  const s = normalizeShape(shape, "ones");
  const dt = checkDType(dtype, "ones");
  return created("ones", s, dt, charge(sizeOf(s), dt), 1);
}

/**
 * A new array filled with `value` (charged numel). The dtype defaults to the value's
 * (integer -> int64, other numbers -> float64, boolean -> bool).
 *
 * @param shape Length or lengths.
 * @param value The fill value.
 * @param dtype Optional dtype.
 */
export function full(shape: ShapeLike, value: number | boolean, dtype?: DType): NDArray {
  const s = normalizeShape(shape, "full");
  const dt = dtype === undefined ? scalarDType(value) : checkDType(dtype, "full");
  return created("full", s, dt, charge(sizeOf(s), dt), storedValue(value, dt));
}

/**
 * A 2-D array with ones on the k-th diagonal (charged the number of diagonal entries).
 * Accepts numpy's `eye(n, m, k, dtype)` and the short `eye(n, m, dtype)`.
 *
 * @param n Rows.
 * @param m Columns; default n.
 * @param k Diagonal offset (default 0), or the dtype in the short form.
 * @param dtype Default "float64".
 * @example
 * ```ts
 * import { eye } from "./creation.ts";
 * eye(2, 3, 1).tolist(); // [[0, 1, 0], [0, 0, 1]]
 * eye(2, 2, "float32").dtype; // "float32"
 * ```
 */
export function eye(
  n: number,
  m?: number,
  k: number | DType = 0,
  dtype: DType = "float64",
): NDArray {
  if (typeof k === "string") return eye(n, m, 0, k);
  const cols = m ?? n;
  const s = normalizeShape([n, cols], "eye");
  const dt = checkDType(dtype, "eye");
  if (!Number.isInteger(k)) throw new RangeError(`eye: k ${k} must be an integer`);
  const first = Math.max(0, -k);
  const count = Math.max(0, Math.min(n - first, cols - first - k));
  const t0 = opStart();
  return runOp("eye", EMPTY_SHAPES, dt, charge(count, dt), () => {
    const out = newArray(dt, s);
    const data = out.data;
    for (let i = 0; i < count; i++) data[(first + i) * cols + first + i + k] = 1;
    return out;
  }, t0);
}

/**
 * The n×n identity (charged n).
 *
 * @param n Size.
 * @param dtype Default "float64".
 */
export function identity(n: number, dtype: DType = "float64"): NDArray {
  return eye(n, n, 0, dtype);
}

/**
 * `data` as a new array of `dtype` (inferred when undefined) for `op`, charged its numel but at
 * least `minimum`, at the dtype `billing` picks from the source dtype (for JS data, the one
 * numpy infers) and the target.
 */
function converted(
  op: string,
  data: ArrayLike,
  dtype: DType | undefined,
  minimum: number,
  billing: (source: DType, target: DType) => DType,
  t0: number,
): NDArray {
  if (isNDArray(data)) {
    const target = dtype ?? data.dtype;
    const numel = Math.max(data.size, minimum);
    return countedCast(op, data, target, numel, t0, billing(data.dtype, target));
  }
  const built = fromData(data, dtype, op);
  const cost = charge(Math.max(built.size, minimum), billing(inferDType(data), built.dtype));
  return runOp(op, EMPTY_SHAPES, built.dtype, cost, () => built, t0);
}

/**
 * A new array from data, always a copy, charged numel (at least 1) at the resulting dtype
 * alone: flopscope bills `array(x, dtype)` as a write of the new array, not as a cast.
 *
 * @param data Nested lists, a typed array, a scalar or an NDArray (always copied).
 * @param dtype Optional dtype; inferred from the data when omitted.
 * @example
 * ```ts
 * import { array } from "./creation.ts";
 * array([[1, 2], [3, 4]], "float32").dtype; // "float32"
 * ```
 */
export function array(data: ArrayLike, dtype?: DType): NDArray {
  const t0 = opStart();
  const dt = dtype === undefined ? undefined : checkDType(dtype, "array");
  return converted("array", data, dt, 1, (_, target) => target, t0);
}

/**
 * The data as an array: free (the same object) for an NDArray already of the dtype, else a
 * conversion charged numel at the heavier of the source dtype (for JS data, the one numpy
 * infers: bool, int64 for integers, else float64) and the target.
 *
 * @param data Any array-like.
 * @param dtype Optional dtype.
 */
export function asarray(data: ArrayLike, dtype?: DType): NDArray {
  const t0 = opStart();
  if (isNDArray(data) && (dtype === undefined || dtype === data.dtype)) {
    return runOp("asarray", [data.shape], data.dtype, 0, () => data, t0);
  }
  const dt = dtype === undefined ? undefined : checkDType(dtype, "asarray");
  return converted("asarray", data, dt, 0, heavierDType, t0);
}

/**
 * Evenly spaced values in [start, stop) (charged 2·numel). With one argument it is the stop.
 * The dtype defaults to int64 when all arguments are integers, float64 otherwise.
 *
 * @param start Start (or stop when `stop` is omitted).
 * @param stop End, exclusive.
 * @param step Spacing; default 1.
 * @param dtype Optional dtype.
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): NDArray {
  // numpy's arange(6, dtype) reads naturally, but here the dtype is the fourth argument
  for (const [name, value] of [["start", start], ["stop", stop], ["step", step]] as const) {
    if (value !== undefined && typeof value !== "number") {
      throw new TypeError(
        `arange: ${name} must be a number, got ${
          JSON.stringify(value)
        }; the dtype is the fourth argument: np.arange(start, stop, step, dtype)`,
      );
    }
  }
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) {
    throw new RangeError(`arange: step ${step} must be finite and non-zero`);
  }
  const count = Math.max(0, Math.ceil((hi - lo) / step));
  const inferred = [lo, hi, step].every(Number.isInteger) ? "int64" : "float64";
  const dt = dtype === undefined ? inferred : checkDType(dtype, "arange");
  const t0 = opStart();
  return runOp("arange", EMPTY_SHAPES, dt, charge(2 * count, dt), () => {
    const out = newArray(dt, Object.freeze([count]));
    const data = out.data;
    for (let i = 0; i < count; i++) data[i] = lo + i * step;
    return out;
  }, t0);
}

/**
 * `num` evenly spaced values from start to stop (charged 2·num).
 *
 * @param start First value.
 * @param stop Last value (included when `endpoint`).
 * @param num Number of values; default 50.
 * @param dtype Default "float64".
 * @param endpoint Whether stop is included; default true.
 */
export function linspace(
  start: number,
  stop: number,
  num = 50,
  dtype: DType = "float64",
  endpoint = true,
): NDArray {
  const s = normalizeShape([num], "linspace");
  const dt = checkDType(dtype, "linspace");
  const t0 = opStart();
  return runOp("linspace", EMPTY_SHAPES, dt, charge(2 * num, dt), () => {
    const out = newArray(dt, s);
    const data = out.data;
    const div = endpoint ? num - 1 : num;
    const step = div > 0 ? (stop - start) / div : 0;
    for (let i = 0; i < num; i++) data[i] = start + i * step;
    if (endpoint && num > 1) data[num - 1] = stop;
    return out;
  }, t0);
}

/**
 * Zeros shaped like `a` (free).
 *
 * @param a The template array.
 * @param dtype Default a's dtype.
 */
export function zeros_like(a: NDArray, dtype?: DType): NDArray {
  return created("zeros_like", a.shape, checkDType(dtype ?? a.dtype, "zeros_like"), 0);
}

/**
 * An uninitialised array shaped like `a` (free, like `empty`; zero-filled here).
 *
 * @param a The template array.
 * @param dtype Default a's dtype.
 */
export function empty_like(a: NDArray, dtype?: DType): NDArray {
  return created("empty_like", a.shape, checkDType(dtype ?? a.dtype, "empty_like"), 0);
}

/**
 * Ones shaped like `a` (charged numel).
 *
 * @param a The template array.
 * @param dtype Default a's dtype.
 */
export function ones_like(a: NDArray, dtype?: DType): NDArray {
  const dt = checkDType(dtype ?? a.dtype, "ones_like");
  return created("ones_like", a.shape, dt, charge(a.size, dt), 1);
}

/**
 * `value` shaped like `a` (charged numel).
 *
 * @param a The template array.
 * @param value The fill value.
 * @param dtype Default a's dtype.
 */
export function full_like(a: NDArray, value: number | boolean, dtype?: DType): NDArray {
  const dt = checkDType(dtype ?? a.dtype, "full_like");
  return created("full_like", a.shape, dt, charge(a.size, dt), storedValue(value, dt));
}
