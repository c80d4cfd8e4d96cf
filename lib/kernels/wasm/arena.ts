/**
 * The buffers of one kernel call inside the shared WASM memory: laid out after the control
 * block, the memory grown to fit, typed views refreshed after growth.
 *
 * @module
 */

import { CONTROL } from "./jobs.ts";

/** Buffers beyond this many bytes are refused (the memory tops out at 4 GiB). */
const MAX_BYTES = 3.5 * 2 ** 30;
/** Buffer alignment: a cache line. */
const ALIGN = 64;

/** Bump layout of a call's buffers in the shared memory, with float views over all of it. */
export class Arena {
  readonly #memory: WebAssembly.Memory;
  /** Float32 view of the whole memory (valid until the next `allocate`). */
  f32: Float32Array<ArrayBufferLike> = new Float32Array(0);
  /** Float64 view of the whole memory (valid until the next `allocate`). */
  f64: Float64Array<ArrayBufferLike> = new Float64Array(0);

  /**
   * Creates an empty arena over the shared memory.
   *
   * @param memory The shared memory; its first CONTROL.BYTES bytes are left alone.
   */
  constructor(memory: WebAssembly.Memory) {
    this.#memory = memory;
  }

  /**
   * Lays out buffers of the given byte sizes, replacing the previous call's, growing the memory.
   *
   * @param sizes Bytes per buffer.
   * @returns Byte offsets, or undefined when the buffers do not fit (too big, or refused).
   */
  allocate(sizes: number[]): number[] | undefined {
    const offsets: number[] = [];
    let end = CONTROL.BYTES;
    for (const size of sizes) {
      offsets.push(end);
      end += Math.ceil(size / ALIGN) * ALIGN;
    }
    if (end > MAX_BYTES) return undefined;
    const memory = this.#memory;
    if (memory.buffer.byteLength < end) {
      try {
        memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
      } catch {
        return undefined; // the system refused the memory: let the fallback try with less
      }
    }
    if (this.f32.length * 4 !== memory.buffer.byteLength) {
      this.f32 = new Float32Array(memory.buffer);
      this.f64 = new Float64Array(memory.buffer);
    }
    return offsets;
  }
}

/**
 * Copies the m×n corner of a padded matrix (rows `ld` elements apart, starting at element
 * `at` of `view`) into the dense `out`.
 *
 * @param view Float view of the memory.
 * @param at First element of the padded matrix.
 * @param ld Row length of the padded matrix.
 * @param out Destination (m×n, row-major).
 * @param m Rows.
 * @param n Columns.
 */
export function copyCorner(
  view: Float32Array<ArrayBufferLike> | Float64Array<ArrayBufferLike>,
  at: number,
  ld: number,
  out: Float32Array | Float64Array,
  m: number,
  n: number,
): void {
  if (ld === n) {
    out.set(view.subarray(at, at + m * n));
    return;
  }
  for (let i = 0; i < m; i++) out.set(view.subarray(at + i * ld, at + i * ld + n), i * n);
}
