/**
 * Building blocks of the generated WebAssembly text: one vocabulary of loads, stores and
 * multiply-adds that emits 128-bit SIMD or scalar instructions depending on the build.
 *
 * @module
 */

/** The three builds of the kernel module. */
export type WasmVariant = "relaxed" | "simd" | "scalar";

/** Register-tile shape and k-loop unrolling of one precision in one build. */
export interface TileShape {
  /** Rows of the register tile (A panel width). */
  readonly mr: number;
  /** Vectors per tile row; the B panel width NR is `nv × lanes`. */
  readonly nv: number;
  /** Steps of k per unrolled loop iteration. */
  readonly unroll: number;
}

/** What differs between the float32 and float64 halves of one build. */
export interface Precision {
  /** Wasm name of the element type, also the suffix of the exports (`gemm_f32`). */
  readonly tag: "f32" | "f64";
  /** Bytes per element. */
  readonly size: number;
  /** Elements per vector: 4 or 2 with SIMD, 1 without. */
  readonly lanes: number;
  /** Wasm type of an accumulator. */
  readonly vtype: string;
  /** The register tile used for this precision. */
  readonly tile: TileShape;
}

/** A vector (or scalar) load of one element's splat at `offset` bytes past `addr`. */
export function loadSplat(p: Precision, addr: string, offset: number): string {
  if (p.lanes === 1) return `(${p.tag}.load offset=${offset} ${addr})`;
  return `(v128.load${p.size * 8}_splat offset=${offset} ${addr})`;
}

/** A full-vector (or scalar) load at `offset` bytes past `addr`. */
export function loadVec(p: Precision, addr: string, offset: number): string {
  return p.lanes === 1
    ? `(${p.tag}.load offset=${offset} ${addr})`
    : `(v128.load offset=${offset} ${addr})`;
}

/** A full-vector (or scalar) store of `value` at `offset` bytes past `addr`. */
export function storeVec(p: Precision, addr: string, offset: number, value: string): string {
  return p.lanes === 1
    ? `(${p.tag}.store offset=${offset} ${addr} ${value})`
    : `(v128.store offset=${offset} ${addr} ${value})`;
}

/** A zero vector (or scalar) constant. */
export function zeroVec(p: Precision): string {
  return p.lanes === 1 ? `(${p.tag}.const 0)` : "(v128.const i64x2 0 0)";
}

/** acc + a·b: fused where relaxed SIMD allows, else rounded product then rounded sum. */
export function madd(
  variant: WasmVariant,
  p: Precision,
  a: string,
  b: string,
  acc: string,
): string {
  if (p.lanes === 1) return `(${p.tag}.add ${acc} (${p.tag}.mul ${a} ${b}))`;
  const shape = p.tag === "f32" ? "f32x4" : "f64x2";
  if (variant === "relaxed") return `(${shape}.relaxed_madd ${a} ${b} ${acc})`;
  return `(${shape}.add ${acc} (${shape}.mul ${a} ${b}))`;
}

/** Moves `bytes` bytes from `src` to `dst` with the widest loads the build has. */
export function copyBytes(simd: boolean, src: string, dst: string, bytes: number): string[] {
  const out: string[] = [];
  let off = 0;
  for (const [width, op] of [[16, "v128"], [8, "i64"], [4, "i32"]] as const) {
    if (width === 16 && !simd) continue;
    for (; off + width <= bytes; off += width) {
      out.push(`(${op}.store offset=${off} ${dst} (${op}.load offset=${off} ${src}))`);
    }
  }
  return out;
}
