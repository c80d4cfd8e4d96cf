/**
 * `whest dataset bake | merge | combine-splits` through the CLI: round trip through info and
 * run --dataset, a 2-slice bake merged equals the unsliced bake column by column, protocol 4.0
 * salts, and bad input as one line with exit 1 and nothing half-written.
 */
import assert from "@std/assert";
import { join } from "@std/path";
import { fileURLToPath } from "node:url";
import { shardRows } from "../../lib/dataset/rows.ts";
import { listShards } from "../../lib/dataset/shards.ts";
import { runCli, tempDir } from "./_helpers.ts";

const SHAPE = ["--width", "8", "--depth", "2", "--n-samples", "64", "--kernels", "js"];
const SALT = "ab".repeat(32);

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Every row of a split, every column, with the breakdown's wall-clock times dropped. */
async function allRows(dir: string, split = "public"): Promise<unknown[]> {
  const rows: unknown[] = [];
  for (const file of (await listShards(dir)).get(split)!) {
    for await (const row of shardRows(file, 8, 2)) {
      const breakdown = JSON.parse(row.samplingBudgetBreakdown);
      const untimed = JSON.stringify(breakdown, (k, v) => k.endsWith("time_s") ? undefined : v);
      rows.push({ ...row, samplingBudgetBreakdown: untimed });
    }
  }
  return rows;
}

function oneLineError(r: { code: number; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trim().split("\n").filter((l) => !l.startsWith("whest: baked"));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], pattern);
}

