/**
 * numpy's `PCG64` bit generator: a 128-bit LCG with the XSL-RR output function, producing the
 * same raw 64-bit words, buffered 32-bit words, doubles and floats as numpy.
 *
 * The 128-bit state lives in four 32-bit limbs (int32 bit patterns, least significant first),
 * so the hot path uses only number arithmetic; BigInt appears only for seeding and for
 * displaying the state.
 *
 * @module
 */
import { type Entropy, SeedSequence } from "./seed_sequence.ts";

/** PCG's default 128-bit multiplier. */
const MULTIPLIER = 0x2360ed051fc65da44385df649fccf645n;
/** The multiplier's 32-bit limbs as unsigned values (for float products)... */
const M0 = 0x9fccf645;
const M1 = 0x4385df64;
const M2 = 0x1fc65da4;
const M3 = 0x2360ed05;
/** ...and as int32 bit patterns (for Math.imul). */
const M0I = M0 | 0;
const M1I = M1 | 0;
const M2I = M2 | 0;
const M3I = M3 | 0;
const MASK128 = (1n << 128n) - 1n;
const TWO_POW_M32 = 2 ** -32;
/** The limbs pre-scaled by 2^-32 (exact), so column sums come out in units of 2^32. */
const M0S = M0 * TWO_POW_M32;
const M1S = M1 * TWO_POW_M32;
const M2S = M2 * TWO_POW_M32;
const TWO_POW_M53 = 2 ** -53;
const TWO_POW_M24 = 2 ** -24;
/** Float column sums are off by less than 2^15; a low word this close to a carry boundary is
 * recomputed exactly. */
const NEAR_BOUNDARY = 1 << 16;

/** The raw state of a {@linkcode PCG64}, as numpy's `bit_generator.state` shows it. */
export interface Pcg64State {
  /** The 128-bit LCG state. */
  readonly state: bigint;
  /** The 128-bit odd increment. */
  readonly inc: bigint;
  /** Whether a buffered 32-bit half is waiting. */
  readonly hasUint32: boolean;
  /** The buffered 32-bit half (0 when none). */
  readonly uinteger: number;
}

function toLimbs(value: bigint, out: Int32Array): void {
  for (let i = 0; i < 4; i++) out[i] = Number((value >> BigInt(32 * i)) & 0xffffffffn);
}

function fromLimbs(limbs: Int32Array): bigint {
  let value = 0n;
  for (let i = 3; i >= 0; i--) value = (value << 32n) | BigInt(limbs[i] >>> 0);
  return value;
}

/**
 * One exact LCG step `s = s·M + inc` on int32 limbs, for the rare draws whose fast float carry
 * estimate lands too close to a 2^32 boundary to trust.
 */
