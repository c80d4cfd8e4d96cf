/**
 * `np.linalg`'s determinants and compound ops, charged as flopscope charges them (matmul_cost
 * = 2mkn − mn, at least 1): det floor(2n³/3) + n; slogdet floor(2n³/3) + 18n; lstsq and pinv
 * a thin SVD (6ab² + 20b³) plus their products; matrix_power (⌊log₂ k⌋ + popcount(k) − 1)
 * matmuls (one more to invert for k < 0); multi_dot the optimal chain's matmuls.
 *
 * @module
 */

import { type DType, promoteTypes } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { formatShape } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, toArray } from "./convert.ts";
import { asF64, lapackDType, matrix, wrap } from "./linalg.ts";

/** flopscope's matmul_cost(m, k, n): 2mkn − mn, at least 1. */
function matmulCost(m: number, k: number, n: number): number {
  return Math.max(2 * m * k * n - m * n, 1);
}

/** C (m×n) = A (m×k) · B (k×n) in float64 (`transA`: A stored k×m). */
function product(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  transA = false,
): Float64Array {
  const c = new Float64Array(m * n);
  if (k > 0) kernels().matmulF64(a, b, c, m, k, n, transA, false);
  return c;
}

/**
 * The determinant of a square matrix by LU, 0-d (cost floor(2n³/3) + n).
 *
 * @param x An n×n matrix.
 * @example
 * ```ts
 * import { det } from "./linalg_compound.ts";
 * det([[1, 2], [3, 4]]).item(); // -2
 * ```
 */
export function det(x: ArrayLike): NDArray {
  const t0 = opStart();
  const a = matrix("linalg.det", x, true);
  const n = a.shape[0];
  const dtype = lapackDType(a.dtype);
  const cost = charge(Math.floor(2 * n ** 3 / 3) + n, dtype);
  return runOp("linalg.det", [a.shape], dtype, cost, () => {
    return wrap(Float64Array.of(kernels().det(asF64(a), n)), [], dtype);
  }, t0);
}

/** Result of {@link slogdet}: det = sign · exp(logabsdet). */
export interface SlogdetResult {
  /** 1, −1, or 0 for a singular matrix (0-d). */
  sign: NDArray;
  /** ln |det|, −∞ for a singular matrix (0-d). */
  logabsdet: NDArray;
}

/**
 * The sign and log absolute value of the determinant, as numpy's slogdet (cost
 * floor(2n³/3) + 18n).
 *
 * @param x An n×n matrix.
 */
export function slogdet(x: ArrayLike): SlogdetResult {
  const t0 = opStart();
  const a = matrix("linalg.slogdet", x, true);
  const n = a.shape[0];
  const dtype = lapackDType(a.dtype);
  const cost = charge(Math.floor(2 * n ** 3 / 3) + 18 * n, dtype);
  return runOp("linalg.slogdet", [a.shape], dtype, cost, () => {
    const r = kernels().slogdet(asF64(a), n);
    return {
      sign: wrap(Float64Array.of(r.sign), [], dtype),
      logabsdet: wrap(Float64Array.of(r.logabsdet), [], dtype),
    };
  }, t0);
}

/** A thin SVD with the reciprocals of the singular values above `cutoff` (others 0). */
function pseudoInverseParts(a: Float64Array, m: number, n: number, rcond: number) {
  const { u, s, vt } = kernels().svd(a, m, n);
  const cutoff = rcond * (s.length > 0 ? s[0] : 0);
  const inverse = new Float64Array(s.length);
  let rank = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] > cutoff) {
      inverse[i] = 1 / s[i];
      rank++;
    }
  }
  return { u, s, vt, inverse, rank };
}

/**
 * The least-squares solution of A·x = b by SVD, as numpy's lstsq: `[x, residuals, rank, s]`
 * (residuals: the squared 2-norm of each column's residual when rank = n < m, else empty).
 * Singular values up to rcond·max(s) count as zero; rcond defaults to machine epsilon ×
 * max(m, n). Cost 6ab² + 20b³ + matmul_cost(k, m, c) + k·c + matmul_cost(n, k, c), with
 * a = max(m, n), b = k = min(m, n) and c the columns of b.
 *
 * @param x The m×n matrix A.
 * @param y b, shape (m,) or (m, c).
 * @param rcond The relative cutoff for small singular values.
 * @example
 * ```ts
 * import { lstsq } from "./linalg_compound.ts";
 * const [x] = lstsq([[1, 0], [1, 1], [1, 2]], [1, 2, 4]);
 * x.tolist(); // ≈ [0.8333, 1.5]
 * ```
 */
