/**
 * `whest run --dataset`: scoring on an official dataset's rows through the CLI, checked against
 * the dataset's stored means and the estimator's own predictions (run here through the loader).
 */
import assert from "@std/assert";
import { createHash } from "node:crypto";
import { join, resolve } from "@std/path";
import { readDataset } from "../../lib/dataset/read.ts";
import { runPredict } from "../../lib/estimator/executor.ts";
import { loadEstimator } from "../../lib/estimator/loader.ts";
import { resolveEstimator } from "../../lib/estimator/source.ts";
import { meanSquaredErrorF32 } from "../../lib/scoring/float32_mse.ts";
import { datasetCopy, DATASETS } from "../dataset/_helpers.ts";
import { assertReportSchema } from "../report/_schema.ts";
import { runCli } from "./_helpers.ts";

const BUDGET = 2 ** 41;

/** SHA-256 of metadata.json then the split's shards in index order, recomputed here. */
async function expectedSha256(dir: string, split: string | null): Promise<string> {
  const shards = split === null ? [] : [...Deno.readDirSync(join(dir, "data"))]
    .map((e) => e.name)
    .filter((name) => name.startsWith(`${split}-`))
    .sort();
  const hash = createHash("sha256");
  for (const file of [join(dir, "metadata.json"), ...shards.map((s) => join(dir, "data", s))]) {
    hash.update(await Deno.readFile(file));
  }
  return hash.digest("hex");
}

/** mean_propagation's final-layer MSE on each row, against the row's stored final means. */
async function expectedMses(dir: string, split: string | undefined): Promise<number[]> {
  const { rows } = await readDataset(dir, { split });
  const loaded = loadEstimator(resolveEstimator("mean_propagation"));
  return rows.map((row) => {
    const outcome = runPredict(loaded, row, { flopBudget: BUDGET, wallTimeLimitS: 120 });
    const p = Float32Array.from(outcome.predictions!.values);
    const last = (row.depth - 1) * row.width;
    return meanSquaredErrorF32(
      p.subarray(last),
      row.groundTruth.finalMeans,
      0,
      row.width,
    );
  });
}

interface Case {
  name: string;
  split?: string;
  extra: string[];
  splitUsed: string;
  seed: number | null;
}

const CASES: Case[] = [
  {
    name: "single_split_v3_protocol",
    extra: ["--runner", "local"],
    splitUsed: "public",
    seed: null,
  },
  {
    name: "multi_split_v3.0",
    split: "holdout",
    extra: ["--runner", "local"],
    splitUsed: "holdout",
    seed: 2,
  },
  // the default subprocess runner: the rows' weights and seeds cross the worker protocol
  { name: "multi_split_v3.0", extra: [], splitUsed: "public", seed: 1 },
];

for (const c of CASES) {
  const label = `${c.name} ${c.split ?? "(default split)"} ${c.extra.join(" ") || "subprocess"}`;
  Deno.test(`run --dataset ${label}: stored ground truth, the FLOP closed form, provenance`, async () => {
    const dir = join(DATASETS, c.name);
    const { code, stdout, stderr } = await runCli([
      "run",
      "--estimator",
      "mean_propagation",
      "--dataset",
      dir,
      ...(c.split ? ["--split", c.split] : []),
      ...c.extra,
      "--json",
    ]);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assertReportSchema(report, label);
    const meta = JSON.parse(await Deno.readTextFile(join(dir, "metadata.json")));
    const [n, d] = [meta.width, meta.depth];
    const mses = await expectedMses(dir, c.split);
    const rows = report.results.per_mlp;
    assert.equal(rows.length, mses.length);
    rows.forEach((row: { final_layer_mse: number; flops_used: number }, i: number) => {
      assert.equal(row.final_layer_mse, mses[i], `MLP ${i}`);
      assert.equal(row.flops_used, 9 * d * n * n + 178 * d * n + 2 * n, `MLP ${i}`);
    });
    const config = report.run_config;
    assert.equal(config.width, n);
    assert.equal(config.depth, d);
    assert.equal(config.n_samples, meta.n_samples);
    assert.equal(config.n_mlps, mses.length);
    assert.equal(config.seed, c.seed);
    // whestbench's fields: the absolute path, metadata.json's hash, the split's n_mlps in
    // metadata.json; whest's data_sha256 covers the split's shards too
    assert.deepEqual(config.dataset, {
      path: resolve(dir),
      sha256: await expectedSha256(dir, null),
      seed: c.seed,
      n_mlps: (meta.splits?.[c.splitUsed] ?? meta).n_mlps ?? null,
      data_sha256: await expectedSha256(dir, c.splitUsed),
    });
    // the stored summaries are whestbench's: the run's sampling summary is their sum, restored
    const { rows: dataRows } = await readDataset(dir, { split: c.split });
    const stored = dataRows.map((r) => r.samplingBudgetBreakdown as Record<string, number>);
    const sampling = report.results.breakdowns.sampling;
    for (const key of ["flop_budget", "flops_used", "flops_remaining", "wall_time_s"]) {
      const sum = stored.reduce((total, s) => total + s[key], 0);
      assert.ok(Math.abs(sampling[key] - sum) <= 1e-12 * Math.abs(sum), `${key}`);
    }
    assert.equal(sampling.time_source, "bake");
    const byNamespace = sampling.by_namespace["sampling.sample_layer_statistics"];
    assert.equal(byNamespace.flops_used, sampling.flops_used);
  });
}

