/**
 * Cache-blocked, register-tiled matmul in plain JS (the GotoBLAS/BLIS loop nest): B blocks of
 * KC×NC and A blocks of MC×KC are packed into micro-panels, and a 4×4 micro-kernel keeps 16
 * accumulators in registers. The float32 kernel rounds every accumulation step to float32
 * (`Math.fround`), as sgemm accumulates in float32; float64 accumulates in float64.
 *
 * @module
 */

import type { FloatBuffer } from "../seam.ts";
import { MR, NR, packA, packB } from "./gemm_pack.ts";

const KC = 256;
const MC = 64;
const NC = 1024;

let scratchA = new Float64Array(MC * KC);
let scratchB = new Float64Array(NC * KC);

function scratch(kc: number, nc: number): [Float64Array, Float64Array] {
  const needB = Math.ceil(nc / NR) * NR * kc;
  if (scratchB.length < needB) scratchB = new Float64Array(needB);
  const needA = Math.ceil(MC / MR) * MR * kc;
  if (scratchA.length < needA) scratchA = new Float64Array(needA);
  return [scratchA, scratchB];
}

type MacroKernel = (
  ap: Float64Array,
  bp: Float64Array,
  c: FloatBuffer,
  ldc: number,
  i0: number,
  j0: number,
  mc: number,
  nc: number,
  kc: number,
  accumulate: boolean,
) => void;

/**
 * The blocked loop nest shared by both precisions.
 *
 * @param a A (m×k, or k×m when transA).
 * @param b B (k×n, or n×k when transB).
 * @param c C (m×n), overwritten.
 * @param m Rows of C.
 * @param k Inner dimension.
 * @param n Columns of C.
 * @param transA Whether A is stored transposed.
 * @param transB Whether B is stored transposed.
 * @param macro The precision's macro-kernel.
 */
function blocked(
  a: FloatBuffer,
  b: FloatBuffer,
  c: FloatBuffer,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  macro: MacroKernel,
): void {
  if (k === 0) {
    c.fill(0, 0, m * n);
    return;
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      const [ap, bp] = scratch(kc, nc);
      packB(b, bp, k, n, pc, jc, kc, nc, transB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(a, ap, m, k, ic, pc, mc, kc, transA);
        macro(ap, bp, c, n, ic, jc, mc, nc, kc, pc > 0);
      }
    }
  }
}

/**
 * Float64 C = op(A)·op(B) via the blocked kernel.
 *
 * @param a A buffer.
 * @param b B buffer.
 * @param c C buffer (m×n), overwritten.
 * @param m Rows of C.
 * @param k Inner dimension.
 * @param n Columns of C.
 * @param transA Whether A is stored k×m.
 * @param transB Whether B is stored n×k.
 */
export function gemmF64(
  a: FloatBuffer,
  b: FloatBuffer,
  c: Float64Array,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  blocked(a, b, c, m, k, n, transA, transB, macroF64);
}

/**
 * Float32 C = op(A)·op(B) via the blocked kernel, accumulating in float32.
 *
 * @param a A buffer.
 * @param b B buffer.
 * @param c C buffer (m×n), overwritten.
 * @param m Rows of C.
 * @param k Inner dimension.
 * @param n Columns of C.
 * @param transA Whether A is stored k×m.
 * @param transB Whether B is stored n×k.
 */
export function gemmF32(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  blocked(a, b, c, m, k, n, transA, transB, macroF32);
}

const edge = new Float64Array(MR * NR);

