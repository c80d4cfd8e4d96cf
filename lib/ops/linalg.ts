/**
 * `np.linalg`: cholesky, solve, inv, eigh, eigvalsh, svd, svdvals, qr and norm on 2-D
 * arrays, charged per cost-model.md. The numeric kernels (lib/kernels/js/linalg.ts, reached
 * through the seam) work in float64; when every operand is float32 the results are float32 and
 * billed at rate 1, as numpy's single precision LAPACK drivers are; any other operand (float64,
 * integer or bool) makes the op compute and bill in float64.
 *
 * @module
 */

import type { DType } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { formatShape } from "../array/shape.ts";
import { opStart, runOp } from "../budget/engine.ts";
import { kernels } from "../kernels/seam.ts";
import { charge } from "./charge.ts";
import { type ArrayLike, newArray, toArray } from "./convert.ts";

export { LinAlgError } from "../kernels/seam.ts";

/** float32 only when every operand is float32 (numpy's LAPACK promotion), else float64. */
export function lapackDType(...dtypes: DType[]): "float32" | "float64" {
  return dtypes.every((d) => d === "float32") ? "float32" : "float64";
}

/**
 * `x` as a 2-D array (square when asked), or a one-line error naming the op.
 *
 * @param op Op name for the message.
 * @param x The input.
 * @param square Whether it must be square.
 */
export function matrix(op: string, x: ArrayLike, square: boolean): NDArray {
  const a = toArray(x, op);
  if (a.ndim !== 2 || (square && a.shape[0] !== a.shape[1])) {
    throw new RangeError(
      `${op}: expected a ${square ? "square " : ""}2-D array, got shape ${formatShape(a.shape)}`,
    );
  }
  return a;
}

/**
 * An array's elements as float64, the kernels' working precision (the same buffer when stored
 * so).
 *
 * @param a The array.
 */
export function asF64(a: NDArray): Float64Array {
  const data = a.data;
  return data instanceof Float64Array ? data : new Float64Array(data);
}

/**
 * float64 results as a new array of `dtype` and `shape`.
 *
 * @param values Row-major values.
 * @param shape The result's shape.
 * @param dtype The result's dtype.
 */
export function wrap(values: Float64Array, shape: readonly number[], dtype: DType): NDArray {
  const out = newArray(dtype, Object.freeze(shape.slice()));
  out.data.set(values);
  return out;
}

/**
 * Lower Cholesky factor L with A = L·Lᵀ (cost floor(n³/3)); LinAlgError if not positive
 * definite.
 *
 * @param x Symmetric positive definite n×n matrix.
 * @example
 * ```ts
 * import { cholesky } from "./linalg.ts";
 * cholesky([[4, 2], [2, 3]]).tolist(); // [[2, 0], [1, 1.4142135623730951]]
 * ```
 */
export function cholesky(x: ArrayLike): NDArray {
  const t0 = opStart();
  const a = matrix("linalg.cholesky", x, true);
  const n = a.shape[0];
  const dtype = lapackDType(a.dtype);
  // max(floor(n³/3), 1): flopscope floors it at 1, so a 1×1 factor is not free
  const cost = Math.max(Math.floor(n ** 3 / 3), 1);
  return runOp("linalg.cholesky", [a.shape], dtype, charge(cost, dtype), () => {
    return wrap(kernels().cholesky(asF64(a), n), a.shape, dtype);
  }, t0);
}

/**
 * Solves A·X = B (cost floor(2n³/3) + 2n²·nrhs); B may be a vector or n×nrhs.
 *
 * @param x Square n×n matrix A.
 * @param y Right-hand side, shape (n,) or (n, nrhs).
 */
export function solve(x: ArrayLike, y: ArrayLike): NDArray {
  const t0 = opStart();
  const a = matrix("linalg.solve", x, true);
  const b = toArray(y, "linalg.solve");
  const n = a.shape[0];
  if (b.ndim < 1 || b.ndim > 2 || b.shape[0] !== n) {
    throw new RangeError(
      `linalg.solve: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} are not aligned`,
    );
  }
  const nrhs = b.ndim === 1 ? 1 : b.shape[1];
  const dtype = lapackDType(a.dtype, b.dtype);
  const cost = Math.floor(2 * n ** 3 / 3) + 2 * n * n * nrhs;
  return runOp("linalg.solve", [a.shape, b.shape], dtype, charge(cost, dtype), () => {
    return wrap(kernels().solve(asF64(a), asF64(b), n, nrhs), b.shape, dtype);
  }, t0);
}

