/**
 * Decodes the embedded kernel binaries, picks the fastest build this engine accepts and
 * instantiates it on a fresh shared memory. Synchronous: no file, no fetch, no await.
 *
 * @module
 */

import { EMBEDDED_WASM } from "./embedded.ts";
import type { KernelExports } from "./jobs.ts";
import { MEMORY_MAX_PAGES, WASM_VARIANTS, type WasmVariant } from "./wat.ts";

/** A kernel module instance and the shared memory it runs on. */
export interface LoadedKernels {
  /** The build that was picked (the fastest the engine validates). */
  readonly variant: WasmVariant;
  /** Compiled once; worker threads instantiate the same module. */
  readonly module: WebAssembly.Module;
  /** The shared memory the instance imports as `env.memory`. */
  readonly memory: WebAssembly.Memory;
  /** The calling thread's instance exports: the kernels, plus globals such as `mr_f32`. */
  readonly exports: KernelExports & Record<string, unknown>;
}

const modules = new Map<WasmVariant, WebAssembly.Module>();

/**
 * The binary of one build.
 *
 * @param variant Which build.
 */
export function wasmBytes(variant: WasmVariant): Uint8Array<ArrayBuffer> {
  const binary = atob(EMBEDDED_WASM[variant]);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The builds this engine can run, fastest first (relaxed SIMD, SIMD, scalar).
 *
 * @returns Possibly empty when the engine lacks shared memory.
 */
export function supportedVariants(): WasmVariant[] {
  return WASM_VARIANTS.filter((variant) => WebAssembly.validate(wasmBytes(variant)));
}

/**
 * Instantiates a build on a new shared memory.
 *
 * @param variant The build; default: the fastest supported one.
 * @throws Error when no build (or the requested one) validates on this engine.
 */
export function loadKernels(variant?: WasmVariant): LoadedKernels {
  const supported = supportedVariants();
  const chosen = variant ?? supported[0];
  if (chosen === undefined || !supported.includes(chosen)) {
    throw new Error(
      `wasm kernels: build ${JSON.stringify(variant ?? "any")} is not supported here (supported: ${
        JSON.stringify(supported)
      })`,
    );
  }
  let module = modules.get(chosen);
  if (module === undefined) {
    module = new WebAssembly.Module(wasmBytes(chosen));
    modules.set(chosen, module);
  }
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MEMORY_MAX_PAGES, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return {
    variant: chosen,
    module,
    memory,
    exports: instance.exports as unknown as LoadedKernels["exports"],
  };
}
