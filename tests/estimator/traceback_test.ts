import assert from "@std/assert";
import { cleanTraceback, describeError, describeType } from "../../lib/estimator/traceback.ts";

Deno.test("describeError gives one line for errors and for thrown non-errors", () => {
  assert.equal(describeError(new RangeError("k < 0\nmore")), "RangeError: k < 0");
  assert.equal(describeError(new Error("")), "Error");
  assert.equal(describeError("plain"), "thrown string: plain");
  assert.equal(describeError(7), "thrown number: 7");
  assert.equal(describeError(undefined), "thrown undefined: undefined");
  assert.equal(describeError({ a: 1 }), "thrown Object");
});

Deno.test("cleanTraceback cuts the stack where whest's estimator machinery begins", () => {
  const error = new Error("x");
  error.stack = [
    "Error: x",
    "    at predict (my_est.ts, <anonymous>:12:7)",
    "    at matmul (file:///app/lib/ops/contraction.ts:40:3)",
    "    at runPredict (file:///app/lib/estimator/executor.ts:70:30)",
    "    at Object.predict (file:///app/lib/runner/local.ts:20:1)",
  ].join("\n");
  assert.equal(
    cleanTraceback(error),
    [
      "Error: x",
      "    at predict (my_est.ts:12:7)",
      "    at matmul (file:///app/lib/ops/contraction.ts:40:3)",
    ].join("\n"),
  );
  assert.equal(cleanTraceback("not an error"), undefined);
});

Deno.test("describeType names values briefly", () => {
  assert.equal(describeType(undefined), "undefined");
  assert.equal(describeType(null), "null");
  assert.equal(describeType([1]), "an array");
  assert.equal(describeType({}), "an object");
  assert.equal(describeType(() => 1), "a function");
  assert.equal(describeType("x".repeat(50)), `a string ('${"x".repeat(40)}')`);
  assert.equal(describeType(42), "a number (42)");
});
