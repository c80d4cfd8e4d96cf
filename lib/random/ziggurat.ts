/**
 * numpy's ziggurat samplers for the standard normal: the float64 one that spends one 64-bit
 * draw per attempt and the float32 one that spends one buffered 32-bit draw per attempt.
 *
 * Each fill is one fused loop that steps PCG64 inline (lcg128.ts) and applies the ziggurat's
 * fast path (about 99% of attempts: a table lookup and a multiply) to the fresh draw, so the
 * CPU overlaps one draw's sampling with the next draw's LCG arithmetic; this halves the time
 * of a separate draw-then-sample pass. Wedge and tail rejections, which need extra uniforms,
 * write the state back and use the bit generator's own scalar draws. Signs are applied by
 * multiplying with ±1 (exact) because a random sign defeats branch prediction.
 *
 * @module
 */
import { M0I, M0S, M1I, M1S, M2I, M2S, M3I, NEAR_BOUNDARY, TWO_POW_M32 } from "./lcg128.ts";
import type { PCG64 } from "./pcg64.ts";
import {
  FI_DOUBLE,
  FI_FLOAT,
  KI_DOUBLE,
  KI_FLOAT,
  WI_DOUBLE,
  WI_FLOAT,
  ZIGGURAT_NOR_INV_R,
  ZIGGURAT_NOR_INV_R_F,
  ZIGGURAT_NOR_R,
  ZIGGURAT_NOR_R_F,
} from "./ziggurat_tables.ts";

const f32 = Math.fround;
const NO_F64 = new Float64Array(0);
const NO_F32 = new Float32Array(0);
/** Outputs per call of a fused loop: short calls reach fully optimised code sooner than one
 * long first call that V8 can only replace on the stack (measured: the first 1024×16 MLP
 * takes ~15% less time). */
const CHUNK = 4096;

/** The float64 wedge or tail test for a rejected fast-path attempt; NaN means draw again. */
function slowF64(bits: PCG64, lo: number, hi: number): number {
  const idx = lo & 0xff;
  if (idx === 0) {
    for (;;) {
      const xx = -ZIGGURAT_NOR_INV_R * Math.log1p(-bits.nextDouble());
      const yy = -Math.log1p(-bits.nextDouble());
      if (yy + yy > xx * xx) {
        return (lo >>> 17) & 1 ? -(ZIGGURAT_NOR_R + xx) : ZIGGURAT_NOR_R + xx;
      }
    }
  }
  const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9);
  const x = rabs * WI_DOUBLE[idx] * (1 - ((lo >>> 7) & 2));
  const y = (FI_DOUBLE[idx - 1] - FI_DOUBLE[idx]) * bits.nextDouble() + FI_DOUBLE[idx];
  return y < Math.exp(-0.5 * x * x) ? x : NaN;
}

/** The float32 wedge or tail test (float32 arithmetic, float64 exp, as numpy's C code). */
function slowF32(bits: PCG64, r: number): number {
  const idx = r & 0xff;
  const rabs = (r >>> 9) & 0x7fffff;
  if (idx === 0) {
    for (;;) {
      const xx = f32(-ZIGGURAT_NOR_INV_R_F * f32(Math.log1p(-bits.nextFloat())));
      const yy = -f32(Math.log1p(-bits.nextFloat()));
      if (f32(yy + yy) > f32(xx * xx)) {
        return (rabs >>> 8) & 1 ? -f32(ZIGGURAT_NOR_R_F + xx) : f32(ZIGGURAT_NOR_R_F + xx);
      }
    }
  }
  const x = f32(rabs * WI_FLOAT[idx]) * (1 - ((r >>> 7) & 2));
  const y = f32(f32(f32(FI_FLOAT[idx - 1] - FI_FLOAT[idx]) * bits.nextFloat()) + FI_FLOAT[idx]);
  return y < Math.exp(-0.5 * x * x) ? x : NaN;
}

/** Scratch for the scalar draws of the rare paths. */
const halves = new Int32Array(2);

