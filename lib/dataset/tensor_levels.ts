/**
 * Where a fixed-shape tensor's lists break, as parquet's repetition levels say it: the level of
 * each value of a row of shape `dims` stored as `dims.length` nested lists.
 *
 * @module
 */

/**
 * The repetition level of the value at offset `k` of a row of shape `dims`: 0 for the row's
 * first value; else the depth (1-based) of the outermost list the value continues, which is the
 * smallest level L whose items (of `dims[L] · dims[L+1] · …` values) start at k, or
 * `dims.length` when the value continues the innermost list.
 *
 * @example
 * ```ts
 * import { repetitionLevel } from "./tensor_levels.ts";
 * const level = repetitionLevel([2, 3]);
 * [0, 1, 2, 3, 4, 5].map(level); // [0, 2, 2, 1, 2, 2]
 * ```
 * @param dims The row's shape.
 * @returns The level of offset k, for 0 ≤ k < the row's size.
 */
export function repetitionLevel(dims: readonly number[]): (k: number) => number {
  const last = dims[dims.length - 1];
  const spans = dims.map((_, level) => dims.slice(level).reduce((a, b) => a * b, 1));
  return (k) => {
    if (k === 0) return 0;
    if (k % last !== 0) return dims.length;
    for (let level = 1; level < dims.length; level++) if (k % spans[level] === 0) return level;
    return dims.length;
  };
}
