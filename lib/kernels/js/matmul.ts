/**
 * The JS backend's matmul entry points: route the vector cases (m = 1 or n = 1) to the
 * streaming matrix-vector kernels and everything else to the blocked kernel.
 *
 * @module
 */

import { gemmF32, gemmF64 } from "./gemm.ts";
import { axpyRowsF32, axpyRowsF64, dotRowsF32, dotRowsF64 } from "./gemv.ts";

/**
 * Float64 C (m×n) = op(A)·op(B); see `Kernels.matmulF64` in lib/kernels/seam.ts.
 *
 * @param a A, stored m×k (k×m when transA).
 * @param b B, stored k×n (n×k when transB).
 * @param c C, m×n, overwritten.
 * @param m Rows of C.
 * @param k Inner dimension.
 * @param n Columns of C.
 * @param transA Whether A is stored transposed.
 * @param transB Whether B is stored transposed.
 */
export function matmulF64(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    c.fill(0, 0, m * n);
  } else if (n === 1) {
    if (transA) axpyRowsF64(a, b, c, k, m);
    else dotRowsF64(a, b, c, m, k);
  } else if (m === 1) {
    if (transB) dotRowsF64(b, a, c, n, k);
    else axpyRowsF64(b, a, c, k, n);
  } else {
    gemmF64(a, b, c, m, k, n, transA, transB);
  }
}

/**
 * Float32 C (m×n) = op(A)·op(B), accumulating in float32; see `Kernels.matmulF32`.
 *
 * @param a A, stored m×k (k×m when transA).
 * @param b B, stored k×n (n×k when transB).
 * @param c C, m×n, overwritten.
 * @param m Rows of C.
 * @param k Inner dimension.
 * @param n Columns of C.
 * @param transA Whether A is stored transposed.
 * @param transB Whether B is stored transposed.
 */
export function matmulF32(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    c.fill(0, 0, m * n);
  } else if (n === 1) {
    if (transA) axpyRowsF32(a, b, c, k, m);
    else dotRowsF32(a, b, c, m, k);
  } else if (m === 1) {
    if (transB) dotRowsF32(b, a, c, n, k);
    else axpyRowsF32(b, a, c, k, n);
  } else {
    gemmF32(a, b, c, m, k, n, transA, transB);
  }
}
