/**
 * The plain-JS kernel backend: the default implementation of the kernel seam.
 *
 * @module
 */

import type { Kernels } from "../seam.ts";
import { JS_COMPUTE_KERNELS } from "./compute.ts";
import { matmulF32, matmulF64 } from "./matmul.ts";

/**
 * out (rows×n) = max(x·w, 0) in float32, then per-column sums (and sums of squares) added in
 * float64; see `Kernels.reluMatmulColumnSumsF32`.
 *
 * @param x Input rows (rows×n).
 * @param w Weights (n×n).
 * @param out Output (rows×n), must not alias x.
 * @param rows Number of rows.
 * @param n Width.
 * @param colSums Per-column sums, added to.
 * @param colSquareSums Per-column sums of squares, added to when given.
 */
export function reluMatmulColumnSumsF32(
  x: Float32Array,
  w: Float32Array,
  out: Float32Array,
  rows: number,
  n: number,
  colSums: Float64Array,
  colSquareSums?: Float64Array,
): void {
  matmulF32(x, w, out, rows, n, n, false, false);
  reluColumnSums(out, rows, n, colSums, colSquareSums);
}

/**
 * The rest of a Monte Carlo layer step after its product: ReLU in place on `out` (rows×n), then
 * each column's sum (and sum of squares) added into `colSums` (and `colSquareSums`) in float64.
 * Shared by the backends whose product runs elsewhere (BLAS).
 *
 * @param out The layer's pre-activations, rows×n; overwritten with the activations.
 * @param rows Rows.
 * @param n Columns.
 * @param colSums Column sums, added to.
 * @param colSquareSums Column sums of squares, added to when given.
 */
export function reluColumnSums(
  out: Float32Array,
  rows: number,
  n: number,
  colSums: Float64Array,
  colSquareSums?: Float64Array,
): void {
  const size = rows * n;
  for (let i = 0; i < size; i++) if (out[i] < 0) out[i] = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) colSums[j] += out[o + j];
  }
  if (colSquareSums === undefined) return;
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) {
      const v = out[o + j];
      colSquareSums[j] += v * v;
    }
  }
}

/**
 * Builds the JS backend.
 *
 * @example
 * ```ts
 * import { createJsKernels } from "./backend.ts";
 * createJsKernels().name; // "js"
 * ```
 */
export function createJsKernels(): Kernels {
  return Object.freeze({
    ...JS_COMPUTE_KERNELS,
    name: "js",
    matmulF32,
    matmulF64,
    reluMatmulColumnSumsF32,
  });
}