export function lstsq(
  x: ArrayLike,
  y: ArrayLike,
  rcond?: number | null,
): readonly [NDArray, NDArray, number, NDArray] {
  const t0 = opStart();
  const a = matrix("linalg.lstsq", x, false);
  const b = toArray(y, "linalg.lstsq");
  const [m, n] = a.shape;
  if (b.ndim < 1 || b.ndim > 2 || b.shape[0] !== m) {
    throw new RangeError(
      `linalg.lstsq: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} are not aligned`,
    );
  }
  const c = b.ndim === 1 ? 1 : b.shape[1];
  const k = Math.min(m, n);
  const big = Math.max(m, n);
  const dtype = lapackDType(a.dtype, b.dtype);
  const epsilon = dtype === "float32" ? 2 ** -23 : 2 ** -52;
  const cutoff = rcond ?? epsilon * big;
  const flops = 6 * big * k * k + 20 * k ** 3 + matmulCost(k, m, c) + k * c + matmulCost(n, k, c);
  return runOp("linalg.lstsq", [a.shape, b.shape], dtype, charge(flops, dtype), () => {
    const af = asF64(a);
    const bf = asF64(b);
    const { u, s, vt, inverse, rank } = pseudoInverseParts(af, m, n, cutoff);
    // x = V · diag(1/s) · Uᵀ · b
    const ub = product(u, bf, k, m, c, true);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < c; j++) ub[i * c + j] *= inverse[i];
    }
    const solution = product(vt, ub, n, k, c, true);
    let residuals = new Float64Array(0);
    if (rank === n && m > n) {
      const fitted = product(af, solution, m, n, c);
      residuals = new Float64Array(c);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < c; j++) residuals[j] += (bf[i * c + j] - fitted[i * c + j]) ** 2;
      }
    }
    return Object.freeze(
      [
        wrap(solution, b.ndim === 1 ? [n] : [n, c], dtype),
        wrap(residuals, [residuals.length], dtype),
        rank,
        wrap(s, [k], dtype),
      ] as const,
    );
  }, t0);
}

/**
 * The Moore-Penrose pseudo-inverse by SVD, as numpy's pinv: singular values up to
 * rcond·max(s) count as zero (rcond default 1e-15). Cost 6ab² + 20b³ + b + n·b +
 * matmul_cost(n, b, m), a = max(m, n), b = min(m, n).
 *
 * @param x An m×n matrix.
 * @param rcond The relative cutoff; default 1e-15.
 */
export function pinv(x: ArrayLike, rcond = 1e-15): NDArray {
  const t0 = opStart();
  const a = matrix("linalg.pinv", x, false);
  const [m, n] = a.shape;
  const k = Math.min(m, n);
  const big = Math.max(m, n);
  const dtype = lapackDType(a.dtype);
  const flops = 6 * big * k * k + 20 * k ** 3 + k + n * k + matmulCost(n, k, m);
  return runOp("linalg.pinv", [a.shape], dtype, charge(flops, dtype), () => {
    const { u, vt, inverse } = pseudoInverseParts(asF64(a), m, n, rcond);
    // pinv = V · diag(1/s) · Uᵀ: scale Uᵀ's rows, then Vᵀ (k×n) transposed times it.
    const scaled = new Float64Array(k * m);
    for (let i = 0; i < k; i++) {
      for (let r = 0; r < m; r++) scaled[i * m + r] = u[r * k + i] * inverse[i];
    }
    return wrap(product(vt, scaled, n, k, m, true), [n, m], dtype);
  }, t0);
}

function popcount(k: number): number {
  let count = 0;
  for (let v = k; v > 0; v = Math.floor(v / 2)) count += v % 2;
  return count;
}

/** flopscope's matrix_power cost for an n×n matrix to the power k. */
function matrixPowerCost(n: number, k: number): number {
  if (k === 0 || k === 1) return 0;
  const steps = (k: number) => Math.floor(Math.log2(k)) + popcount(k) - 1;
  if (k < 0) return matmulCost(n, n, n) + (-k > 1 ? steps(-k) * matmulCost(n, n, n) : 0);
  return steps(k) * matmulCost(n, n, n);
}

/**
 * A square matrix to an integer power by repeated squaring, as numpy's matrix_power (k = 0:
 * the identity; k < 0: the inverse's power, in float64 for integer input). Cost
 * (⌊log₂ |k|⌋ + popcount(|k|) − 1)·(2n³ − n²), plus 2n³ − n² to invert when k < 0.
 *
 * @param x An n×n matrix.
 * @param k The exponent, an integer.
 * @example
 * ```ts
 * import { matrix_power } from "./linalg_compound.ts";
 * matrix_power([[1, 1], [0, 1]], 5).tolist(); // [[1, 5], [0, 1]]
 * ```
 */
