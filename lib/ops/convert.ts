/**
 * Converting op inputs: nested JS arrays, typed arrays and scalars into NDArrays (uncounted,
 * like numpy's implicit conversion of an op's arguments), and allocating results.
 *
 * @module
 */

import { allocStorage, type DType, type Storage } from "../array/dtype.ts";
import { isNDArray, type NDArray, type NestedList, wrapStorage } from "../array/ndarray.ts";
import { formatShape, normalizeShape, sizeOf } from "../array/shape.ts";

/** Anything an op accepts as array data. */
export type ArrayLike = NDArray | number | boolean | NestedList | TypedArrayInput;

/** Typed arrays accepted as data (Uint8Array is read as bool, the only 8-bit dtype here). */
export type TypedArrayInput = Float64Array | Float32Array | Int32Array | Uint8Array;

/**
 * A fresh zero-filled array.
 *
 * @param dtype Its dtype.
 * @param shape Its (validated) shape.
 */
export function newArray(dtype: DType, shape: readonly number[]): NDArray {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  return wrapStorage(allocStorage(dtype, size), shape, dtype);
}

/**
 * The dtype numpy infers for JS data: typed arrays by their element type, booleans as bool,
 * integer-valued numbers as int64, any other number as float64.
 *
 * @param data Nested lists, a typed array or a scalar.
 */
export function inferDType(data: Exclude<ArrayLike, NDArray>): DType {
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Uint8Array) return "bool";
  let sawNumber = false;
  let sawFloat = false;
  let sawBool = false;
  const visit = (x: NestedList): void => {
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
    } else if (typeof x === "number") {
      sawNumber = true;
      if (!Number.isInteger(x)) sawFloat = true;
    } else if (typeof x === "boolean") {
      sawBool = true;
    }
  };
  visit(data as NestedList);
  if (sawFloat) return "float64";
  if (sawNumber) return "int64";
  // An empty list is float64 in numpy.
  return sawBool ? "bool" : "float64";
}

/**
 * Builds an NDArray from JS data without charging (callers charge).
 *
 * @param data Nested lists (rectangular), a typed array (1-D) or a scalar.
 * @param dtype Target dtype; inferred when omitted.
 * @param op Op name for error messages.
 */
export function fromData(
  data: Exclude<ArrayLike, NDArray>,
  dtype: DType | undefined,
  op: string,
): NDArray {
  const target = dtype ?? inferDType(data);
  if (ArrayBuffer.isView(data)) {
    const out = allocStorage(target, data.length);
    writeValues(out, data, target);
    return wrapStorage(out, Object.freeze([data.length]), target);
  }
  const shape = nestedShape(data as NestedList, op);
  const out = allocStorage(target, sizeOf(shape));
  let at = 0;
  const fill = (x: NestedList, depth: number): void => {
    if (depth === shape.length) {
      const v = typeof x === "boolean" ? (x ? 1 : 0) : x as number;
      out[at++] = target === "bool" ? (v !== 0 ? 1 : 0) : target === "int64" ? Math.trunc(v) : v;
      return;
    }
    const list = x as NestedList[];
    if (!Array.isArray(list) || list.length !== shape[depth]) {
      throw new RangeError(`${op}: ragged nested sequence (expected shape ${formatShape(shape)})`);
    }
    for (const y of list) fill(y, depth + 1);
  };
  fill(data as NestedList, 0);
  return wrapStorage(out, shape, target);
}

/**
 * An op input as an NDArray: arrays pass through, JS data is converted uncounted.
 *
 * @param x The input.
 * @param op Op name for error messages.
 */
export function toArray(x: ArrayLike, op: string): NDArray {
  if (isNDArray(x)) return x;
  if (x === null || x === undefined) throw new TypeError(`${op}: expected an array, got ${x}`);
  return fromData(x, undefined, op);
}

/**
 * An elementwise operand: an NDArray, or a weak JS scalar kept as a number for NEP 50 typing.
 *
 * @param x The input.
 * @param op Op name for error messages.
 */
export function toOperand(x: ArrayLike, op: string): NDArray | number | boolean {
  if (typeof x === "number" || typeof x === "boolean" || isNDArray(x)) return x;
  return toArray(x, op);
}

/**
 * The shape of an operand (a weak scalar is 0-d).
 *
 * @param x The operand.
 */
export function operandShape(x: NDArray | number | boolean): readonly number[] {
  return isNDArray(x) ? x.shape : EMPTY_SHAPE;
}

/** The 0-d shape. */
export const EMPTY_SHAPE: readonly number[] = Object.freeze([]);

/**
 * The elements of an operand for a kernel: an array's row-major data, or a one-element
 * buffer holding a weak scalar converted to the compute dtype (as numpy casts it).
 *
 * @param x The operand.
 * @param computeDType The dtype the op computes in.
 */
export function operandData(x: NDArray | number | boolean, computeDType: DType): Storage {
  if (isNDArray(x)) return storageAs(x.data, computeDType);
  const buf = allocStorage(computeDType, 1);
  const v = typeof x === "boolean" ? (x ? 1 : 0) : x;
  buf[0] = computeDType === "bool" ? (v !== 0 ? 1 : 0) : v;
  return buf;
}

/**
 * `data` in the typed array that stores `dtype`: the same buffer when it already is, else a
 * converted copy (so that kernels see one storage type and stay monomorphic).
 *
 * @param data Row-major elements.
 * @param dtype The dtype whose storage is wanted.
 */
export function storageAs(data: Storage, dtype: DType): Storage {
  const wanted = allocStorage(dtype, 0).constructor;
  if (data.constructor === wanted) return data;
  const out = allocStorage(dtype, data.length);
  out.set(data);
  return out;
}

function writeValues(out: Storage, src: TypedArrayInput, target: DType): void {
  if (target === "bool") {
    for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  } else if (target === "int64") {
    for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
  } else {
    out.set(src);
  }
}

function nestedShape(data: NestedList, op: string): readonly number[] {
  const shape: number[] = [];
  let x: NestedList = data;
  while (Array.isArray(x)) {
    shape.push(x.length);
    if (x.length === 0) break;
    x = x[0];
  }
  if (!Array.isArray(x) && typeof x !== "number" && typeof x !== "boolean") {
    throw new TypeError(`${op}: unsupported element ${String(x)} (numbers or booleans only)`);
  }
  return normalizeShape(shape, op);
}
