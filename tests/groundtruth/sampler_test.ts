import assert from "@std/assert";
import { createJsKernels, useKernels } from "../../lib/kernels/mod.ts";
import { createWasmKernels } from "../../lib/kernels/wasm/mod.ts";
import { chunkRows, sampleGroundTruth } from "../../lib/groundtruth/sampler.ts";
import { fixtureCases, fixtureMlp, type PipelineCase } from "./_helpers.ts";

const LONG = Deno.env.get("WHEST_LONG_TESTS") === "1";

/** cost-model.md's closed form for S samples. */
function closedForm(n: number, d: number, s: number): number {
  return 2 * d * s * n * n + (4 * d + 53) * s * n + (6 * d + 41) * n;
}

async function checkAgainstNumpy(c: PipelineCase, tolerance: number): Promise<void> {
  const { spec, inputs } = fixtureMlp(c);
  const { truth, summary } = await sampleGroundTruth(spec, inputs, c.n_samples);
  const n = c.width;
  let worst = 0;
  for (let l = 0; l < c.depth; l++) {
    for (let j = 0; j < n; j++) {
      const expected = c.all_layer_means_f32[l][j];
      const got = truth.allLayerMeans[l * n + j];
      const error = expected === 0 ? Math.abs(got) : Math.abs(got - expected) / Math.abs(expected);
      worst = Math.max(worst, error);
    }
  }
  const label = `seed ${c.seed} MLP ${c.index} at ${n}x${c.depth}`;
  assert.ok(worst <= tolerance, `${label}: worst relative error ${worst} > ${tolerance}`);
  assert.ok(Math.abs(truth.avgVariance - c.avg_variance) / c.avg_variance < 1e-6, label);
  assert.deepEqual(truth.finalMeans, truth.allLayerMeans.slice((c.depth - 1) * n));
  assert.equal(truth.nSamples, c.n_samples);
  assert.equal(summary.flops_used, closedForm(n, c.depth, c.n_samples), label);
}

Deno.test("chunk rows are max(1024, min(16384, floor(2^20 / n)))", () => {
  assert.deepEqual([1, 8, 64, 128, 256, 1000, 1024, 4096].map(chunkRows), [
    16384,
    16384,
    16384,
    8192,
    4096,
    1048,
    1024,
    1024,
  ]);
});

Deno.test("all_layer_means match numpy within 1e-5 at 8x2 and 32x4", async () => {
  for (const c of fixtureCases().filter((c) => c.width <= 32)) await checkAgainstNumpy(c, 1e-5);
});

Deno.test("all_layer_means match numpy within 1e-4 at 256x8 (on the WASM kernels)", async () => {
  const wasm = createWasmKernels();
  const previous = useKernels(wasm);
  try {
    for (const c of fixtureCases().filter((c) => c.width === 256)) {
      await checkAgainstNumpy(c, 1e-4);
    }
  } finally {
    useKernels(previous ?? createJsKernels());
    wasm.close();
  }
});

Deno.test({
  name: "all_layer_means match numpy within 1e-4 at 256x8 on the JS kernels (long)",
  ignore: !LONG,
  fn: async () => {
    const previous = useKernels(createJsKernels());
    try {
      for (const c of fixtureCases().filter((c) => c.width === 256)) {
        await checkAgainstNumpy(c, 1e-4);
      }
    } finally {
      useKernels(previous ?? createJsKernels());
    }
  },
});

Deno.test("metered FLOPs equal the closed form for any chunking; progress per chunk", async () => {
  const c = fixtureCases()[0];
  for (const [width, depth, samples] of [[8, 2, 1], [8, 2, 16385], [256, 2, 4097], [3, 1, 100]]) {
    const { spec, inputs } = fixtureMlp({ ...c, width, depth });
    const seen: number[] = [];
    const { summary } = await sampleGroundTruth(spec, inputs, samples, (done, total) => {
      assert.equal(total, samples);
      seen.push(done);
    });
    assert.equal(
      summary.flops_used,
      closedForm(width, depth, samples),
      `${width}x${depth} S=${samples}`,
    );
    const chunk = chunkRows(width);
    const expected = [];
    for (let done = Math.min(chunk, samples);; done = Math.min(done + chunk, samples)) {
      expected.push(done);
      if (done === samples) break;
    }
    assert.deepEqual(seen, expected);
    const labels = Object.keys(summary.by_namespace ?? {});
    assert.deepEqual(labels, ["sampling.sample_layer_statistics"]);
    const ops = summary.operations;
    assert.equal(ops.matmul.calls, depth * expected.length);
    assert.equal(ops["random.Generator.standard_normal"].flop_cost, 16 * samples * width);
  }
});

Deno.test("meter contexts roll over before their limit; the merged summary is the same", async () => {
  const c = fixtureCases()[0];
  const samples = 40000;
  const whole = await sampleGroundTruth(fixtureMlp(c).spec, fixtureMlp(c).inputs, samples);
  const chunkCharge = 2 * c.depth * 16384 * c.width ** 2 + (4 * c.depth + 53) * 16384 * c.width;
  const rolled = await sampleGroundTruth(
    fixtureMlp(c).spec,
    fixtureMlp(c).inputs,
    samples,
    undefined,
    chunkCharge + 1,
  );
  assert.deepEqual(rolled.truth, whole.truth);
  assert.equal(rolled.summary.flop_budget, 3 * (chunkCharge + 1), "one context per chunk");
  assert.equal(rolled.summary.flops_used, closedForm(c.width, c.depth, samples));
  assert.equal(rolled.summary.operations.matmul.calls, c.depth * 3);
  assert.deepEqual(Object.keys(rolled.summary.by_namespace ?? {}), [
    "sampling.sample_layer_statistics",
  ]);
  const ns = rolled.summary.by_namespace!["sampling.sample_layer_statistics"];
  assert.equal(ns.flops_used, rolled.summary.flops_used);
  assert.equal(ns.calls, whole.summary.by_namespace!["sampling.sample_layer_statistics"].calls);
});

Deno.test("bad sample counts are refused", async () => {
  const { spec, inputs } = fixtureMlp(fixtureCases()[0]);
  await assert.rejects(() => sampleGroundTruth(spec, inputs, 0), /nSamples 0/);
  await assert.rejects(() => sampleGroundTruth(spec, inputs, 1.5), /nSamples 1.5/);
});
