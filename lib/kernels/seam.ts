/**
 * The kernel seam: the one place where counted ops hand numeric work to a backend.
 *
 * Ops validate, compute shapes and charge FLOPs; kernels only compute. A backend (plain JS
 * today, WASM SIMD on several cores later) implements {@link Kernels}, and `useKernels`
 * swaps it in without touching any op.
 *
 * Conventions for every kernel: dense row-major buffers, no aliasing between inputs and
 * outputs unless stated, dimensions passed explicitly, no allocation of the output.
 *
 * @module
 */

import type { Storage } from "../array/dtype.ts";
import type { BinaryOpName } from "./js/binary.ts";
import type { applyBinary } from "./js/broadcast.ts";
import type { broadcastInto, castInto, permuteInto } from "./js/layout.ts";
import type {
  cholesky,
  completeBasis,
  det,
  eigh,
  eigvalsh,
  inv,
  qr,
  slogdet,
  solve,
  svd,
  svdvals,
} from "./js/linalg.ts";
import type { anyAllAxis, extremeAxis, prodAxis, scanAxis, sumAxis, varAxis } from "./js/reduce.ts";
import type { argsort, SortableArray, sortInPlace } from "./js/sort.ts";
import type { nanReduceAxis, NanReduction } from "./js/nan_reduce.ts";
import type { quantileAxis } from "./js/quantile.ts";
import type { iscloseInto, nanToNumInto } from "./js/closeness.ts";
import type { centreRows, correlationInPlace } from "./js/covariance.ts";
import type { normCdf, normPdf, normPpf } from "./js/stats.ts";
import type { UnaryOpName } from "./js/unary.ts";

import { createJsKernels } from "./js/backend.ts";

export type { BinaryOpName, NanReduction, SortableArray, UnaryOpName };
export { LinAlgError } from "./js/linalg/errors.ts";

/** Any float buffer a matmul kernel accepts for its dtype. */
export type FloatBuffer = Float32Array | Float64Array;

/**
 * Every kernel besides the matrix products, by name: data movement, elementwise loops,
 * reductions along an axis, sorting, the normal distribution's functions and dense linear
 * algebra. Ops reach them only through {@link kernels}; a backend registers the whole set
 * (one that speeds up none of them registers the plain-JS set, `JS_COMPUTE_KERNELS`).
 */
export interface ComputeKernels {
  /** Copies with the axes permuted. */
  readonly permuteInto: typeof permuteInto;
  /** Copies broadcast to a larger shape. */
  readonly broadcastInto: typeof broadcastInto;
  /** Copies converting to a dtype's storage (numpy's casting rules). */
  readonly castInto: typeof castInto;
  /** A broadcasting binary elementwise loop. */
  readonly applyBinary: typeof applyBinary;
  /** A unary elementwise loop: `out[i] = op(input[i])` for `n` elements. */
  readonly applyUnary: (op: UnaryOpName, input: Storage, out: Storage, n: number) => void;
  /** Sums along an axis (pairwise, as numpy). */
  readonly sumAxis: typeof sumAxis;
  /** Products along an axis. */
  readonly prodAxis: typeof prodAxis;
  /** Maxima or minima (or their indices) along an axis. */
  readonly extremeAxis: typeof extremeAxis;
  /** `any` or `all` along an axis. */
  readonly anyAllAxis: typeof anyAllAxis;
  /** Variances along an axis. */
  readonly varAxis: typeof varAxis;
  /** Cumulative sums or products along an axis. */
  readonly scanAxis: typeof scanAxis;
  /** Sorts a run of values in place (numpy's order: NaN last). */
  readonly sortInPlace: typeof sortInPlace;
  /** The stable sorting permutation of a run of values. */
  readonly argsort: typeof argsort;
  /** The standard normal density. */
  readonly normPdf: typeof normPdf;
  /** The standard normal distribution function. */
  readonly normCdf: typeof normCdf;
  /** The standard normal quantile function. */
  readonly normPpf: typeof normPpf;
  /** Lower Cholesky factor. */
  readonly cholesky: typeof cholesky;
  /** LU solve of A X = B. */
  readonly solve: typeof solve;
  /** Inverse. */
  readonly inv: typeof inv;
  /** Symmetric eigendecomposition. */
  readonly eigh: typeof eigh;
  /** Symmetric eigenvalues. */
  readonly eigvalsh: typeof eigvalsh;
  /** Thin SVD. */
  readonly svd: typeof svd;
  /** Singular values. */
  readonly svdvals: typeof svdvals;
  /** Householder QR. */
  readonly qr: typeof qr;
  /** Orthonormal columns completed to a square orthonormal basis (a full SVD's U). */
  readonly completeBasis: typeof completeBasis;
  /** NaN-skipping reductions along an axis (nansum, nanmax, nanmean, ...). */
  readonly nanReduceAxis: typeof nanReduceAxis;
  /** Quantiles or medians along an axis (numpy's "linear" method). */
  readonly quantileAxis: typeof quantileAxis;
  /** Determinant by LU (0 when singular). */
  readonly det: typeof det;
  /** Sign and log of the absolute determinant by LU. */
  readonly slogdet: typeof slogdet;
  /** numpy's isclose test, elementwise. */
  readonly iscloseInto: typeof iscloseInto;
  /** NaN and ±infinity replaced, elementwise. */
  readonly nanToNumInto: typeof nanToNumInto;
  /** Each row minus its mean, in place (cov). */
  readonly centreRows: typeof centreRows;
  /** A covariance matrix turned into correlations, in place (corrcoef). */
  readonly correlationInPlace: typeof correlationInPlace;
}

