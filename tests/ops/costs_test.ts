import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import type { DType } from "../../lib/array/dtype.ts";
import { withBudget } from "../../lib/budget/context.ts";
import { costOf } from "./_cost.ts";

// Every expected value below is the cost-model.md formula written out by hand for the shape.
const rate = (d: DType) => (d === "float64" || d === "int64" ? 2 : 1);
const FLOATS: DType[] = ["float32", "float64"];

Deno.test("worked checks of cost-model.md", () => {
  for (const n of [1, 3, 8, 17]) {
    const a32 = np.ones([n, n], "float32");
    const a64 = np.ones([n, n], "float64");
    const v64 = np.ones(n, "float64");
    const x32 = np.ones(n, "float32");
    const x64 = np.ones(n, "float64");
    assert.equal(costOf(() => np.matmul(a32, a32)), 2 * n ** 3 - n ** 2);
    assert.equal(costOf(() => np.matmul(a64, a64)), 4 * n ** 3 - 2 * n ** 2);
    assert.equal(costOf(() => np.matmul(a32.T, v64)), 4 * n ** 2 - 2 * n);
    assert.equal(costOf(() => np.stats.norm.cdf(x32)), 96 * n);
    assert.equal(costOf(() => np.stats.norm.pdf(x32)), 54 * n);
    assert.equal(costOf(() => np.exp(x32)), 16 * n);
    assert.equal(costOf(() => np.exp(x64)), 32 * n);
    assert.equal(costOf(() => np.where(np.greater(x64, 0.5), x64, x64)) - 2 * n, 8 * n);
  }
});

Deno.test("free ops cost nothing and are still recorded", () => {
  const a = np.ones([3, 4]);
  const free: [string, () => unknown][] = [
    ["zeros", () => np.zeros([3, 4])],
    ["empty", () => np.empty(5)],
    ["zeros_like", () => np.zeros_like(a)],
    ["empty_like", () => np.empty_like(a)],
    ["T", () => a.T],
    ["transpose", () => np.transpose(a)],
    ["swapaxes", () => np.swapaxes(a, 0, 1)],
    ["squeeze", () => np.squeeze(np.zeros([1, 3]))],
    ["expand_dims", () => np.expand_dims(a, 0)],
    ["broadcast_to", () => np.broadcast_to(np.zeros(4), [3, 4])],
    ["at", () => a.at(1)],
    ["slice", () => a.slice(1, 2)],
    ["diag extract", () => np.diag(a)],
    ["asarray same", () => np.asarray(a)],
    ["astype no copy", () => np.astype(a, "float64", false)],
  ];
  for (const [name, fn] of free) {
    const { summary } = withBudget({ flopBudget: 0 }, fn);
    assert.equal(summary.flops_used, 0, name);
    const calls = Object.values(summary.operations).reduce((s, t) => s + t.calls, 0);
    assert.ok(calls >= 1, `${name} is recorded`);
  }
});

Deno.test("written-bytes ops cost numel at the result's rate", () => {
  for (const dt of ["bool", "int32", "int64", "float32", "float64"] as DType[]) {
    const r = rate(dt);
    const a = np.zeros([3, 4], dt);
    assert.equal(costOf(() => np.ones([3, 4], dt)), 12 * r, `ones ${dt}`);
    assert.equal(costOf(() => np.full([2, 5], 1, dt)), 10 * r, `full ${dt}`);
    assert.equal(costOf(() => np.ones_like(a)), 12 * r);
    assert.equal(costOf(() => np.full_like(a, 1)), 12 * r);
    assert.equal(costOf(() => np.copy(a)), 12 * r);
    assert.equal(costOf(() => a.copy()), 12 * r);
    assert.equal(costOf(() => np.reshape(a, [4, 3])), 12 * r);
    assert.equal(costOf(() => np.ravel(a)), 12 * r);
    assert.equal(costOf(() => np.array(a)), 12 * r);
    assert.equal(costOf(() => np.stack([a, a])), 24 * r);
    assert.equal(costOf(() => np.concatenate([a, a], 1)), 24 * r);
    assert.equal(costOf(() => np.hstack([a, a])), 24 * r);
    assert.equal(costOf(() => np.vstack([a, a, a])), 36 * r);
    assert.equal(costOf(() => np.tile(a, [2, 3])), 72 * r);
    assert.equal(costOf(() => np.repeat(a, 2, 0)), 24 * r);
    // flopscope floors materialising copies at 1: an empty one is not free
    const none = np.zeros([0, 4], dt);
    for (
      const [name, fn] of [
        ["copy", () => np.copy(none)],
        ["reshape", () => np.reshape(none, [4, 0])],
        ["ravel", () => np.ravel(none)],
        ["flatten", () => none.flatten()],
        ["stack", () => np.stack([none, none])],
        ["concatenate", () => np.concatenate([none, none])],
        ["tile", () => np.tile(none, 3)],
        ["repeat", () => np.repeat(none, 2, 0)],
      ] as const
    ) {
      assert.equal(costOf(fn), r, `empty ${name} ${dt}`);
    }
    assert.equal(costOf(() => np.eye(4, 6, 0, dt)), 4 * r);
    assert.equal(costOf(() => np.eye(4, 6, 3, dt)), 3 * r);
    assert.equal(costOf(() => np.identity(5, dt)), 5 * r);
    assert.equal(costOf(() => np.arange(0, 7, 1, dt)), 14 * r);
    assert.equal(costOf(() => np.linspace(0, 1, 9, dt)), 18 * r);
    assert.equal(costOf(() => np.diag(np.zeros(5, dt))), 5 * r);
    const sq = np.zeros([4, 6], dt);
    assert.equal(costOf(() => np.fill_diagonal(sq, 1)), 4 * r);
  }
  assert.equal(costOf(() => np.array([])), 2, "array is at least 1 (float64)");
  assert.equal(costOf(() => np.array([[1.5, 2], [3, 4]])), 8, "inferred float64");
  assert.equal(costOf(() => np.array([1, 2, 3], "float32")), 3);
  // a JS list's source dtype is numpy's inferred one: int64 here, heavier than float32
  assert.equal(costOf(() => np.asarray([1, 2, 3], "float32")), 6);
  assert.equal(costOf(() => np.asarray([true, false], "float32")), 2);
  assert.equal(costOf(() => np.asarray([0.5, 1], "int32")), 4);
  assert.equal(costOf(() => np.arange(5)), 10 * 2, "int64 arange");
});

