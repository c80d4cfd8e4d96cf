/**
 * Converts what `predict` returned into {@link RawPredictions} (shape + row-major values), or
 * says why it is not an array at all.
 *
 * The shape and finiteness rules are the scorer's, applied the same way for every runner; this
 * module only turns the estimator's value into numbers, copying them so nothing the estimator
 * still holds can change them afterwards.
 *
 * @module
 */
import { isNDArray, type NDArray } from "../array/ndarray.ts";
import { sizeOf } from "../array/shape.ts";
import { copyTypedArray, typedArrayLength, typedArrayName } from "../array/storage.ts";
import type { EstimatorFailure, RawPredictions } from "../contract/runner.ts";
import { describeType } from "./traceback.ts";

/** Either converted predictions or the failure that stopped the conversion. */
export type Conversion =
  | { readonly predictions: RawPredictions; readonly error?: undefined }
  | { readonly predictions?: undefined; readonly error: EstimatorFailure };

/**
 * How many times more values than `depth × width` a return may hold before it is refused
 * without copying (the scorer would reject its shape anyway; this bounds host memory).
 */
export const OVERSIZE_FACTOR = 16;

/**
 * Converts a returned value: an NDArray (any dtype), nested arrays of numbers, or arrays of
 * typed-array rows. A flat typed array converts to a 1-D shape (which the scorer rejects).
 *
 * @param value What `predict` returned.
 * @param expectedSize depth × width, to refuse absurdly large returns before copying them.
 * @returns `{ predictions }`, or `{ error }` with ESTIMATOR_BAD_SHAPE (not an array, ragged,
 *   far too large), ESTIMATOR_NON_FINITE (an entry that is not a number) or PREDICT_ERROR
 *   (a Promise: predict must be synchronous).
 *
 * @example
 * ```ts
 * import { toRawPredictions } from "./predictions.ts";
 * const { predictions } = toRawPredictions([[1, 2, 3], [4, 5, 6]], 6);
 * console.log(predictions?.shape); // [2, 3]
 * ```
 */
export function toRawPredictions(value: unknown, expectedSize: number): Conversion {
  if (isNDArray(value)) return fromNDArray(value, expectedSize);
  if (typedArrayName(value) !== undefined) return fromTypedArray(value, expectedSize);
  if (Array.isArray(value)) return fromNested(value, expectedSize);
  if (isThenable(value)) {
    return failure(
      "PREDICT_ERROR",
      "predict returned a Promise: predict must return its (depth, width) array synchronously",
    );
  }
  return failure(
    "ESTIMATOR_BAD_SHAPE",
    `predict returned ${describeType(value)}; expected a (depth, width) array`,
  );
}

function fromNDArray(array: NDArray, expectedSize: number): Conversion {
  const oversize = refuseOversize(array.shape, array.size, expectedSize);
  if (oversize) return oversize;
  return { predictions: { shape: array.shape.slice(), values: freshValues(array.data) } };
}

/**
 * A fresh float32 (for float32 data) or float64 copy in the realm's own base class, made with
 * the captured intrinsics: the worker later reads its `buffer` while serialising, after the
 * meter has closed, so it must be an object no estimator code is attached to.
 */
function freshValues(data: unknown): Float32Array | Float64Array {
  const copy = copyTypedArray(data)!;
  if (copy instanceof Float32Array || copy instanceof Float64Array) return copy;
  const out = new Float64Array(copy.length);
  for (let i = 0; i < copy.length; i++) out[i] = Number(copy[i]);
  return out;
}

function fromNested(top: unknown[], expectedSize: number): Conversion {
  const layout = nestedLayout(top);
  if ("error" in layout) return layout;
  const { dims, rows } = layout;
  const size = sizeOf(dims);
  const oversize = refuseOversize(dims, size, expectedSize);
  if (oversize) return oversize;
  const values = new Float64Array(size);
  const rowLength = dims[dims.length - 1];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let j = 0; j < rowLength; j++) {
      const x = row[j];
      if (typeof x !== "number" && typeof x !== "bigint") {
        return notANumber(dims, r * rowLength + j, x);
      }
      values[r * rowLength + j] = Number(x);
    }
  }
  return { predictions: { shape: dims, values } };
}

function fromTypedArray(items: unknown, expectedSize: number): Conversion {
  const length = typedArrayLength(items);
  const oversize = refuseOversize([length], length, expectedSize);
  if (oversize) return oversize;
  return { predictions: { shape: [length], values: freshValues(items) } };
}

/**
 * The dimensions of a rectangular nested array and its innermost rows (arrays of numbers),
 * or why it is not rectangular. The first element of each level fixes that level's length.
 */
function nestedLayout(
  top: unknown[],
): { dims: number[]; rows: ArrayLike<unknown>[] } | { error: EstimatorFailure } {
  const dims: number[] = [];
  let probe: unknown = top;
  while (isArrayLike(probe)) {
    dims.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  let level: ArrayLike<unknown>[] = [top];
  for (let depth = 1; depth < dims.length; depth++) {
    const next: ArrayLike<unknown>[] = [];
    for (const item of level) {
      for (let i = 0; i < item.length; i++) {
        const child = item[i];
        if (!isArrayLike(child) || child.length !== dims[depth]) {
          return {
            error: {
              code: "ESTIMATOR_BAD_SHAPE",
              message: `predict returned a ragged nested array: an entry at depth ${depth} is ${
                describeLength(child)
              } where the first is an array of ${dims[depth]}`,
            },
          };
        }
        next.push(child);
      }
    }
    level = next;
  }
  return { dims, rows: level };
}

function refuseOversize(
  dims: readonly number[],
  size: number,
  expectedSize: number,
): Conversion | undefined {
  if (size <= OVERSIZE_FACTOR * Math.max(1, expectedSize)) return undefined;
  return failure(
    "ESTIMATOR_BAD_SHAPE",
    `predict returned shape (${
      dims.join(", ")
    }) with ${size} values; expected ${expectedSize} (depth × width)`,
  );
}

function notANumber(dims: readonly number[], flatIndex: number, value: unknown): Conversion {
  const index: number[] = [];
  let rest = flatIndex;
  for (let d = dims.length - 1; d >= 0; d--) {
    index.unshift(rest % dims[d]);
    rest = Math.floor(rest / dims[d]);
  }
  return failure(
    "ESTIMATOR_NON_FINITE",
    `predictions[${index.join("][")}] is ${describeType(value)}, not a number`,
  );
}

function describeLength(value: unknown): string {
  return isArrayLike(value) ? `an array of ${value.length}` : describeType(value);
}

/** Plain arrays and typed arrays: the containers a nested return may use. */
function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function isThenable(value: unknown): boolean {
  return (typeof value === "object" || typeof value === "function") && value !== null &&
    typeof (value as { then?: unknown }).then === "function";
}

function failure(code: EstimatorFailure["code"], message: string): Conversion {
  return { error: { code, message } };
}
