/**
 * Symmetric eigenproblem building blocks: Householder reduction to tridiagonal form and the
 * implicit QL iteration on the tridiagonal matrix (EISPACK's tred2 and tql2, by way of JAMA).
 *
 * The reduction works on a column-major matrix (z[c·n + r] is row r, column c) and the QL
 * iteration on a row-major one, so that in both every inner loop runs over contiguous memory.
 *
 * @module
 */

import { LinAlgError } from "./errors.ts";

/** QL iterations allowed per eigenvalue before giving up (LAPACK allows 30 per value). */
const MAX_ITERATIONS = 60;

/**
 * Reduces the symmetric matrix held in the lower triangle of column-major `z` (z[c·n + r],
 * r >= c) to tridiagonal form. On return `d` holds the diagonal and e[1..n-1] the
 * subdiagonal; with `wantVectors` z holds the orthogonal Q with A = Q·T·Qᵀ, else z is spent.
 *
 * @param z n×n column-major; its strict upper triangle is ignored.
 * @param n Order of the matrix.
 * @param d Receives the diagonal of T (length n).
 * @param e Receives the subdiagonal of T in e[1..n-1]; e[0] = 0 (length n).
 * @param wantVectors Whether to accumulate Q into z.
 */
export function tridiagonalize(
  z: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  wantVectors: boolean,
): void {
  for (let j = 0; j < n; j++) d[j] = z[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = z[j * n + i - 1];
        z[j * n + i] = 0;
        z[i * n + j] = 0;
      }
    } else {
      h = householderStep(z, n, d, e, i, scale);
    }
    d[i] = h;
  }
  if (wantVectors) accumulate(z, n, d);
  else for (let j = 0; j < n; j++) d[j] = z[j * n + j];
  e[0] = 0;
}

/**
 * Annihilates row i left of the subdiagonal with one Householder reflection applied as a
 * similarity transform to the leading i×i block; returns the reflection's scalar h.
 */
function householderStep(
  z: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  i: number,
  scale: number,
): number {
  let h = 0;
  for (let k = 0; k < i; k++) {
    d[k] /= scale;
    h += d[k] * d[k];
  }
  let f = d[i - 1];
  let g = f > 0 ? -Math.sqrt(h) : Math.sqrt(h);
  e[i] = scale * g;
  h -= f * g;
  d[i - 1] = f - g;
  for (let j = 0; j < i; j++) e[j] = 0;
  // e = A·u over the leading block, reading only its lower triangle.
  for (let j = 0; j < i; j++) {
    const col = j * n;
    f = d[j];
    z[i * n + j] = f;
    g = e[j] + z[col + j] * f;
    for (let k = j + 1; k < i; k++) {
      const v = z[col + k];
      g += v * d[k];
      e[k] += v * f;
    }
    e[j] = g;
  }
  f = 0;
  for (let j = 0; j < i; j++) {
    e[j] /= h;
    f += e[j] * d[j];
  }
  const hh = f / (h + h);
  for (let j = 0; j < i; j++) e[j] -= hh * d[j];
  // Rank-two update A -= u·eᵀ + e·uᵀ on the lower triangle.
  for (let j = 0; j < i; j++) {
    const col = j * n;
    f = d[j];
    g = e[j];
    for (let k = j; k < i; k++) z[col + k] -= f * e[k] + g * d[k];
    d[j] = z[col + i - 1];
    z[col + i] = 0;
  }
  return h;
}

