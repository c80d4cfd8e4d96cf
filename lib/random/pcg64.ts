/**
 * numpy's `PCG64` bit generator: a 128-bit LCG with the XSL-RR output function, producing the
 * same raw 64-bit words, buffered 32-bit words, doubles and floats as numpy.
 *
 * The 128-bit state lives in four 32-bit limbs (see lcg128.ts), so the hot path uses only
 * number arithmetic; BigInt appears only for seeding and for displaying the state.
 *
 * @module
 */
import {
  M0I,
  M0S,
  M1I,
  M1S,
  M2I,
  M2S,
  M3I,
  MASK128,
  MULTIPLIER,
  NEAR_BOUNDARY,
  scaledIncrement,
  stepExact,
  TWO_POW_M32,
} from "./lcg128.ts";
import { type Entropy, SeedSequence } from "./seed_sequence.ts";

const TWO_POW_M53 = 2 ** -53;
const TWO_POW_M24 = 2 ** -24;

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

/**
 * The live state of a {@linkcode PCG64}. The fused samplers (ziggurat.ts) copy it into locals,
 * step it inline and write it back, because V8 keeps loop state in registers only as locals.
 */
export interface Pcg64Core {
  /** LCG state limbs (int32 bit patterns, least significant first). */
  readonly state: Int32Array;
  /** Increment limbs, same layout. */
  readonly inc: Int32Array;
  /** The increment's low three limbs, unsigned, times 2^-32 (lcg128.ts `scaledIncrement`). */
  readonly incScaled: Float64Array;
  /** Whether `nextUint32` has a buffered high half waiting. */
  hasUint32: boolean;
  /** The buffered high half (uint32). */
  uinteger: number;
}

function toLimbs(value: bigint, out: Int32Array): void {
  for (let i = 0; i < 4; i++) out[i] = Number((value >> BigInt(32 * i)) & 0xffffffffn);
}

function fromLimbs(limbs: Int32Array): bigint {
  let value = 0n;
  for (let i = 3; i >= 0; i--) value = (value << 32n) | BigInt(limbs[i] >>> 0);
  return value;
}

/** Writes the XSL-RR output of state `s` to `out[at]` (low half) and `out[at + 1]`. */
function outputXslRr(s: Int32Array, out: Int32Array, at: number): void {
  const high = BigInt(s[3] >>> 0) << 32n | BigInt(s[2] >>> 0);
  const low = BigInt(s[1] >>> 0) << 32n | BigInt(s[0] >>> 0);
  const x = high ^ low;
  const rot = BigInt(s[3] >>> 26);
  const y = ((x >> rot) | (x << ((64n - rot) & 63n))) & 0xffffffffffffffffn;
  out[at] = Number(y & 0xffffffffn);
  out[at + 1] = Number(y >> 32n);
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
  /** The live state, shared with the fused samplers. */
  readonly core: Pcg64Core;
  readonly #halves = new Int32Array(2);

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
    const incValue = ((word64(2) << 65n) | (word64(3) << 1n) | 1n) & MASK128;
    const state = new Int32Array(4);
    const inc = new Int32Array(4);
    // pcg_setseq_128_srandom_r: step from 0 (giving inc), add the initial state, step again.
    toLimbs(((incValue + initState) * MULTIPLIER + incValue) & MASK128, state);
    toLimbs(incValue, inc);
    this.core = { state, inc, incScaled: scaledIncrement(inc), hasUint32: false, uinteger: 0 };
  }

  /** The current state, for display and tests (BigInt; not for hot loops). */
  get state(): Pcg64State {
    const { state, inc, hasUint32, uinteger } = this.core;
    return { state: fromLimbs(state), inc: fromLimbs(inc), hasUint32, uinteger };
  }

  /** Whether `nextUint32` will return a buffered high half without drawing. */
  get hasBufferedUint32(): boolean {
    return this.core.hasUint32;
  }

  /**
   * Draws `nDraws` raw 64-bit outputs into `out` as (low, high) int32 bit-pattern pairs,
   * advancing the state exactly as `nDraws` single draws would.
   *
   * @param out Receives `2 · nDraws` words; `out[2k]` is draw k's low half.
   * @param nDraws Number of 64-bit draws.
   */
  fillRaw(out: Int32Array, nDraws: number): void {
    const { state: s, inc, incScaled } = this.core;
    let a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
    const c0 = inc[0], c1 = inc[1], c2 = inc[2], c3 = inc[3];
    const g0 = incScaled[0], g1 = incScaled[1], g2 = incScaled[2];
    let k = 0;
    while (k < nDraws) {
      // The hot loop makes no calls (a call would make V8 spill the state every draw); a draw
      // near a carry boundary leaves it and is stepped exactly below.
      for (; k < nDraws; k++) {
        // The fast LCG step (lcg128.ts): exact low words by Math.imul, carries by float sums.
        const u0 = a0 >>> 0, u1 = a1 >>> 0, u2 = a2 >>> 0;
        const h0 = Math.floor(u0 * M0S + g0);
        const h1 = Math.floor(u0 * M1S + u1 * M0S + g1 + h0 * TWO_POW_M32);
        const h2 = Math.floor(u0 * M2S + u1 * M1S + u2 * M0S + g2 + h1 * TWO_POW_M32);
        const r0 = (Math.imul(a0, M0I) + c0) | 0;
        const r1 = (Math.imul(a0, M1I) + Math.imul(a1, M0I) + c1 + (h0 | 0)) | 0;
        const r2 = (Math.imul(a0, M2I) + Math.imul(a1, M1I) + Math.imul(a2, M0I) + c2 +
          (h1 | 0)) | 0;
        if (
          ((r0 + NEAR_BOUNDARY) >>> 17) === 0 || ((r1 + NEAR_BOUNDARY) >>> 17) === 0 ||
          ((r2 + NEAR_BOUNDARY) >>> 17) === 0
        ) break;
        a3 = (Math.imul(a0, M3I) + Math.imul(a1, M2I) + Math.imul(a2, M1I) + Math.imul(a3, M0I) +
          c3 + (h2 | 0)) | 0;
        a0 = r0, a1 = r1, a2 = r2;
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
      if (k === nDraws) break;
      s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3;
      stepExact(s, inc);
      outputXslRr(s, out, 2 * k++);
      a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
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
    const core = this.core;
    if (core.hasUint32) {
      core.hasUint32 = false;
      return core.uinteger;
    }
    const h = this.#halves;
    this.fillRaw(h, 1);
    core.hasUint32 = true;
    core.uinteger = h[1] >>> 0;
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
