/**
 * Test helper: nested numbers equal within a relative tolerance, NaN equal to NaN.
 *
 * @module
 */

import assert from "@std/assert";

type Nested = number | boolean | Nested[];

/**
 * Asserts `actual` and `expected` have the same nesting and their numbers agree to `rel`.
 *
 * @param actual Values from whest (e.g. `tolist()`).
 * @param expected numpy's values.
 * @param rel Relative tolerance; default 1e-12.
 * @param abs Absolute tolerance, for values near 0; default 0.
 * @param path Where in the nesting (for the message).
 */
export function assertClose(
  actual: unknown,
  expected: Nested,
  rel = 1e-12,
  abs = 0,
  path = "",
) {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) throw new assert.AssertionError({ message: `${path}: not a list` });
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => assertClose(actual[i], e, rel, abs, `${path}[${i}]`));
    return;
  }
  const a = Number(actual);
  const e = Number(expected);
  if (Number.isNaN(e)) return assert.ok(Number.isNaN(a), `${path}: ${a} is not NaN`);
  assert.ok(
    Math.abs(a - e) <= Math.max(rel * Math.abs(e), abs) || a === e,
    `${path}: ${a} vs ${e}`,
  );
}
