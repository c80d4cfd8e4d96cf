/**
 * Packing for the blocked matmul: copies a block of op(A) or op(B) into contiguous
 * micro-panels (MR rows or NR columns interleaved, k-major), zero-padding ragged edges, so the
 * micro-kernel reads both operands sequentially whatever the transpose flags.
 *
 * @module
 */

import type { FloatBuffer } from "../seam.ts";

/** Rows of A per micro-panel. */
export const MR = 4;
/** Columns of B per micro-panel. */
export const NR = 4;

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
  let o = 0;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    const i = i0 + ir;
    if (!transA) {
      for (let r = 0; r < MR; r++) {
        if (r < rows) {
          const src = (i + r) * k + p0;
          for (let p = 0; p < kc; p++) dst[o + p * MR + r] = a[src + p];
        } else {
          for (let p = 0; p < kc; p++) dst[o + p * MR + r] = 0;
        }
      }
    } else if (rows === MR) {
      for (let p = 0; p < kc; p++) {
        const src = (p0 + p) * m + i;
        const d = o + p * MR;
        dst[d] = a[src];
        dst[d + 1] = a[src + 1];
        dst[d + 2] = a[src + 2];
        dst[d + 3] = a[src + 3];
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = (p0 + p) * m + i;
        const d = o + p * MR;
        for (let r = 0; r < MR; r++) dst[d + r] = r < rows ? a[src + r] : 0;
      }
    }
    o += MR * kc;
  }
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
  let o = 0;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    const j = j0 + jr;
    if (transB) {
      for (let s = 0; s < NR; s++) {
        if (s < cols) {
          const src = (j + s) * k + p0;
          for (let p = 0; p < kc; p++) dst[o + p * NR + s] = b[src + p];
        } else {
          for (let p = 0; p < kc; p++) dst[o + p * NR + s] = 0;
        }
      }
    } else if (cols === NR) {
      for (let p = 0; p < kc; p++) {
        const src = (p0 + p) * n + j;
        const d = o + p * NR;
        dst[d] = b[src];
        dst[d + 1] = b[src + 1];
        dst[d + 2] = b[src + 2];
        dst[d + 3] = b[src + 3];
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = (p0 + p) * n + j;
        const d = o + p * NR;
        for (let s = 0; s < NR; s++) dst[d + s] = s < cols ? b[src + s] : 0;
      }
    }
    o += NR * kc;
  }
}
