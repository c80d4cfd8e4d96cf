/**
 * numpy's uniform samplers on [0, 1): float64 from one 64-bit draw (`next_double`) and float32
 * from one buffered 32-bit draw (`next_float`), read in bulk from a {@linkcode RawBlock}.
 *
 * @module
 */
import type { RawBlock } from "./raw_block.ts";

const TWO_POW_M53 = 2 ** -53;
const TWO_POW_M24 = 2 ** -24;

/**
 * Fills `out` with float64 uniforms on [0, 1): numpy's `random(n)`.
 *
 * @param stream The block stream of the generator to draw from.
 * @param out Receives `out.length` draws.
 */
export function fillRandomF64(stream: RawBlock, out: Float64Array): void {
  const n = out.length;
  const w = stream.words;
  let i = 0;
  while (i < n) {
    stream.refill(n - i);
    const end = stream.end;
    for (let p = 0; p < end; p += 2) {
      out[i++] = ((w[p + 1] >>> 0) * 2097152 + (w[p] >>> 11)) * TWO_POW_M53;
    }
    stream.pos = end;
  }
}

/**
 * Fills `out` with float32 uniforms on [0, 1) from the buffered 32-bit stream: numpy's
 * `random(n, dtype=np.float32)`.
 *
 * @param stream The block stream of the generator to draw from.
 * @param out Receives `out.length` draws.
 */
export function fillRandomF32(stream: RawBlock, out: Float32Array): void {
  const n = out.length;
  const w = stream.words;
  let i = 0;
  while (i < n) {
    // A waiting high half must be used first; a lone output cannot take a whole draw.
    if (n - i < 2 || stream.bits.hasBufferedUint32) {
      out[i++] = stream.bits.nextFloat();
      continue;
    }
    stream.refill((n - i) >>> 1);
    const end = stream.end;
    for (let p = 0; p < end; p++) out[i++] = (w[p] >>> 8) * TWO_POW_M24;
    stream.pos = end;
  }
}
