/**
 * Packing for the blocked matmul: copies a block of op(A) or op(B) into contiguous
 * micro-panels (MR rows or NR columns interleaved, k-major), zero-padding ragged edges, so the
 * micro-kernel reads both operands sequentially whatever the transpose flags.
 *
 * @module
 */

import type { FloatBuffer } from "../seam.ts";

/** Lanes per micro-panel, for A's rows and B's columns alike (the micro-kernel is square). */
const PANEL = 4;
/** Rows of A per micro-panel. */
export const MR: number = PANEL;
/** Columns of B per micro-panel. */
export const NR: number = PANEL;

/**
 * Packs op(A)[i0:i0+mc, p0:p0+kc] into `dst` as ceil(mc/MR) panels of kc×MR.
 *
 * @param a A, stored m×k (or k×m when `transA`).
 * @param dst Destination, at least ceil(mc/MR)·MR·kc long.
 * @param m Rows of op(A).
 * @param k Columns of op(A).
 * @param i0 First row.
 * @param p0 First column.
 * @param mc Rows to pack.
 * @param kc Columns to pack.
 * @param transA Whether A is stored transposed.
 */
export function packA(
  a: FloatBuffer,
  dst: Float64Array,
  m: number,
  k: number,
  i0: number,
  p0: number,
  mc: number,
  kc: number,
  transA: boolean,
): void {
  packPanels(a, dst, transA ? m : k, i0, p0, mc, kc, !transA);
}

/**
 * Packs op(B)[p0:p0+kc, j0:j0+nc] into `dst` as ceil(nc/NR) panels of kc×NR.
 *
 * @param b B, stored k×n (or n×k when `transB`).
 * @param dst Destination, at least ceil(nc/NR)·NR·kc long.
 * @param k Rows of op(B).
 * @param n Columns of op(B).
 * @param p0 First row.
 * @param j0 First column.
 * @param kc Rows to pack.
 * @param nc Columns to pack.
 * @param transB Whether B is stored transposed.
 */
export function packB(
  b: FloatBuffer,
  dst: Float64Array,
  k: number,
  n: number,
  p0: number,
  j0: number,
  kc: number,
  nc: number,
  transB: boolean,
): void {
  packPanels(b, dst, transB ? k : n, j0, p0, nc, kc, transB);
}

/**
 * Packs lanes l0..l0+lanes (A's rows or B's columns) over steps p0..p0+kc of k into panels of
 * PANEL interleaved lanes, k-major, zero-padding the last panel. With `kRuns` each lane's k
 * values are contiguous in `src` (lane l, step p at (l·ld + p)); otherwise each step's lanes
 * are (at p·ld + l).
 */
function packPanels(
  src: FloatBuffer,
  dst: Float64Array,
  ld: number,
  l0: number,
  p0: number,
  lanes: number,
  kc: number,
  kRuns: boolean,
): void {
  let o = 0;
  for (let lr = 0; lr < lanes; lr += PANEL) {
    const width = Math.min(PANEL, lanes - lr);
    const l = l0 + lr;
    if (kRuns) {
      for (let r = 0; r < PANEL; r++) {
        if (r < width) {
          const from = (l + r) * ld + p0;
          for (let p = 0; p < kc; p++) dst[o + p * PANEL + r] = src[from + p];
        } else {
          for (let p = 0; p < kc; p++) dst[o + p * PANEL + r] = 0;
        }
      }
    } else if (width === PANEL) {
      for (let p = 0; p < kc; p++) {
        const from = (p0 + p) * ld + l;
        const d = o + p * PANEL;
        dst[d] = src[from];
        dst[d + 1] = src[from + 1];
        dst[d + 2] = src[from + 2];
        dst[d + 3] = src[from + 3];
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const from = (p0 + p) * ld + l;
        const d = o + p * PANEL;
        for (let r = 0; r < PANEL; r++) dst[d + r] = r < width ? src[from + r] : 0;
      }
    }
    o += PANEL * kc;
  }
}
