/**
 * Test helper: the deterministic inputs of tests/fixtures/gen_indexing_fixture.py.
 *
 * @module
 */

import { np } from "../../lib/api/mod.ts";
import type { NDArray } from "../../lib/array/ndarray.ts";

/**
 * (i·3 mod 7) − 3 over the flat index, float64, in `shape` (the fixture's `seq`).
 *
 * @param shape The array's shape.
 */
export function seq(shape: readonly number[]): NDArray {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = Float64Array.from({ length: n }, (_, i) => ((i * 3) % 7) - 3);
  return np.reshape(np.array(data), shape);
}

/** numpy's results of tests/fixtures/gen_indexing_fixture.py, by case. */
export const NUMPY: Record<string, unknown> = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/numpy-indexing.json", import.meta.url)),
);