Deno.test("dataset bake → info → run --dataset round trip", async () => {
  await using tmp = await tempDir("whest-bake-test-");
  const out = join(tmp.path, "ds");
  const bake = await runCli([
    "dataset",
    "bake",
    "--output",
    out,
    "--n-mlps",
    "3",
    "--seed",
    "7",
    ...SHAPE,
  ]);
  assert.equal(bake.code, 0, bake.stderr);
  const info = await runCli(["dataset", "info", out, "--json"]);
  assert.equal(info.code, 0, info.stderr);
  const summary = JSON.parse(info.stdout);
  assert.equal(summary.splits[0].n_mlps, 3);
  assert.equal(summary.seed_protocol.version, "3.0");
  const run = await runCli(["run", "--estimator", "mean_propagation", "--dataset", out, "--json"]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.equal(report.results.per_mlp.length, 3);
  assert.equal(report.run_config.dataset.seed, 7);
  const chunked = join(tmp.path, "chunked");
  const c = await runCli([
    "dataset",
    "bake",
    "--output",
    chunked,
    "--n-mlps",
    "3",
    "--seed",
    "7",
    "--chunk-size",
    "2",
    "--json",
    ...SHAPE,
  ]);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(JSON.parse(c.stdout).n_mlps, 3);
  assert.deepEqual([...Deno.readDirSync(join(chunked, "data"))].map((e) => e.name).sort(), [
    "public-00000-of-00002.parquet",
    "public-00001-of-00002.parquet",
  ]);
  assert.deepEqual(await allRows(chunked), await allRows(out));
  const again = await runCli(["dataset", "bake", "--output", out, "--n-mlps", "1", ...SHAPE]);
  oneLineError(again, /exists already/);
});

Deno.test("dataset bake --slice 1/2 + 2/2 merged equals the unsliced bake, column by column", async () => {
  await using tmp = await tempDir("whest-bake-test-");
  const seeds = join(tmp.path, "seeds.txt");
  await Deno.writeTextFile(seeds, "11\n22\n33\n44\n55\n");
  const base = ["dataset", "bake", "--mlp-seeds", seeds, ...SHAPE];
  const p = (name: string) => join(tmp.path, name);
  for (
    const [name, extra] of [
      ["full", []],
      ["a", ["--slice", "1/2"]],
      ["b", ["--mlp-range", "2-5"]],
      ["c", ["--mlp-range", "1-3"]],
      ["d", ["--mlp-range", "0-1"]],
    ] as const
  ) {
    const r = await runCli([...base, "--output", p(name), ...extra]);
    assert.equal(r.code, 0, r.stderr);
  }
  const partInfo = await runCli(["dataset", "info", p("a")]);
  oneLineError(partInfo, /partial bake/);
  const partRun = await runCli(["run", "--estimator", "mean_propagation", "--dataset", p("a")]);
  oneLineError(partRun, /partial bake/);
  const merged = await runCli(["dataset", "merge", p("m"), p("b"), p("a")]);
  assert.equal(merged.code, 0, merged.stderr);
  assert.deepEqual(await allRows(p("m")), await allRows(p("full")));
  // whestbench's spelling, --output OUT, gives the same dataset
  const spelled = await runCli(["dataset", "merge", "--output", p("m2"), p("a"), p("b")]);
  assert.equal(spelled.code, 0, spelled.stderr);
  assert.deepEqual(await allRows(p("m2")), await allRows(p("full")));
  oneLineError(await runCli(["dataset", "merge", p("x"), p("a")]), /missing mlp_ids 2\.\.4/);
  oneLineError(await runCli(["dataset", "merge", p("x"), p("d")]), /missing mlp_ids 1\.\.4/);
  oneLineError(
    await runCli(["dataset", "merge", p("x"), p("a"), p("c"), p("b")]),
    /overlapping parts.*mlp_id 1/,
  );
  oneLineError(
    await runCli(["dataset", "merge", p("x"), p("a"), p("a"), p("b")]),
    /duplicate parts/,
  );
  oneLineError(await runCli(["dataset", "merge", p("x"), p("full")]), /not a partial bake/);
  const other = join(tmp.path, "other.txt");
  await Deno.writeTextFile(other, "66\n77\n11\n88\n99\n");
  const e = await runCli([
    "dataset",
    "bake",
    "--mlp-seeds",
    other,
    ...SHAPE,
    "--output",
    p("e"),
    "--mlp-range",
    "2-5",
  ]);
  assert.equal(e.code, 0, e.stderr);
  oneLineError(await runCli(["dataset", "merge", p("x"), p("a"), p("e")]), /another seed list/);
  // a forged seed-list digest still cannot smuggle a repeated mlp_seed through
  const metaOf = (name: string) =>
    JSON.parse(Deno.readTextFileSync(join(p(name), "metadata.json")));
  const forged = metaOf("e");
  forged.slice.mlp_seeds_sha256 = metaOf("a").slice.mlp_seeds_sha256;
  await Deno.writeTextFile(join(p("e"), "metadata.json"), JSON.stringify(forged));
  oneLineError(
    await runCli(["dataset", "merge", p("x"), p("a"), p("e")]),
    /duplicate mlp_seed 11: mlp_ids 0 and 2/,
  );
  const shard = (await listShards(p("b"))).get("public")![0];
  const bytes = await Deno.readFile(shard);
  await Deno.writeFile(shard, bytes.subarray(0, bytes.length - 20));
  oneLineError(await runCli(["dataset", "merge", p("x"), p("a"), p("b")]), /cannot read parquet/);
  assert.equal(await exists(p("x")), false);
  assert.deepEqual([...Deno.readDirSync(tmp.path)].filter((e) => e.name.startsWith(".")), []);
});

Deno.test("dataset bake: bad input is one line, exit 1 or 2, and no output directory", async () => {
  await using tmp = await tempDir("whest-bake-test-");
  const out = join(tmp.path, "ds");
  const seeds = join(tmp.path, "seeds.txt");
  await Deno.writeTextFile(seeds, "[1, 2, 1]");
  oneLineError(
    await runCli(["dataset", "bake", "--output", out, "--mlp-seeds", seeds, ...SHAPE]),
    /duplicate seed 1/,
  );
  const usage = await runCli(["dataset", "bake", "--output", out, "--slice", "3/2", ...SHAPE]);
  assert.equal(usage.code, 2, usage.stderr);
  const unseeded = await runCli(["dataset", "bake", "--output", out, "--slice", "1/2", ...SHAPE]);
  assert.equal(unseeded.code, 2, unseeded.stderr);
  assert.match(unseeded.stderr, /a sliced bake needs --seed or --mlp-seeds/);
  const sliced4 = await runCli([
    "dataset",
    "bake",
    "--output",
    out,
    "--slice",
    "1/2",
    "--seed",
    "5",
    "--seed-protocol",
    "4.0",
    ...SHAPE,
  ], { WHEST_SEED_SALT: "" });
  oneLineError(sliced4, /sliced bake needs an explicit salt/);
  assert.equal(await exists(out), false);
});

Deno.test("dataset combine-splits: two single-split bakes into one multi-split dataset", async () => {
  await using tmp = await tempDir("whest-bake-test-");
  const p = (name: string) => join(tmp.path, name);
  for (const [split, seed] of [["public", "1"], ["holdout", "2"]]) {
    const r = await runCli([
      "dataset",
      "bake",
      "--output",
      p(split),
      "--split",
      split,
      "--seed",
      seed,
      "--n-mlps",
      "2",
      ...SHAPE,
    ]);
    assert.equal(r.code, 0, r.stderr);
  }
  const r = await runCli([
    "dataset",
    "combine-splits",
    p("both"),
    p("public"),
    p("holdout"),
    "--default-split",
    "holdout",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const info = JSON.parse((await runCli(["dataset", "info", p("both"), "--json"])).stdout);
  assert.deepEqual(info.splits.map((s: { name: string }) => s.name), ["public", "holdout"]);
  assert.equal(info.default_split, "holdout");
  const meta = JSON.parse(await Deno.readTextFile(join(p("both"), "metadata.json")));
  assert.deepEqual([meta.splits.public.seed, meta.splits.holdout.seed, meta.seed], [
    1,
    2,
    undefined,
  ]);
  assert.deepEqual([meta.splits.public.n_mlps, meta.split, meta.n_mlps], [2, undefined, undefined]);
  assert.deepEqual(await allRows(p("both"), "holdout"), await allRows(p("holdout"), "holdout"));
  oneLineError(
    await runCli(["dataset", "combine-splits", p("x"), p("public"), p("public")]),
    /given twice/,
  );
});

Deno.test("seed protocol 4.0: metadata salt, env salt, wrong salt", async () => {
  await using tmp = await tempDir("whest-bake-test-");
  const p = (name: string) => join(tmp.path, name);
  const bake = (out: string, extra: string[]) =>
    runCli([
      "dataset",
      "bake",
      "--output",
      out,
      "--n-mlps",
      "2",
      "--seed",
      "3",
      "--seed-protocol",
      "4.0",
      ...extra,
      ...SHAPE,
    ], { WHEST_SEED_SALT: SALT });
  assert.equal((await bake(p("meta"), [])).code, 0);
  assert.equal((await bake(p("env"), ["--salt-source", "env"])).code, 0);
  const meta = JSON.parse(await Deno.readTextFile(join(p("meta"), "metadata.json")));
  assert.equal(meta.seed_protocol.salt, SALT);
  const envMeta = JSON.parse(await Deno.readTextFile(join(p("env"), "metadata.json")));
  assert.equal(envMeta.seed_protocol.salt, undefined);
  assert.equal(envMeta.seed_protocol.salt_source, "env");
  const a = JSON.parse((await runCli(["dataset", "info", p("meta"), "--json"])).stdout);
  const b = JSON.parse(
    (await runCli(["dataset", "info", p("env"), "--json"], { WHEST_SEED_SALT: SALT })).stdout,
  );
  assert.deepEqual(a.splits[0].mlps, b.splits[0].mlps);
  assert.equal(a.seed_protocol.version, "4.0");
  const run = await runCli([
    "run",
    "--estimator",
    "mean_propagation",
    "--dataset",
    p("env"),
    "--json",
  ], { WHEST_SEED_SALT: SALT });
  assert.equal(run.code, 0, run.stderr);
  oneLineError(
    await runCli(["dataset", "info", p("env")], { WHEST_SEED_SALT: "cd".repeat(32) }),
    /does not match seed_protocol.salt_digest/,
  );
  oneLineError(
    await runCli(["dataset", "info", p("env")], { WHEST_SEED_SALT: "" }),
    /WHEST_SEED_SALT, which is not set/,
  );
});

Deno.test("dataset bake interrupted part-way: exit 130, nothing left beside --output", async () => {
  await using tmp = await tempDir("whest-bake-test-");
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      fileURLToPath(new URL("../../main.ts", import.meta.url)),
      "dataset",
      "bake",
      "--output",
      "ds",
      "--n-mlps",
      "500",
      "--seed",
      "1",
      "--width",
      "32",
      "--depth",
      "2",
      "--n-samples",
      "20000",
      "--kernels",
      "js",
    ],
    cwd: tmp.path,
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("baked MLP 2/")) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  child.kill("SIGINT");
  const rest = reader.read().then(async function drain(r): Promise<void> {
    if (!r.done) return drain(await reader.read());
  });
  const { code } = await child.status;
  await rest;
  assert.equal(code, 130, seen);
  assert.deepEqual([...Deno.readDirSync(tmp.path)], []);
});

Deno.test("array-job slices from the environment merge into the whole bake; a rerun slice is a no-op", async () => {
  await using tmp = await tempDir("whest-bake-env-");
  const p = (name: string) => join(tmp.path, name);
  const base = ["dataset", "bake", "--seed", "9", "--n-mlps", "3", ...SHAPE];
  assert.equal((await runCli([...base, "--output", p("whole")])).code, 0);
  for (const task of ["0", "1"]) {
    const env = { SLURM_ARRAY_TASK_ID: task, SLURM_ARRAY_TASK_COUNT: "2" };
    const r = await runCli([...base, "--slice", "env", "--output", p(`part-${task}`)], env);
    assert.equal(r.code, 0, r.stderr);
  }
  // a requeued task finds its slice whole and does nothing
  const again = await runCli([...base, "--slice", "env", "--output", p("part-1")], {
    SLURM_ARRAY_TASK_ID: "1",
    SLURM_ARRAY_TASK_COUNT: "2",
  });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /already holds this bake; nothing to do/);
  // another slice into that directory is still refused
  const other = await runCli([...base, "--slice", "1/2", "--output", p("part-1")]);
  assert.equal(other.code, 1, other.stderr);
  const merged = await runCli(["dataset", "merge", p("merged"), p("part-1"), p("part-0")]);
  assert.equal(merged.code, 0, merged.stderr);
  assert.deepEqual(await allRows(p("merged")), await allRows(p("whole")));
  const none = await runCli([...base, "--slice", "env", "--output", p("x")]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--slice env: no array job here/);
});
