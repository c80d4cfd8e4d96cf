/**
 * Reduced QR factorisation by Householder reflections.
 *
 * @module
 */

/**
 * ‖x‖₂ of column `col` of the m×n row-major `w`, rows from..m-1, rescaling only when the plain
 * sum of squares overflows or underflows.
 */
function columnNorm(w: Float64Array, m: number, n: number, col: number, from: number): number {
  let sum = 0;
  for (let i = from; i < m; i++) {
    const v = w[i * n + col];
    sum += v * v;
  }
  if (sum < Infinity && sum > 1e-290) return Math.sqrt(sum);
  if (sum !== sum) return sum;
  let scale = 0;
  for (let i = from; i < m; i++) scale = Math.max(scale, Math.abs(w[i * n + col]));
  if (scale === 0 || scale === Infinity) return scale;
  sum = 0;
  for (let i = from; i < m; i++) {
    const v = w[i * n + col] / scale;
    sum += v * v;
  }
  return scale * Math.sqrt(sum);
}

/**
 * Applies H = I - tau·v·vᵀ from the left to rows from..m-1, columns c0..width-1 of the
 * row-major `target` (row stride `width`), where v[0] = 1 and v[1..] sit in column `vCol`
 * of `w` below row `from`. `scratch` holds at least `width` numbers.
 */
function applyReflector(
  w: Float64Array,
  wWidth: number,
  vCol: number,
  tau: number,
  target: Float64Array,
  width: number,
  from: number,
  m: number,
  c0: number,
  scratch: Float64Array,
): void {
  for (let c = c0; c < width; c++) scratch[c] = target[from * width + c];
  for (let i = from + 1; i < m; i++) {
    const v = w[i * wWidth + vCol];
    if (v === 0) continue;
    const row = i * width;
    for (let c = c0; c < width; c++) scratch[c] += v * target[row + c];
  }
  for (let c = c0; c < width; c++) {
    scratch[c] *= tau;
    target[from * width + c] -= scratch[c];
  }
  for (let i = from + 1; i < m; i++) {
    const v = w[i * wWidth + vCol];
    if (v === 0) continue;
    const row = i * width;
    for (let c = c0; c < width; c++) target[row + c] -= v * scratch[c];
  }
}

/**
 * The reduced QR factorisation A = Q·R by Householder reflections (LAPACK's geqrf + orgqr);
 * the signs of R's diagonal follow LAPACK, not necessarily numpy.
 *
 * @param a m×n matrix, row-major (not modified).
 * @param m Rows of `a`.
 * @param n Columns of `a`.
 * @returns q (m×k, orthonormal columns) and r (k×n, upper triangular), k = min(m, n).
 * @example
 * ```ts
 * const { q, r } = qr(new Float64Array([3, 4]), 2, 1); // q ≈ [-0.6, -0.8], r = [-5]
 * ```
 */
export function qr(a: Float64Array, m: number, n: number): { q: Float64Array; r: Float64Array } {
  const k = Math.min(m, n);
  const w = a.slice(0, m * n);
  const taus = new Float64Array(k);
  const scratch = new Float64Array(Math.max(n, k));
  for (let j = 0; j < k; j++) {
    const alpha = w[j * n + j];
    const norm = columnNorm(w, m, n, j, j);
    if (norm === 0) continue; // H = I: the column is already zero below and on the diagonal
    const beta = alpha >= 0 ? -norm : norm;
    const inverse = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) w[i * n + j] *= inverse;
    taus[j] = (beta - alpha) / beta;
    w[j * n + j] = beta;
    applyReflector(w, n, j, taus[j], w, n, j, m, j + 1, scratch);
  }
  const r = new Float64Array(k * n);
  for (let i = 0; i < k; i++) {
    for (let c = i; c < n; c++) r[i * n + c] = w[i * n + c];
  }
  // Q = H₀·H₁·…·H_{k-1}·I[:, :k], built from the last reflector back; H_j only touches
  // rows and columns >= j of the partial product.
  const q = new Float64Array(m * k);
  for (let i = 0; i < k; i++) q[i * k + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    if (taus[j] !== 0) applyReflector(w, n, j, taus[j], q, k, j, m, j, scratch);
  }
  return { q, r };
}
