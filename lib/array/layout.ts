/**
 * The one layout routine an array needs itself: materialising a lazy 2-D transpose when its
 * `data` is read. Every other data movement is a kernel (lib/kernels).
 *
 * @module
 */
import type { Storage } from "./dtype.ts";

/** Tile edge: a 32×32 tile of float64 fits in L1 with its destination. */
const TILE = 32;

/**
 * Writes the transpose of `src` (rows×cols, row-major) into `dst` (cols×rows), tile by tile.
 *
 * @param src Source buffer.
 * @param dst Destination buffer (must not alias `src`).
 * @param rows Rows of `src`.
 * @param cols Columns of `src`.
 */
export function transposeInto(src: Storage, dst: Storage, rows: number, cols: number): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(rows, i0 + TILE);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(cols, j0 + TILE);
      for (let i = i0; i < i1; i++) {
        const s = i * cols;
        for (let j = j0; j < j1; j++) dst[j * rows + i] = src[s + j];
      }
    }
  }
}