/** The names every backend must register, in the order of {@link ComputeKernels}. */
export const COMPUTE_KERNEL_NAMES: readonly (keyof ComputeKernels)[] = [
  "permuteInto",
  "broadcastInto",
  "castInto",
  "applyBinary",
  "applyUnary",
  "sumAxis",
  "prodAxis",
  "extremeAxis",
  "anyAllAxis",
  "varAxis",
  "scanAxis",
  "sortInPlace",
  "argsort",
  "normPdf",
  "normCdf",
  "normPpf",
  "cholesky",
  "solve",
  "inv",
  "eigh",
  "eigvalsh",
  "svd",
  "svdvals",
  "qr",
  "completeBasis",
  "nanReduceAxis",
  "quantileAxis",
  "det",
  "slogdet",
  "iscloseInto",
  "nanToNumInto",
  "centreRows",
  "correlationInPlace",
];

/**
 * The numeric kernels a backend provides.
 *
 * Matmul computes C (m×n) = op(A) · op(B), where op(X) is X or Xᵀ:
 * - A is stored as m×k (row-major) when `transA` is false, as k×m when true;
 * - B is stored as k×n when `transB` is false, as n×k when true;
 * - C is m×n and is overwritten.
 * Float32 kernels accumulate in float32 (like sgemm); float64 kernels in float64.
 */
export interface Kernels extends ComputeKernels {
  /** Short backend name shown in reports and benchmarks, e.g. "js" or "wasm-simd-x2". */
  readonly name: string;
  /** Float32 C = op(A)·op(B); accumulation in float32. */
  matmulF32(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void;
  /** Float64 C = op(A)·op(B). */
  matmulF64(
    a: Float64Array,
    b: Float64Array,
    c: Float64Array,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void;
  /**
   * One Monte Carlo layer step: out (rows×n) = max(x (rows×n) · w (n×n), 0) in float32, then
   * adds each output column's sum (in float64) into `colSums[j]`, and, when `colSquareSums` is
   * given, each column's sum of squares into it. `out` must not alias `x`.
   */
  reluMatmulColumnSumsF32(
    x: Float32Array,
    w: Float32Array,
    out: Float32Array,
    rows: number,
    n: number,
    colSums: Float64Array,
    colSquareSums?: Float64Array,
  ): void;
}

/**
 * Runs `backend`'s matmul in the precision of C: `matmulF32` for a Float32Array C, whose A and
 * B must then be Float32Arrays too, `matmulF64` for a Float64Array C.
 *
 * @param backend The kernels to run.
 * @param a A, stored m×k (k×m when transA).
 * @param b B, stored k×n (n×k when transB).
 * @param c C, m×n, overwritten.
 * @param m Rows of C.
 * @param k Inner dimension.
 * @param n Columns of C.
 * @param transA Whether A is stored transposed.
 * @param transB Whether B is stored transposed.
 */
export function matmulInto(
  backend: Kernels,
  a: FloatBuffer,
  b: FloatBuffer,
  c: FloatBuffer,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  if (c instanceof Float32Array) {
    backend.matmulF32(a as Float32Array, b as Float32Array, c, m, k, n, transA, transB);
  } else {
    backend.matmulF64(a as Float64Array, b as Float64Array, c, m, k, n, transA, transB);
  }
}

let active: Kernels | undefined;
let defaultFactory: (() => Kernels) | undefined;

/**
 * Registers the factory used when no backend was chosen explicitly.
 * The JS backend registers itself; a faster backend may replace it at start-up.
 *
 * @param factory Builds the default backend on first use.
 */
export function setDefaultKernels(factory: () => Kernels): void {
  defaultFactory = factory;
}

/**
 * The active kernel backend.
 *
 * @example
 * ```ts
 * import { kernels } from "./seam.ts";
 * const c = new Float64Array(4);
 * kernels().matmulF64(new Float64Array([1, 2, 3, 4]), new Float64Array([1, 0, 0, 1]), c, 2, 2, 2, false, false);
 * ```
 */
export function kernels(): Kernels {
  // lib/kernels/mod.ts registers the fastest backend this engine runs; a module that never
  // loaded it (a unit test, a doc example) gets the plain-JS one, which computes the same.
  active ??= defaultFactory ? defaultFactory() : createJsKernels();
  return active;
}

/**
 * Makes `backend` the active kernel backend and returns the previous one (if any).
 *
 * @param backend The backend every subsequent op will use.
 */
export function useKernels(backend: Kernels): Kernels | undefined {
  const previous = active;
  active = backend;
  return previous;
}