/**
 * The inverse (cost 2n³); LinAlgError if singular.
 *
 * @param x Square matrix.
 */
export function inv(x: ArrayLike): NDArray {
  const t0 = opStart();
  const a = matrix("linalg.inv", x, true);
  const n = a.shape[0];
  const dtype = lapackDType(a.dtype);
  return runOp("linalg.inv", [a.shape], dtype, charge(2 * n ** 3, dtype), () => {
    return wrap(kernels().inv(asF64(a), n), a.shape, dtype);
  }, t0);
}

/** Result of {@link eigh}: ascending eigenvalues and the eigenvectors as columns. */
export interface EighResult {
  /** Eigenvalues, ascending. */
  eigenvalues: NDArray;
  /** n×n; column j belongs to eigenvalues[j]. */
  eigenvectors: NDArray;
}

/**
 * Eigen-decomposition of a symmetric matrix from its lower triangle (cost 9n³).
 *
 * @param x Symmetric n×n matrix.
 */
export function eigh(x: ArrayLike): EighResult {
  const t0 = opStart();
  const a = matrix("linalg.eigh", x, true);
  const n = a.shape[0];
  const dtype = lapackDType(a.dtype);
  return runOp("linalg.eigh", [a.shape], dtype, charge(9 * n ** 3, dtype), () => {
    const { values, vectors } = kernels().eigh(asF64(a), n);
    return { eigenvalues: wrap(values, [n], dtype), eigenvectors: wrap(vectors, [n, n], dtype) };
  }, t0);
}

/**
 * Eigenvalues of a symmetric matrix, ascending (cost floor(4n³/3)).
 *
 * @param x Symmetric n×n matrix.
 */
export function eigvalsh(x: ArrayLike): NDArray {
  const t0 = opStart();
  const a = matrix("linalg.eigvalsh", x, true);
  const n = a.shape[0];
  const dtype = lapackDType(a.dtype);
  return runOp(
    "linalg.eigvalsh",
    [a.shape],
    dtype,
    charge(Math.floor(4 * n ** 3 / 3), dtype),
    () => {
      return wrap(kernels().eigvalsh(asF64(a), n), [n], dtype);
    },
    t0,
  );
}

/** Result of {@link svd}: A = U·diag(S)·Vh. */
export interface SvdResult {
  /** m×m (full) or m×k (thin), orthonormal columns. */
  U: NDArray;
  /** k = min(m, n) singular values, descending. */
  S: NDArray;
  /** n×n (full) or k×n (thin), orthonormal rows. */
  Vh: NDArray;
}

/** numpy's keyword arguments of {@link svd}. */
export interface SvdOptions {
  /** U is m×m and Vh n×n (numpy's default, true), else m×k and k×n. */
  readonly full_matrices?: boolean;
  /** Compute U and Vh (default true); false returns the singular values alone. */
  readonly compute_uv?: boolean;
}

/**
 * flopscope's svd charge (a = max(m, n), b = min(m, n)): values only 2ab² + 2b³; thin
 * 6ab² + 20b³; full (a non-square matrix with full_matrices) 4a²b + 22b³.
 */
function svdCost(m: number, n: number, fullMatrices: boolean, computeUv: boolean): number {
  const a = Math.max(m, n);
  const b = Math.min(m, n);
  if (!computeUv) return 2 * a * b * b + 2 * b ** 3;
  if (fullMatrices && m !== n) return 4 * a * a * b + 22 * b ** 3;
  return 6 * a * b * b + 20 * b ** 3;
}

/**
 * Singular value decomposition, as numpy's `linalg.svd(a, full_matrices=True,
 * compute_uv=True)`: the full form (U m×m, Vh n×n) costs 4a²b + 22b³ when m ≠ n, the thin form
 * 6ab² + 20b³, the values alone 2ab² + 2b³ (a = max(m, n), b = min(m, n)).
 *
 * @param x An m×n matrix.
 * @param fullMatricesOrOptions `full_matrices` (default true), or numpy's keywords
 *   `{ full_matrices, compute_uv }`.
 * @param computeUv Compute U and Vh (default true); false returns S alone.
 * @example
 * ```ts
 * import { svd } from "./linalg.ts";
 * svd([[3, 0], [0, 4], [0, 0]]).U.shape; // [3, 3]
 * svd([[3, 0], [0, 4], [0, 0]], false).U.shape; // [3, 2]
 * ```
 */