Deno.test("casts bill at the heavier of source and target", () => {
  const f32 = np.zeros(10, "float32");
  const f64 = np.zeros(10, "float64");
  const i32 = np.zeros(10, "int32");
  assert.equal(costOf(() => np.astype(f64, "float32")), 20);
  assert.equal(costOf(() => np.astype(f32, "float64")), 20);
  assert.equal(costOf(() => np.astype(f32, "int32")), 10);
  assert.equal(costOf(() => i32.astype("bool")), 10);
  assert.equal(costOf(() => np.astype(f32, "float32")), 10, "same-dtype copy");
  assert.equal(costOf(() => np.array(f32, "float64")), 20);
  assert.equal(costOf(() => np.asarray(f32, "float64")), 20);
  assert.equal(costOf(() => np.asarray(f64, "float32")), 20);
  // array(x, dtype) writes a new array of dtype: billed at the requested dtype alone
  assert.equal(costOf(() => np.array(f64, "float32")), 10);
  assert.equal(costOf(() => np.array(f64)), 20);
});

Deno.test("elementwise ops cost numel of the broadcast output, weighted", () => {
  const weight1 = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "maximum",
    "minimum",
    "greater",
    "greater_equal",
    "less",
    "less_equal",
    "equal",
    "not_equal",
    "logical_and",
    "logical_or",
  ] as const;
  const weight16 = ["power", "arctan2", "hypot", "mod", "floor_divide"] as const;
  for (const dt of FLOATS) {
    const a = np.ones([3, 1], dt);
    const b = np.ones([1, 4], dt);
    for (const op of weight1) {
      assert.equal(costOf(() => np[op](a, b)), 12 * rate(dt), `${op} ${dt}`);
    }
    for (const op of weight16) {
      assert.equal(costOf(() => np[op](a, b)), 16 * 12 * rate(dt), `${op} ${dt}`);
    }
    const x = np.ones([2, 5], dt);
    const unary1 = [
      "negative",
      "abs",
      "sign",
      "sqrt",
      "square",
      "reciprocal",
      "floor",
      "ceil",
      "logical_not",
    ] as const;
    for (const op of unary1) assert.equal(costOf(() => np[op](x)), 10 * rate(dt), `${op} ${dt}`);
    const unary16 = [
      "exp",
      "expm1",
      "log",
      "log1p",
      "log2",
      "log10",
      "tanh",
      "sin",
      "cos",
    ] as const;
    for (const op of unary16) assert.equal(costOf(() => np[op](x)), 160 * rate(dt), `${op} ${dt}`);
    assert.equal(costOf(() => np.clip(x, 0, 1)), 20 * rate(dt), "clip with two bounds");
    assert.equal(costOf(() => np.clip(x, null, 1)), 10 * rate(dt), "clip with one bound");
    assert.equal(costOf(() => np.clip(x, null, null)), 10 * rate(dt), "clip floor of 1 bound");
    // a JS number is strong in where's x/y (flopscope's asarray): int64 bills rate 2
    assert.equal(
      costOf(() => np.where(np.zeros(10, "bool"), x.reshape(10), 0)) - 10 * rate(dt),
      40 * 2,
    );
  }
  assert.equal(costOf(() => np.add(np.zeros(0), np.zeros(0))), 2, "elementwise floor of 1");
});

