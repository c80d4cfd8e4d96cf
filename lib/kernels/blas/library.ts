/**
 * Finding and opening a system BLAS through Deno's FFI: OpenBLAS, BLIS or MKL on Linux (by
 * their well-known sonames in the usual library directories), Accelerate on macOS, or the file
 * `WHEST_BLAS` names. `cblas_sgemm` and `cblas_dgemm` are required; OpenBLAS's thread setter and
 * the Fortran LAPACK routines behind `np.linalg` are bound when the library has them. Opening needs the `ffi` permission for that one file; without it, or
 * without a library, there is simply no BLAS and whest runs on its WASM kernels.
 *
 * @module
 */
import { envVar } from "../../core/env.ts";

/**
 * A row-major CBLAS `?gemm` binding: order, transA, transB, m, n, k, alpha, A, lda, B, ldb,
 * beta, C, ldc.
 */
export interface GemmSymbol {
  /** The fourteen arguments' native types. */
  readonly parameters: readonly Deno.NativeType[];
  /** `?gemm` writes into C and returns nothing. */
  readonly result: "void";
}

/** The `?gemm` signature for one precision; only the two scalars (alpha, beta) differ. */
function gemmSymbol(scalar: "f32" | "f64"): GemmSymbol {
  const i32 = "i32" as const;
  return {
    parameters: [
      i32,
      i32,
      i32,
      i32,
      i32,
      i32,
      scalar,
      "buffer",
      i32,
      "buffer",
      i32,
      scalar,
      "buffer",
      i32,
    ],
    result: "void",
  };
}

/** The CBLAS functions whest binds (row-major `?gemm`, as CBLAS declares them). */
export const SYMBOLS: { readonly cblas_sgemm: GemmSymbol; readonly cblas_dgemm: GemmSymbol } = {
  cblas_sgemm: gemmSymbol("f32"),
  cblas_dgemm: gemmSymbol("f64"),
};

/** OpenBLAS's thread setter, bound when the library has it. */
export const THREAD_SYMBOL: {
  readonly openblas_set_num_threads: {
    readonly parameters: readonly ["i32"];
    readonly result: "void";
    readonly optional: true;
  };
} = {
  openblas_set_num_threads: { parameters: ["i32"], result: "void", optional: true },
} as const;

/** A Fortran LAPACK routine's binding: pointer arguments, then hidden CHARACTER lengths. */
export interface LapackSymbol<P extends readonly Deno.NativeType[]> {
  /** The argument types, in Fortran's order. */
  readonly parameters: P;
  /** Fortran SUBROUTINEs return nothing. */
  readonly result: "void";
  /** A library without LAPACK still opens. */
  readonly optional: true;
}

/** A Fortran argument: a pointer to the value, scalar or array. */
export type Ptr = "buffer";
const P: Ptr = "buffer";
/** Eight pointer arguments, the longest run the signatures below share. */
export type Ptr8 = readonly [Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr];

/**
 * The Fortran LAPACK routines whest binds, each optional: OpenBLAS, MKL and Accelerate export
 * them, BLIS does not, and a library without them keeps the JS linear algebra. Fortran takes
 * every argument by pointer (scalars as one-element buffers, LP64 `int32` integers); a
 * CHARACTER argument also takes its length as a hidden trailing `usize`, passed explicitly
 * because gfortran-built routines may forward it (leaving it out is the known crash of calling
 * LAPACK from C).
 */
export const LAPACK_SYMBOLS: {
  /** Cholesky: (uplo, n, a, lda, info; len(uplo)). */
  readonly dpotrf_: LapackSymbol<readonly [Ptr, Ptr, Ptr, Ptr, Ptr, "usize"]>;
  /** LU solve: (n, nrhs, a, lda, ipiv, b, ldb, info). */
  readonly dgesv_: LapackSymbol<Ptr8>;
  /**
   * Symmetric eigensolver by divide and conquer: (jobz, uplo, n, a, lda, w, work, lwork, iwork,
   * liwork, info; len(jobz), len(uplo)).
   */
  readonly dsyevd_: LapackSymbol<readonly [...Ptr8, Ptr, Ptr, Ptr, "usize", "usize"]>;
  /**
   * SVD by divide and conquer: (jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork,
   * info; len(jobz)).
   */
  readonly dgesdd_: LapackSymbol<readonly [...Ptr8, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, "usize"]>;
  /** Householder QR: (m, n, a, lda, tau, work, lwork, info). */
  readonly dgeqrf_: LapackSymbol<Ptr8>;
  /** Q from dgeqrf's reflectors: (m, n, k, a, lda, tau, work, lwork, info). */
  readonly dorgqr_: LapackSymbol<readonly [...Ptr8, Ptr]>;
} = {
  dpotrf_: { parameters: [P, P, P, P, P, "usize"], result: "void", optional: true },
  dgesv_: { parameters: [P, P, P, P, P, P, P, P], result: "void", optional: true },
  dsyevd_: {
    parameters: [P, P, P, P, P, P, P, P, P, P, P, "usize", "usize"],
    result: "void",
    optional: true,
  },
  dgesdd_: {
    parameters: [P, P, P, P, P, P, P, P, P, P, P, P, P, P, "usize"],
    result: "void",
    optional: true,
  },
  dgeqrf_: { parameters: [P, P, P, P, P, P, P, P], result: "void", optional: true },
  dorgqr_: { parameters: [P, P, P, P, P, P, P, P, P], result: "void", optional: true },
};

