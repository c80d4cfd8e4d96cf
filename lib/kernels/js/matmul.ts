/**
 * The JS backend's matmul entry points: route the vector cases (m = 1 or n = 1) to the
 * streaming matrix-vector kernels and everything else to the blocked kernel.
 *
 * @module
 */

import type { FloatBuffer } from "../seam.ts";
import { gemmF32, gemmF64 } from "./gemm.ts";
import { axpyRowsF32, axpyRowsF64, dotRowsF32, dotRowsF64 } from "./gemv.ts";

/**
 * Completes the matmul shapes that need no products, as every backend must: nothing to write
 * when m or n is 0, zeros when k is 0.
 *
 * @param c C, m×n.
 * @param m Rows of C.
 * @param k Inner dimension.
 * @param n Columns of C.
 * @returns Whether C is complete (otherwise the products are still to compute).
 * @example
 * ```ts
 * import { matmulWithoutProducts } from "./matmul.ts";
 * const c = new Float64Array([1, 2]);
 * matmulWithoutProducts(c, 1, 0, 2); // true, c is [0, 0]
 * ```
 */
export function matmulWithoutProducts(c: FloatBuffer, m: number, k: number, n: number): boolean {
  if (m === 0 || n === 0) return true;
  if (k === 0) {
    c.fill(0, 0, m * n);
    return true;
  }
  return false;
}

/** One precision's kernels; each stays monomorphic in its array type. */
interface PrecisionKernels<T extends FloatBuffer> {
  gemm(a: T, b: T, c: T, m: number, k: number, n: number, transA: boolean, transB: boolean): void;
  dotRows(mat: T, x: T, y: T, rows: number, cols: number): void;
  axpyRows(mat: T, x: T, y: T, rows: number, cols: number): void;
}

const F64: PrecisionKernels<Float64Array> = {
  gemm: gemmF64,
  dotRows: dotRowsF64,
  axpyRows: axpyRowsF64,
};
const F32: PrecisionKernels<Float32Array> = {
  gemm: gemmF32,
  dotRows: dotRowsF32,
  axpyRows: axpyRowsF32,
};

/** Picks the kernel by shape and storage: a stored matrix streams by rows as dots or axpys. */
function route<T extends FloatBuffer>(
  kernels: PrecisionKernels<T>,
  a: T,
  b: T,
  c: T,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  if (matmulWithoutProducts(c, m, k, n)) return;
  if (n === 1) {
    if (transA) kernels.axpyRows(a, b, c, k, m);
    else kernels.dotRows(a, b, c, m, k);
  } else if (m === 1) {
    if (transB) kernels.dotRows(b, a, c, n, k);
    else kernels.axpyRows(b, a, c, k, n);
  } else {
    kernels.gemm(a, b, c, m, k, n, transA, transB);
  }
}

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
  route(F64, a, b, c, m, k, n, transA, transB);
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
  route(F32, a, b, c, m, k, n, transA, transB);
}
