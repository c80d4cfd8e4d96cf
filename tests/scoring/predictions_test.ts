import assert from "@std/assert";
import { checkPredictions } from "../../lib/scoring/predictions.ts";

const FLOAT32_MAX = 3.4028234663852886e38;

Deno.test("a (d, n) array passes and is cast to float32", () => {
  const checked = checkPredictions(
    { shape: [2, 3], values: new Float64Array([0.1, 1, 2, 3, 4, 5]) },
    2,
    3,
  );
  assert.ok(checked.ok);
  if (checked.ok) {
    assert.ok(checked.values instanceof Float32Array);
    assert.equal(checked.values[0], Math.fround(0.1));
  }
});

Deno.test("a transposed array is a bad shape with a transposed hint", () => {
  const checked = checkPredictions({ shape: [3, 2], values: new Float32Array(6) }, 2, 3);
  assert.ok(!checked.ok);
  if (!checked.ok) {
    assert.equal(checked.failure.code, "ESTIMATOR_BAD_SHAPE");
    assert.match(checked.failure.message, /\(3, 2\).*\(2, 3\).*transposed/);
  }
});

Deno.test("other wrong shapes and lengths are bad shapes without the hint", () => {
  for (const shape of [[6], [2, 3, 1], [2, 4]]) {
    const checked = checkPredictions({ shape, values: new Float32Array(6) }, 2, 3);
    assert.ok(!checked.ok && checked.failure.code === "ESTIMATOR_BAD_SHAPE", String(shape));
    assert.ok(!checked.ok && !checked.failure.message.includes("transposed"));
  }
  const short = checkPredictions({ shape: [2, 3], values: new Float32Array(5) }, 2, 3);
  assert.ok(!short.ok && short.failure.code === "ESTIMATOR_BAD_SHAPE");
});

Deno.test("a float64 value above float32 range is non-finite after the cast", () => {
  const values = new Float64Array(6);
  values[4] = 1e39;
  const checked = checkPredictions({ shape: [2, 3], values }, 2, 3);
  assert.ok(!checked.ok);
  if (!checked.ok) {
    assert.equal(checked.failure.code, "ESTIMATOR_NON_FINITE");
    assert.match(checked.failure.message, /\[1, 1\].*Infinity/);
  }
});

Deno.test("NaN and -Infinity are non-finite; float32 max is finite", () => {
  for (const bad of [NaN, -Infinity]) {
    const checked = checkPredictions({ shape: [1, 2], values: new Float64Array([0, bad]) }, 1, 2);
    assert.ok(!checked.ok && checked.failure.code === "ESTIMATOR_NON_FINITE");
  }
  const edge = checkPredictions(
    { shape: [1, 2], values: new Float64Array([FLOAT32_MAX, -FLOAT32_MAX]) },
    1,
    2,
  );
  assert.ok(edge.ok);
});