/** An opened BLAS. */
export interface BlasLibrary {
  /** The file that was opened (absolute where it was found by search). */
  readonly path: string;
  /** A short name for reports: "openblas", "blis", "mkl", "accelerate" or "blas". */
  readonly vendor: string;
  /** The bound functions. */
  readonly symbols: Deno.DynamicLibrary<
    typeof SYMBOLS & typeof THREAD_SYMBOL & typeof LAPACK_SYMBOLS
  >["symbols"];
}

/**
 * Libraries opened so far, by path. A BLAS is opened once per process and never unloaded:
 * OpenBLAS's worker threads outlive `dlclose`, and a library unloaded and loaded again
 * crashes the process.
 */
const opened = new Map<string, BlasLibrary>();

/** Well-known library files, most preferred first, per platform. */
const CANDIDATES: Readonly<Record<string, readonly string[]>> = {
  linux: ["libopenblas.so.0", "libopenblas.so", "libblis.so.4", "libmkl_rt.so.2", "libmkl_rt.so"],
  darwin: ["/System/Library/Frameworks/Accelerate.framework/Accelerate"],
  windows: ["openblas.dll", "libopenblas.dll"],
};

/** Where Linux keeps shared libraries (the dynamic loader's usual search path). */
const LINUX_DIRS = [
  "/usr/lib/x86_64-linux-gnu",
  "/lib/x86_64-linux-gnu",
  "/usr/lib/aarch64-linux-gnu",
  "/lib/aarch64-linux-gnu",
  "/usr/lib64",
  "/usr/lib",
  "/usr/local/lib",
];

/** The vendor a library file's name shows. */
export function blasVendor(path: string): string {
  const name = path.toLowerCase();
  if (name.includes("openblas")) return "openblas";
  if (name.includes("blis")) return "blis";
  if (name.includes("mkl")) return "mkl";
  if (name.includes("accelerate")) return "accelerate";
  return "blas";
}

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * The BLAS file to open: `WHEST_BLAS` when set, else the first well-known library found.
 *
 * @param override The `WHEST_BLAS` value (default read from the environment when allowed).
 * @returns An absolute path, or undefined when none is found.
 * @example
 * ```ts
 * import { findBlas } from "./library.ts";
 * findBlas(); // e.g. "/usr/lib/x86_64-linux-gnu/libopenblas.so.0", or undefined
 * ```
 */
export function findBlas(
  override: string | undefined = envVar("WHEST_BLAS") || undefined,
): string | undefined {
  if (override) return override;
  const candidates = CANDIDATES[Deno.build.os] ?? [];
  for (const name of candidates) {
    if (name.startsWith("/")) {
      if (exists(name)) return name;
      continue;
    }
    const searchPath = (envVar("LD_LIBRARY_PATH") ?? "").split(":").filter((d) => d !== "");
    const dirs = [...searchPath, ...(Deno.build.os === "linux" ? LINUX_DIRS : [])];
    for (const dir of dirs) {
      if (exists(`${dir}/${name}`)) return `${dir}/${name}`;
    }
  }
  return undefined;
}

/** Why a BLAS could not be opened, for `--kernels blas` and diagnostics. */
export class BlasUnavailable extends Error {
  /**
   * Creates the error.
   *
   * @param message One line: what was tried and why it failed.
   */
  constructor(message: string) {
    super(message);
    this.name = "BlasUnavailable";
  }
}

/**
 * Opens a BLAS and binds its CBLAS matrix products, and its LAPACK routines where present.
 *
 * @param path The library file ({@link findBlas}).
 * @throws {BlasUnavailable} Without the `ffi` permission, or when the file does not load or
 *   lacks `cblas_sgemm` / `cblas_dgemm`.
 */
export function openBlas(path: string): BlasLibrary {
  const known = opened.get(path);
  if (known) return known;
  if (Deno.permissions.querySync({ name: "ffi", path }).state !== "granted") {
    throw new BlasUnavailable(`opening ${path} needs the ffi permission (--allow-ffi)`);
  }
  let lib: Deno.DynamicLibrary<typeof SYMBOLS & typeof THREAD_SYMBOL & typeof LAPACK_SYMBOLS>;
  try {
    lib = Deno.dlopen(path, { ...SYMBOLS, ...THREAD_SYMBOL, ...LAPACK_SYMBOLS });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BlasUnavailable(`cannot load ${path}: ${reason.split("\n")[0]}`);
  }
  const library = { path, vendor: blasVendor(path), symbols: lib.symbols };
  opened.set(path, library);
  return library;
}
