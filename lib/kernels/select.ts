/**
 * Choosing the kernel backend (`--kernels auto|blas|wasm|js`): `auto` takes a system BLAS when
 * one is found and may be opened (the `ffi` permission), else WASM SIMD where the engine runs
 * it, else plain JS. The choice is made once per process, before any counted op.
 *
 * @module
 */
import { envVar } from "../core/env.ts";
import { WhestError } from "../core/errors.ts";

import { type BlasKernels, createBlasKernels } from "./blas/backend.ts";
import { BlasUnavailable, findBlas, openBlas } from "./blas/library.ts";
import { createJsKernels } from "./js/backend.ts";
import { type Kernels, useKernels } from "./seam.ts";
import { createWasmKernels } from "./wasm/backend.ts";
import { supportedVariants } from "./wasm/loader.ts";

/** The values `--kernels` takes. */
export const KERNEL_CHOICES = ["auto", "blas", "wasm", "js"] as const;

/** A `--kernels` value. */
export type KernelChoice = typeof KERNEL_CHOICES[number];

/** The backend chosen, and what a worker needs to run the same one. */
export interface SelectedKernels {
  /** The active backend. */
  readonly backend: Kernels;
  /** The BLAS file, when the backend is BLAS (the worker opens the same file). */
  readonly blasPath?: string;
  /** Whether np.linalg runs on the BLAS library's LAPACK (the worker does the same). */
  readonly lapack?: boolean;
  /** Why `auto` passed over BLAS, when it did and a BLAS exists. */
  readonly note?: string;
}

/**
 * Whether `value` is a `--kernels` value.
 *
 * @param value Any string.
 */
export function isKernelChoice(value: string): value is KernelChoice {
  return (KERNEL_CHOICES as readonly string[]).includes(value);
}

/**
 * The BLAS backend over the library at `path`, with the sampler's epilogue in WASM SIMD where
 * this engine runs it (on the calling thread: the library's threads do the products).
 *
 * @param path The library file.
 * @param threads Threads the library may use.
 * @param lapack Back np.linalg with the library's LAPACK; default `WHEST_LAPACK=1`.
 * @throws {BlasUnavailable} When the library cannot be opened.
 */
export function openBlasKernels(
  path: string,
  threads: number,
  lapack: boolean = lapackRequested(),
): BlasKernels {
  const library = openBlas(path);
  if (supportedVariants().length === 0) {
    return createBlasKernels(library, threads, undefined, { lapack });
  }
  const wasm = createWasmKernels({ threads: 1 });
  return createBlasKernels(
    library,
    threads,
    (out, rows, n, sums, squares) => wasm.reluColumnSumsF32(out, rows, n, sums, squares),
    { lapack },
  );
}

/**
 * Whether `WHEST_LAPACK=1` asks for np.linalg on the BLAS library's LAPACK. Still opt-in: the
 * crash that made it so (OpenBLAS's threaded LU overflowing a 2 MiB thread stack) is fixed by
 * running `dgesv` single-threaded, but the other routines' threaded products also keep large
 * tables on the stack and have not yet been run on small-stack threads at every size.
 */
export function lapackRequested(): boolean {
  return envVar("WHEST_LAPACK") === "1";
}

function blas(threads: number, path: string | undefined): SelectedKernels {
  if (path === undefined) {
    throw new BlasUnavailable(
      "no BLAS found (install OpenBLAS, e.g. Debian's libopenblas0-pthread, or set WHEST_BLAS=/path/to/libopenblas.so)",
    );
  }
  const lapack = lapackRequested();
  return { backend: openBlasKernels(path, threads, lapack), blasPath: path, lapack };
}

function wasmOrJs(): Kernels {
  return supportedVariants().length > 0 ? createWasmKernels() : createJsKernels();
}

/**
 * Creates the chosen backend and makes it the active one.
 *
 * @param choice `--kernels`.
 * @param threads Kernel threads (the BLAS library's too).
 * @returns The backend and, for BLAS, the library file.
 * @throws {WhestError} One line for the user (exit 1): `blas` when no BLAS can be opened,
 *   `wasm` on an engine without WASM SIMD and shared memory.
 * @example
 * ```ts
 * import { selectKernels } from "./select.ts";
 * selectKernels("js", 1).backend.name; // "js"
 * ```
 */
export function selectKernels(choice: KernelChoice, threads: number): SelectedKernels {
  let selected: SelectedKernels;
  switch (choice) {
    case "js":
      selected = { backend: createJsKernels() };
      break;
    case "wasm":
      if (supportedVariants().length === 0) {
        throw new WhestError("--kernels wasm: this engine lacks WASM SIMD or shared memory");
      }
      selected = { backend: createWasmKernels() };
      break;
    case "blas":
      try {
        selected = blas(threads, findBlas());
      } catch (error) {
        if (!(error instanceof BlasUnavailable)) throw error;
        throw new WhestError(`--kernels blas: ${error.message}`);
      }
      break;
    case "auto": {
      const path = findBlas();
      try {
        selected = path === undefined ? { backend: wasmOrJs() } : blas(threads, path);
      } catch (error) {
        if (!(error instanceof BlasUnavailable)) throw error;
        selected = { backend: wasmOrJs(), note: error.message };
      }
      break;
    }
  }
  useKernels(selected.backend);
  return selected;
}
