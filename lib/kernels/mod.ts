/**
 * Registers the default kernel backend (WASM SIMD on every core, plain JS where the engine lacks
 * WASM SIMD or shared memory) and re-exports the seam.
 * Import this module (directly or through lib/api/mod.ts) before running counted ops.
 *
 * @module
 */

import { setDefaultKernels } from "./seam.ts";
import { createJsKernels } from "./js/backend.ts";
import { createWasmKernels } from "./wasm/backend.ts";
import { supportedVariants } from "./wasm/loader.ts";

setDefaultKernels(() => supportedVariants().length > 0 ? createWasmKernels() : createJsKernels());

export { kernels, setDefaultKernels, useKernels } from "./seam.ts";
export type { FloatBuffer, Kernels } from "./seam.ts";
export { createJsKernels } from "./js/backend.ts";
