/**
 * Reads the three official example datasets and checks every row against an independent
 * regeneration from its seeds (protocol 3.0: SeedSequence(mlp_seed); protocol 2.0: the split's
 * contest seed), plus ground-truth shapes and laws.
 */
import assert from "@std/assert";
import { sampleMlp } from "../../lib/contest/mlp.ts";
import { contestSeeds, protocol3Seeds } from "../../lib/contest/seeding.ts";
import { sampleGroundTruth } from "../../lib/groundtruth/sampler.ts";
import { type Dataset, readDataset } from "../../lib/dataset/read.ts";
import { DATASETS } from "./_helpers.ts";

function assertBitEqual(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const b = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) assert.fail(`${what}[${i}]: ${actual[i]} != ${expected[i]}`);
  }
}

/** Shapes and laws every row's ground truth must satisfy. */
function assertGroundTruthShapes(dataset: Dataset): void {
  const { width: n, depth: d, nSamples } = dataset.metadata;
  for (const row of dataset.rows) {
    const gt = row.groundTruth;
    assert.equal(row.weights.length, d);
    for (const w of row.weights) assert.equal(w.length, n * n);
    assert.equal(gt.allLayerMeans.length, d * n);
    assert.equal(gt.finalMeans.length, n);
    assert.equal(gt.nSamples, nSamples);
    // final_means is stored separately but is the last layer's row of all_layer_means.
    assertBitEqual(gt.finalMeans, gt.allLayerMeans.subarray((d - 1) * n), `${row.name} final`);
    // Post-ReLU activations are non-negative, so are their means; a variance is too.
    assert.ok(gt.allLayerMeans.every((m) => m >= 0), `${row.name}: negative mean`);
    assert.ok(gt.avgVariance >= 0, `${row.name}: avg_variance ${gt.avgVariance}`);
  }
}

/** Checks each row's weights and estimator seed against a regeneration by protocol 3.0. */
function assertProtocol3(dataset: Dataset): void {
  const { width, depth } = dataset.metadata;
  for (const row of dataset.rows) {
    const streams = protocol3Seeds(row.mlpSeed);
    const regenerated = sampleMlp(width, depth, streams.weightRng);
    row.weights.forEach((w, l) => assertBitEqual(w, regenerated.weights[l], `${row.name} W${l}`));
    assert.equal(row.seed, streams.estimatorSeed, `${row.name}: estimator seed`);
  }
}

Deno.test("single-split protocol 3.0 dataset: rows regenerate bit for bit from mlp_seed", async () => {
  const dataset = await readDataset(`${DATASETS}/single_split_v3_protocol`);
  assert.equal(dataset.split, "public");
  assert.equal(dataset.metadata.seedProtocolVersion, "3.0");
  assert.deepEqual(dataset.metadata.splits.map((s) => s.name), ["public"]);
  assert.equal(dataset.rows.length, 4);
  assert.deepEqual(dataset.rows.map((r) => r.mlpId), [0, 1, 2, 3]);
  assert.deepEqual(dataset.rows.map((r) => r.mlpSeed), [1001, 2002, 3003, 4004]);
  assertProtocol3(dataset);
  assertGroundTruthShapes(dataset);
  const breakdown = dataset.rows[0].samplingBudgetBreakdown as Record<string, unknown>;
  assert.equal(typeof breakdown.flops_used, "number");
});

Deno.test("multi-config protocol 3.0 dataset: both splits regenerate, default split first", async () => {
  const dir = `${DATASETS}/multi_config_v3.0`;
  const byDefault = await readDataset(dir);
  assert.equal(byDefault.split, "public");
  for (const split of ["public", "holdout"]) {
    const dataset = await readDataset(dir, { split });
    assert.equal(dataset.split, split);
    assert.equal(dataset.rows.length, 2);
    assert.equal(dataset.metadata.width, 8);
    assertProtocol3(dataset);
    assertGroundTruthShapes(dataset);
  }
});

Deno.test("multi-split protocol 2.0 dataset: mlp_seed is the estimator seed of the split's contest", async () => {
  const dir = `${DATASETS}/multi_split_v3.0`;
  for (const split of ["public", "holdout"]) {
    const dataset = await readDataset(dir, { split });
    const contestSeed = (dataset.metadata.raw.splits as Record<string, { seed: number }>)[split]
      .seed;
    const streams = contestSeeds(contestSeed, dataset.rows.length);
    const { width, depth } = dataset.metadata;
    dataset.rows.forEach((row, i) => {
      assert.equal(row.seed, row.mlpSeed, `${split} ${row.name}: protocol 2.0 seed`);
      assert.equal(row.seed, streams[i].estimatorSeed, `${split} ${row.name}: contest seed`);
      const regenerated = sampleMlp(width, depth, streams[i].weightRng);
      row.weights.forEach((w, l) => assertBitEqual(w, regenerated.weights[l], `${row.name} W${l}`));
    });
    assertGroundTruthShapes(dataset);
  }
  // No default_split: the first split metadata.json lists.
  assert.equal((await readDataset(dir)).split, "public");
});

Deno.test("the stored ground truth is the reference sampler's: means bit for bit, avg_variance exactly", async () => {
  for (const name of ["single_split_v3_protocol", "multi_config_v3.0"]) {
    const dataset = await readDataset(`${DATASETS}/${name}`);
    const { width, depth, nSamples } = dataset.metadata;
    for (const row of dataset.rows) {
      const streams = protocol3Seeds(row.mlpSeed);
      const mlp = sampleMlp(width, depth, streams.weightRng);
      const { truth } = await sampleGroundTruth(mlp, streams.inputRng, nSamples);
      assertBitEqual(truth.allLayerMeans, row.groundTruth.allLayerMeans, `${name} ${row.name}`);
      // unclamped, from the float32-rounded mean, as whestbench's simulation.py computes it
      assert.equal(truth.avgVariance, row.groundTruth.avgVariance, `${name} ${row.name}`);
    }
  }
});
