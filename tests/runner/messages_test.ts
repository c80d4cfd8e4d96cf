import assert from "@std/assert";
import { mlpFromPayload, predictionsFromPayload } from "../../lib/runner/messages.ts";
import { ProtocolError } from "../../lib/runner/protocol.ts";

Deno.test("payload sizes must match the announced MLP or predictions", () => {
  assert.throws(
    () => mlpFromPayload({ name: "m", width: 4, depth: 2, seed: 0 }, new ArrayBuffer(127)),
    /does not hold 2 × 4² float32/,
  );
  assert.throws(
    () => predictionsFromPayload([2, 3], "float32", new ArrayBuffer(23)),
    ProtocolError,
  );
  assert.throws(
    () => predictionsFromPayload([2, -1], "float32", new ArrayBuffer(0)),
    ProtocolError,
  );
  assert.throws(
    () => predictionsFromPayload([1], "int8" as "float32", new ArrayBuffer(1)),
    /dtype/,
  );
  const p = predictionsFromPayload([2, 3], "float32", new ArrayBuffer(24));
  assert.deepEqual(p.shape, [2, 3]);
  assert.ok(p.values instanceof Float32Array);
});
