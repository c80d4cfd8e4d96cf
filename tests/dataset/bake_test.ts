/**
 * `dataset bake` in-process: the official fixtures' mlp_seeds reproduce their weights bit for
 * bit and their means to float32 rounding; protocol 4.0 seeds match the §2 test vector.
 */
import assert from "@std/assert";
import { join } from "@std/path";
import { bakeRow } from "../../lib/dataset/bake.ts";
import { readDataset } from "../../lib/dataset/read.ts";
import { protocol4EstimatorSeed } from "../../lib/dataset/protocol4.ts";
import { useKernels } from "../../lib/kernels/seam.ts";
import { createJsKernels } from "../../lib/kernels/js/backend.ts";
import { DATASETS } from "./_helpers.ts";

function bytes(a: Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** |a − b| within one float32 ulp of the larger (the official sampler's summation order). */
function assertF32Close(a: Float32Array, b: Float32Array, label: string): void {
  assert.equal(a.length, b.length, label);
  for (let i = 0; i < a.length; i++) {
    const ulp = Math.max(Math.abs(a[i]), Math.abs(b[i])) * 2 ** -23 + 1e-30;
    assert.ok(Math.abs(a[i] - b[i]) <= ulp, `${label}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

const FIXTURES = [
  ["single_split_v3_protocol", "public"],
  ["multi_config_v3.0", "public"],
  ["multi_config_v3.0", "holdout"],
] as const;

for (const [name, split] of FIXTURES) {
  Deno.test(`bake: ${name} ${split} mlp_seeds reproduce the official weights bit for bit`, async () => {
    useKernels(createJsKernels());
    const { metadata, rows } = await readDataset(join(DATASETS, name), { split });
    for (const row of rows) {
      const baked = await bakeRow(row.mlpId, BigInt(row.mlpSeed), {
        width: metadata.width,
        depth: metadata.depth,
        nSamples: metadata.nSamples,
        protocol: { version: "3.0" },
      });
      const label = `${name}/${split} mlp ${row.mlpId}`;
      row.weights.forEach((w, l) => assert.deepEqual(bytes(baked.weights[l]), bytes(w), label));
      // at these sizes (one chunk) the float32 means come out bit-identical too; the bound is
      // one float32 ulp, which is what the official summation order allows in general
      assertF32Close(baked.allLayerMeans, row.groundTruth.allLayerMeans, `${label} means`);
      assertF32Close(baked.finalMeans, row.groundTruth.finalMeans, `${label} final`);
      const rel = Math.abs(baked.avgVariance - row.groundTruth.avgVariance) /
        Math.abs(row.groundTruth.avgVariance);
      // avg_variance differs by a few 1e-8 relative (float32-level: the sum of squares' order)
      assert.ok(rel < 2 ** -23, `${label} avg_variance ${baked.avgVariance}, relative ${rel}`);
    }
  });
}

Deno.test("protocol 4.0: the §2 test vector", () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  assert.equal(protocol4EstimatorSeed(6004799503160661n, key), 1914761819);
});
