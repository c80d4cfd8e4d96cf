import assert from "@std/assert";
import type { MlpSpec } from "../../lib/contract/mlp.ts";
import { runPredict, runSetup, runTeardown, startEstimator } from "../../lib/estimator/executor.ts";
import { loadEstimator } from "../../lib/estimator/loader.ts";
import { resolveEstimator } from "../../lib/estimator/source.ts";
import { type SetupContext, SetupFailure } from "../../lib/contract/runner.ts";
import { fixturePath } from "./_helpers.ts";

const CTX: SetupContext = {
  width: 3,
  depth: 2,
  flop_budget: 1e6,
  api_version: "1.0",
  scratch_dir: "/tmp",
  submission_dir: "/tmp",
  seed: 5,
};

/** A small MLP with weights 0.1·(l + 1)·(i − j) (shape is what these tests need). */
function mlpSpec(width = 3, depth = 2): MlpSpec {
  const weights = Array.from({ length: depth }, (_, l) => {
    const w = new Float32Array(width * width);
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < width; j++) w[i * width + j] = 0.1 * (l + 1) * (i - j);
    }
    return w;
  });
  return { name: "mlp-0", width, depth, weights, seed: 11 };
}

const LIMITS = { flopBudget: 1e6, wallTimeLimitS: 60 };

function load(name: string) {
  return loadEstimator(resolveEstimator(fixturePath(name)));
}

/** Runs `fn`, which must reject with a SetupFailure, and returns it. */
async function setupFailure(fn: () => Promise<unknown>): Promise<SetupFailure> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof SetupFailure) return error;
    throw error;
  }
  throw new Error("expected a SetupFailure");
}

Deno.test("runPredict meters predict and returns its predictions, summary and logs", () => {
  const loaded = load("valid/class_default.ts");
  const outcome = runPredict(loaded, mlpSpec(), LIMITS);
  assert.deepEqual(outcome.predictions?.shape, [2, 3]);
  assert.deepEqual(Array.from(outcome.predictions!.values), new Array(6).fill(0.5));
  // np.full of 2×3 float64 writes 6 elements at the float64 rate 2 (cost-model.md).
  assert.equal(outcome.summary?.flops_used, 12);
  assert.equal(outcome.summary?.flop_budget, 1e6);
  assert.deepEqual(outcome.logs, ["predict mlp-0 1"]);
  assert.equal(outcome.error, undefined);
  assert.equal(outcome.limitFlag, undefined);
});

Deno.test("unlabelled estimator work is filed under estimator.estimator-client", () => {
  const outcome = runPredict(load("valid/class_default.ts"), mlpSpec(), LIMITS);
  assert.deepEqual(Object.keys(outcome.summary?.by_namespace ?? {}), [
    "estimator.estimator-client",
  ]);
});

Deno.test("the MLP predict sees is read-only float32 (n, n) NDArrays over a copy of the weights", () => {
  const spec = mlpSpec(4, 3);
  const before = spec.weights.map((w) => w.slice());
  const seen: unknown[] = [];
  const loaded = loadEstimator({
    name: "probe",
    filename: "probe.js",
    source: `export default { predict(mlp, budget) {
      globalThis.__probe.push(mlp, budget, Object.isFrozen(mlp), Object.isFrozen(mlp.weights));
      mlp.weights[0].data[0] = 99;
      return [[0]];
    } };`,
  });
  (globalThis as { __probe?: unknown[] }).__probe = seen;
  runPredict(loaded, spec, LIMITS);
  delete (globalThis as { __probe?: unknown[] }).__probe;
  const [mlp, budget, frozen, weightsFrozen] = seen as [
    {
      width: number;
      depth: number;
      seed: number;
      name: string;
      weights: { shape: number[]; dtype: string }[];
    },
    number,
    boolean,
    boolean,
  ];
  assert.equal(budget, 1e6);
  assert.ok(frozen && weightsFrozen);
  assert.deepEqual([mlp.width, mlp.depth, mlp.seed, mlp.name], [4, 3, 11, "mlp-0"]);
  assert.deepEqual(
    mlp.weights.map((w) => [w.shape, w.dtype]),
    new Array(3).fill([[4, 4], "float32"]),
  );
  assert.deepEqual(spec.weights, before, "the caller's weights are untouched");
});

Deno.test("an exception in predict is a PREDICT_ERROR with its message and a traceback", () => {
  const outcome = runPredict(load("broken/predict_throws.ts"), mlpSpec(), LIMITS);
  assert.equal(outcome.error?.code, "PREDICT_ERROR");
  assert.equal(outcome.error?.message, "Error: layer 0 diverged");
  assert.match(outcome.error?.traceback ?? "", /at check \(.*predict_throws\.ts:5:\d+\)/);
  assert.doesNotMatch(outcome.error?.traceback ?? "", /lib\/estimator\/executor\.ts/);
  assert.equal(outcome.summary, undefined);
  assert.equal(outcome.predictions, undefined);
});

