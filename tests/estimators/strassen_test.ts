import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import type { NDArray } from "../../lib/array/ndarray.ts";
import { withBudget } from "../../lib/budget/context.ts";
import { helperExports } from "./_builtins.ts";

const strassen = helperExports("strassen.ts") as {
  STRASSEN_LEAF: number;
  STRASSEN_MAX_LEVELS: number;
  strassenLevels(m: number, k: number, n: number): number;
  strassenCost(m: number, k: number, n: number): number;
  strassenMatmul(a: NDArray, b: NDArray, transposeB?: boolean): NDArray;
};

const counted = <T>(fn: () => T) => withBudget({ flopBudget: Number.MAX_SAFE_INTEGER }, fn);

function float32Normal(seed: number, shape: number[]): NDArray {
  return np.astype(np.random.default_rng(seed).standard_normal(shape), "float32");
}

/** Largest |x − y| over the largest |y|: the error relative to the product's scale. */
function relativeError(x: NDArray, y: NDArray): number {
  const scale = np.max(np.abs(y)).item();
  return np.max(np.abs(np.subtract(x, y))).item() / scale;
}

const LEAF = strassen.STRASSEN_LEAF;

Deno.test("strassenLevels: halve while every side stays at least the leaf, at most the cap", () => {
  assert.equal(strassen.strassenLevels(LEAF * 2 - 1, 4096, 4096), 0);
  assert.equal(strassen.strassenLevels(LEAF * 2, LEAF * 2, LEAF * 2), 1);
  assert.equal(
    strassen.strassenLevels(LEAF * 4, LEAF * 4, LEAF * 4),
    Math.min(2, strassen.STRASSEN_MAX_LEVELS),
  );
  assert.equal(
    strassen.strassenLevels(LEAF * 64, LEAF * 64, LEAF * 64),
    strassen.STRASSEN_MAX_LEVELS,
  );
});

Deno.test("strassenMatmul equals np.matmul to float32 rounding, padded, transposed or not", () => {
  // Sides that are odd, off the 2^levels grid, or under the leaf on one side only.
  const shapes: [number, number, number][] = [
    [2 * LEAF, 2 * LEAF, 2 * LEAF],
    [4 * LEAF + 3, 4 * LEAF + 1, 4 * LEAF + 2],
    [2 * LEAF + 1, 5 * LEAF, 2 * LEAF + 7],
    [LEAF, 4 * LEAF, 4 * LEAF],
  ];
  for (const [index, [m, k, n]] of shapes.entries()) {
    const a = float32Normal(index, [m, k]);
    const b = float32Normal(index + 100, [k, n]);
    const want = np.matmul(a, b);
    const got = strassen.strassenMatmul(a, b);
    assert.deepEqual(got.shape, [m, n]);
    assert.equal(got.dtype, "float32");
    assert.ok(relativeError(got, want) < 1e-5, `${m}×${k}×${n}: ${relativeError(got, want)}`);
    const bt = np.copy(b.T);
    const gotT = strassen.strassenMatmul(a, bt, true);
    assert.ok(relativeError(gotT, want) < 1e-5, `${m}×${k}×${n}ᵀ: ${relativeError(gotT, want)}`);
  }
});

Deno.test("strassenCost is the meter's charge, and a level saves about an eighth", () => {
  for (const [m, k, n] of [[2 * LEAF, 2 * LEAF, 2 * LEAF], [4 * LEAF + 3, 4 * LEAF + 1, 600]]) {
    const a = float32Normal(1, [m, k]);
    const b = float32Normal(2, [k, n]);
    const used = counted(() => strassen.strassenMatmul(a, b)).summary.flops_used;
    assert.equal(used, strassen.strassenCost(m, k, n), `${m}×${k}×${n}`);
    const bt = np.copy(b.T);
    const usedT = counted(() => strassen.strassenMatmul(a, bt, true)).summary.flops_used;
    assert.equal(usedT, used, `${m}×${k}×${n}, B given transposed`);
  }
  const plain = (m: number, k: number, n: number) => (2 * k - 1) * m * n;
  assert.equal(strassen.strassenCost(LEAF, 8 * LEAF, 8 * LEAF), plain(LEAF, 8 * LEAF, 8 * LEAF));
  // Each level: 7 products of half size, plus additions and copies of order n² against n³.
  const n = 1024;
  const ratio = strassen.strassenCost(n, n, n) / plain(n, n, n);
  const levels = strassen.strassenLevels(n, n, n);
  assert.ok(ratio < (7 / 8) ** levels + 0.02 && ratio > (7 / 8) ** levels, `ratio ${ratio}`);
});
