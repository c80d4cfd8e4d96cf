import assert from "@std/assert";
import { runCli, tempDir } from "./_helpers.ts";

const RUN = [
  "run",
  "--estimator",
  "mean_propagation",
  "--kernels",
  "wasm",
  "--width",
  "128",
  "--depth",
  "4",
  "--n-mlps",
  "2",
  "--n-samples",
  "50000",
  "--seed",
  "9",
  "--format",
  "plain",
  "--output",
];

/** The report's scores, without timings, and the seconds the progress lines gave sampling. */
async function run(cacheDir: string, extra: string[] = []) {
  const report = `${cacheDir}/report-${crypto.randomUUID()}.json`;
  const out = await runCli([...RUN, report, ...extra], { WHEST_CACHE_DIR: cacheDir });
  assert.equal(out.code, 0, out.stderr);
  const results = JSON.parse(await Deno.readTextFile(report)).results;
  const sampledS = [...out.stderr.matchAll(/samples in ([\d.]+) s/g)]
    .reduce((sum, m) => sum + Number(m[1]), 0);
  return {
    stderr: out.stderr,
    sampledS,
    scores: results.per_mlp.map((r: { final_layer_mse: number }) => r.final_layer_mse),
  };
}

function entries(cacheDir: string): string[] {
  try {
    return [...Deno.readDirSync(`${cacheDir}/ground-truth`)].map((e) => e.name);
  } catch {
    return [];
  }
}

Deno.test("a second seeded run reads its ground truth from the cache: same scores, no sampling", async () => {
  await using cache = await tempDir("whest-gt-cache-");
  const first = await run(cache.path);
  assert.equal(entries(cache.path).length, 2, "one entry per MLP");
  assert.ok(first.sampledS > 0);
  const second = await run(cache.path);
  assert.deepEqual(second.scores, first.scores);
  assert.equal(second.stderr.match(/ground truth read from the cache/g)?.length, 2);
  assert.equal(second.sampledS, 0, "nothing was sampled");
});

Deno.test("--no-cache neither reads nor writes; a corrupt entry warns and is recomputed", async () => {
  await using cache = await tempDir("whest-gt-cache-");
  const bypass = await run(cache.path, ["--no-cache"]);
  assert.deepEqual(entries(cache.path), []);
  await run(cache.path);
  const [name] = entries(cache.path);
  await Deno.writeTextFile(`${cache.path}/ground-truth/${name}`, "garbage\n");
  const repaired = await run(cache.path);
  assert.match(repaired.stderr, /ground-truth cache: .* is unusable .*; recomputing it/);
  assert.deepEqual(repaired.scores, bypass.scores);
  assert.equal(repaired.stderr.match(/ground truth read from the cache/g)?.length, 1);
});

Deno.test("an unseeded run is never cached", async () => {
  await using cache = await tempDir("whest-gt-cache-");
  const args = RUN.filter((a, i) => a !== "--seed" && RUN[i - 1] !== "--seed");
  const out = await runCli([...args, `${cache.path}/r.json`], { WHEST_CACHE_DIR: cache.path });
  assert.equal(out.code, 0, out.stderr);
  assert.deepEqual(entries(cache.path), []);
});
