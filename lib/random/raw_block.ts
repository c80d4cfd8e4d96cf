/**
 * A block of raw PCG64 draws that the bulk samplers read from, so the bit generator's hot loop
 * runs once per block instead of once per draw.
 *
 * Stream exactness: a sampler only asks for as many draws as it is certain to consume before it
 * returns (every output consumes at least one draw), so no drawn word is ever lost and the bit
 * generator's state between calls is exactly numpy's. When the block runs dry mid-sample, the
 * uniform helpers fall through to the bit generator itself, which is the same stream.
 *
 * @module
 */
import type { PCG64 } from "./pcg64.ts";

/** Draws per block: large enough to amortise the call, small enough to stay in L1. */
export const BLOCK_DRAWS = 1024;

const TWO_POW_M53 = 2 ** -53;
const TWO_POW_M24 = 2 ** -24;

/**
 * A cursor over up to {@linkcode BLOCK_DRAWS} raw draws, stored as (low, high) int32 words in
 * the order numpy's buffered `next_uint32` hands them out.
 */
export class RawBlock {
  /** The bit generator the block draws from. */
  readonly bits: PCG64;
  /** Raw words: draw k's low half at `2k`, high half at `2k + 1`. */
  readonly words: Int32Array = new Int32Array(2 * BLOCK_DRAWS);
  /** Index of the next unread word. */
  pos = 0;
  /** One past the last valid word. */
  end = 0;

  /**
   * Creates an empty block (`pos === end`): reads go straight to `bits` until a `refill`.
   *
   * @param bits The bit generator to draw from.
   */
  constructor(bits: PCG64) {
    this.bits = bits;
  }

  /**
   * Replaces the (fully consumed) block with `min(nDraws, BLOCK_DRAWS)` fresh draws.
   *
   * @param nDraws How many draws the caller is certain to consume (at least 1).
   */
  refill(nDraws: number): void {
    const n = nDraws < BLOCK_DRAWS ? nDraws : BLOCK_DRAWS;
    this.bits.fillRaw(this.words, n);
    this.pos = 0;
    this.end = 2 * n;
  }

  /** numpy's `next_double` on the stream: the next whole draw (the cursor must be even). */
  nextDouble(): number {
    const p = this.pos;
    if (p >= this.end) return this.bits.nextDouble();
    this.pos = p + 2;
    return ((this.words[p + 1] >>> 0) * 2097152 + (this.words[p] >>> 11)) * TWO_POW_M53;
  }

  /** numpy's `next_uint32` on the stream: the next 32-bit word. */
  nextUint32(): number {
    const p = this.pos;
    if (p >= this.end) return this.bits.nextUint32();
    this.pos = p + 1;
    return this.words[p] >>> 0;
  }

  /** numpy's `next_float` on the stream: `(u32 >> 8) · 2^-24`. */
  nextFloat(): number {
    return (this.nextUint32() >>> 8) * TWO_POW_M24;
  }
}
