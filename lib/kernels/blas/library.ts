/**
 * Finding and opening a system BLAS through Deno's FFI: OpenBLAS, BLIS or MKL on Linux (by
 * their well-known sonames in the usual library directories), Accelerate on macOS, or the file
 * `WHEST_BLAS` names. Only `cblas_sgemm` and `cblas_dgemm` are bound (and OpenBLAS's thread
 * setter when present). Opening needs the `ffi` permission for that one file; without it, or
 * without a library, there is simply no BLAS and whest runs on its WASM kernels.
 *
 * @module
 */

/** The CBLAS functions whest binds (row-major `?gemm`, as CBLAS declares them). */
export const SYMBOLS: {
  readonly cblas_sgemm: {
    readonly parameters: readonly Deno.NativeType[];
    readonly result: "void";
  };
  readonly cblas_dgemm: {
    readonly parameters: readonly Deno.NativeType[];
    readonly result: "void";
  };
} = {
  cblas_sgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f32",
      "buffer",
      "i32",
    ],
    result: "void",
  },
  cblas_dgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f64",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f64",
      "buffer",
      "i32",
    ],
    result: "void",
  },
} as const;

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

/** An opened BLAS. */
export interface BlasLibrary {
  /** The file that was opened (absolute where it was found by search). */
  readonly path: string;
  /** A short name for reports: "openblas", "blis", "mkl", "accelerate" or "blas". */
  readonly vendor: string;
  /** The bound functions. */
  readonly symbols: Deno.DynamicLibrary<typeof SYMBOLS & typeof THREAD_SYMBOL>["symbols"];
  /** Unloads the library. */
  close(): void;
}

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
export function findBlas(override: string | undefined = readOverride()): string | undefined {
  if (override) return override;
  const candidates = CANDIDATES[Deno.build.os] ?? [];
  for (const name of candidates) {
    if (name.startsWith("/")) {
      if (exists(name)) return name;
      continue;
    }
    const dirs = [...libraryPathDirs(), ...(Deno.build.os === "linux" ? LINUX_DIRS : [])];
    for (const dir of dirs) {
      if (exists(`${dir}/${name}`)) return `${dir}/${name}`;
    }
  }
  return undefined;
}

function readOverride(): string | undefined {
  try {
    return Deno.env.get("WHEST_BLAS") || undefined;
  } catch {
    return undefined;
  }
}

function libraryPathDirs(): string[] {
  try {
    return (Deno.env.get("LD_LIBRARY_PATH") ?? "").split(":").filter((d) => d !== "");
  } catch {
    return [];
  }
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
 * Opens a BLAS and binds its CBLAS matrix products.
 *
 * @param path The library file ({@link findBlas}).
 * @throws {BlasUnavailable} Without the `ffi` permission, or when the file does not load or
 *   lacks `cblas_sgemm` / `cblas_dgemm`.
 */
export function openBlas(path: string): BlasLibrary {
  if (Deno.permissions.querySync({ name: "ffi", path }).state !== "granted") {
    throw new BlasUnavailable(`opening ${path} needs the ffi permission (--allow-ffi)`);
  }
  let lib: Deno.DynamicLibrary<typeof SYMBOLS & typeof THREAD_SYMBOL>;
  try {
    lib = Deno.dlopen(path, { ...SYMBOLS, ...THREAD_SYMBOL });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BlasUnavailable(`cannot load ${path}: ${reason.split("\n")[0]}`);
  }
  return { path, vendor: blasVendor(path), symbols: lib.symbols, close: () => lib.close() };
}
