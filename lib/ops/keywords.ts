/**
 * numpy's keyword arguments in JavaScript: one plain object (`np.take(a, i, { axis: 1 })`) in
 * the place of the first optional positional argument, its keys spelled as numpy spells them.
 *
 * @module
 */

import { isNDArray } from "../array/ndarray.ts";

/**
 * `arg` as a keyword object when it is one (a plain object: not an array, a typed array or an
 * np array), checking its keys against `names`; undefined for a positional value.
 *
 * @param arg The argument as given.
 * @param op The op's name, for the error message.
 * @param names The keywords the op accepts, in numpy's spelling.
 * @throws {TypeError} For a key numpy's function does not take (or whest does not support).
 * @example
 * ```ts
 * import { keywordsOf } from "./keywords.ts";
 * keywordsOf({ axis: 1 }, "take", ["axis"]); // { axis: 1 }
 * keywordsOf(1, "take", ["axis"]); // undefined
 * ```
 */
export function keywordsOf(
  arg: unknown,
  op: string,
  names: readonly string[],
): Record<string, unknown> | undefined {
  if (typeof arg !== "object" || arg === null || Array.isArray(arg) || ArrayBuffer.isView(arg)) {
    return undefined;
  }
  if (isNDArray(arg)) return undefined;
  const record = arg as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!names.includes(key)) {
      throw new TypeError(
        `${op}: unknown keyword '${key}' (${op} takes ${names.map((n) => `'${n}'`).join(", ")})`,
      );
    }
  }
  return record;
}

/** numpy's `axis=` keyword as an object, for the ops whose optional argument is an axis. */
export interface AxisKeyword {
  /** The axis (null: the flattened array, where the op allows it). */
  readonly axis?: number | null;
}

/**
 * The axis from an argument that is either the axis itself or `{ axis }`.
 *
 * @param arg The argument as given.
 * @param fallback The default axis (used when the argument, or its `axis`, is absent).
 * @param op The op's name, for the error message.
 */
export function axisOf(
  arg: number | null | undefined | AxisKeyword,
  fallback: number | null,
  op: string,
): number | null {
  const kw = keywordsOf(arg, op, ["axis"]);
  const axis = kw ? kw.axis : arg;
  if (axis === undefined) return fallback;
  if (axis !== null && typeof axis !== "number") {
    throw new TypeError(`${op}: axis must be an integer or null, got ${typeof axis}`);
  }
  return axis;
}
