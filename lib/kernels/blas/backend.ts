/**
 * The BLAS kernel backend: the matrix products through the system's CBLAS (`cblas_sgemm`,
 * `cblas_dgemm`, on the library's own threads), `np.linalg`'s kernels through the same
 * library's LAPACK where it has the routines (./lapack.ts), every other kernel from the
 * plain-JS set.
 *
 * Every call checks its buffers against (m, k, n) before it reaches native code, so no call can
 * read or write outside a buffer whatever its caller passes. Products too small to pay for the
 * native call run in JS.
 *
 * @module
 */
import { reluColumnSums } from "../js/backend.ts";
import { JS_COMPUTE_KERNELS } from "../js/compute.ts";
import { matmulF32 as jsMatmulF32, matmulF64 as jsMatmulF64 } from "../js/matmul.ts";
import type { Kernels } from "../seam.ts";
import { createLapackKernels, type LapackKernels } from "./lapack.ts";
import type { BlasLibrary } from "./library.ts";

/** CBLAS's enum values. */
const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

/** The largest typed array V8 may keep inside its heap (V8's typed_array_max_size_in_heap). */
const ON_HEAP_BYTES = 64;

/** Work (2·m·k·n) below which the JS product is faster than a native call. */
const BLAS_MIN_FLOPS = 1 << 13;

/** The sampler's epilogue run elsewhere (WASM SIMD); false when it could not, see WasmKernels. */
export type ReluColumnSums = (
  out: Float32Array,
  rows: number,
  n: number,
  colSums: Float64Array,
  colSquareSums?: Float64Array,
) => boolean;

/** A BLAS backend. */
export interface BlasKernels extends Kernels {
  /** The library in use. */
  readonly library: BlasLibrary;
  /** The linear-algebra kernels running on the library's LAPACK (the rest run in JS). */
  readonly lapack: readonly (keyof LapackKernels)[];
}

/**
 * Refuses a product whose buffers are smaller than its dimensions say (or whose dimensions are
 * not int32), before any native code runs.
 */
function checkDims(
  a: { length: number },
  b: { length: number },
  c: { length: number },
  m: number,
  k: number,
  n: number,
): void {
  for (const d of [m, k, n]) {
    if (!Number.isInteger(d) || d < 0 || d > 0x7fffffff) {
      throw new RangeError(`blas: dimension ${d} is not a non-negative int32`);
    }
  }
  if (a.length < m * k || b.length < k * n || c.length < m * n) {
    throw new RangeError(
      `blas: buffers of ${a.length}, ${b.length}, ${c.length} elements are too small for ` +
        `(${m}×${k})·(${k}×${n})`,
    );
  }
}

/** A CBLAS `?gemm` as bound: (order, transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc). */
type Gemm = (...args: never[]) => void;

/**
 * A matmul kernel of one precision through its `?gemm`: dimensions checked first, the JS kernel
 * for products too small to pay for the native call, row-major C = op(A)·op(B).
 */
function product<T extends Float32Array | Float64Array>(
  gemm: Gemm,
  js: (a: T, b: T, c: T, m: number, k: number, n: number, tA: boolean, tB: boolean) => void,
): (a: T, b: T, c: T, m: number, k: number, n: number, tA: boolean, tB: boolean) => void {
  const call = gemm as unknown as (...args: (number | T)[]) => void;
  return (a, b, c, m, k, n, transA, transB) => {
    checkDims(a, b, c, m, k, n);
    // V8 keeps typed arrays of up to 64 bytes inside its heap, where they may move: such a
    // buffer is never handed to native code (it only occurs in products too small to pay anyway)
    const small = a.byteLength <= ON_HEAP_BYTES || b.byteLength <= ON_HEAP_BYTES ||
      c.byteLength <= ON_HEAP_BYTES;
    if (small || 2 * m * k * n < BLAS_MIN_FLOPS || m === 0 || n === 0) {
      return js(a, b, c, m, k, n, transA, transB);
    }
    if (k === 0) return void c.fill(0, 0, m * n);
    const ta = transA ? TRANS : NO_TRANS;
    const tb = transB ? TRANS : NO_TRANS;
    call(ROW_MAJOR, ta, tb, m, n, k, 1, a, transA ? m : k, b, transB ? k : n, 0, c, n);
  };
}

/**
 * The BLAS backend over an opened library.
 *
 * @param library The library ({@link openBlas}).
 * @param threads Threads the library may use (OpenBLAS's setter; others use their own default).
 * @param epilogue The sampler's ReLU and column sums in SIMD (the WASM backend's), when this
 *   engine runs it: after the product they are a third of a sampler step in scalar JS.
 * @param options `lapack`: back np.linalg with the library's LAPACK (default off; opt-in with
 *   `WHEST_LAPACK=1`, as `lapackRequested` in select.ts says why).
 * @returns The backend, named `blas-<vendor>-x<threads>`.
 * @example
 * ```ts ignore
 * import { findBlas, openBlas } from "./library.ts";
 * import { createBlasKernels } from "./backend.ts";
 * const path = findBlas();
 * if (path) createBlasKernels(openBlas(path), 2).name; // "blas-openblas-x2"
 * ```
 */
export function createBlasKernels(
  library: BlasLibrary,
  threads: number,
  epilogue?: ReluColumnSums,
  options: { readonly lapack?: boolean } = {},
): BlasKernels {
  const { cblas_sgemm, cblas_dgemm, openblas_set_num_threads } = library.symbols;
  openblas_set_num_threads?.(threads);
  const matmulF32 = product(cblas_sgemm, jsMatmulF32);
  const matmulF64 = product(cblas_dgemm, jsMatmulF64);
  const lapack = options.lapack ? createLapackKernels(library.symbols, threads) : {};
  return Object.freeze({
    ...JS_COMPUTE_KERNELS,
    ...lapack,
    name: `blas-${library.vendor}-x${threads}`,
    library,
    lapack: Object.freeze(Object.keys(lapack) as (keyof LapackKernels)[]),
    matmulF32,
    matmulF64,
    reluMatmulColumnSumsF32(
      x: Float32Array,
      w: Float32Array,
      out: Float32Array,
      rows: number,
      n: number,
      colSums: Float64Array,
      colSquareSums?: Float64Array,
    ): void {
      matmulF32(x, w, out, rows, n, n, false, false);
      if (epilogue?.(out, rows, n, colSums, colSquareSums)) return;
      reluColumnSums(out, rows, n, colSums, colSquareSums);
    },
  });
}
