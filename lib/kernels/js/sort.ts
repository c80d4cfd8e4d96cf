/**
 * Sorting kernels in numpy's order: ascending, NaN last.
 *
 * @module
 */

/** A typed array the sorting kernels accept. */
export type SortableArray = Float64Array | Float32Array | Int32Array;

/** Runs shorter than this are sorted by insertion before merging. */
const RUN = 24;

/**
 * Sorts `values[start, start + length)` ascending in place, NaN last (numpy's order; -0 and
 * +0 compare equal there, here -0 lands first).
 *
 * @param values The array holding the segment; only the segment changes.
 * @param start Index of the first element of the segment.
 * @param length Number of elements in the segment.
 * @example
 * ```ts
 * const v = Float64Array.from([3, NaN, 1, 2]);
 * sortInPlace(v, 0, 4); // v = [1, 2, 3, NaN]
 * ```
 */
export function sortInPlace(values: SortableArray, start: number, length: number): void {
  // A typed array's default sort is numeric with NaN last, and runs natively.
  values.subarray(start, start + length).sort();
}

/**
 * The indices that sort `values[start, start + length)` ascending, NaN last; stable, so equal
 * values (including -0 and +0, and all NaNs) keep their original order, like numpy's
 * `argsort(kind="stable")`.
 *
 * @param values The array holding the segment (not modified).
 * @param start Index of the first element of the segment.
 * @param length Number of elements in the segment.
 * @returns Indices relative to `start`.
 * @example
 * ```ts
 * argsort(Float64Array.from([9, 2, NaN, 2, 1]), 1, 4); // Int32Array [3, 0, 2, 1]
 * ```
 */
export function argsort(values: SortableArray, start: number, length: number): Int32Array {
  const order = new Int32Array(length);
  const keys = new Float64Array(length);
  // NaNs go to the back in their original order; the numbers before them sort by `<`.
  let numbers = 0;
  let hasNaN = false;
  for (let i = 0; i < length; i++) {
    const v = values[start + i];
    if (v === v) {
      keys[numbers] = v;
      order[numbers++] = i;
    } else hasNaN = true;
  }
  if (hasNaN) {
    for (let i = 0, back = numbers; i < length; i++) {
      const v = values[start + i];
      if (v !== v) order[back++] = i;
    }
  }
  mergeSortPairs(keys, order, numbers);
  return order;
}

/** Stable sort of the first `n` (key, index) pairs by key: insertion runs, then merges. */
function mergeSortPairs(keys: Float64Array, order: Int32Array, n: number): void {
  for (let lo = 0; lo < n; lo += RUN) insertionSortPairs(keys, order, lo, Math.min(lo + RUN, n));
  if (n <= RUN) return;
  let fromKeys: Float64Array = keys;
  let fromOrder: Int32Array = order;
  let toKeys: Float64Array = new Float64Array(n);
  let toOrder: Int32Array = new Int32Array(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      mergePairs(fromKeys, fromOrder, toKeys, toOrder, lo, mid, hi);
    }
    [fromKeys, toKeys] = [toKeys, fromKeys];
    [fromOrder, toOrder] = [toOrder, fromOrder];
  }
  if (fromOrder !== order) order.set(fromOrder.subarray(0, n));
}

function insertionSortPairs(keys: Float64Array, order: Int32Array, lo: number, hi: number) {
  for (let i = lo + 1; i < hi; i++) {
    const key = keys[i];
    const index = order[i];
    let j = i - 1;
    while (j >= lo && keys[j] > key) {
      keys[j + 1] = keys[j];
      order[j + 1] = order[j];
      j--;
    }
    keys[j + 1] = key;
    order[j + 1] = index;
  }
}

/** Merges sorted [lo, mid) and [mid, hi) of `from*` into `to*`; ties take the left side. */
function mergePairs(
  fromKeys: Float64Array,
  fromOrder: Int32Array,
  toKeys: Float64Array,
  toOrder: Int32Array,
  lo: number,
  mid: number,
  hi: number,
) {
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) {
    if (fromKeys[j] < fromKeys[i]) {
      toKeys[k] = fromKeys[j];
      toOrder[k++] = fromOrder[j++];
    } else {
      toKeys[k] = fromKeys[i];
      toOrder[k++] = fromOrder[i++];
    }
  }
  while (i < mid) {
    toKeys[k] = fromKeys[i];
    toOrder[k++] = fromOrder[i++];
  }
  while (j < hi) {
    toKeys[k] = fromKeys[j];
    toOrder[k++] = fromOrder[j++];
  }
}
