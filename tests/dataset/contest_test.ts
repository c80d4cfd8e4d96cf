import assert from "@std/assert";
import { join } from "@std/path";
import { UsageError, WhestError } from "../../lib/core/errors.ts";
import { contestFromDataset, samplingBreakdownOf } from "../../lib/dataset/contest.ts";
import { readDataset } from "../../lib/dataset/read.ts";
import { datasetCopy, DATASETS } from "./_helpers.ts";

Deno.test("contestFromDataset: the rows' MLPs, seeds and stored means, nothing sampled", async () => {
  const dir = join(DATASETS, "multi_split_v3.0");
  const { rows } = await readDataset(dir, { split: "holdout" });
  const contest = await contestFromDataset(dir, { split: "holdout", limit: 3 });
  const { source } = contest;
  assert.equal(source.size, 3);
  for (let i = 0; i < 3; i++) {
    const { mlp, truth, samplingBreakdown } = await source.entry(i);
    assert.deepEqual(Object.keys(mlp).sort(), ["depth", "name", "seed", "weights", "width"]);
    assert.equal(mlp.seed, rows[i].seed);
    assert.equal(mlp.name, rows[i].name);
    assert.deepEqual(mlp.weights, rows[i].weights);
    assert.deepEqual(truth, rows[i].groundTruth);
    assert.deepEqual(samplingBreakdown, samplingBreakdownOf(rows[i].samplingBudgetBreakdown));
    // the next MLP is at hand for staging once this one's entry is
    if (i + 1 < 3) assert.equal(source.spec(i + 1).name, rows[i + 1].name);
    source.release(i);
    assert.throws(() => source.spec(i), /out of order/);
  }
  assert.deepEqual([contest.width, contest.depth, contest.nSamples], [4, 2, 100]);
  assert.equal(contest.split, "holdout");
  assert.equal(contest.seed, 2);
  assert.equal(contest.provenance.n_mlps, 3);
  assert.equal(contest.provenance.seed, 2);
  assert.match(contest.provenance.sha256, /^[0-9a-f]{64}$/);
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

Deno.test("contestFromDataset: the hash covers metadata.json's bytes", async () => {
  await using copy = await datasetCopy("multi_split_v3.0");
  const before = (await contestFromDataset(copy.path)).provenance.sha256;
  const file = join(copy.path, "metadata.json");
  await Deno.writeTextFile(file, (await Deno.readTextFile(file)) + "\n");
  assert.notEqual((await contestFromDataset(copy.path)).provenance.sha256, before);
});

Deno.test("samplingBreakdownOf keeps our by_namespace shape and drops any other", () => {
  const op = { flop_cost: 8, calls: 1, flopscope_backend_time_s: 0, flopscope_overhead_time_s: 0 };
  const totals = {
    flops_used: 8,
    calls: 1,
    flopscope_backend_time_s: 0,
    flopscope_overhead_time_s: 0,
    operations: { add: op },
  };
  const ours = { flops_used: 8, by_namespace: { "sampling.x": totals } };
  assert.deepEqual(samplingBreakdownOf(ours), { "sampling.x": totals });
  assert.notEqual(samplingBreakdownOf(ours)["sampling.x"], totals, "a copy, not the row's object");
  const extra = {
    by_namespace: {
      "sampling.x": { ...totals, note: "x", operations: { add: { ...op, gpu: 1 } } },
    },
  };
  assert.deepEqual(samplingBreakdownOf(extra), { "sampling.x": totals }, "extra keys are dropped");
  for (
    const foreign of [
      null,
      "text",
      { flops_used: 8 },
      { by_namespace: [] },
      { by_namespace: { x: { ...totals, calls: "1" } } },
      { by_namespace: { x: { ...totals, operations: null } } },
      { by_namespace: { x: { ...totals, operations: { add: { ...op, flop_cost: null } } } } },
    ]
  ) {
    assert.deepEqual(samplingBreakdownOf(foreign), {}, JSON.stringify(foreign));
  }
});
