/**
 * Registers the plain-JS backend as the default kernel backend and re-exports the seam.
 * Import this module (directly or through lib/api/mod.ts) before running counted ops.
 *
 * @module
 */

import { setDefaultKernels } from "./seam.ts";
import { createJsKernels } from "./js/backend.ts";

setDefaultKernels(createJsKernels);

export { kernels, setDefaultKernels, useKernels } from "./seam.ts";
export type { FloatBuffer, Kernels } from "./seam.ts";
export { createJsKernels } from "./js/backend.ts";