/** One float64 normal drawn through the bit generator's own (exact) step. */
function oneNormalF64(bits: PCG64): number {
  for (;;) {
    bits.fillRaw(halves, 1);
    const lo = halves[0], hi = halves[1];
    const idx = lo & 0xff;
    const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9);
    const x = rabs < KI_DOUBLE[idx]
      ? rabs * WI_DOUBLE[idx] * (1 - ((lo >>> 7) & 2))
      : slowF64(bits, lo, hi);
    if (x === x) return x;
  }
}

/** What ended a fused inner loop. */
const DONE = 0, NEAR_CARRY = 1, REJECTED = 2;

/**
 * The float64 ziggurat over a fused PCG64 loop, storing `x` to `out64` or `x · scale` to
 * `out32` (two stores so each stays monomorphic; `toF32` picks one, predictably).
 *
 * The inner loop makes no calls, since a call would make V8 spill the state every draw: a draw
 * near a carry boundary, or a fast-path rejection, leaves it and is finished by the outer loop
 * with the bit generator's scalar draws.
 */
function normalF64(
  bits: PCG64,
  out64: Float64Array,
  out32: Float32Array,
  scale: number,
  toF32: boolean,
  from: number,
  n: number,
): void {
  const { state: s, inc, incScaled } = bits.core;
  let a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
  const c0 = inc[0], c1 = inc[1], c2 = inc[2], c3 = inc[3];
  const g0 = incScaled[0], g1 = incScaled[1], g2 = incScaled[2];
  let i = from;
  while (i < n) {
    let event = DONE, lo = 0, hi = 0;
    while (i < n) {
      // The fast LCG step and XSL-RR output, as in PCG64.fillRaw.
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
        event = NEAR_CARRY;
        break;
      }
      a3 = (Math.imul(a0, M3I) + Math.imul(a1, M2I) + Math.imul(a2, M1I) + Math.imul(a3, M0I) +
        c3 + (h2 | 0)) | 0;
      a0 = r0, a1 = r1, a2 = r2;
      const xh = a3 ^ a1, xl = a2 ^ a0, rot = a3 >>> 26;
      const swap = (xh ^ xl) & -(rot >>> 5);
      const yh = xh ^ swap, yl = xl ^ swap, r = rot & 31;
      lo = (yl >>> r) | ((yh << 1) << (31 - r));
      hi = (yh >>> r) | ((yl << 1) << (31 - r));
      // Ziggurat: layer from bits 0..7, sign from bit 8, magnitude from bits 9..60.
      const idx = lo & 0xff;
      const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9);
      if (rabs >= KI_DOUBLE[idx]) {
        event = REJECTED;
        break;
      }
      const x = rabs * WI_DOUBLE[idx] * (1 - ((lo >>> 7) & 2));
      if (toF32) out32[i++] = x * scale;
      else out64[i++] = x;
    }
    if (event === DONE) break;
    s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3;
    const x = event === NEAR_CARRY ? oneNormalF64(bits) : slowF64(bits, lo, hi);
    a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
    if (x !== x) continue;
    if (toF32) out32[i++] = x * scale;
    else out64[i++] = x;
  }
  s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3;
}

/**
 * Fills `out` with float64 standard normals, continuing the stream: numpy's
 * `standard_normal(n)`.
 *
 * @param bits The bit generator to draw from.
 * @param out Receives `out.length` draws.
 */
export function fillNormalF64(bits: PCG64, out: Float64Array): void {
  for (let from = 0; from < out.length; from += CHUNK) {
    normalF64(bits, out, NO_F32, 1, false, from, Math.min(out.length, from + CHUNK));
  }
}

/**
 * Fills `out` with float64 standard normals times `scale`, computed in float64 and rounded once
 * to float32 by the store: numpy's `(standard_normal(n) * scale).astype(np.float32)`.
 *
 * @param bits The bit generator to draw from.
 * @param out Receives `out.length` scaled draws.
 * @param scale The float64 factor.
 */
export function fillScaledNormalF64ToF32(bits: PCG64, out: Float32Array, scale: number): void {
  for (let from = 0; from < out.length; from += CHUNK) {
    normalF64(bits, NO_F64, out, scale, true, from, Math.min(out.length, from + CHUNK));
  }
}

