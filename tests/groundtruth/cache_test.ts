import assert from "@std/assert";
import {
  defaultCacheDir,
  GroundTruthCache,
  type GroundTruthKey,
  kernelFamily,
} from "../../lib/groundtruth/cache.ts";
import { tempDir } from "../cli/_helpers.ts";

const KEY: GroundTruthKey = {
  seed: 7,
  index: 1,
  width: 3,
  depth: 2,
  nSamples: 1000,
  seedProtocol: "2.0",
  sampler: 2,
  kernels: "wasm",
};

function truth() {
  const allLayerMeans = new Float32Array([0.5, 1.25, 2, 3.5, -0, 7e-8]);
  return {
    truth: {
      allLayerMeans,
      finalMeans: allLayerMeans.slice(3),
      avgVariance: 0.125,
      nSamples: 1000,
    },
    sampling: {
      flop_budget: 2 ** 53 - 1,
      flops_used: 12,
      flops_remaining: 2 ** 53 - 13,
      wall_time_s: 1,
      flopscope_backend_time_s: 0.5,
      flopscope_overhead_time_s: 0.25,
      residual_wall_time_s: 0.25,
      by_namespace: {
        "sampling.sample_layer_statistics": {
          flops_used: 12,
          calls: 3,
          flopscope_backend_time_s: 0.5,
          flopscope_overhead_time_s: 0.25,
          operations: {},
        },
      },
    },
  };
}

Deno.test("a stored ground truth reads back bit for bit, under its own key only", async () => {
  await using dir = await tempDir("whest-cache-test-");
  const warnings: string[] = [];
  const cache = new GroundTruthCache(dir.path, (line) => warnings.push(line));
  assert.equal(cache.get(KEY), undefined);
  cache.put(KEY, truth());
  const back = cache.get(KEY)!;
  assert.deepEqual([...back.truth.allLayerMeans], [...truth().truth.allLayerMeans]);
  assert.deepEqual([...back.truth.finalMeans], [3.5, -0, 7e-8].map(Math.fround));
  assert.equal(back.truth.avgVariance, 0.125);
  assert.deepEqual(back.sampling, truth().sampling);
  for (
    const change of [{ seed: 8 }, { index: 0 }, { nSamples: 999 }, { kernels: "js" }, {
      sampler: 1,
    }]
  ) {
    assert.equal(cache.get({ ...KEY, ...change }), undefined, JSON.stringify(change));
  }
  assert.deepEqual(warnings, []);
  const files = [...Deno.readDirSync(cache.dir)].map((e) => e.name);
  assert.equal(files.length, 1, "one file, no temporary left");
  assert.match(files[0], /^[0-9a-f]{64}\.gt$/);
});

Deno.test("a corrupt entry is a warning and a miss, never wrong values", async () => {
  await using dir = await tempDir("whest-cache-test-");
  const warnings: string[] = [];
  const cache = new GroundTruthCache(dir.path, (line) => warnings.push(line));
  cache.put(KEY, truth());
  const [file] = [...Deno.readDirSync(cache.dir)].map((e) => `${cache.dir}/${e.name}`);
  const bytes = Deno.readFileSync(file);
  bytes[bytes.length - 1] ^= 1;
  Deno.writeFileSync(file, bytes);
  assert.equal(cache.get(KEY), undefined);
  assert.match(warnings[0], /unusable \(its values do not match their hash\); recomputing it/);
  Deno.writeTextFileSync(file, "not a cache entry");
  assert.equal(cache.get(KEY), undefined);
  assert.equal(warnings.length, 2);
});

Deno.test("the cache directory follows WHEST_CACHE_DIR, then the platform's convention", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.equal(defaultCacheDir(env({ WHEST_CACHE_DIR: "/c", HOME: "/h" })), "/c");
  if (Deno.build.os === "linux") {
    assert.equal(defaultCacheDir(env({ XDG_CACHE_HOME: "/x", HOME: "/h" })), "/x/whest");
    assert.equal(defaultCacheDir(env({ HOME: "/h" })), "/h/.cache/whest");
    assert.equal(defaultCacheDir(env({})), undefined);
  }
  assert.equal(kernelFamily("wasm-relaxed-simd-x4"), "wasm");
  assert.equal(kernelFamily("blas-openblas-x2"), "blas-openblas-x2");
});
