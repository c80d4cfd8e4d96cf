/** Describing estimator values outside the code windows runs none of their code. */
import assert from "@std/assert";
import { describeInert } from "../../lib/runner/inert.ts";

Deno.test("errors and primitives are described from data properties", () => {
  assert.equal(describeInert(new RangeError("too far\nsecond line")), "RangeError: too far");
  assert.equal(describeInert(new Error("")), "Error");
  assert.equal(describeInert("text"), "thrown string: text");
  assert.equal(describeInert(42), "thrown number: 42");
  assert.equal(describeInert(null), "thrown null");
  assert.equal(describeInert(undefined), "thrown undefined: undefined");
  assert.equal(describeInert(Symbol("s")), "thrown symbol: Symbol(s)");
});

Deno.test("getters, proxies and toString are never called", () => {
  let calls = 0;
  const count = () => {
    calls++;
    return "x";
  };
  const getterError = new Error("kept");
  Object.defineProperty(getterError, "name", { get: count });
  const trapped = new Proxy(new Error("hidden"), {
    get: count,
    getPrototypeOf: () => (calls++, Error.prototype),
    getOwnPropertyDescriptor: () => (calls++, undefined),
  });
  const protoProxy = Object.create(
    new Proxy({}, { getOwnPropertyDescriptor: () => (calls++, undefined) }),
  );
  const values = [
    getterError,
    trapped,
    protoProxy,
    {
      get message() {
        return count();
      },
      toString: count,
    },
    () => count(),
  ];
  assert.deepEqual(values.map(describeInert), [
    "thrown object",
    "thrown Proxy",
    "thrown object",
    "thrown object",
    "thrown function",
  ]);
  assert.equal(calls, 0);
});
