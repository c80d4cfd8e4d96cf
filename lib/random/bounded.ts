/**
 * numpy's bounded-integer draws: Lemire's multiply-shift rejection for `integers` and `choice`,
 * and the masked rejection `random_interval` that `shuffle` and `permutation` use.
 *
 * Ranges up to 2^32 use the buffered 32-bit stream; wider ones use whole 64-bit draws (through
 * BigInt, a slow path that bounded draws in JS practice never hit).
 *
 * @module
 */
import type { PCG64 } from "./pcg64.ts";
import type { RawBlock } from "./raw_block.ts";

const UINT32_MAX = 0xffffffff;
const TWO_POW_M32 = 2 ** -32;
const MASK64 = (1n << 64n) - 1n;

/** The 32-bit stream a bounded draw reads from: the block stream or the bit generator. */
export interface Uint32Source {
  /** numpy's `next_uint32`. */
  nextUint32(): number;
}

/**
 * A uniform integer in [0, rng] by Lemire's method on 32-bit words, as numpy's
 * `buffered_bounded_lemire_uint32` (rng below 2^32 − 1).
 *
 * @param source The 32-bit stream.
 * @param rng The inclusive upper bound.
 */
export function lemire32(source: Uint32Source, rng: number): number {
  const rngExcl = rng + 1;
  let u = source.nextUint32();
  let leftover = Math.imul(u, rngExcl) >>> 0;
  if (leftover < rngExcl) {
    const threshold = (UINT32_MAX - rng) % rngExcl;
    while (leftover < threshold) {
      u = source.nextUint32();
      leftover = Math.imul(u, rngExcl) >>> 0;
    }
  }
  // The float product is within 2^12 of the exact one, so the rounded excess over the exact
  // low word is the exact high word.
  return Math.round((u * rngExcl - leftover) * TWO_POW_M32);
}

/**
 * A uniform integer in [0, rng] for rng ≥ 2^32 on whole 64-bit draws, as numpy's
 * `bounded_lemire_uint64` (and plain `next_uint64` for rng = 2^64 − 1).
 *
 * @param bits The bit generator.
 * @param rng The inclusive upper bound.
 */
export function lemire64(bits: PCG64, rng: bigint): bigint {
  if (rng === MASK64) return bits.nextUint64();
  const rngExcl = rng + 1n;
  let m = bits.nextUint64() * rngExcl;
  let leftover = m & MASK64;
  if (leftover < rngExcl) {
    const threshold = (MASK64 - rng) % rngExcl;
    while (leftover < threshold) {
      m = bits.nextUint64() * rngExcl;
      leftover = m & MASK64;
    }
  }
  return m >> 64n;
}

/**
 * numpy's `random_bounded_uint64(bitgen, 0, rng, 0, False)` for one draw in [0, rng].
 *
 * @param bits The bit generator.
 * @param rng The inclusive upper bound (a non-negative safe integer).
 */
export function boundedIndex(bits: PCG64, rng: number): number {
  if (rng === 0) return 0;
  if (rng === UINT32_MAX) return bits.nextUint32();
  if (rng < UINT32_MAX) return lemire32(bits, rng);
  return Number(lemire64(bits, BigInt(rng)));
}

/**
 * numpy's `random_interval(bitgen, max)`: masked rejection sampling of an integer in [0, max].
 *
 * @param bits The bit generator.
 * @param max The inclusive upper bound (below 2^32, as any JS array index).
 */
export function randomInterval(bits: PCG64, max: number): number {
  if (max > UINT32_MAX) throw new RangeError(`random_interval bound ${max} exceeds 2^32 - 1`);
  if (max === 0) return 0;
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  let value: number;
  do value = (bits.nextUint32() & mask) >>> 0; while (value > max);
  return value;
}

/**
 * Fills `out` with `off + (uniform integer in [0, rng])`, as numpy's
 * `random_bounded_uint64_fill` / `random_bounded_uint32_fill` without masking.
 *
 * @param stream The block stream of the generator.
 * @param off The lowest value.
 * @param rng The width of the closed range (high − low), at most 2^54.
 * @param out Receives the values.
 */
export function fillBounded(
  stream: RawBlock,
  off: number,
  rng: number,
  out: Float64Array | Int32Array,
): void {
  const n = out.length;
  if (rng === 0) {
    out.fill(off);
    return;
  }
  if (rng > UINT32_MAX) {
    const wide = BigInt(rng);
    for (let i = 0; i < n; i++) out[i] = off + Number(lemire64(stream.bits, wide));
    return;
  }
  for (let i = 0; i < n; i++) {
    // Each output takes at least one word, so a block of (n − i)/2 draws is always used up.
    if (stream.pos >= stream.end && n - i >= 2 && !stream.bits.hasBufferedUint32) {
      stream.refill((n - i) >>> 1);
    }
    out[i] = off + (rng === UINT32_MAX ? stream.nextUint32() : lemire32(stream, rng));
  }
}
