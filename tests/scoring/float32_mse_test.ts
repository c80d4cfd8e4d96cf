import assert from "@std/assert";
import { layerMses, meanSquaredErrorF32 } from "../../lib/scoring/float32_mse.ts";

const fixture = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/float32-mse.json", import.meta.url)),
) as { cases: { n: number; mse: number }[] };

function arrays(n: number): [Float32Array, Float32Array] {
  const p = new Float32Array(n);
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = ((i * 7919) % 1000) / 997.0 * 3.0 - 1.5;
    t[i] = ((i * 104729) % 1009) / 1013.0;
  }
  return [p, t];
}

Deno.test("float32 MSE equals numpy's bit for bit at every pairwise-sum branch", () => {
  for (const { n, mse } of fixture.cases) {
    const [p, t] = arrays(n);
    assert.equal(meanSquaredErrorF32(p, t, 0, n), mse, `n = ${n}`);
  }
});

Deno.test("float32 MSE is within float32 rounding of the float64 mean", () => {
  const [p, t] = arrays(4099);
  let exact = 0;
  for (let i = 0; i < p.length; i++) exact += (p[i] - t[i]) ** 2;
  exact /= p.length;
  const got = meanSquaredErrorF32(p, t, 0, p.length);
  assert.ok(Math.abs(got - exact) / exact < 1e-6, `${got} vs ${exact}`);
  assert.equal(got, Math.fround(got));
});

Deno.test("layer MSEs slice rows of the (d, n) arrays", () => {
  const p = new Float32Array([1, 1, 0, 0, 2, 2]);
  const t = new Float32Array(6);
  const m = layerMses(p, t, 3, 2);
  assert.deepEqual(m.perLayer, [1, 0, 4]);
  assert.equal(m.final, 4);
  assert.equal(m.all, Math.fround(10 / 6));
});
