import assert from "@std/assert";
import { sampleMlp } from "../../lib/contest/mlp.ts";
import { contestSeeds, protocol3Seeds } from "../../lib/contest/seeding.ts";
import { weightsSha256 } from "../../lib/contest/weight_stats.ts";
import { loadFixture } from "../random/_fixtures.ts";

interface FixtureMlp {
  estimator_seed: number;
  weights_sha256_f32le: string;
  weights?: number[][][];
  weights_first8?: number[];
  weights_last8?: number[];
  mc_inputs_first8_f32: number[];
}

interface ContestCase {
  seed: number;
  n_mlps: number;
  width: number;
  depth: number;
  mlps: FixtureMlp[];
}

interface Protocol3Case {
  mlp_seed: number;
  width: number;
  depth: number;
  estimator_seed: number;
  weights_sha256_f32le: string;
  weights?: number[][][];
}

const fixture = loadFixture<{ mlps: Record<string, unknown> }>("numpy-rng-vectors.json").mlps;

function checkContest(key: string): void {
  const c = fixture[key] as ContestCase;
  const streams = contestSeeds(c.seed, c.n_mlps);
  assert.equal(streams.length, c.n_mlps);
  for (const [i, expected] of c.mlps.entries()) {
    const s = streams[i];
    const mlp = sampleMlp(c.width, c.depth, s.weightRng, `mlp-${i}`, s.estimatorSeed);
    assert.equal(mlp.seed, expected.estimator_seed, `${key} estimator seed ${i}`);
    assert.equal(weightsSha256(mlp), expected.weights_sha256_f32le, `${key} weights ${i}`);
    if (expected.weights) {
      assert.deepEqual(mlp.weights.map((w) => [...w]), expected.weights.map((l) => l.flat()));
    }
    if (expected.weights_first8 && expected.weights_last8) {
      const last = mlp.weights[c.depth - 1];
      assert.deepEqual([...mlp.weights[0].subarray(0, 8)], expected.weights_first8);
      assert.deepEqual([...last.subarray(last.length - 8)], expected.weights_last8);
    }
    const inputs = new Float32Array(8);
    s.inputRng.fillStandardNormalF32(inputs);
    assert.deepEqual([...inputs], expected.mc_inputs_first8_f32, `${key} inputs ${i}`);
  }
}

Deno.test("contest seed 42, 3 MLPs of 8×2: weights by value, seeds and first inputs", () => {
  checkContest("contest_seed_42_w8_d2");
});

Deno.test("contest seed 1234, 2 MLPs of 256×8: weights by SHA-256, seeds and first inputs", () => {
  checkContest("contest_seed_1234_w256_d8");
});

Deno.test("contest seed 5, one MLP of 1024×16: weights by SHA-256, seed and first inputs", () => {
  checkContest("contest_seed_5_w1024_d16");
});

Deno.test("protocol 3.0 MLPs match numpy's SeedSequence(mlp_seed).spawn(3)", () => {
  for (const c of fixture.protocol_3_0 as Protocol3Case[]) {
    const s = protocol3Seeds(c.mlp_seed);
    const mlp = sampleMlp(c.width, c.depth, s.weightRng, "mlp", s.estimatorSeed);
    assert.equal(mlp.seed, c.estimator_seed, `mlp_seed ${c.mlp_seed}`);
    assert.equal(weightsSha256(mlp), c.weights_sha256_f32le, `mlp_seed ${c.mlp_seed}`);
    if (c.weights) {
      assert.deepEqual(mlp.weights.map((w) => [...w]), c.weights.map((l) => l.flat()));
    }
  }
});

Deno.test("protocol 3.0 takes 63-bit seeds as bigints", () => {
  const big = 2n ** 62n + 12345n;
  assert.notEqual(protocol3Seeds(big).estimatorSeed, protocol3Seeds(12345).estimatorSeed);
  assert.equal(
    protocol3Seeds(6004799503160661n).estimatorSeed,
    protocol3Seeds(6004799503160661).estimatorSeed,
  );
});

Deno.test("unseeded contests draw OS entropy and give every estimator seed 0", () => {
  const a = contestSeeds(undefined, 2);
  const b = contestSeeds(null, 2);
  assert.deepEqual(a.map((s) => s.estimatorSeed), [0, 0]);
  assert.deepEqual(b.map((s) => s.estimatorSeed), [0, 0]);
  assert.notDeepEqual(a[0].weightRng.random(2), b[0].weightRng.random(2));
});

Deno.test("sampleMlp rejects non-positive dimensions", () => {
  const [s] = contestSeeds(1, 1);
  assert.throws(() => sampleMlp(0, 2, s.weightRng), /width must be a positive integer, got 0/);
  assert.throws(() => sampleMlp(4, 1.5, s.weightRng), /depth must be a positive integer/);
});
