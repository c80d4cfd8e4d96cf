/**
 * Logical dtypes, their typed-array storage, their FLOP billing rates and numpy's type
 * promotion (NEP 50: a plain JS number is a *weak* scalar that adopts the array's kind).
 *
 * @module
 */

/** The logical dtypes the counted layer supports. */
export type DType = "bool" | "int32" | "int64" | "float32" | "float64";

/** The typed array that stores one dtype (int64 lives in a Float64Array, exact to 2^53). */
export type Storage = Float64Array | Float32Array | Int32Array | Uint8Array;

/** Every supported dtype, lightest first. */
export const DTYPES: readonly DType[] = Object.freeze([
  "bool",
  "int32",
  "int64",
  "float32",
  "float64",
]);

/**
 * The FLOP billing rate of a dtype: 1 for 32-bit and narrower, 2 for 64-bit (cost-model.md).
 *
 * @param dtype The dtype the op computes in.
 * @example
 * ```ts
 * import { dtypeRate } from "./dtype.ts";
 * dtypeRate("float64"); // 2
 * ```
 */
export function dtypeRate(dtype: DType): 1 | 2 {
  return dtype === "int64" || dtype === "float64" ? 2 : 1;
}

/**
 * Whether `value` names a supported dtype.
 *
 * @param value Any value, typically a user-supplied dtype argument.
 */
export function isDType(value: unknown): value is DType {
  return value === "bool" || value === "int32" || value === "int64" || value === "float32" ||
    value === "float64";
}

/**
 * Validates a user-supplied dtype name, throwing a one-line error naming the op otherwise.
 *
 * @param value The dtype argument as given.
 * @param op The op name used in the error message.
 */
export function checkDType(value: unknown, op: string): DType {
  if (isDType(value)) return value;
  throw new TypeError(
    `${op}: unsupported dtype ${JSON.stringify(value)} (use ${DTYPES.join(", ")})`,
  );
}

/**
 * Whether the dtype is a floating-point type.
 *
 * @param dtype The dtype to classify.
 */
export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/**
 * Allocates zero-filled storage for `size` elements of `dtype`.
 *
 * @param dtype The logical dtype.
 * @param size Number of elements.
 */
export function allocStorage(dtype: DType, size: number): Storage {
  switch (dtype) {
    case "float64":
    case "int64":
      return new Float64Array(size);
    case "float32":
      return new Float32Array(size);
    case "int32":
      return new Int32Array(size);
    case "bool":
      return new Uint8Array(size);
  }
}

const KIND_RANK: Record<DType, number> = { bool: 0, int32: 1, int64: 1, float32: 2, float64: 2 };

/**
 * numpy's promotion of two array dtypes (`np.promote_types`) restricted to the supported ones.
 * int32 or int64 with float32 gives float64, as numpy does.
 *
 * @param a First dtype.
 * @param b Second dtype.
 * @example
 * ```ts
 * import { promoteTypes } from "./dtype.ts";
 * promoteTypes("float32", "int32"); // "float64"
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === "bool") return b;
  if (b === "bool") return a;
  const ka = KIND_RANK[a];
  const kb = KIND_RANK[b];
  if (ka === kb) return dtypeRate(a) >= dtypeRate(b) ? a : b;
  // One integer, one float: float32 cannot hold int32/int64 exactly, so numpy goes to float64.
  return "float64";
}

/**
 * The dtype of a weak scalar alone (no array operand): an integer-valued number is a Python
 * int (int64), anything else a Python float (float64); a boolean is bool.
 *
 * @param value The JS scalar.
 */
export function scalarDType(value: number | boolean): DType {
  if (typeof value === "boolean") return "bool";
  return Number.isInteger(value) ? "int64" : "float64";
}

/**
 * Combines an array dtype with a weak JS scalar per NEP 50: the scalar adopts the array's
 * dtype when the kinds agree or the array's kind is higher (f32 × 2.5 stays float32,
 * int32 + 3 stays int32); a float scalar with an integer/bool array gives float64, and an
 * integer scalar with a bool array gives int64.
 *
 * @param arrayDType The strong operand's dtype.
 * @param value The weak scalar.
 */
export function promoteWeak(arrayDType: DType, value: number | boolean): DType {
  if (typeof value === "boolean") return arrayDType;
  const scalarKind = Number.isInteger(value) ? 1 : 2;
  if (KIND_RANK[arrayDType] >= scalarKind) return arrayDType;
  return scalarKind === 2 ? "float64" : "int64";
}

/** An operand for {@link resultType}: an array's dtype, or a weak JS scalar. */
export type DTypeOperand = { readonly dtype: DType } | number | boolean;

/**
 * `np.result_type` over array dtypes and weak scalars (NEP 50).
 * Strong dtypes promote among themselves first; weak scalars then adopt that result.
 *
 * @param operands Arrays (anything with a `dtype`) and JS numbers/booleans.
 * @example
 * ```ts
 * import { resultType } from "./dtype.ts";
 * resultType({ dtype: "float32" }, 2.5); // "float32"
 * ```
 */
export function resultType(...operands: DTypeOperand[]): DType {
  let strong: DType | undefined;
  for (const o of operands) {
    if (typeof o === "object") {
      strong = strong === undefined ? o.dtype : promoteTypes(strong, o.dtype);
    }
  }
  let result: DType | undefined = strong;
  for (const o of operands) {
    if (typeof o === "object") continue;
    result = result === undefined ? scalarDType(o) : promoteWeak(result, o);
  }
  return result ?? "float64";
}

/**
 * The dtype a float-only unary ufunc (exp, sqrt, tanh, ...) computes in: integer inputs use
 * float64, bool uses numpy's float16 loop, which this layer stores as float32 (same rate).
 *
 * @param dtype The input dtype.
 */
export function unaryFloatDType(dtype: DType): DType {
  if (isFloat(dtype)) return dtype;
  return dtype === "bool" ? "float32" : "float64";
}

/**
 * The dtype a float-only binary ufunc (divide, arctan2, hypot) computes in: integer or bool
 * operand pairs go to float64.
 *
 * @param dtype The promoted operand dtype.
 */
export function binaryFloatDType(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float64";
}

/**
 * The accumulator dtype numpy uses for sum/prod/cumsum/cumprod: bool and int32 widen to int64.
 *
 * @param dtype The input dtype.
 */
export function sumDType(dtype: DType): DType {
  return dtype === "bool" || dtype === "int32" ? "int64" : dtype;
}

/**
 * The dtype of mean/var/std: integers and bool compute in float64.
 *
 * @param dtype The input dtype.
 */
export function meanDType(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float64";
}

/**
 * The heavier (by billing rate) of two dtypes, ties to the first: how casts are billed.
 *
 * @param a Source dtype.
 * @param b Target dtype.
 */
export function heavierDType(a: DType, b: DType): DType {
  return dtypeRate(b) > dtypeRate(a) ? b : a;
}