export function matrix_power(x: ArrayLike, k: number): NDArray {
  const t0 = opStart();
  if (!Number.isSafeInteger(k)) {
    throw new TypeError(`linalg.matrix_power: exponent must be an integer, got ${k}`);
  }
  const a = matrix("linalg.matrix_power", x, true);
  const n = a.shape[0];
  const dtype: DType = k < 0 ? lapackDType(a.dtype) : a.dtype;
  const cost = n === 0 ? 0 : charge(matrixPowerCost(n, k), dtype);
  return runOp("linalg.matrix_power", [a.shape], dtype, cost, () => {
    const base = k < 0 ? kernels().inv(asF64(a), n) : asF64(a);
    const values = power(base, n, Math.abs(k));
    return wrap(dtype === "bool" ? values.map((v) => v !== 0 ? 1 : 0) : values, a.shape, dtype);
  }, t0);
}

/** numpy's matrix_power loop: special cases 0 to 3, then binary decomposition of k. */
function power(a: Float64Array, n: number, k: number): Float64Array {
  const times = (x: Float64Array, y: Float64Array) => product(x, y, n, n, n);
  if (k === 0) {
    const eye = new Float64Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    return eye;
  }
  if (k === 1) return a.slice();
  if (k === 2) return times(a, a);
  if (k === 3) return times(times(a, a), a);
  let z: Float64Array | undefined;
  let result: Float64Array | undefined;
  for (let rest = k; rest > 0; rest = Math.floor(rest / 2)) {
    z = z === undefined ? a : times(z, z);
    if (rest % 2 === 1) result = result === undefined ? z : times(result, z);
  }
  return result!;
}

/** The cheapest parenthesisation of a chain with dimensions dims (flopscope's DP). */
function chainOrder(dims: readonly number[]): { cost: number; split: number[][] } {
  const count = dims.length - 1;
  const best = Array.from({ length: count }, () => new Array<number>(count).fill(0));
  const split = Array.from({ length: count }, () => new Array<number>(count).fill(0));
  for (let len = 2; len <= count; len++) {
    for (let i = 0; i + len - 1 < count; i++) {
      const j = i + len - 1;
      best[i][j] = Infinity;
      for (let s = i; s < j; s++) {
        const c = best[i][s] + best[s + 1][j] + matmulCost(dims[i], dims[s + 1], dims[j + 1]);
        if (c < best[i][j]) {
          best[i][j] = c;
          split[i][j] = s;
        }
      }
    }
  }
  return { cost: Math.max(best[0][count - 1], 1), split };
}

/**
 * The product of a chain of matrices in the cheapest order, as numpy's multi_dot: the first
 * may be 1-D (a row vector), the last 1-D (a column vector), the rest 2-D. Cost: the optimal
 * chain's matmuls, each 2mkn − mn.
 *
 * @param arrays Two or more arrays.
 * @example
 * ```ts
 * import { multi_dot } from "./linalg_compound.ts";
 * multi_dot([[1, 2], [[1, 0], [0, 1]], [3, 4]]).item(); // 11
 * ```
 */
export function multi_dot(arrays: readonly ArrayLike[]): NDArray {
  const t0 = opStart();
  if (!Array.isArray(arrays) || arrays.length < 2) {
    throw new RangeError("linalg.multi_dot: expecting at least two arrays");
  }
  const xs = arrays.map((x) => toArray(x, "linalg.multi_dot"));
  const last = xs.length - 1;
  const shapes = xs.map((x, i) => {
    const ok = x.ndim === 2 || (x.ndim === 1 && (i === 0 || i === last));
    if (!ok) {
      throw new RangeError(
        `linalg.multi_dot: array ${i} has shape ${formatShape(x.shape)}; only the first and ` +
          "last may be 1-D, the others must be 2-D",
      );
    }
    return x.ndim === 2 ? x.shape : i === 0 ? [1, x.shape[0]] : [x.shape[0], 1];
  });
  for (let i = 1; i < shapes.length; i++) {
    if (shapes[i - 1][1] !== shapes[i][0]) {
      throw new RangeError(
        `linalg.multi_dot: shapes ${formatShape(xs[i - 1].shape)} and ${
          formatShape(xs[i].shape)
        } not aligned`,
      );
    }
  }
  const dims = [...shapes.map((s) => s[0]), shapes[last][1]];
  const dtype = xs.map((x) => x.dtype).reduce(promoteTypes);
  const { cost, split } = chainOrder(dims);
  const outShape = [
    ...(xs[0].ndim === 2 ? [dims[0]] : []),
    ...(xs[last].ndim === 2 ? [dims[dims.length - 1]] : []),
  ];
  return runOp("linalg.multi_dot", xs.map((x) => x.shape), dtype, charge(cost, dtype), () => {
    const data = xs.map(asF64);
    const chain = (i: number, j: number): Float64Array => {
      if (i === j) return data[i];
      const s = split[i][j];
      return product(chain(i, s), chain(s + 1, j), dims[i], dims[s + 1], dims[j + 1]);
    };
    const values = chain(0, last);
    return wrap(dtype === "bool" ? values.map((v) => v !== 0 ? 1 : 0) : values, outShape, dtype);
  }, t0);
}
