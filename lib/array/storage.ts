/**
 * Typed arrays as the meter can trust them. Every check and copy here goes through the realm's
 * own %TypedArray% intrinsics, captured at load and called on the object's internal slots, so
 * a subclass, a Proxy or an own accessor (`buffer`, `length`, ...) never runs while whest
 * inspects or copies a typed array.
 *
 * @module
 */

import type { DType, Storage } from "./dtype.ts";

const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Int8Array.prototype);
const tagGetter = Object.getOwnPropertyDescriptor(TYPED_ARRAY_PROTOTYPE, Symbol.toStringTag)!
  .get!;
const lengthGetter = Object.getOwnPropertyDescriptor(TYPED_ARRAY_PROTOTYPE, "length")!.get!;
const typedArraySet = TYPED_ARRAY_PROTOTYPE.set as (source: ArrayLike<number>) => void;
const apply = Reflect.apply;
const getPrototypeOf = Object.getPrototypeOf;
const preventExtensions = Object.preventExtensions;

/** The realm's typed-array constructors by name (Float16Array where the realm has it). */
const CONSTRUCTORS: Readonly<Record<string, new (length: number) => TypedArray>> = Object.freeze(
  Object.fromEntries(
    [
      "Int8Array",
      "Uint8Array",
      "Uint8ClampedArray",
      "Int16Array",
      "Uint16Array",
      "Int32Array",
      "Uint32Array",
      "Float16Array",
      "Float32Array",
      "Float64Array",
      "BigInt64Array",
      "BigUint64Array",
    ].map((name) => [name, (globalThis as Record<string, unknown>)[name]])
      .filter(([, constructor]) => typeof constructor === "function"),
  ),
);

/** Any of the realm's typed arrays. */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** The storage type of each dtype, by its constructor's name. */
const STORAGE_NAME: Readonly<Record<DType, string>> = Object.freeze({
  bool: "Uint8Array",
  int32: "Int32Array",
  int64: "Float64Array",
  float32: "Float32Array",
  float64: "Float64Array",
});

/**
 * The typed-array type of `x` ("Float64Array", ...), or undefined when `x` is not a typed array.
 * A brand check: a Proxy of a typed array is not one, and no getter or trap runs.
 *
 * @param x Any value.
 * @example
 * ```ts
 * import { typedArrayName } from "./storage.ts";
 * typedArrayName(new Float32Array(2)); // "Float32Array"
 * typedArrayName(new Proxy(new Float32Array(2), {})); // undefined
 * ```
 */
export function typedArrayName(x: unknown): string | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  return apply(tagGetter, x, []) as string | undefined;
}

/**
 * The length of a typed array, read from its internal slot (an own or subclass `length`
 * accessor does not run).
 *
 * @param x A typed array (checked with {@link typedArrayName} first).
 */
export function typedArrayLength(x: unknown): number {
  return apply(lengthGetter, x, []) as number;
}

/**
 * A fresh typed array of the realm's own type, with `x`'s elements: a subclass instance copies
 * to its base class, and none of `x`'s own or inherited accessors run.
 *
 * @param x A typed array (checked with {@link typedArrayName} first).
 * @returns The copy, or undefined when `x` is not a typed array.
 */
export function copyTypedArray(x: unknown): TypedArray | undefined {
  const name = typedArrayName(x);
  if (name === undefined) return undefined;
  const Constructor = CONSTRUCTORS[name];
  if (Constructor === undefined) return undefined;
  const out = new Constructor(typedArrayLength(x));
  apply(typedArraySet, out, [x]);
  return out;
}

/**
 * Checks that `buffer` can be an array's storage: exactly the realm's typed array for `dtype`
 * (no subclass, no Proxy, no other type), then seals it against new properties, so that no own
 * accessor (`length`, `buffer`, `set`, ...) can be added to it while an estimator holds it.
 * whest creates every storage itself, so an own property never exists before this seal.
 *
 * @param buffer The candidate storage.
 * @param dtype The array's dtype.
 * @throws {TypeError} When `buffer` is not the dtype's storage type.
 */
export function checkStorage(buffer: unknown, dtype: DType): asserts buffer is Storage {
  const expected = STORAGE_NAME[dtype];
  const name = typedArrayName(buffer);
  // After the brand check `buffer` is an ordinary object, so reading its prototype runs no trap.
  if (name !== expected || getPrototypeOf(buffer) !== CONSTRUCTORS[expected].prototype) {
    throw new TypeError(
      `NDArray: ${dtype} storage must be a plain ${expected}, got ${
        name === expected ? `a subclass of ${name}` : name ?? typeof buffer
      }`,
    );
  }
  preventExtensions(buffer);
}
