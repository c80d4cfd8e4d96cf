/**
 * Shape arithmetic shared by every op: normalising user shapes, sizes, axes and numpy
 * broadcasting. Pure functions on plain number arrays.
 *
 * @module
 */

/**
 * Turns a user shape (a number or an array of numbers) into a validated, frozen shape.
 *
 * @param shape A non-negative integer or an array of them.
 * @param op The op name used in error messages.
 * @example
 * ```ts
 * import { normalizeShape } from "./shape.ts";
 * normalizeShape(3, "zeros"); // [3]
 * ```
 */
export function normalizeShape(shape: number | readonly number[], op: string): readonly number[] {
  const dims = typeof shape === "number" ? [shape] : Array.from(shape);
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`${op}: shape ${JSON.stringify(shape)} must hold non-negative integers`);
    }
  }
  return Object.freeze(dims);
}

/**
 * Number of elements of a shape (1 for the 0-d shape []).
 *
 * @param shape The shape.
 */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  return size;
}

/**
 * Row-major strides (in elements) of a shape.
 *
 * @param shape The shape.
 */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/**
 * Resolves a possibly negative axis against `ndim`, throwing a one-line error when out of range.
 *
 * @param axis The axis as given (negative counts from the end).
 * @param ndim Number of dimensions.
 * @param op The op name used in error messages.
 */
export function normalizeAxis(axis: number, ndim: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new RangeError(`${op}: axis ${axis} is out of bounds for an array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * numpy broadcasting of two shapes.
 *
 * @param a First shape.
 * @param b Second shape.
 * @param op The op name used in error messages.
 * @example
 * ```ts
 * import { broadcastShapes } from "./shape.ts";
 * broadcastShapes([3, 1], [4], "add"); // [3, 4]
 * ```
 */
export function broadcastShapes(
  a: readonly number[],
  b: readonly number[],
  op: string,
): readonly number[] {
  if (sameShape(a, b)) return a;
  const ndim = Math.max(a.length, b.length);
  const out = new Array<number>(ndim);
  for (let i = 0; i < ndim; i++) {
    const da = i < ndim - a.length ? 1 : a[i - (ndim - a.length)];
    const db = i < ndim - b.length ? 1 : b[i - (ndim - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `${op}: operands could not be broadcast together with shapes (${a.join(",")}) (${
          b.join(",")
        })`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return Object.freeze(out);
}

/**
 * Whether two shapes are equal.
 *
 * @param a First shape.
 * @param b Second shape.
 */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Formats a shape the way numpy prints it: `(3, 4)`, `(5,)`, `()`.
 *
 * @param shape The shape.
 */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}