export function svd(
  x: ArrayLike,
  fullMatricesOrOptions?: boolean | SvdOptions & { readonly compute_uv?: true },
  computeUv?: true,
): SvdResult;
/** The singular values alone (`compute_uv` false). */
export function svd(x: ArrayLike, options: SvdOptions & { readonly compute_uv: false }): NDArray;
/** The singular values alone (`compute_uv` false). */
export function svd(
  x: ArrayLike,
  fullMatricesOrOptions: boolean | undefined,
  computeUv: false,
): NDArray;
/** The decomposition, or the values alone when the options say `compute_uv: false`. */
export function svd(x: ArrayLike, options: SvdOptions): SvdResult | NDArray;
export function svd(
  x: ArrayLike,
  fullMatricesOrOptions: boolean | SvdOptions = true,
  computeUv = true,
): SvdResult | NDArray {
  const t0 = opStart();
  const options = typeof fullMatricesOrOptions === "object" && fullMatricesOrOptions !== null
    ? fullMatricesOrOptions
    : { full_matrices: fullMatricesOrOptions, compute_uv: computeUv };
  const full = options.full_matrices ?? true;
  const uv = options.compute_uv ?? true;
  if (typeof full !== "boolean" || typeof uv !== "boolean") {
    throw new TypeError("linalg.svd: full_matrices and compute_uv must be booleans");
  }
  const a = matrix("linalg.svd", x, false);
  const [m, n] = a.shape;
  const k = Math.min(m, n);
  const dtype = lapackDType(a.dtype);
  const cost = charge(svdCost(m, n, full, uv), dtype);
  if (!uv) {
    return runOp("linalg.svd", [a.shape], dtype, cost, () => {
      return wrap(kernels().svdvals(asF64(a), m, n), [k], dtype);
    }, t0);
  }
  return runOp("linalg.svd", [a.shape], dtype, cost, () => {
    const r = kernels().svd(asF64(a), m, n);
    if (!full || m === n) {
      return {
        U: wrap(r.u, [m, k], dtype),
        S: wrap(r.s, [k], dtype),
        Vh: wrap(r.vt, [k, n], dtype),
      };
    }
    // numpy's full U (or Vh) adds an orthonormal completion of the thin one's span.
    const u = m > n ? kernels().completeBasis(r.u, m, k) : r.u;
    const vt = m < n
      ? transposed(kernels().completeBasis(transposed(r.vt, k, n), n, k), n, n)
      : r.vt;
    return {
      U: wrap(u, [m, m], dtype),
      S: wrap(r.s, [k], dtype),
      Vh: wrap(vt, [n, n], dtype),
    };
  }, t0);
}

function transposed(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  kernels().permuteInto(a, out, [rows, cols], [1, 0]);
  return out;
}

/**
 * Singular values, descending (cost 2ab² + 2b³).
 *
 * @param x An m×n matrix.
 */
export function svdvals(x: ArrayLike): NDArray {
  const t0 = opStart();
  const a = matrix("linalg.svdvals", x, false);
  const [m, n] = a.shape;
  const big = Math.max(m, n);
  const k = Math.min(m, n);
  const dtype = lapackDType(a.dtype);
  return runOp(
    "linalg.svdvals",
    [a.shape],
    dtype,
    charge(2 * big * k * k + 2 * k ** 3, dtype),
    () => {
      return wrap(kernels().svdvals(asF64(a), m, n), [k], dtype);
    },
    t0,
  );
}

/** Result of {@link qr}: A = Q·R. */
export interface QrResult {
  /** m×k with orthonormal columns. */
  Q: NDArray;
  /** k×n upper triangular. */
  R: NDArray;
}

/**
 * Reduced QR decomposition (cost 2(2mnk − floor(2k³/3)), k = min(m, n)).
 *
 * @param x An m×n matrix.
 */
