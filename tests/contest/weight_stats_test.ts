import assert from "@std/assert";
import type { MlpSpec } from "../../lib/contract/mlp.ts";
import { layerStats, spectralNormEstimate, weightsSha256 } from "../../lib/contest/weight_stats.ts";
import { sha256Hex } from "../random/_fixtures.ts";

Deno.test("layerStats matches a naive float64 computation", () => {
  const w = Float32Array.of(1, -2, 0.5, 4);
  const mean = (1 - 2 + 0.5 + 4) / 4;
  const std = Math.sqrt([1, -2, 0.5, 4].reduce((s, x) => s + (x - mean) ** 2, 0) / 4);
  const stats = layerStats(w, 2);
  assert.equal(stats.mean, mean);
  assert.ok(Math.abs(stats.std - std) < 1e-15);
  assert.equal(stats.min, -2);
  assert.equal(stats.max, 4);
});

Deno.test("spectral-norm estimate is exact for rank-one and diagonal matrices", () => {
  // Rank one: W = a·bᵀ has ‖W‖ = ‖a‖·‖b‖.
  const a = [1, 2, 2], b = [3, 0, 4];
  const rankOne = Float32Array.from(a.flatMap((ai) => b.map((bj) => ai * bj)));
  assert.ok(Math.abs(spectralNormEstimate(rankOne, 3) - 15) < 1e-12);
  // Diagonal with a dominant entry: ‖W‖ = max |d_i|.
  const diag = Float32Array.of(0.5, 0, 0, 0, -3, 0, 0, 0, 1);
  assert.ok(Math.abs(spectralNormEstimate(diag, 3) - 3) < 1e-3);
  assert.equal(spectralNormEstimate(new Float32Array(4), 2), 0);
});

Deno.test("weightsSha256 hashes the stacked float32 bytes (WebCrypto as the reference)", async () => {
  const layers = [Float32Array.of(1, -0.5, 2, 3), Float32Array.of(0.25, 0, -1, 8)];
  const mlp: MlpSpec = { name: "m", width: 2, depth: 2, weights: layers, seed: 0 };
  const stacked = new Float32Array(8);
  stacked.set(layers[0]);
  stacked.set(layers[1], 4);
  assert.equal(weightsSha256(mlp), await sha256Hex(stacked));
});
