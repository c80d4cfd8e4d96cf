/**
 * Matrix-vector products (the m = 1 or n = 1 matmul cases). Packing would cost as much as the
 * product itself here, so these stream the matrix once in its stored order: row dot products
 * when rows are contiguous, row-scaled accumulation (axpy) when columns are.
 *
 * @module
 */

import type { FloatBuffer } from "../seam.ts";

const fr = Math.fround;

/**
 * y (rows) = M·x for M stored row-major rows×cols: one dot product per row, float64 sums.
 *
 * @param mat The matrix.
 * @param x Vector of length cols.
 * @param y Output of length rows (overwritten).
 * @param rows Rows of M.
 * @param cols Columns of M.
 */
export function dotRowsF64(
  mat: FloatBuffer,
  x: FloatBuffer,
  y: FloatBuffer,
  rows: number,
  cols: number,
): void {
  const tail = cols & ~3;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let p = 0;
    for (; p < tail; p += 4) {
      s0 += mat[o + p] * x[p];
      s1 += mat[o + p + 1] * x[p + 1];
      s2 += mat[o + p + 2] * x[p + 2];
      s3 += mat[o + p + 3] * x[p + 3];
    }
    for (; p < cols; p++) s0 += mat[o + p] * x[p];
    y[i] = (s0 + s1) + (s2 + s3);
  }
}

/**
 * y (cols) = Mᵀ·x for M stored row-major rows×cols: accumulates x[p]·row p, float64 sums.
 *
 * @param mat The matrix.
 * @param x Vector of length rows.
 * @param y Output of length cols (overwritten).
 * @param rows Rows of M.
 * @param cols Columns of M.
 */
export function axpyRowsF64(
  mat: FloatBuffer,
  x: FloatBuffer,
  y: Float64Array,
  rows: number,
  cols: number,
): void {
  y.fill(0, 0, cols);
  let p = 0;
  for (; p + 3 < rows; p += 4) {
    const x0 = x[p], x1 = x[p + 1], x2 = x[p + 2], x3 = x[p + 3];
    const o0 = p * cols, o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols;
    for (let j = 0; j < cols; j++) {
      y[j] += x0 * mat[o0 + j] + x1 * mat[o1 + j] + x2 * mat[o2 + j] + x3 * mat[o3 + j];
    }
  }
  for (; p < rows; p++) {
    const xp = x[p];
    const o = p * cols;
    for (let j = 0; j < cols; j++) y[j] += xp * mat[o + j];
  }
}

/**
 * Float32 y = M·x (M row-major rows×cols), accumulating in float32.
 *
 * @param mat The matrix.
 * @param x Vector of length cols.
 * @param y Output of length rows (overwritten).
 * @param rows Rows of M.
 * @param cols Columns of M.
 */
export function dotRowsF32(
  mat: Float32Array,
  x: Float32Array,
  y: Float32Array,
  rows: number,
  cols: number,
): void {
  const tail = cols & ~3;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let p = 0;
    for (; p < tail; p += 4) {
      s0 = fr(s0 + mat[o + p] * x[p]);
      s1 = fr(s1 + mat[o + p + 1] * x[p + 1]);
      s2 = fr(s2 + mat[o + p + 2] * x[p + 2]);
      s3 = fr(s3 + mat[o + p + 3] * x[p + 3]);
    }
    for (; p < cols; p++) s0 = fr(s0 + mat[o + p] * x[p]);
    y[i] = fr(fr(s0 + s1) + fr(s2 + s3));
  }
}

/**
 * Float32 y = Mᵀ·x (M row-major rows×cols), accumulating in float32: every step is stored
 * to the Float32Array `y`, which rounds it.
 *
 * @param mat The matrix.
 * @param x Vector of length rows.
 * @param y Output of length cols (overwritten).
 * @param rows Rows of M.
 * @param cols Columns of M.
 */
export function axpyRowsF32(
  mat: Float32Array,
  x: Float32Array,
  y: Float32Array,
  rows: number,
  cols: number,
): void {
  y.fill(0, 0, cols);
  for (let p = 0; p < rows; p++) {
    const xp = x[p];
    const o = p * cols;
    for (let j = 0; j < cols; j++) y[j] += xp * mat[o + j];
  }
}
