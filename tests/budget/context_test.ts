import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import {
  BudgetContext,
  BudgetExhaustedError,
  namespace,
  NestedBudgetError,
  runOp,
  TimeExhaustedError,
  withBudget,
} from "../../lib/budget/mod.ts";

Deno.test("landing exactly on the budget is allowed", () => {
  const a = np.ones([4, 4], "float32");
  const cost = 2 * 4 ** 3 - 4 ** 2;
  const { summary } = withBudget({ flopBudget: cost }, () => np.matmul(a, a));
  assert.equal(summary.flops_used, cost);
  assert.equal(summary.flops_remaining, 0);
});

Deno.test("one FLOP over throws before the op and leaves flops_used unchanged", () => {
  const a = np.ones([4, 4], "float32");
  const row = a.at(0);
  const cost = 2 * 4 ** 3 - 4 ** 2;
  // Budget: the add (4 FLOPs) plus the matmul, less one.
  const ctx = new BudgetContext({ flopBudget: 4 + cost - 1 }).enter();
  let ran = false;
  try {
    np.add(row, 1);
    const recordsBefore = ctx.records.length;
    assert.throws(() => np.matmul(a, a), (err: unknown) => {
      if (!(err instanceof BudgetExhaustedError)) return false;
      assert.equal(err.op, "matmul");
      assert.equal(err.charge, cost);
      assert.equal(err.remaining, cost - 1);
      return true;
    });
    assert.throws(
      () => runOp("probe", [], "float32", cost, () => (ran = true)),
      BudgetExhaustedError,
    );
    assert.equal(ran, false, "the kernel never ran");
    assert.equal(ctx.flopsUsed, 4);
    assert.equal(ctx.records.length, recordsBefore, "the crossing op is not recorded");
  } finally {
    ctx.exit();
  }
});

Deno.test("the wall-time limit throws TimeExhaustedError", () => {
  const ctx = new BudgetContext({ flopBudget: 1e9, wallTimeLimitS: 0.02 }).enter();
  try {
    const busyUntil = performance.now() + 30;
    assert.throws(
      () =>
        runOp("slow", [], "float64", 1, () => {
          while (performance.now() < busyUntil) { /* spin past the deadline */ }
        }),
      (err: unknown) =>
        err instanceof TimeExhaustedError && err.op === "slow" && err.limitS === 0.02,
    );
    assert.throws(() => np.ones(3), TimeExhaustedError, "checked before the next op");
  } finally {
    ctx.exit();
  }
});

Deno.test("contexts do not nest", () => {
  const outer = new BudgetContext({ flopBudget: 10 }).enter();
  try {
    assert.throws(() => new BudgetContext({ flopBudget: 10 }).enter(), NestedBudgetError);
    assert.throws(() => withBudget({ flopBudget: 1 }, () => 0), NestedBudgetError);
  } finally {
    outer.exit();
  }
  // After closing, a new one opens.
  withBudget({ flopBudget: 1 }, () => 0);
});

Deno.test("namespaces appear in the summary, with prefix and default", () => {
  const x = np.ones(5);
  const { summary } = withBudget(
    { flopBudget: 1e6, namespacePrefix: "estimator", defaultNamespace: "estimator-client" },
    () => {
      np.add(x, 1);
      np.namespace("init", () => {
        np.multiply(x, 2);
        namespace("inner", () => np.exp(x));
      });
    },
  );
  const ns = summary.by_namespace!;
  assert.deepEqual(Object.keys(ns).sort(), [
    "estimator.estimator-client",
    "estimator.init",
    "estimator.init.inner",
  ]);
  assert.equal(ns["estimator.estimator-client"].flops_used, 10);
  assert.equal(ns["estimator.init"].operations.multiply.flop_cost, 10);
  assert.equal(ns["estimator.init.inner"].flops_used, 160);
  assert.equal(summary.operations.exp.calls, 1);
  assert.throws(() => np.namespace("", () => 0), RangeError);
  assert.throws(() => np.namespace("a.b", () => 0), RangeError);
});

Deno.test("without a prefix, unlabelled work has no namespace", () => {
  const { summary } = withBudget({ flopBudget: 100 }, () => np.ones(3));
  assert.equal(summary.by_namespace, undefined);
  const labelled = withBudget({ flopBudget: 100 }, () => np.namespace("x", () => np.ones(3)));
  assert.deepEqual(Object.keys(labelled.summary.by_namespace!), ["x"]);
});

Deno.test("every op is recorded with its fields, free ones included", () => {
  const a = np.ones([2, 3], "float32");
  const ctx = new BudgetContext({ flopBudget: 1e6 }).enter();
  try {
    const t = a.T;
    np.matmul(t, np.ones(2, "float64"));
  } finally {
    ctx.exit();
  }
  const [transpose, ones, matmul] = ctx.records;
  assert.equal(transpose.op, "transpose");
  assert.equal(transpose.cost, 0);
  assert.deepEqual(transpose.shapes, [[2, 3]]);
  assert.equal(ones.cost, 4);
  assert.equal(matmul.op, "matmul");
  assert.deepEqual(matmul.shapes, [[3, 2], [2]]);
  assert.equal(matmul.cost, 2 * 3 * 3);
  assert.equal(matmul.cumulative, 22);
  assert.equal(matmul.dtype, "float64");
  assert.equal(matmul.namespace, undefined);
  assert.ok(matmul.backendTimeS >= 0 && matmul.overheadTimeS >= 0);
});

Deno.test("wall = backend + overhead + residual, measured for real", () => {
  const a = np.ones([128, 128]);
  const { summary } = withBudget({ flopBudget: 1e12 }, () => {
    for (let i = 0; i < 5; i++) np.matmul(a, a);
    const spinUntil = performance.now() + 5;
    while (performance.now() < spinUntil) { /* the caller's own time */ }
  });
  const parts = summary.flopscope_backend_time_s + summary.flopscope_overhead_time_s +
    summary.residual_wall_time_s;
  assert.ok(Math.abs(parts - summary.wall_time_s) < 1e-9);
  assert.ok(summary.flopscope_backend_time_s > 0);
  assert.ok(summary.flopscope_overhead_time_s > 0);
  assert.ok(summary.residual_wall_time_s >= 0.004, "the spin lands in residual");
  const opTimes = Object.values(summary.operations).reduce(
    (s, t) => s + t.flopscope_backend_time_s,
    0,
  );
  assert.ok(Math.abs(opTimes - summary.flopscope_backend_time_s) < 1e-9);
});

Deno.test("ops run uncounted without a context", () => {
  const a = np.ones([3, 3]);
  assert.equal(np.sum(np.matmul(a, a)).item(), 27);
});

Deno.test("summary field names are the spec's", () => {
  const { summary } = withBudget({ flopBudget: 7 }, () => np.ones(2, "float32"));
  assert.deepEqual(Object.keys(summary).sort(), [
    "flop_budget",
    "flops_remaining",
    "flops_used",
    "flopscope_backend_time_s",
    "flopscope_overhead_time_s",
    "operations",
    "residual_wall_time_s",
    "wall_time_s",
  ]);
  assert.deepEqual(Object.keys(summary.operations.ones).sort(), [
    "calls",
    "flop_cost",
    "flopscope_backend_time_s",
    "flopscope_overhead_time_s",
  ]);
});
