/**
 * Assembles the generated WebAssembly text into binaries with wabt (build time only: the
 * program itself embeds the bytes and never loads wabt).
 *
 * @module
 */

import wabtInit from "wabt";
import { generateWat, WASM_VARIANTS, type WasmVariant } from "./wat.ts";

const FEATURES = { simd: true, relaxed_simd: true, threads: true };

/**
 * Assembles every build of the kernel module.
 *
 * @returns Each variant's binary, byte-for-byte reproducible from the generator.
 * @example
 * ```ts
 * import { assembleAll } from "./assemble.ts";
 * const { simd } = await assembleAll();
 * WebAssembly.validate(new Uint8Array(simd)); // true
 * ```
 */
export async function assembleAll(): Promise<Record<WasmVariant, Uint8Array>> {
  const wabt = await wabtInit();
  const out = {} as Record<WasmVariant, Uint8Array>;
  for (const variant of WASM_VARIANTS) {
    const module = wabt.parseWat(`${variant}.wat`, generateWat(variant), FEATURES);
    try {
      // wabt's typings omit validate's features argument; without it shared memory is rejected
      (module as unknown as { validate(features: object): void }).validate(FEATURES);
      out[variant] = module.toBinary({}).buffer.slice();
    } finally {
      module.destroy();
    }
  }
  return out;
}
