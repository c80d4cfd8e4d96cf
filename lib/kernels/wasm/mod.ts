/**
 * The WASM SIMD kernel backend: public entry points.
 *
 * `createWasmKernels()` builds one (lib/kernels/mod.ts makes it the default backend where the
 * engine runs it; `useKernels` swaps one in); `setWasmThreads(n)` (for a `--threads` flag) or
 * the WHEST_THREADS environment variable sets the thread count (default: all cores).
 *
 * @module
 */

export { createWasmKernels } from "./backend.ts";
export type { WasmKernelOptions, WasmKernels } from "./backend.ts";
export { setWasmThreads, wasmThreads } from "./threads.ts";
export { supportedVariants } from "./loader.ts";
export type { WasmVariant } from "./wat.ts";