Deno.test("run --dataset --n-mlps K scores the first K rows", async () => {
  const dir = join(DATASETS, "multi_split_v3.0");
  const args = ["run", "--estimator", "mean_propagation", "--dataset", dir, "--runner", "local"];
  const { code, stdout, stderr } = await runCli([...args, "--n-mlps", "2", "--json"]);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assertReportSchema(report);
  const { rows } = await readDataset(dir);
  assert.deepEqual(
    report.results.per_mlp.map((r: { mlp_name: string }) => r.mlp_name),
    rows.slice(0, 2).map((r) => r.name),
  );
  assert.equal(report.run_config.n_mlps, 2);
  assert.equal(report.run_config.dataset.n_mlps, 4, "the split's count in metadata.json");
  const tooMany = await runCli([...args, "--n-mlps", "5", "--json"]);
  assert.equal(tooMany.code, 2);
  assert.match(tooMany.stderr, /--n-mlps 5 exceeds the 4 rows/);
});

Deno.test("run --dataset with a flag the dataset fixes exits 2 naming the flag", async () => {
  const dir = join(DATASETS, "multi_split_v3.0");
  for (
    const [flag, value] of [["--width", "8"], ["--depth", "3"], ["--n-samples", "10"], [
      "--seed",
      "1",
    ]]
  ) {
    const { code, stdout, stderr } = await runCli([
      "run",
      "--estimator",
      "mean_propagation",
      "--dataset",
      dir,
      flag,
      value,
    ]);
    assert.equal(code, 2, flag);
    assert.equal(stdout, "");
    assert.ok(stderr.includes(`${flag} ${value} conflicts with --dataset`), stderr);
  }
  const split = await runCli(["run", "--estimator", "mean_propagation", "--split", "public"]);
  assert.equal(split.code, 2);
  assert.match(split.stderr, /--split public needs --dataset/);
});

Deno.test("run --dataset on a corrupt dataset exits 1 with one line and no report", async () => {
  await using copy = await datasetCopy("multi_split_v3.0");
  const shard = join(copy.path, "data", "public-00000-of-00001.parquet");
  const bytes = await Deno.readFile(shard);
  await Deno.writeFile(shard, bytes.subarray(0, bytes.length >> 1));
  const { code, stdout, stderr } = await runCli([
    "run",
    "--estimator",
    "mean_propagation",
    "--dataset",
    copy.path,
    "--json",
  ]);
  assert.equal(code, 1);
  assert.equal(stdout, "");
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, stderr);
  assert.ok(lines[0].includes("public-00000-of-00001.parquet"), stderr);
  const unknown = await runCli([
    "run",
    "--estimator",
    "mean_propagation",
    "--dataset",
    join(DATASETS, "multi_split_v3.0"),
    "--split",
    "private",
  ]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr.trim(), /^[^\n]*has no split 'private' \(known: public, holdout\)$/);
});
