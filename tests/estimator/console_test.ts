import assert from "@std/assert";
import { captureConsole } from "../../lib/estimator/console.ts";

Deno.test("captureConsole keeps every printing call as one line and drains it once", () => {
  const { console: c, drain } = captureConsole();
  c.log("a", 1, { k: [2] });
  c.info("b");
  c.warn("careful");
  c.error("failed", new Error("x").message);
  c.assert(1 === 1, "never shown");
  c.assert(false, "shown");
  c.time("t");
  c.group();
  assert.deepEqual(drain(), [
    "a 1 { k: [ 2 ] }",
    "b",
    "warning: careful",
    "error: failed x",
    "assertion failed: shown",
  ]);
  assert.deepEqual(drain(), []);
});

Deno.test("captureConsole drops lines past its capacity and says how many", () => {
  const { console: c, drain } = captureConsole(10);
  c.log("12345");
  c.log("67890");
  c.log("overflow");
  c.log("again");
  assert.deepEqual(drain(), ["12345", "67890", "(2 more log lines dropped: over 10 chars)"]);
  c.log("fresh");
  assert.deepEqual(drain(), ["fresh"]);
});

Deno.test("captureConsole's console is frozen", () => {
  const { console: c } = captureConsole();
  assert.ok(Object.isFrozen(c));
});