Deno.test("returns that are not arrays, ragged, or not numbers fail with their codes", () => {
  const cases: [string, string, RegExp][] = [
    [
      "returns_undefined.ts",
      "ESTIMATOR_BAD_SHAPE",
      /^predict returned undefined; expected a \(depth, width\) array$/,
    ],
    ["returns_ragged.js", "ESTIMATOR_BAD_SHAPE", /^predict returned a ragged nested array/],
    [
      "returns_strings.js",
      "ESTIMATOR_NON_FINITE",
      /^predictions\[0\]\[1\] is a string \('0\.5'\), not a number$/,
    ],
    ["returns_promise.js", "PREDICT_ERROR", /returned a Promise/],
  ];
  for (const [file, code, pattern] of cases) {
    const outcome = runPredict(load(`broken/${file}`), mlpSpec(), LIMITS);
    assert.equal(outcome.error?.code, code, file);
    assert.match(outcome.error!.message, pattern, file);
  }
});

Deno.test("shape and finiteness problems reach the scorer as raw predictions", () => {
  const transposed = runPredict(load("broken/wrong_shape_transposed.ts"), mlpSpec(), LIMITS);
  assert.deepEqual(transposed.predictions?.shape, [3, 2]);
  const nan = runPredict(load("broken/returns_nan.ts"), mlpSpec(), LIMITS);
  assert.ok(Array.from(nan.predictions!.values).every(Number.isNaN));
});

Deno.test("running out of FLOPs is limitFlag budget_exhausted, with the summary", () => {
  const outcome = runPredict(load("broken/overspends.ts"), mlpSpec(8, 1), {
    flopBudget: 10_000,
    wallTimeLimitS: 60,
  });
  assert.equal(outcome.limitFlag, "budget_exhausted");
  assert.equal(outcome.error, undefined);
  assert.equal(outcome.predictions, undefined);
  const used = outcome.summary!.flops_used;
  // ones(8×8) costs 128; each 8×8 float32 matmul costs 2·8³ − 8² = 960 (cost-model.md).
  assert.equal(used, 128 + 960 * Math.floor((10_000 - 128) / 960));
});

Deno.test("running out of wall time is limitFlag time_exhausted, with the summary", () => {
  const outcome = runPredict(load("broken/spins_with_ops.ts"), mlpSpec(), {
    flopBudget: 2 ** 50,
    wallTimeLimitS: 0.05,
  });
  assert.equal(outcome.limitFlag, "time_exhausted");
  assert.ok(outcome.summary!.wall_time_s > 0.05);
});

Deno.test("runSetup passes a frozen copy of the context and returns the logs so far", async () => {
  const loaded = load("valid/class_default.ts");
  assert.deepEqual(await runSetup(loaded, CTX), ["setup for 3x2"]);
  const named = load("valid/named_export.ts");
  await runSetup(named, CTX, 5);
  const outcome = runPredict(named, mlpSpec(), LIMITS);
  assert.deepEqual(
    Array.from(outcome.predictions!.values),
    new Array(6).fill(1),
    "async setup awaited",
  );
});

Deno.test("a raising setup is SETUP_ERROR; a slow one SETUP_TIMEOUT; a bad file SETUP_ERROR", async () => {
  const raising = await setupFailure(() => runSetup(load("broken/setup_throws.ts"), CTX));
  assert.equal(raising.code, "SETUP_ERROR");
  assert.equal(raising.message, "setup raised RangeError: width 0 is too small");
  assert.match(raising.traceback ?? "", /setup_throws\.ts:4:\d+/);
  const slow = await setupFailure(() =>
    startEstimator(resolveEstimator(fixturePath("broken/setup_slow.ts")), CTX, 0.05)
  );
  assert.equal(slow.code, "SETUP_TIMEOUT");
  assert.equal(slow.message, "setup was still running after 0.050 s, over the limit of 0.050 s");
  const bad = await setupFailure(() =>
    startEstimator(resolveEstimator(fixturePath("broken/no_predict.ts")), CTX, 5)
  );
  assert.equal(bad.code, "SETUP_ERROR");
  assert.match(bad.message, /has no predict method/);
  // Let the slow setup's timer finish inside this test.
  await new Promise((resolve) => setTimeout(resolve, 300));
});

Deno.test("runTeardown runs teardown and reports its logs; a raising teardown is reported, not thrown", async () => {
  const loaded = load("valid/class_default.ts");
  runPredict(loaded, mlpSpec(), LIMITS);
  assert.deepEqual(await runTeardown(loaded), { logs: ["warning: teardown after 1"] });
  const raising = loadEstimator({
    name: "t",
    filename: "t.js",
    source:
      'export default { predict(m, b) { return [[0]]; }, teardown() { throw new Error("late"); } };',
  });
  const result = await runTeardown(raising);
  assert.equal(result.error?.message, "teardown raised Error: late");
});