function macroF64(
  ap: Float64Array,
  bp: Float64Array,
  c: FloatBuffer,
  ldc: number,
  i0: number,
  j0: number,
  mc: number,
  nc: number,
  kc: number,
  accumulate: boolean,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const bOff = (jr / NR) * NR * kc;
    const cols = Math.min(NR, nc - jr);
    for (let ir = 0; ir < mc; ir += MR) {
      const aOff = (ir / MR) * MR * kc;
      const rows = Math.min(MR, mc - ir);
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let ai = aOff;
      let bi = bOff;
      for (let p = 0; p < kc; p++) {
        const a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
        const b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
        ai += MR;
        bi += NR;
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
      }
      const base = (i0 + ir) * ldc + j0 + jr;
      if (rows === MR && cols === NR) {
        if (accumulate) {
          let o = base;
          c[o] += c00, c[o + 1] += c01, c[o + 2] += c02, c[o + 3] += c03;
          o += ldc;
          c[o] += c10, c[o + 1] += c11, c[o + 2] += c12, c[o + 3] += c13;
          o += ldc;
          c[o] += c20, c[o + 1] += c21, c[o + 2] += c22, c[o + 3] += c23;
          o += ldc;
          c[o] += c30, c[o + 1] += c31, c[o + 2] += c32, c[o + 3] += c33;
        } else {
          let o = base;
          c[o] = c00, c[o + 1] = c01, c[o + 2] = c02, c[o + 3] = c03;
          o += ldc;
          c[o] = c10, c[o + 1] = c11, c[o + 2] = c12, c[o + 3] = c13;
          o += ldc;
          c[o] = c20, c[o + 1] = c21, c[o + 2] = c22, c[o + 3] = c23;
          o += ldc;
          c[o] = c30, c[o + 1] = c31, c[o + 2] = c32, c[o + 3] = c33;
        }
      } else {
        edge[0] = c00, edge[1] = c01, edge[2] = c02, edge[3] = c03;
        edge[4] = c10, edge[5] = c11, edge[6] = c12, edge[7] = c13;
        edge[8] = c20, edge[9] = c21, edge[10] = c22, edge[11] = c23;
        edge[12] = c30, edge[13] = c31, edge[14] = c32, edge[15] = c33;
        storeEdge(c, base, ldc, rows, cols, accumulate);
      }
    }
  }
}

function storeEdge(
  c: FloatBuffer,
  base: number,
  ldc: number,
  rows: number,
  cols: number,
  accumulate: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < cols; s++) {
      const o = base + r * ldc + s;
      c[o] = accumulate ? c[o] + edge[r * NR + s] : edge[r * NR + s];
    }
  }
}

const fr = Math.fround;

function macroF32(
  ap: Float64Array,
  bp: Float64Array,
  c: FloatBuffer,
  ldc: number,
  i0: number,
  j0: number,
  mc: number,
  nc: number,
  kc: number,
  accumulate: boolean,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const bOff = (jr / NR) * NR * kc;
    const cols = Math.min(NR, nc - jr);
    for (let ir = 0; ir < mc; ir += MR) {
      const aOff = (ir / MR) * MR * kc;
      const rows = Math.min(MR, mc - ir);
      const base = (i0 + ir) * ldc + j0 + jr;
      // Continue float32 accumulation from the previous K block's partial sums.
      if (accumulate) {
        loadEdge(c, base, ldc, rows, cols);
      } else {
        edge.fill(0);
      }
      let c00 = edge[0], c01 = edge[1], c02 = edge[2], c03 = edge[3];
      let c10 = edge[4], c11 = edge[5], c12 = edge[6], c13 = edge[7];
      let c20 = edge[8], c21 = edge[9], c22 = edge[10], c23 = edge[11];
      let c30 = edge[12], c31 = edge[13], c32 = edge[14], c33 = edge[15];
      let ai = aOff;
      let bi = bOff;
      for (let p = 0; p < kc; p++) {
        const a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
        const b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
        ai += MR;
        bi += NR;
        c00 = fr(c00 + a0 * b0);
        c01 = fr(c01 + a0 * b1);
        c02 = fr(c02 + a0 * b2);
        c03 = fr(c03 + a0 * b3);
        c10 = fr(c10 + a1 * b0);
        c11 = fr(c11 + a1 * b1);
        c12 = fr(c12 + a1 * b2);
        c13 = fr(c13 + a1 * b3);
        c20 = fr(c20 + a2 * b0);
        c21 = fr(c21 + a2 * b1);
        c22 = fr(c22 + a2 * b2);
        c23 = fr(c23 + a2 * b3);
        c30 = fr(c30 + a3 * b0);
        c31 = fr(c31 + a3 * b1);
        c32 = fr(c32 + a3 * b2);
        c33 = fr(c33 + a3 * b3);
      }
      edge[0] = c00, edge[1] = c01, edge[2] = c02, edge[3] = c03;
      edge[4] = c10, edge[5] = c11, edge[6] = c12, edge[7] = c13;
      edge[8] = c20, edge[9] = c21, edge[10] = c22, edge[11] = c23;
      edge[12] = c30, edge[13] = c31, edge[14] = c32, edge[15] = c33;
      storeEdge(c, base, ldc, rows, cols, false);
    }
  }
}

function loadEdge(c: FloatBuffer, base: number, ldc: number, rows: number, cols: number): void {
  edge.fill(0);
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < cols; s++) edge[r * NR + s] = c[base + r * ldc + s];
  }
}
