/**
 * numpy's ziggurat samplers for the standard normal: the float64 one that spends one 64-bit
 * draw per attempt and the float32 one that spends one buffered 32-bit draw per attempt.
 *
 * The fast path (about 99% of attempts) is a table lookup and one multiply, read straight from
 * a {@linkcode RawBlock}; the wedge and tail rejections live in separate functions so the hot
 * loops stay small. Signs are applied by multiplying with ±1 (exact) rather than branching,
 * because a random sign defeats branch prediction.
 *
 * @module
 */
import type { RawBlock } from "./raw_block.ts";
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

/** The fast-path float64 value of the attempt (lo, hi), or NaN when it needs the slow path. */
function fastF64(lo: number, hi: number): number {
  const idx = lo & 0xff;
  // Bits 9..60 of the draw: 23 from the low half, 29 from the high half.
  const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9);
  return rabs < KI_DOUBLE[idx] ? rabs * WI_DOUBLE[idx] * (1 - ((lo >>> 7) & 2)) : NaN;
}

/** The float64 wedge or tail test for a rejected fast-path attempt; NaN means draw again. */
function slowF64(stream: RawBlock, lo: number, hi: number): number {
  const idx = lo & 0xff;
  const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9);
  if (idx === 0) {
    for (;;) {
      const xx = -ZIGGURAT_NOR_INV_R * Math.log1p(-stream.nextDouble());
      const yy = -Math.log1p(-stream.nextDouble());
      if (yy + yy > xx * xx) {
        return (lo >>> 17) & 1 ? -(ZIGGURAT_NOR_R + xx) : ZIGGURAT_NOR_R + xx;
      }
    }
  }
  const x = rabs * WI_DOUBLE[idx] * (1 - ((lo >>> 7) & 2));
  const y = (FI_DOUBLE[idx - 1] - FI_DOUBLE[idx]) * stream.nextDouble() + FI_DOUBLE[idx];
  return y < Math.exp(-0.5 * x * x) ? x : NaN;
}

/**
 * Fills `out` with float64 standard normals, continuing the stream: numpy's
 * `standard_normal(n)`.
 *
 * @param stream The block stream of the generator to draw from.
 * @param out Receives `out.length` draws.
 */
export function fillNormalF64(stream: RawBlock, out: Float64Array): void {
  const n = out.length;
  const w = stream.words;
  let i = 0;
  while (i < n) {
    if (stream.pos >= stream.end) stream.refill(n - i);
    let p = stream.pos;
    const end = stream.end;
    while (p < end) {
      const lo = w[p], hi = w[p + 1];
      p += 2;
      let x = fastF64(lo, hi);
      if (x !== x) {
        stream.pos = p;
        x = slowF64(stream, lo, hi);
        p = stream.pos;
        if (x !== x) continue;
      }
      out[i++] = x;
    }
    stream.pos = p;
  }
}

/**
 * Fills `out` with float64 standard normals times `scale`, computed in float64 and rounded once
 * to float32 by the store: numpy's `(standard_normal(n) * scale).astype(np.float32)`. A twin of
 * {@linkcode fillNormalF64} so each loop stores to one array type (V8 keeps both monomorphic).
 *
 * @param stream The block stream of the generator to draw from.
 * @param out Receives `out.length` scaled draws.
 * @param scale The float64 factor.
 */
export function fillScaledNormalF64ToF32(stream: RawBlock, out: Float32Array, scale: number): void {
  const n = out.length;
  const w = stream.words;
  let i = 0;
  while (i < n) {
    if (stream.pos >= stream.end) stream.refill(n - i);
    let p = stream.pos;
    const end = stream.end;
    while (p < end) {
      const lo = w[p], hi = w[p + 1];
      p += 2;
      let x = fastF64(lo, hi);
      if (x !== x) {
        stream.pos = p;
        x = slowF64(stream, lo, hi);
        p = stream.pos;
        if (x !== x) continue;
      }
      out[i++] = x * scale;
    }
    stream.pos = p;
  }
}

/** The fast-path float32 value of the attempt `r`, or NaN when it needs the slow path. */
function fastF32(r: number): number {
  const idx = r & 0xff;
  const rabs = (r >>> 9) & 0x7fffff;
  return rabs < KI_FLOAT[idx] ? f32(rabs * WI_FLOAT[idx]) * (1 - ((r >>> 7) & 2)) : NaN;
}

/** The float32 wedge or tail test (float32 arithmetic, float64 exp, as numpy's C code). */
function slowF32(stream: RawBlock, r: number): number {
  const idx = r & 0xff;
  const rabs = (r >>> 9) & 0x7fffff;
  if (idx === 0) {
    for (;;) {
      const xx = f32(-ZIGGURAT_NOR_INV_R_F * f32(Math.log1p(-stream.nextFloat())));
      const yy = -f32(Math.log1p(-stream.nextFloat()));
      if (f32(yy + yy) > f32(xx * xx)) {
        return (rabs >>> 8) & 1 ? -f32(ZIGGURAT_NOR_R_F + xx) : f32(ZIGGURAT_NOR_R_F + xx);
      }
    }
  }
  const x = f32(rabs * WI_FLOAT[idx]) * (1 - ((r >>> 7) & 2));
  const y = f32(f32(f32(FI_FLOAT[idx - 1] - FI_FLOAT[idx]) * stream.nextFloat()) + FI_FLOAT[idx]);
  return y < Math.exp(-0.5 * x * x) ? x : NaN;
}

/** One float32 normal from the stream's 32-bit words (falling through to the bit generator). */
function oneNormalF32(stream: RawBlock): number {
  for (;;) {
    const r = stream.nextUint32();
    const x = fastF32(r);
    if (x === x) return x;
    const y = slowF32(stream, r);
    if (y === y) return y;
  }
}

/**
 * Fills `out` with float32 standard normals, continuing the buffered 32-bit stream, so chunked
 * calls give the same draws as one call: numpy's `standard_normal(n, dtype=np.float32)`.
 *
 * @param stream The block stream of the generator to draw from.
 * @param out Receives `out.length` draws.
 */
export function fillNormalF32(stream: RawBlock, out: Float32Array): void {
  const n = out.length;
  const w = stream.words;
  let i = 0;
  while (i < n) {
    if (stream.pos >= stream.end) {
      // A waiting high half must be used first; a lone output cannot take a whole draw.
      if (n - i < 2 || stream.bits.hasBufferedUint32) {
        out[i++] = oneNormalF32(stream);
        continue;
      }
      stream.refill((n - i) >>> 1);
    }
    let p = stream.pos;
    const end = stream.end;
    while (p < end) {
      const r = w[p++];
      let x = fastF32(r);
      if (x !== x) {
        stream.pos = p;
        x = slowF32(stream, r);
        p = stream.pos;
        if (x !== x) continue;
      }
      out[i++] = x;
    }
    stream.pos = p;
  }
}
