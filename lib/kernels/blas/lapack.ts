/**
 * The linear-algebra kernels on the BLAS library's own LAPACK (the Fortran routines numpy's
 * `np.linalg` calls: potrf, gesv, syevd, gesdd, geqrf + orgqr), with the JS kernels' contracts:
 * row-major inputs never modified, fresh row-major outputs, the same LinAlgError messages.
 *
 * LAPACK stores matrices column-major, which is the row-major buffer transposed; each kernel
 * either works on that transpose directly (a symmetric matrix's lower triangle is the
 * transpose's upper one; the SVD of Aᵀ is the SVD of A with U and V swapped) or copies
 * transposed, as numpy does. Every buffer is checked against its dimensions before native code
 * runs. Empty and non-finite inputs go to the JS kernels, whose results (NaN propagation, or
 * "SVD did not converge") are the contract; LAPACK would report a NaN pivot as "not positive
 * definite" instead.
 *
 * @module
 */
import * as js from "../js/linalg.ts";
import type { ComputeKernels } from "../seam.ts";
import type { BlasLibrary } from "./library.ts";

/** The kernels LAPACK can take over. */
export type LapackKernels = Pick<
  ComputeKernels,
  "cholesky" | "solve" | "inv" | "eigh" | "eigvalsh" | "svd" | "svdvals" | "qr"
>;

const INT32_MAX = 0x7fffffff;

/**
 * Buffers handed to native code live off the V8 heap: V8 keeps small typed arrays (up to 64
 * bytes) inside the heap, where the garbage collector may move them, and a pointer into such
 * a buffer is not a pointer native code may hold (a moved scalar crashed a long test process).
 * Every array LAPACK sees is made here or by {@link offHeapCopy}.
 */
function ints(length: number): Int32Array {
  return new Int32Array(new ArrayBuffer(4 * Math.max(1, length)));
}

/** An off-heap float64 array of `length` zeros (see {@link ints}). */
function floats(length: number): Float64Array {
  return new Float64Array(new ArrayBuffer(8 * Math.max(1, length)));
}

/** An off-heap copy of the first `length` values of `a` (see {@link ints}). */
function offHeapCopy(a: Float64Array, length: number): Float64Array {
  const copy = floats(length);
  copy.set(a.subarray(0, length));
  return copy.length === length ? copy : copy.subarray(0, length);
}

/** A Fortran INTEGER argument: a one-element buffer, refused unless a non-negative int32. */
function int(value: number, what: string): Int32Array {
  if (!Number.isInteger(value) || value < 0 || value > INT32_MAX) {
    throw new RangeError(`lapack: ${what} ${value} is not a non-negative int32`);
  }
  const buffer = ints(1);
  buffer[0] = value;
  return buffer;
}

/** The workspace-query size -1, off-heap. */
function minusOne(): Int32Array {
  const buffer = ints(1);
  buffer[0] = -1;
  return buffer;
}

/** A Fortran CHARACTER*1 argument (its hidden length, 1n, is passed after the others). */
function char(c: "N" | "S" | "U" | "V"): Uint8Array {
  const buffer = new Uint8Array(new ArrayBuffer(1));
  buffer[0] = c.charCodeAt(0);
  return buffer;
}

/** Refuses a buffer shorter than its dimensions say, before any native call reads it. */
function checkLength(buffer: { length: number }, needed: number, what: string): void {
  if (buffer.length < needed) {
    throw new RangeError(
      `lapack: ${what} has ${buffer.length} elements, its dimensions need ${needed}`,
    );
  }
}

function allFinite(a: Float64Array, size: number): boolean {
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(a[i])) return false;
  }
  return true;
}

/** Tile edge of the blocked transpose: a tile's source rows and target rows stay in cache. */
const TILE = 32;

/**
 * The cols×rows transpose of the row-major rows×cols `a`, tile by tile, the inner loop writing
 * contiguously: writing along a stride of a power-of-two row length maps every store to the
 * same few cache sets, which made a 1024² transpose four times slower.
 */
function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = floats(rows * cols).subarray(0, rows * cols);
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(r0 + TILE, rows);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, cols);
      for (let c = c0; c < c1; c++) {
        const row = c * rows;
        for (let r = r0; r < r1; r++) t[row + r] = a[r * cols + c];
      }
    }
  }
  return t;
}

/** Throws when LAPACK refused an argument (info < 0), which the checks here should prevent. */
function checkArguments(info: Int32Array, routine: string): void {
  if (info[0] < 0) throw new Error(`lapack: ${routine} refused argument ${-info[0]}`);
}

/** Throws for a failed routine: info > 0 is the numerical failure numpy names `message`. */
function check(info: Int32Array, routine: string, message: string): void {
  checkArguments(info, routine);
  if (info[0] > 0) throw new js.LinAlgError(message);
}