Deno.test("weak scalars and promotion decide the rate", () => {
  const f32 = np.ones(8, "float32");
  const f64 = np.ones(8, "float64");
  const i32 = np.ones(8, "int32");
  assert.equal(costOf(() => np.multiply(f32, 2.5)), 8, "f32 * python float stays f32");
  assert.equal(costOf(() => np.multiply(f32, f64)), 16);
  assert.equal(costOf(() => np.add(i32, f32)), 16, "int32 + float32 -> float64");
  assert.equal(costOf(() => np.add(i32, 3)), 8, "int32 + python int stays int32");
  assert.equal(costOf(() => np.add(i32, 0.5)), 16, "int32 + python float -> float64");
  assert.equal(costOf(() => np.greater(f32, 1e-12)), 8, "comparison at operand width");
  assert.equal(costOf(() => np.greater(f64, 1e-12)), 16);
  assert.equal(costOf(() => np.sqrt(i32)), 16, "int32 sqrt computes in float64");
  assert.equal(costOf(() => np.divide(i32, i32)), 16, "int divide computes in float64");
  const b8 = np.ones(8, "bool");
  assert.equal(costOf(() => np.divide(b8, b8)), 16, "bool divide computes in float64");
  // numpy's hypot and arctan2 on bools run the float16 loop (rate 1), float16 stored as float32
  assert.equal(costOf(() => np.hypot(b8, b8)), 16 * 8);
  assert.equal(costOf(() => np.arctan2(b8, b8)), 16 * 8);
  assert.equal(np.hypot(b8, b8).dtype, "float32");
  assert.equal(costOf(() => np.hypot(b8, 2.5)), 16 * 16, "a float scalar makes it float64");
  const c1000 = np.zeros(1000, "bool");
  const f1000 = np.ones(1000, "float32");
  assert.equal(costOf(() => np.where(c1000, f1000, 0.0)), 8000, "JS number strong in where");
  assert.equal(np.where(c1000, f1000, 0.0).dtype, "float32", "but numpy's result dtype");
  assert.equal(costOf(() => np.where(c1000, f1000, f1000)), 4000);
  // LAPACK bills float32 only when every operand is float32
  const a8 = np.add(np.eye(8, 8, 0, "bool"), false);
  const a8f32 = np.astype(a8, "float32");
  assert.equal(costOf(() => np.linalg.solve(a8, f32)), 938);
  assert.equal(np.linalg.solve(a8, f32).dtype, "float64");
  assert.equal(costOf(() => np.linalg.solve(a8f32, f32)), 469);
});

Deno.test("reductions", () => {
  for (const dt of FLOATS) {
    const r = rate(dt);
    const a = np.ones([4, 5], dt);
    for (const op of ["sum", "prod", "max", "min", "argmax", "argmin", "any", "all"] as const) {
      assert.equal(costOf(() => np[op](a)), 19 * r, `${op} all ${dt}`);
      assert.equal(costOf(() => np[op](a, 0)), 15 * r, `${op} axis 0 ${dt}`);
      assert.equal(costOf(() => np[op](a, 1, true)), 16 * r, `${op} axis 1 ${dt}`);
    }
    assert.equal(costOf(() => np.mean(a, 1)), 20 * r);
    assert.equal(costOf(() => np.var(a, 1)), 80 * r);
    assert.equal(costOf(() => np.std(a, 1)), 84 * r);
    assert.equal(costOf(() => np.std(a)), 81 * r);
    assert.equal(costOf(() => np.cumsum(a, 1)), 16 * r);
    assert.equal(costOf(() => np.cumprod(a)), 19 * r);
    assert.equal(costOf(() => np.trace(a)), 4 * r);
    const one = np.ones(1, dt);
    assert.equal(costOf(() => np.sum(one)), r, "non-empty reduction floor 1");
  }
  const ints = np.ones(10, "int32");
  // flopscope floors every reduction at 1, an empty one too
  assert.equal(costOf(() => np.sum(np.zeros(0))), 2, "empty reduction floor 1");
  assert.equal(costOf(() => np.mean(np.zeros([0, 3], "float32"), 0)), 1);
  assert.equal(costOf(() => np.cumsum(np.zeros(0, "float32"))), 1);
  assert.equal(costOf(() => np.sum(ints)), 18, "int32 sums accumulate in int64");
  assert.equal(costOf(() => np.mean(ints)), 20, "int mean in float64");
  assert.equal(costOf(() => np.max(ints)), 9);
});

