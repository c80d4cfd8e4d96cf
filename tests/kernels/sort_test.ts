import assert from "@std/assert";
import { argsort, type SortableArray, sortInPlace } from "../../lib/kernels/js/sort.ts";
import { mulberry32 } from "../_random.ts";

/** numpy's order as a comparator: ascending, NaN after everything, -0 equal to +0. */
function numpyOrder(a: number, b: number): number {
  if (a !== a) return b !== b ? 0 : 1;
  if (b !== b) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Values with many ties, NaNs, infinities and signed zeros. */
function awkwardValues(n: number, seed: number): number[] {
  const next = mulberry32(seed);
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-310, -1e300];
  return Array.from({ length: n }, () => {
    const u = next();
    if (u < 0.1) return specials[Math.floor(next() * specials.length)];
    if (u < 0.5) return Math.floor(next() * 8) - 4;
    return (next() - 0.5) * 1e6;
  });
}

const makers: [string, (v: number[]) => SortableArray][] = [
  ["Float64Array", (v) => Float64Array.from(v)],
  ["Float32Array", (v) => Float32Array.from(v)],
  ["Int32Array", (v) => Int32Array.from(v.map((x) => (Number.isFinite(x) ? Math.trunc(x) : 7)))],
];

const sizes = [0, 1, 2, 3, 23, 24, 25, 49, 100, 1000, 5000];

Deno.test("sortInPlace sorts a segment like Array.prototype.sort in numpy's order", () => {
  for (const [name, make] of makers) {
    for (const n of sizes) {
      const values = make(awkwardValues(n + 7, n));
      const before = Array.from(values);
      sortInPlace(values, 3, n);
      const want = before.slice(3, 3 + n).sort(numpyOrder);
      const got = Array.from(values.subarray(3, 3 + n));
      assert.equal(got.map((v, i) => numpyOrder(v, want[i])).filter((c) => c !== 0).length, 0);
      assert.deepEqual(Array.from(values.subarray(0, 3)), before.slice(0, 3), `${name} head`);
      assert.deepEqual(Array.from(values.subarray(3 + n)), before.slice(3 + n), `${name} tail`);
    }
  }
});

Deno.test("argsort equals a stable reference sort of the indices, NaNs last in order", () => {
  for (const [name, make] of makers) {
    for (const n of sizes) {
      const values = make(awkwardValues(n + 5, 1000 + n));
      const before = Array.from(values);
      const order = argsort(values, 2, n);
      const want = Array.from({ length: n }, (_, i) => i).sort((i, j) =>
        numpyOrder(values[2 + i], values[2 + j])
      );
      assert.deepEqual(Array.from(order), want, `${name} n=${n}`);
      assert.deepEqual(Array.from(values), before, `${name} input changed`);
    }
  }
});

Deno.test("argsort keeps ties, signed zeros and NaNs in their original order", () => {
  const order = argsort(Float64Array.from([NaN, 0, 1, -0, NaN, 1, 0]), 0, 7);
  assert.deepEqual(Array.from(order), [1, 3, 6, 2, 5, 0, 4]);
  const ties = argsort(new Float32Array(100).fill(2.5), 0, 100);
  assert.deepEqual(Array.from(ties), Array.from({ length: 100 }, (_, i) => i));
});

Deno.test("argsort of descending input reverses it", () => {
  const n = 3000;
  const values = Float64Array.from({ length: n }, (_, i) => n - i);
  assert.deepEqual(
    Array.from(argsort(values, 0, n)),
    Array.from({ length: n }, (_, i) => n - 1 - i),
  );
});