/** A workspace of the size a query (lwork = -1) reported in its first element. */
function workspace(query: Float64Array): { work: Float64Array; lwork: Int32Array } {
  const size = Math.max(1, Math.ceil(query[0]));
  return { work: floats(size), lwork: int(size, "workspace size") };
}

/** The dimensions of a square n×n input, checked. */
function square(a: Float64Array, n: number): Int32Array {
  const order = int(n, "order");
  checkLength(a, n * n, "matrix");
  return order;
}

/**
 * The LAPACK-backed linear-algebra kernels a library provides: one entry per kernel whose
 * routines it exports (none for a library without LAPACK, which keeps the JS kernels).
 *
 * @param symbols The opened library's symbols ({@link BlasLibrary}).
 * @param threads The library's thread count, restored after a call that must run on one.
 * @returns The kernels LAPACK backs here.
 * @example
 * ```ts ignore
 * import { findBlas, openBlas } from "./library.ts";
 * import { createLapackKernels } from "./lapack.ts";
 * const path = findBlas();
 * if (path) createLapackKernels(openBlas(path).symbols).cholesky?.(new Float64Array([4]), 1n); // [2]
 * ```
 */
export function createLapackKernels(
  symbols: BlasLibrary["symbols"],
  threads = 1,
): Partial<LapackKernels> {
  const { dpotrf_, dgesv_, dsyevd_, dgesdd_, dgeqrf_, dorgqr_, openblas_set_num_threads } = symbols;
  // Filled per routine found, then returned read-only.
  const kernels: { -readonly [K in keyof LapackKernels]?: LapackKernels[K] } = {};
  if (dpotrf_) {
    kernels.cholesky = (a, n) => {
      const order = square(a, n);
      if (n === 0 || !allFinite(a, n * n)) return js.cholesky(a, n);
      // Column-major, the buffer is Aᵀ, whose upper triangle is A's lower: Aᵀ = UᵀU leaves U
      // column-major, which read row-major is L = Uᵀ.
      const l = offHeapCopy(a, n * n);
      const info = ints(1);
      dpotrf_(char("U"), order, l, order, info, 1n);
      check(info, "dpotrf", "Matrix is not positive definite");
      for (let r = 0; r < n; r++) l.fill(0, r * n + r + 1, (r + 1) * n);
      return l;
    };
  }
  if (dgesv_) {
    /** X (column-major n×nrhs, overwriting `x`) with A·X = B, A given column-major. */
    const gesv = (aColumns: Float64Array, x: Float64Array, n: number, nrhs: number): void => {
      const order = int(n, "order");
      const info = ints(1);
      // OpenBLAS's threaded LU (getrf_parallel) recurses with a 0.5 MiB job table in each
      // frame: on a 2 MiB thread stack (deno test's and Web Workers' threads) a 100×100 solve
      // overflowed it (gdb: SIGSEGV at getrf_parallel's frame setup, four frames deep). The
      // single-threaded LU keeps small frames; the library's threads are restored after.
      openblas_set_num_threads?.(1);
      try {
        dgesv_(order, int(nrhs, "right-hand sides"), aColumns, order, ints(n), x, order, info);
      } finally {
        openblas_set_num_threads?.(threads);
      }
      check(info, "dgesv", "Singular matrix");
    };
    kernels.solve = (a, b, n, nrhs) => {
      square(a, n);
      int(nrhs, "right-hand sides");
      checkLength(b, n * nrhs, "right-hand sides");
      if (n === 0 || nrhs === 0 || !allFinite(a, n * n) || !allFinite(b, n * nrhs)) {
        return js.solve(a, b, n, nrhs);
      }
      const x = nrhs === 1 ? offHeapCopy(b, n) : transpose(b, n, nrhs);
      gesv(transpose(a, n, n), x, n, nrhs);
      return nrhs === 1 ? x : transpose(x, nrhs, n);
    };
    // numpy's inv is gesv against the identity, not getrf + getri.
    kernels.inv = (a, n) => {
      square(a, n);
      if (n === 0 || !allFinite(a, n * n)) return js.inv(a, n);
      const x = floats(n * n);
      for (let i = 0; i < n; i++) x[i * n + i] = 1;
      gesv(transpose(a, n, n), x, n, n);
      return transpose(x, n, n);
    };
  }
  if (dsyevd_) {
    /** Runs dsyevd on A's lower triangle; with vectors, `z` ends holding them column-major. */
    const syevd = (z: Float64Array, n: number, vectors: boolean): Float64Array => {
      const order = int(n, "order");
      const jobz = char(vectors ? "V" : "N");
      // Column-major, `z` is Aᵀ: its upper triangle is A's lower one (numpy's UPLO="L").
      const uplo = char("U");
      const values = floats(n).subarray(0, n);
      const info = ints(1);
      const query = floats(1);
      const iquery = ints(1);
      const unknown = ints(1);
      unknown[0] = -1;
      dsyevd_(jobz, uplo, order, z, order, values, query, unknown, iquery, unknown, info, 1n, 1n);
      check(info, "dsyevd", "Eigenvalues did not converge");
      const { work, lwork } = workspace(query);
      const iwork = ints(iquery[0]);
      const liwork = int(iwork.length, "integer workspace size");
      dsyevd_(jobz, uplo, order, z, order, values, work, lwork, iwork, liwork, info, 1n, 1n);
      check(info, "dsyevd", "Eigenvalues did not converge");
      return values;
    };
    kernels.eigh = (a, n) => {
      square(a, n);
      if (n === 0 || !allFinite(a, n * n)) return js.eigh(a, n);
      const z = offHeapCopy(a, n * n);
      const values = syevd(z, n, true);
      // Column j of the column-major z is values[j]'s eigenvector; row-major wants z transposed.
      return { values, vectors: transpose(z, n, n) };
    };
    kernels.eigvalsh = (a, n) => {
      square(a, n);
      if (n === 0 || !allFinite(a, n * n)) return js.eigvalsh(a, n);
      return syevd(offHeapCopy(a, n * n), n, false);
    };
  }
  if (dgesdd_) {
    /**
     * dgesdd on the row-major m×n `a`, read column-major as the n×m Aᵀ = U'·S·V'ᵀ; then
     * A = V'·S·U'ᵀ, and the column-major V'ᵀ (k×m) and U' (n×k) read row-major are exactly U
     * and Vt. Without vectors only S is formed.
     */
    const gesdd = (a: Float64Array, m: number, n: number, vectors: boolean): js.SvdResult => {
      const k = Math.min(m, n);
      const rows = int(n, "rows");
      const cols = int(m, "columns");
      const at = offHeapCopy(a, m * n);
      const jobz = char(vectors ? "S" : "N");
      const s = floats(k).subarray(0, k);
      const u = floats(vectors ? n * k : 1).subarray(0, vectors ? n * k : 1);
      const vt = floats(vectors ? k * m : 1).subarray(0, vectors ? k * m : 1);
      const ldu = int(vectors ? n : 1, "ldu");
      const ldvt = int(vectors ? k : 1, "ldvt");
      const iwork = ints(8 * k);
      const info = ints(1);
      const query = floats(1);
      const args = [jobz, rows, cols, at, rows, s, u, ldu, vt, ldvt] as const;
      dgesdd_(...args, query, minusOne(), iwork, info, 1n);
      check(info, "dgesdd", "SVD did not converge");
      const { work, lwork } = workspace(query);
      dgesdd_(...args, work, lwork, iwork, info, 1n);
      check(info, "dgesdd", "SVD did not converge");
      return { u: vt, s, vt: u };
    };
    kernels.svd = (a, m, n) => {
      int(m, "rows");
      int(n, "columns");
      checkLength(a, m * n, "matrix");
      if (m === 0 || n === 0 || !allFinite(a, m * n)) return js.svd(a, m, n);
      return gesdd(a, m, n, true);
    };
    kernels.svdvals = (a, m, n) => {
      int(m, "rows");
      int(n, "columns");
      checkLength(a, m * n, "matrix");
      if (m === 0 || n === 0 || !allFinite(a, m * n)) return js.svdvals(a, m, n);
      return gesdd(a, m, n, false).s;
    };
  }
  if (dgeqrf_ && dorgqr_) {
    kernels.qr = (a, m, n) => {
      const rows = int(m, "rows");
      const cols = int(n, "columns");
      checkLength(a, m * n, "matrix");
      if (m === 0 || n === 0 || !allFinite(a, m * n)) return js.qr(a, m, n);
      const k = Math.min(m, n);
      const reflectors = int(k, "reflectors");
      // Column-major A (m×n, leading dimension m) is the row-major buffer transposed.
      const w = transpose(a, m, n);
      const tau = floats(k);
      const info = ints(1);
      const query = floats(1);
      dgeqrf_(rows, cols, w, rows, tau, query, minusOne(), info);
      checkArguments(info, "dgeqrf");
      let ws = workspace(query);
      dgeqrf_(rows, cols, w, rows, tau, ws.work, ws.lwork, info);
      checkArguments(info, "dgeqrf");
      const r = floats(k * n).subarray(0, k * n);
      for (let i = 0; i < k; i++) {
        for (let c = i; c < n; c++) r[i * n + c] = w[c * m + i];
      }
      dorgqr_(rows, reflectors, reflectors, w, rows, tau, query, minusOne(), info);
      checkArguments(info, "dorgqr");
      ws = workspace(query);
      dorgqr_(rows, reflectors, reflectors, w, rows, tau, ws.work, ws.lwork, info);
      checkArguments(info, "dorgqr");
      // Q's k columns lead the column-major w; as a row-major k×m block they are Qᵀ.
      return { q: transpose(w.subarray(0, m * k), k, m), r };
    };
  }
  return kernels;
}