Deno.test("contractions", () => {
  for (const dt of FLOATS) {
    const r = rate(dt);
    const m = 3, k = 5, n = 4;
    const a = np.ones([m, k], dt);
    const b = np.ones([k, n], dt);
    const v = np.ones(k, dt);
    const w = np.ones(n, dt);
    assert.equal(costOf(() => np.matmul(a, b)), (2 * k - 1) * m * n * r);
    assert.equal(costOf(() => a.matmul(b)), (2 * k - 1) * m * n * r);
    assert.equal(costOf(() => np.dot(a, b)), (2 * k - 1) * m * n * r);
    assert.equal(costOf(() => np.matmul(b.T, a.T)), (2 * k - 1) * m * n * r);
    assert.equal(costOf(() => np.matmul(a, v)), m * (2 * k - 1) * r);
    assert.equal(costOf(() => np.matmul(v, b)), (2 * k - 1) * n * r);
    assert.equal(costOf(() => np.dot(v, v)), (2 * k - 1) * r);
    const stacked = np.ones([2, m, k], dt);
    assert.equal(costOf(() => np.matmul(stacked, b)), 2 * (2 * k - 1) * m * n * r);
    assert.equal(costOf(() => np.matmul(np.ones([m, 0], dt), np.ones([0, n], dt))), 0, "empty");
    assert.equal(costOf(() => np.outer(v, w)), k * n * r);
    assert.equal(costOf(() => np.outer(v, v)), (k * (k + 1) / 2) * r, "same object twice");
    assert.equal(costOf(() => np.outer(v, np.copy(v))) - k * r, k * k * r, "equal but distinct");
  }
});

Deno.test("sorting, stats and linalg", () => {
  for (const dt of FLOATS) {
    const r = rate(dt);
    const a = np.ones([3, 8], dt);
    assert.equal(costOf(() => np.sort(a)), 4 * 3 * 8 * 3 * r);
    assert.equal(costOf(() => np.argsort(a, 0)), 4 * 8 * 3 * 2 * r);
    const single = np.ones(1, dt);
    assert.equal(costOf(() => np.sort(single)), 4 * r, "log2 floor of 1");
    assert.equal(costOf(() => np.stats.norm.ppf(np.full(7, 0.5, dt))) - 7 * r, 166 * 7);
    const n = 5;
    const spd = np.add(np.eye(n, n, 0, dt), 0);
    assert.equal(costOf(() => np.linalg.cholesky(spd)), Math.floor(n ** 3 / 3) * r);
    // max(floor(n³/3), 1): a 1×1 factor costs 1, not 0
    const one = np.full([1, 1], 4, dt);
    assert.equal(costOf(() => np.linalg.cholesky(one)), 1 * r);
    const rhs2 = np.ones([n, 2], dt);
    const rhs1 = np.ones(n, dt);
    const solveCost = Math.floor(2 * n ** 3 / 3);
    assert.equal(costOf(() => np.linalg.solve(spd, rhs2)), (solveCost + 2 * n * n * 2) * r);
    assert.equal(costOf(() => np.linalg.solve(spd, rhs1)), (solveCost + 2 * n * n) * r);
    assert.equal(costOf(() => np.linalg.inv(spd)), 2 * n ** 3 * r);
    assert.equal(costOf(() => np.linalg.eigh(spd)), 9 * n ** 3 * r);
    assert.equal(costOf(() => np.linalg.eigvalsh(spd)), Math.floor(4 * n ** 3 / 3) * r);
    const rect = np.ones([6, 4], dt);
    // a = 6, b = 4: full 4a²b + 22b³ = 1984 (numpy's default), thin 6ab² + 20b³ = 1856,
    // values alone 2ab² + 2b³ = 320
    assert.equal(costOf(() => np.linalg.svd(rect)), 1984 * r);
    assert.equal(costOf(() => np.linalg.svd(rect.T)), 1984 * r);
    assert.equal(costOf(() => np.linalg.svd(rect, false)), 1856 * r);
    assert.equal(costOf(() => np.linalg.svd(rect, { compute_uv: false })), 320 * r);
    assert.equal(costOf(() => np.linalg.svd(spd)), (6 * 125 + 20 * 125) * r, "square: thin");
    assert.equal(costOf(() => np.linalg.svdvals(rect.T)), (2 * 6 * 16 + 2 * 64) * r);
    assert.equal(
      costOf(() => np.linalg.qr(rect)),
      2 * (2 * 6 * 4 * 4 - Math.floor(2 * 64 / 3)) * r,
    );
    assert.equal(costOf(() => np.linalg.norm(rect)), 2 * 24 * r);
    assert.equal(costOf(() => np.linalg.norm(rect, 1)), 2 * 24 * r);
    assert.equal(costOf(() => np.linalg.norm(rect, Infinity, 1)), 2 * 24 * r);
  }
});
