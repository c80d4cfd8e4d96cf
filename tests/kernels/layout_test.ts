import assert from "@std/assert";
import { broadcastInto, permuteInto } from "../../lib/kernels/js/layout.ts";

/** Row-major index of `index` in `shape`. */
function flat(index: readonly number[], shape: readonly number[]): number {
  return index.reduce((at, i, d) => at * shape[d] + i, 0);
}

/** Every index of `shape`, row-major. */
function* indices(shape: readonly number[]): Generator<number[]> {
  const index = shape.map(() => 0);
  const total = shape.reduce((a, b) => a * b, 1);
  for (let k = 0; k < total; k++) {
    yield index.slice();
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
}

Deno.test("permuteInto: dst[i] = src[i permuted back], with short and long (block-copied) rows", () => {
  // Inner lengths 5 (element loop) and 40 (a contiguous run copied as a block when the last
  // axis stays last), for permutations that keep and that move the last axis.
  for (const shape of [[2, 3, 4, 5], [2, 3, 4, 40]]) {
    const src = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i);
    for (const axes of [[2, 0, 1, 3], [1, 0, 3, 2], [3, 2, 1, 0], [0, 1, 2, 3]]) {
      const outShape = axes.map((a) => shape[a]);
      const dst = new Float32Array(src.length);
      permuteInto(src, dst, shape, axes);
      for (const out of indices(outShape)) {
        const index = new Array<number>(shape.length);
        axes.forEach((a, d) => (index[a] = out[d]));
        assert.equal(dst[flat(out, outShape)], src[flat(index, shape)], `${shape} ${axes} ${out}`);
      }
    }
  }
});

Deno.test("broadcastInto repeats a row over outer axes, long rows included", () => {
  for (const cols of [3, 64]) {
    const src = Float64Array.from({ length: 2 * cols }, (_, i) => i + 0.5);
    const outShape = [4, 2, cols];
    const dst = new Float64Array(4 * 2 * cols);
    broadcastInto(src, [1, 2, cols], dst, outShape);
    for (const [i, j, k] of indices(outShape)) {
      assert.equal(dst[flat([i, j, k], outShape)], src[j * cols + k]);
    }
  }
});