/** One float32 normal drawn through the bit generator's own buffered 32-bit stream. */
function oneNormalF32(bits: PCG64): number {
  for (;;) {
    const r = bits.nextUint32();
    const idx = r & 0xff;
    const rabs = (r >>> 9) & 0x7fffff;
    const x = rabs < KI_FLOAT[idx]
      ? f32(rabs * WI_FLOAT[idx]) * (1 - ((r >>> 7) & 2))
      : slowF32(bits, r);
    if (x === x) return x;
  }
}

/**
 * Fills `out` with float32 standard normals from the buffered 32-bit stream (low half of a
 * draw, then its high half; a leftover half stays buffered), so chunked calls give the same
 * draws as one call: numpy's `standard_normal(n, dtype=np.float32)`.
 *
 * Same fused structure as the float64 fill: a call-free inner loop, rare events finished
 * outside it.
 *
 * @param bits The bit generator to draw from.
 * @param out Receives `out.length` draws.
 */
export function fillNormalF32(bits: PCG64, out: Float32Array): void {
  for (let from = 0; from < out.length; from += CHUNK) {
    normalF32(bits, out, from, Math.min(out.length, from + CHUNK));
  }
}

/** The float32 fill of `out[from..n)`. */
function normalF32(bits: PCG64, out: Float32Array, from: number, n: number): void {
  const core = bits.core;
  const { state: s, inc, incScaled } = core;
  let a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
  const c0 = inc[0], c1 = inc[1], c2 = inc[2], c3 = inc[3];
  const g0 = incScaled[0], g1 = incScaled[1], g2 = incScaled[2];
  let buffered = core.hasUint32;
  let half = core.uinteger | 0;
  let i = from;
  while (i < n) {
    let event = DONE, r = 0;
    if (buffered) {
      // A high half left by an earlier call or a rare path: spend it first.
      r = half;
      buffered = false;
      const idx = r & 0xff;
      const rabs = (r >>> 9) & 0x7fffff;
      if (rabs < KI_FLOAT[idx]) out[i++] = f32(rabs * WI_FLOAT[idx]) * (1 - ((r >>> 7) & 2));
      else event = REJECTED;
    }
    while (event === DONE && i < n) {
      // The fast LCG step and XSL-RR output, as in PCG64.fillRaw; then the low half's attempt
      // and, if an output is still due, the high half's.
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
        event = NEAR_CARRY;
        break;
      }
      a3 = (Math.imul(a0, M3I) + Math.imul(a1, M2I) + Math.imul(a2, M1I) + Math.imul(a3, M0I) +
        c3 + (h2 | 0)) | 0;
      a0 = r0, a1 = r1, a2 = r2;
      const xh = a3 ^ a1, xl = a2 ^ a0, rot = a3 >>> 26;
      const swap = (xh ^ xl) & -(rot >>> 5);
      const yh = xh ^ swap, yl = xl ^ swap, rr = rot & 31;
      r = (yl >>> rr) | ((yh << 1) << (31 - rr));
      half = (yh >>> rr) | ((yl << 1) << (31 - rr));
      // Ziggurat on the low half: layer from bits 0..7, sign from bit 8, magnitude 9..31.
      let idx = r & 0xff;
      let rabs = (r >>> 9) & 0x7fffff;
      if (rabs >= KI_FLOAT[idx]) {
        buffered = true;
        event = REJECTED;
        break;
      }
      out[i++] = f32(rabs * WI_FLOAT[idx]) * (1 - ((r >>> 7) & 2));
      if (i === n) {
        buffered = true;
        break;
      }
      r = half;
      idx = r & 0xff;
      rabs = (r >>> 9) & 0x7fffff;
      if (rabs >= KI_FLOAT[idx]) {
        event = REJECTED;
        break;
      }
      out[i++] = f32(rabs * WI_FLOAT[idx]) * (1 - ((r >>> 7) & 2));
    }
    if (event === DONE) break;
    s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3;
    core.hasUint32 = buffered;
    core.uinteger = half >>> 0;
    const x = event === NEAR_CARRY ? oneNormalF32(bits) : slowF32(bits, r);
    a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3];
    buffered = core.hasUint32;
    half = core.uinteger | 0;
    if (x === x) out[i++] = x;
  }
  s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3;
  core.hasUint32 = buffered;
  core.uinteger = half >>> 0;
}