/** Forms Q from the stored reflections, leaving the diagonal of T in d. */
function accumulate(z: Float64Array, n: number, d: Float64Array): void {
  for (let i = 0; i < n - 1; i++) {
    const colI = i * n;
    const colNext = (i + 1) * n;
    z[colI + n - 1] = z[colI + i];
    z[colI + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = z[colNext + k] / h;
      for (let j = 0; j <= i; j++) {
        const col = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += z[colNext + k] * z[col + k];
        for (let k = 0; k <= i; k++) z[col + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) z[colNext + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = z[j * n + n - 1];
    z[j * n + n - 1] = 0;
  }
  z[(n - 1) * n + n - 1] = 1;
}

/**
 * Eigenvalues (into d, unsorted) of the symmetric tridiagonal matrix (d, e[1..n-1]) by the
 * implicit QL method with Wilkinson-like shifts. With `z` (n×n row-major, Q from
 * {@link tridiagonalize} transposed into row-major order) its columns become the matching
 * eigenvectors: each sweep's rotations are collected first, then applied to z row by row
 * in one pass, so every row segment is read and written once per sweep.
 *
 * @param d Diagonal, overwritten by the eigenvalues.
 * @param e Subdiagonal in e[1..n-1]; destroyed.
 * @param n Order.
 * @param z Row-major vectors to rotate, or null for eigenvalues only.
 * @throws {LinAlgError} "Eigenvalues did not converge" after too many iterations.
 */
export function tridiagonalQl(
  d: Float64Array,
  e: Float64Array,
  n: number,
  z: Float64Array | null,
): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  const cosines = new Float64Array(n);
  const sines = new Float64Array(n);
  let shiftSum = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    let iterations = 0;
    while (m > l && Math.abs(e[l]) > eps * tst1) {
      if (++iterations > MAX_ITERATIONS) throw new LinAlgError("Eigenvalues did not converge");
      shiftSum += qlSweep(d, e, n, l, m, cosines, sines);
      if (z !== null) applyRotations(z, n, l, m, cosines, sines);
      // A sweep may let a later subdiagonal entry vanish: split there.
      m = l;
      while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    }
    d[l] += shiftSum;
    e[l] = 0;
  }
}

/**
 * One implicit QL sweep on the unreduced block l..m: shifts the block by the eigenvalue of
 * its leading 2×2 nearest d[l], chases the bulge with plane rotations (recorded in cosines
 * and sines at index i for columns (i, i+1)), and returns the shift it subtracted from
 * d[l+1..n-1].
 */
function qlSweep(
  d: Float64Array,
  e: Float64Array,
  n: number,
  l: number,
  m: number,
  cosines: Float64Array,
  sines: Float64Array,
): number {
  let g = d[l];
  let p = (d[l + 1] - g) / (2 * e[l]);
  let r = Math.hypot(p, 1);
  if (p < 0) r = -r;
  d[l] = e[l] / (p + r);
  d[l + 1] = e[l] * (p + r);
  const dl1 = d[l + 1];
  let h = g - d[l];
  for (let i = l + 2; i < n; i++) d[i] -= h;
  const shift = h;
  p = d[m];
  let c = 1;
  let c2 = c;
  let c3 = c;
  const el1 = e[l + 1];
  let s = 0;
  let s2 = 0;
  for (let i = m - 1; i >= l; i--) {
    c3 = c2;
    c2 = c;
    s2 = s;
    g = c * e[i];
    h = c * p;
    r = Math.hypot(p, e[i]);
    e[i + 1] = s * r;
    s = e[i] / r;
    c = p / r;
    p = c * d[i] - s * g;
    d[i + 1] = h + s * (c * g + s * d[i]);
    cosines[i] = c;
    sines[i] = s;
  }
  // e[l]/dl1 first: el1·e[l] alone would overflow or underflow for matrices scaled near 1e±200.
  p = -s * s2 * c3 * el1 * (e[l] / dl1);
  e[l] = s * p;
  d[l] = c * p;
  return shift;
}

/**
 * Applies a sweep's rotations to the columns of row-major z: for i = m-1 down to l, columns
 * (i, i+1) become (c·zᵢ - s·zᵢ₊₁, s·zᵢ + c·zᵢ₊₁). Rotation i reads column i+1 as rotation
 * i+1 left it, so each row carries that value along instead of reloading it; four rows run
 * side by side so their independent carries overlap in the pipeline.
 */
function applyRotations(
  z: Float64Array,
  n: number,
  l: number,
  m: number,
  cosines: Float64Array,
  sines: Float64Array,
): void {
  let row = 0;
  for (; row + 4 * n <= n * n; row += 4 * n) {
    const r1 = row + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let carry0 = z[row + m];
    let carry1 = z[r1 + m];
    let carry2 = z[r2 + m];
    let carry3 = z[r3 + m];
    for (let i = m - 1; i >= l; i--) {
      const c = cosines[i];
      const s = sines[i];
      const z0 = z[row + i];
      const z1 = z[r1 + i];
      const z2 = z[r2 + i];
      const z3 = z[r3 + i];
      z[row + i + 1] = s * z0 + c * carry0;
      z[r1 + i + 1] = s * z1 + c * carry1;
      z[r2 + i + 1] = s * z2 + c * carry2;
      z[r3 + i + 1] = s * z3 + c * carry3;
      carry0 = c * z0 - s * carry0;
      carry1 = c * z1 - s * carry1;
      carry2 = c * z2 - s * carry2;
      carry3 = c * z3 - s * carry3;
    }
    z[row + l] = carry0;
    z[r1 + l] = carry1;
    z[r2 + l] = carry2;
    z[r3 + l] = carry3;
  }
  for (; row < n * n; row += n) {
    let carry = z[row + m];
    for (let i = m - 1; i >= l; i--) {
      const zi = z[row + i];
      const c = cosines[i];
      const s = sines[i];
      z[row + i + 1] = s * zi + c * carry;
      carry = c * zi - s * carry;
    }
    z[row + l] = carry;
  }
}