export function qr(x: ArrayLike): QrResult {
  const t0 = opStart();
  const a = matrix("linalg.qr", x, false);
  const [m, n] = a.shape;
  const k = Math.min(m, n);
  const dtype = lapackDType(a.dtype);
  const cost = 2 * (2 * m * n * k - Math.floor(2 * k ** 3 / 3));
  return runOp("linalg.qr", [a.shape], dtype, charge(cost, dtype), () => {
    const r = kernels().qr(asF64(a), m, n);
    return { Q: wrap(r.q, [m, k], dtype), R: wrap(r.r, [k, n], dtype) };
  }, t0);
}

/** The `ord` values {@link norm} supports. */
export type NormOrder = "fro" | 1 | 2 | typeof Infinity | null | undefined;

/**
 * Vector or matrix norm (cost 2·numel): vectors ord 2 (default), 1 or Infinity; matrices
 * "fro" (default), 1 (max column sum) or Infinity (max row sum); with `axis`, vector norms
 * along that axis of a 2-D array.
 *
 * @param x A 1-D or 2-D array.
 * @param ord The norm order.
 * @param axis Optional axis for vector norms along one axis of a 2-D array.
 */
export function norm(x: ArrayLike, ord?: NormOrder, axis?: number | null): NDArray {
  const t0 = opStart();
  const a = toArray(x, "linalg.norm");
  if (a.ndim < 1 || a.ndim > 2) {
    throw new RangeError(
      `linalg.norm: expected a 1-D or 2-D array, got shape ${formatShape(a.shape)}`,
    );
  }
  const dtype = lapackDType(a.dtype);
  const vectorAxis = axis === undefined || axis === null ? (a.ndim === 1 ? 0 : null) : axis;
  const cost = charge(2 * a.size, dtype);
  if (vectorAxis === null) {
    const kind = ord === undefined || ord === null ? "fro" : ord;
    if (kind !== "fro" && kind !== 1 && kind !== Infinity) {
      throw new RangeError(
        `linalg.norm: matrix ord ${String(ord)} is not supported (use "fro", 1 or Infinity)`,
      );
    }
    return runOp("linalg.norm", [a.shape], dtype, cost, () => {
      return wrap(Float64Array.of(matrixNorm(a, kind)), [], dtype);
    }, t0);
  }
  const kind = ord === undefined || ord === null ? 2 : ord;
  if (kind !== 2 && kind !== 1 && kind !== Infinity) {
    throw new RangeError(
      `linalg.norm: vector ord ${String(ord)} is not supported (use 2, 1 or Infinity)`,
    );
  }
  const ax = vectorAxis < 0 ? vectorAxis + a.ndim : vectorAxis;
  if (ax < 0 || ax >= a.ndim) {
    throw new RangeError(`linalg.norm: axis ${axis} is out of bounds for dimension ${a.ndim}`);
  }
  return runOp("linalg.norm", [a.shape], dtype, cost, () => {
    const rows = a.ndim === 1 ? 1 : a.shape[0];
    const cols = a.ndim === 1 ? a.shape[0] : a.shape[1];
    const data = a.data;
    const count = a.ndim === 1 ? 1 : ax === 0 ? cols : rows;
    const len = a.ndim === 1 ? cols : ax === 0 ? rows : cols;
    const outer = new Float64Array(count);
    for (let c = 0; c < count; c++) {
      let acc = 0;
      for (let l = 0; l < len; l++) {
        const v = Math.abs(a.ndim === 1 || ax === 1 ? data[c * cols + l] : data[l * cols + c]);
        acc = kind === 2 ? acc + v * v : kind === 1 ? acc + v : Math.max(acc, v);
      }
      outer[c] = kind === 2 ? Math.sqrt(acc) : acc;
    }
    return wrap(outer, a.ndim === 1 ? [] : [count], dtype);
  }, t0);
}

function matrixNorm(a: NDArray, kind: "fro" | 1 | number): number {
  const [rows, cols] = a.shape;
  const data = a.data;
  if (kind === "fro") {
    let s = 0;
    for (let i = 0; i < data.length; i++) s += data[i] * data[i];
    return Math.sqrt(s);
  }
  const sums = new Float64Array(kind === 1 ? cols : rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) sums[kind === 1 ? j : i] += Math.abs(data[i * cols + j]);
  }
  let best = 0;
  for (const s of sums) best = Math.max(best, s);
  return best;
}
