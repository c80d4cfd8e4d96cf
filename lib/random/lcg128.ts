/**
 * The arithmetic of PCG64's 128-bit LCG step `s ← s·M + inc (mod 2^128)` on four 32-bit limbs,
 * shared by the bit generator's bulk loop and the fused samplers.
 *
 * The fast step, written out inline in every hot loop (V8 keeps the state in registers only
 * when the loop owns it as locals), goes column by column: `Math.imul` gives each column's
 * exact low word, and a float64 sum of the column's products, pre-scaled by 2^-32, gives its
 * carry by `Math.floor`. The float sum is off by less than 2^15, so the carry is exact unless
 * the column's low word lies within {@linkcode NEAR_BOUNDARY} of a multiple of 2^32 (about one
 * draw in 10^4); then the loop calls {@linkcode stepExact} instead. Every inline copy is pinned
 * by the 200,000-draw SHA-256 stream tests and the BigInt reference test.
 *
 * Limbs are int32 bit patterns, least significant first.
 *
 * @module
 */

/** PCG's default 128-bit multiplier. */
export const MULTIPLIER = 0x2360ed051fc65da44385df649fccf645n;
/** 2^128 − 1. */
export const MASK128 = (1n << 128n) - 1n;
/** 2^-32: scales a column sum to units of the next limb. */
export const TWO_POW_M32 = 2 ** -32;

const M0 = 0x9fccf645;
const M1 = 0x4385df64;
const M2 = 0x1fc65da4;
const M3 = 0x2360ed05;

/** Multiplier limb 0 as an int32 bit pattern (for `Math.imul`). */
export const M0I = M0 | 0;
/** Multiplier limb 1 as an int32 bit pattern. */
export const M1I = M1 | 0;
/** Multiplier limb 2 as an int32 bit pattern. */
export const M2I = M2 | 0;
/** Multiplier limb 3 as an int32 bit pattern. */
export const M3I = M3 | 0;
/** Multiplier limb 0, unsigned, times 2^-32 (exact): its float products are carry estimates. */
export const M0S = M0 * TWO_POW_M32;
/** Multiplier limb 1, unsigned, times 2^-32. */
export const M1S = M1 * TWO_POW_M32;
/** Multiplier limb 2, unsigned, times 2^-32. */
export const M2S = M2 * TWO_POW_M32;

/**
 * A low word within this distance of a carry boundary makes the fast step fall back to
 * {@linkcode stepExact}: `((r + NEAR_BOUNDARY) >>> 17) === 0` tests `|r| < 2^16` on int32 bits.
 */
export const NEAR_BOUNDARY = 1 << 16;

/**
 * The increment's low three limbs, unsigned, times 2^-32: the constant terms of the carry
 * estimates.
 *
 * @param inc The increment limbs.
 */
export function scaledIncrement(inc: Int32Array): Float64Array {
  return Float64Array.of(
    (inc[0] >>> 0) * TWO_POW_M32,
    (inc[1] >>> 0) * TWO_POW_M32,
    (inc[2] >>> 0) * TWO_POW_M32,
  );
}

/**
 * One exact step `s ← s·M + inc` in place, for the draws whose fast carry estimate is too close
 * to a boundary to trust.
 *
 * @param s The state limbs (updated).
 * @param inc The increment limbs.
 */
export function stepExact(s: Int32Array, inc: Int32Array): void {
  const a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
  const c0 = inc[0], c1 = inc[1], c2 = inc[2];
  const u0 = a0 >>> 0, u1 = a1 >>> 0, u2 = a2 >>> 0;
  const l0 = (Math.imul(a0, M0I) + c0) | 0;
  const l1 = (Math.imul(a0, M1I) + Math.imul(a1, M0I) + c1) | 0;
  const l2 = (Math.imul(a0, M2I) + Math.imul(a1, M1I) + Math.imul(a2, M0I) + c2) | 0;
  const l3 = (Math.imul(a0, M3I) + Math.imul(a1, M2I) + Math.imul(a2, M1I) + Math.imul(a3, M0I) +
    inc[3]) | 0;
  // Each column's float sum minus its exact low word is a multiple of 2^32 up to an error far
  // below 2^31, so rounding recovers the column's exact high part.
  const h0 = Math.round((u0 * M0 + (c0 >>> 0) - (l0 >>> 0)) * TWO_POW_M32);
  const h1 = Math.round((u0 * M1 + u1 * M0 + (c1 >>> 0) - (l1 >>> 0)) * TWO_POW_M32);
  const h2 = Math.round((u0 * M2 + u1 * M1 + u2 * M0 + (c2 >>> 0) - (l2 >>> 0)) * TWO_POW_M32);
  const t1 = (l1 >>> 0) + h0;
  const t2 = (l2 >>> 0) + h1 + Math.floor(t1 * TWO_POW_M32);
  s[0] = l0;
  s[1] = t1 | 0;
  s[2] = t2 | 0;
  s[3] = (l3 + h2 + Math.floor(t2 * TWO_POW_M32)) | 0;
}