function exactStep(s: Int32Array, inc: Int32Array): void {
  const a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
  const c0 = inc[0], c1 = inc[1], c2 = inc[2];
  const u0 = a0 >>> 0, u1 = a1 >>> 0, u2 = a2 >>> 0;
  const l0 = (Math.imul(a0, M0I) + c0) | 0;
  const l1 = (Math.imul(a0, M1I) + Math.imul(a1, M0I) + c1) | 0;
  const l2 = (Math.imul(a0, M2I) + Math.imul(a1, M1I) + Math.imul(a2, M0I) + c2) | 0;
  const l3 = (Math.imul(a0, M3I) + Math.imul(a1, M2I) + Math.imul(a2, M1I) + Math.imul(a3, M0I) +
    inc[3]) | 0;
  // Each column's float sum minus its exact low word is a multiple of 2^32 up to a tiny error.
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

/**
 * numpy's PCG64 (not PCG64DXSM), seeded from a {@linkcode SeedSequence} exactly as numpy does.
 *
 * `nextUint32` returns the low half of a 64-bit draw and keeps the high half for the next
 * `nextUint32` call; `fillRaw`, `nextUint64` and `nextDouble` leave that buffer alone.
 *
 * @example
 * ```ts
 * import { PCG64 } from "./pcg64.ts";
 * import { SeedSequence } from "./seed_sequence.ts";
 * const bits = new PCG64(new SeedSequence(42));
 * const u = bits.nextDouble(); // in [0, 1)
 * ```
 */
export class PCG64 {
  /** The sequence this generator was seeded from. */
  readonly seedSeq: SeedSequence;
  readonly #state = new Int32Array(4);
  readonly #inc = new Int32Array(4);
  readonly #halves = new Int32Array(2);
  #hasUint32 = false;
  #uinteger = 0;

  /**
   * Seeds from four uint64 words of the sequence's state, as numpy's `PCG64(seed_seq)`.
   *
   * @param seed A SeedSequence, or entropy to build one from (`undefined` = OS entropy).
   */
  constructor(seed: SeedSequence | Entropy | undefined) {
    this.seedSeq = seed instanceof SeedSequence ? seed : new SeedSequence(seed);
    const w = this.seedSeq.generateWords(8);
    const word64 = (i: number) => (BigInt(w[2 * i + 1]) << 32n) | BigInt(w[2 * i]);
    const initState = (word64(0) << 64n) | word64(1);
    const inc = ((word64(2) << 65n) | (word64(3) << 1n) | 1n) & MASK128;
    // pcg_setseq_128_srandom_r: step from 0 (giving inc), add the initial state, step again.
    toLimbs(((inc + initState) * MULTIPLIER + inc) & MASK128, this.#state);
    toLimbs(inc, this.#inc);
  }

  /** The current state, for display and tests (BigInt; not for hot loops). */
  get state(): Pcg64State {
    return {
      state: fromLimbs(this.#state),
      inc: fromLimbs(this.#inc),
      hasUint32: this.#hasUint32,
      uinteger: this.#uinteger,
    };
  }

  /** Whether `nextUint32` will return a buffered high half without drawing. */
  get hasBufferedUint32(): boolean {
    return this.#hasUint32;
  }

  /**
   * Draws `nDraws` raw 64-bit outputs into `out` as (low, high) int32 bit-pattern pairs.
   *
   * This is the bulk primitive the distributions consume; it advances the state exactly as
   * `nDraws` single draws would.
   *
   * @param out Receives `2 · nDraws` words; `out[2k]` is draw k's low half.
   * @param nDraws Number of 64-bit draws.
   */
  fillRaw(out: Int32Array, nDraws: number): void {
    const s = this.#state;
    const inc = this.#inc;
    let a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
    const c0 = inc[0], c1 = inc[1], c2 = inc[2], c3 = inc[3];
    const g0 = (c0 >>> 0) * TWO_POW_M32;
    const g1 = (c1 >>> 0) * TWO_POW_M32;
    const g2 = (c2 >>> 0) * TWO_POW_M32;
    for (let k = 0; k < nDraws; k++) {
      // s·M + inc column by column: floats estimate each column's carry (always right unless
      // the column's low word sits within the float error of a 2^32 boundary, checked below);
      // Math.imul gives the exact low words. Scaling by 2^-32 is exact, so the pre-scaled
      // constants round exactly as the unscaled sums would.
      const u0 = a0 >>> 0, u1 = a1 >>> 0, u2 = a2 >>> 0;
      const h0 = Math.floor(u0 * M0S + g0);
      const h1 = Math.floor(u0 * M1S + u1 * M0S + g1 + h0 * TWO_POW_M32);
      const h2 = Math.floor(u0 * M2S + u1 * M1S + u2 * M0S + g2 + h1 * TWO_POW_M32);
      const r0 = (Math.imul(a0, M0I) + c0) | 0;
      const r1 = (Math.imul(a0, M1I) + Math.imul(a1, M0I) + c1 + (h0 | 0)) | 0;
      const r2 = (Math.imul(a0, M2I) + Math.imul(a1, M1I) + Math.imul(a2, M0I) + c2 + (h1 | 0)) |
        0;
      if (
        ((r0 + NEAR_BOUNDARY) >>> 17) === 0 || ((r1 + NEAR_BOUNDARY) >>> 17) === 0 ||
        ((r2 + NEAR_BOUNDARY) >>> 17) === 0
      ) {
        s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3;
        exactStep(s, inc);
        a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
      } else {
        a3 = (Math.imul(a0, M3I) + Math.imul(a1, M2I) + Math.imul(a2, M1I) + Math.imul(a3, M0I) +
          c3 + (h2 | 0)) | 0;
        a0 = r0, a1 = r1, a2 = r2;
      }
      // XSL-RR: (high 64 ^ low 64) rotated right by the top 6 bits, branch-free: swap the
      // halves when the rotation is 32 or more, then rotate by the rest. `(v << 1) << (31 - r)`
      // is `v << (32 - r)` without JS's shift-by-32 wrap when r = 0.
      const xh = a3 ^ a1, xl = a2 ^ a0;
      const rot = a3 >>> 26;
      const swap = (xh ^ xl) & -(rot >>> 5);
      const yh = xh ^ swap, yl = xl ^ swap;
      const r = rot & 31;
      out[2 * k] = (yl >>> r) | ((yh << 1) << (31 - r));
      out[2 * k + 1] = (yh >>> r) | ((yl << 1) << (31 - r));
    }
    s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3;
  }

  /** The next raw 64-bit output as a BigInt (slow path: allocates). */
  nextUint64(): bigint {
    const h = this.#halves;
    this.fillRaw(h, 1);
    return (BigInt(h[1] >>> 0) << 32n) | BigInt(h[0] >>> 0);
  }

  /** numpy's `next_uint32`: the buffered high half if one waits, else the low half of a draw. */
  nextUint32(): number {
    if (this.#hasUint32) {
      this.#hasUint32 = false;
      return this.#uinteger;
    }
    const h = this.#halves;
    this.fillRaw(h, 1);
    this.#hasUint32 = true;
    this.#uinteger = h[1] >>> 0;
    return h[0] >>> 0;
  }

  /** numpy's `next_double`: `(u64 >> 11) · 2^-53`, in [0, 1). */
  nextDouble(): number {
    const h = this.#halves;
    this.fillRaw(h, 1);
    return ((h[1] >>> 0) * 2097152 + (h[0] >>> 11)) * TWO_POW_M53;
  }

  /** numpy's `next_float`: `(u32 >> 8) · 2^-24` from the buffered 32-bit stream, in [0, 1). */
  nextFloat(): number {
    return (this.nextUint32() >>> 8) * TWO_POW_M24;
  }
}
