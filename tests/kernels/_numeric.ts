/**
 * Shared by the native-kernel tests (BLAS and LAPACK against the JS kernels): reproducible test
 * matrices and the relative difference they are judged by.
 *
 * @module
 */
import assert from "@std/assert";
import { lcg } from "../_random.ts";

/**
 * `n` values in [−0.5, 0.5) from the ANSI C generator seeded with `seed`.
 *
 * @param n How many.
 * @param seed The generator's starting state.
 * @returns The values, float64.
 */
export function centred(n: number, seed: number): Float64Array {
  const next = lcg(seed);
  return Float64Array.from({ length: n }, () => next() - 0.5);
}

/**
 * max |a − b| over max |b|, the absolute difference where b is all zeros; the lengths must agree.
 *
 * @param a What a kernel computed.
 * @param b The reference.
 * @returns The largest difference relative to the reference's scale.
 */
export function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
