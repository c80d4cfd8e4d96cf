/**
 * The WASM SIMD kernel backend: public entry points.
 *
 * `useWasmKernels()` makes it the active backend; `setWasmThreads(n)` (for a `--threads`
 * flag) or the WHEST_THREADS environment variable sets the thread count (default: all cores).
 *
 * @module
 */

import { useKernels } from "../seam.ts";
import type { Kernels } from "../seam.ts";
import { createWasmKernels, type WasmKernelOptions } from "./backend.ts";

export { createWasmKernels } from "./backend.ts";
export type { WasmKernelOptions, WasmKernels } from "./backend.ts";
export { setWasmThreads, wasmThreads } from "./threads.ts";
export { supportedVariants } from "./loader.ts";
export type { WasmVariant } from "./wat.ts";

/**
 * Makes a new WASM backend the active kernel backend.
 *
 * @param options Passed to {@link createWasmKernels}.
 * @returns The previously active backend, if any.
 * @example
 * ```ts
 * import { useWasmKernels } from "./mod.ts";
 * useWasmKernels(); // every counted op now runs on the WASM kernels
 * ```
 */
export function useWasmKernels(options?: WasmKernelOptions): Kernels | undefined {
  return useKernels(createWasmKernels(options));
}
