/**
 * Deterministic pseudo-random numbers for tests, so that a failure reproduces: small
 * generators that do not depend on the random streams under test.
 *
 * @module
 */

/**
 * mulberry32: uniforms in [0, 1), multiples of 2^-32, from a 32-bit seed.
 *
 * @param seed Any integer (taken mod 2^32).
 * @returns The next uniform on each call.
 * @example
 * ```ts
 * import { mulberry32 } from "./_random.ts";
 * const next = mulberry32(7);
 * const u = next(); // 0 <= u < 1
 * ```
 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The ANSI C linear congruential generator s ← (1103515245·s + 12345) mod 2^31, computed in
 * float64 as the tests always have: uniforms s / 2^31 in [0, 1).
 *
 * @param seed The starting state.
 * @returns The next uniform on each call.
 */
export function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}
