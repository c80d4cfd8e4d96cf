import assert from "@std/assert";
import { defaultRng } from "../../lib/random/generator.ts";

Deno.test("random float32 in chunks equals one draw, across the buffered half", () => {
  const whole = defaultRng(9).random(5001, "float32");
  const rng = defaultRng(9);
  const parts: number[] = [];
  for (const n of [1, 2, 2047, 3, 1, 2947]) parts.push(...rng.random(n, "float32"));
  assert.deepEqual(parts, [...whole]);
});

Deno.test("random float64 in chunks equals one draw", () => {
  const whole = defaultRng(9).random(3000);
  const rng = defaultRng(9);
  const parts: number[] = [];
  for (const n of [1, 1024, 1975]) parts.push(...rng.random(n));
  assert.deepEqual(parts, [...whole]);
});

Deno.test("float32 and float64 uniforms share one stream as numpy's (low half, then high)", () => {
  const rng = defaultRng(21);
  const raw = defaultRng(21).bitGenerator;
  const first = raw.nextUint64();
  const second = raw.nextUint64();
  assert.equal(rng.random(1, "float32")[0], (Number(first & 0xffffffffn) >>> 8) * 2 ** -24);
  assert.equal(rng.random(1)[0], Number(second >> 11n) * 2 ** -53);
  assert.equal(rng.random(1, "float32")[0], Number(first >> 40n) * 2 ** -24);
});

Deno.test("uniforms lie in [0, 1) and uniform(low, high) in [low, high)", () => {
  const rng = defaultRng(2);
  assert.ok(rng.random(10_000).every((u) => u >= 0 && u < 1));
  assert.ok(rng.random(10_000, "float32").every((u) => u >= 0 && u < 1));
  assert.ok(rng.uniform(-2, 3, 10_000).every((u) => u >= -2 && u < 3));
});
