import assert from "@std/assert";
import { seededContest } from "../../lib/contest/contest.ts";
import type { ContestSource } from "../../lib/contract/contest.ts";
import { LocalRunner } from "../../lib/runner/local.ts";
import { scoreContest } from "../../lib/scoring/evaluate.ts";

const LIMITS = {
  flopBudget: 1e9,
  lambdaFlopsPerSecond: 0,
  wallTimeLimitS: 60,
  residualWallTimeLimitS: null,
};

/** The source, counting the MLPs alive (asked for and not yet released). */
function counted(source: ContestSource) {
  const alive = new Set<number>();
  let most = 0;
  const order: string[] = [];
  const wrapped: ContestSource = {
    size: source.size,
    spec(i) {
      alive.add(i);
      most = Math.max(most, alive.size);
      order.push(`spec ${i}`);
      return source.spec(i);
    },
    async entry(i) {
      alive.add(i);
      most = Math.max(most, alive.size);
      order.push(`entry ${i}`);
      return await source.entry(i);
    },
    release(i) {
      alive.delete(i);
      order.push(`release ${i}`);
      source.release(i);
    },
  };
  return { wrapped, most: () => most, order, alive };
}

Deno.test("a contest is scored MLP by MLP: at most two MLPs alive, each released once scored", async () => {
  const source = counted(
    seededContest({ seed: 4, nMlps: 6, width: 16, depth: 2, nSamples: 256 }),
  );
  const runner = new LocalRunner("mean_propagation");
  await runner.start({
    width: 16,
    depth: 2,
    flop_budget: 1e9,
    api_version: "1.0",
    scratch_dir: Deno.cwd(),
    submission_dir: Deno.cwd(),
    seed: 4,
  }, 5);
  const { rows, samplingSummaries } = await scoreContest(source.wrapped, runner, LIMITS);
  await runner.close();
  assert.equal(rows.length, 6);
  assert.equal(samplingSummaries.length, 6);
  assert.ok(samplingSummaries.every((s) => s !== null && s.flops_used > 0));
  assert.ok(rows.every((r) => r.error_code === undefined && r.final_layer_mse > 0));
  assert.equal(source.most(), 2, "the MLP being scored and the next one, no more");
  assert.equal(source.alive.size, 0, "every MLP released");
  // the next MLP's weights exist before this predict starts (for the worker to stage them)
  assert.deepEqual(source.order.slice(0, 4), ["entry 0", "spec 1", "release 0", "entry 1"]);
});

Deno.test("fail-fast stops sampling too: no ground truth for MLPs that will not be scored", async () => {
  const source = counted(
    seededContest({ seed: 4, nMlps: 5, width: 8, depth: 2, nSamples: 64 }),
  );
  const runner = new LocalRunner("mean_propagation");
  await runner.start({
    width: 8,
    depth: 2,
    flop_budget: 1,
    api_version: "1.0",
    scratch_dir: Deno.cwd(),
    submission_dir: Deno.cwd(),
    seed: 4,
  }, 5);
  // a budget of 1 FLOP: the first predict exhausts it, and the run stops there
  const { rows } = await scoreContest(source.wrapped, runner, { ...LIMITS, flopBudget: 1 }, {
    failFast: true,
  });
  await runner.close();
  assert.equal(rows.length, 1);
  assert.equal(rows[0].budget_exhausted, true);
  assert.equal(source.order.filter((o) => o.startsWith("entry")).length, 1);
});
