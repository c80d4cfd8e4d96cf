import assert from "@std/assert";
import { join } from "@std/path";
import { UsageError, WhestError } from "../../lib/core/errors.ts";
import { contestFromDataset, samplingSummaryOf } from "../../lib/dataset/contest.ts";
import { readDataset } from "../../lib/dataset/read.ts";
import { datasetCopy, DATASETS } from "./_helpers.ts";

Deno.test("contestFromDataset: the rows' MLPs, seeds and stored means, nothing sampled", async () => {
  const dir = join(DATASETS, "multi_split_v3.0");
  const { rows } = await readDataset(dir, { split: "holdout" });
  const contest = await contestFromDataset(dir, { split: "holdout", limit: 3 });
  const { source } = contest;
  assert.equal(source.size, 3);
  for (let i = 0; i < 3; i++) {
    const { mlp, truth, samplingSummary } = await source.entry(i);
    assert.deepEqual(Object.keys(mlp).sort(), ["depth", "name", "seed", "weights", "width"]);
    assert.equal(mlp.seed, rows[i].seed);
    assert.equal(mlp.name, rows[i].name);
    assert.deepEqual(mlp.weights, rows[i].weights);
    assert.deepEqual(truth, rows[i].groundTruth);
    assert.deepEqual(samplingSummary, samplingSummaryOf(rows[i].samplingBudgetBreakdown));
    // the next MLP is at hand for staging once this one's entry is
    if (i + 1 < 3) assert.equal(source.spec(i + 1).name, rows[i + 1].name);
    source.release(i);
    assert.throws(() => source.spec(i), /out of order/);
  }
  assert.deepEqual([contest.width, contest.depth, contest.nSamples], [4, 2, 100]);
  assert.equal(contest.split, "holdout");
  assert.equal(contest.seed, 2);
  // as whestbench: the split's n_mlps in metadata.json (4 rows), the hash of metadata.json alone
  // (sha256sum tests/fixtures/whestbench-datasets/multi_split_v3.0/metadata.json), the path
  // absolute; data_sha256 (whest's) covers the split's shards too
  assert.equal(contest.provenance.n_mlps, 4);
  assert.equal(contest.provenance.seed, 2);
  assert.equal(
    contest.provenance.sha256,
    "2df348b378e0c422c7c18b2d396e3067cc8d64b93f5fa4d0b4bf650d023722d7",
  );
  assert.equal(contest.provenance.path, dir);
  assert.match(contest.provenance.data_sha256, /^[0-9a-f]{64}$/);
  const publicSplit = await contestFromDataset(dir, { split: "public", limit: 1 });
  assert.equal(publicSplit.provenance.sha256, contest.provenance.sha256, "one metadata.json");
  assert.notEqual(publicSplit.provenance.data_sha256, contest.provenance.data_sha256);
});

Deno.test("contestFromDataset: --n-mlps above the row count is a usage error", async () => {
  await assert.rejects(
    () => contestFromDataset(join(DATASETS, "single_split_v3_protocol"), { limit: 5 }),
    (e: unknown) => e instanceof UsageError && /--n-mlps 5 exceeds the 4 rows/.test(e.message),
  );
});

Deno.test("contestFromDataset: a single-split seed is read from the top level; a bad one is refused", async () => {
  await using copy = await datasetCopy("single_split_v3_protocol");
  const file = join(copy.path, "metadata.json");
  const meta = JSON.parse(await Deno.readTextFile(file));
  await Deno.writeTextFile(file, JSON.stringify({ ...meta, seed: 11 }));
  const contest = await contestFromDataset(copy.path);
  assert.equal(contest.seed, 11);
  assert.equal(contest.provenance.seed, 11);
  await Deno.writeTextFile(file, JSON.stringify({ ...meta, seed: -1.5 }));
  await assert.rejects(
    () => contestFromDataset(copy.path),
    (e: unknown) =>
      e instanceof WhestError && /seed must be a non-negative integer/.test(e.message),
  );
});

Deno.test("contestFromDataset: both hashes cover metadata.json's bytes", async () => {
  await using copy = await datasetCopy("multi_split_v3.0");
  const before = (await contestFromDataset(copy.path)).provenance;
  const file = join(copy.path, "metadata.json");
  await Deno.writeTextFile(file, (await Deno.readTextFile(file)) + "\n");
  const after = (await contestFromDataset(copy.path)).provenance;
  assert.notEqual(after.sha256, before.sha256);
  assert.notEqual(after.data_sha256, before.data_sha256);
});

Deno.test("samplingSummaryOf keeps whestbench's summary shape and drops any other", () => {
  const op = { flop_cost: 8, calls: 1, flopscope_backend_time_s: 0, flopscope_overhead_time_s: 0 };
  const totals = {
    flops_used: 8,
    calls: 1,
    flopscope_backend_time_s: 0,
    flopscope_overhead_time_s: 0,
    operations: { add: op },
  };
  const numbers = {
    flop_budget: 1e15,
    flops_used: 8,
    flops_remaining: 1e15 - 8,
    wall_time_s: 0.5,
    flopscope_backend_time_s: 0.25,
    flopscope_overhead_time_s: 0.125,
    residual_wall_time_s: 0.125,
  };
  const ours = { ...numbers, by_namespace: { "sampling.x": totals } };
  assert.deepEqual(samplingSummaryOf(ours), ours);
  assert.notEqual(samplingSummaryOf(ours)?.by_namespace["sampling.x"], totals, "a copy");
  const extra = {
    ...numbers,
    operations: { add: op },
    by_namespace: {
      "sampling.x": { ...totals, note: "x", operations: { add: { ...op, gpu: 1 } } },
    },
  };
  assert.deepEqual(samplingSummaryOf(extra), ours, "extra keys are dropped");
  for (
    const foreign of [
      null,
      "text",
      { flops_used: 8 },
      { by_namespace: { "sampling.x": totals } },
      { ...numbers, wall_time_s: "0.5", by_namespace: {} },
      { ...numbers, by_namespace: [] },
      { ...numbers, by_namespace: { x: { ...totals, calls: "1" } } },
      { ...numbers, by_namespace: { x: { ...totals, operations: null } } },
      {
        ...numbers,
        by_namespace: { x: { ...totals, operations: { add: { ...op, flop_cost: null } } } },
      },
    ]
  ) {
    assert.equal(samplingSummaryOf(foreign), null, JSON.stringify(foreign));
  }
});
