/**
 * The BLAS backend for a benchmark, when this machine has one (and the benchmark may open it):
 * benchmarks time it beside the WASM and JS backends, or say why they could not.
 *
 * @module
 */
import type { BlasKernels } from "../lib/kernels/blas/backend.ts";
import { findBlas } from "../lib/kernels/blas/library.ts";
import { openBlasKernels } from "../lib/kernels/select.ts";
import { wasmThreads } from "../lib/kernels/wasm/threads.ts";

/**
 * The BLAS backend on every kernel thread, or null (with a line saying why) when there is none.
 *
 * @param say Where the reason goes.
 * @param lapack Back np.linalg with the library's LAPACK (opt-in, see openBlasKernels).
 */
export function optionalBlas(
  say: (line: string) => void = console.log,
  lapack = false,
): BlasKernels | null {
  const path = findBlas();
  if (path === undefined) {
    say("BLAS: none found (install libopenblas0-pthread or set WHEST_BLAS); not timed");
    return null;
  }
  try {
    return openBlasKernels(path, wasmThreads(), lapack);
  } catch (error) {
    say(`BLAS: ${(error as Error).message}; not timed`);
    return null;
  }
}
