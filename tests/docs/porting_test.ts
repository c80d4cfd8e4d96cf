/** The porting guide's example runs, and predicts what the built-in does; Python is refused. */
import assert from "@std/assert";
import { fileURLToPath } from "node:url";
import { contestSeeds } from "../../lib/contest/seeding.ts";
import { sampleMlp } from "../../lib/contest/mlp.ts";
import { LocalRunner } from "../../lib/runner/local.ts";
import { estimatorFile, runCli, tempDir } from "../cli/_helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The guide's TypeScript example from docs/estimators.md. */
function guideExample(): string {
  const text = Deno.readTextFileSync(`${ROOT}docs/estimators.md`);
  const at = text.indexOf("The mean-propagation estimator of the official starter kit");
  const match = /```ts\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(at >= 0 && match, "the guide's example is in docs/estimators.md");
  return match![1];
}

async function predictWith(estimator: string) {
  const runner = new LocalRunner(estimator);
  await runner.start({
    width: 32,
    depth: 3,
    flop_budget: 1e9,
    api_version: "1.0",
    scratch_dir: ROOT,
    submission_dir: ROOT,
    seed: 3,
  }, 5);
  const [streams] = contestSeeds(3, 1);
  const outcome = await runner.predict(sampleMlp(32, 3, streams.weightRng), {
    flopBudget: 1e9,
    wallTimeLimitS: 60,
  });
  await runner.close();
  return outcome;
}

Deno.test("the porting guide's example predicts what the built-in mean_propagation does, FLOP for FLOP", async () => {
  await using file = await estimatorFile(guideExample());
  const ported = await predictWith(file.path);
  const builtin = await predictWith("mean_propagation");
  assert.deepEqual([...ported.predictions!.values], [...builtin.predictions!.values]);
  assert.equal(ported.summary!.flops_used, builtin.summary!.flops_used);
});

Deno.test("a Python estimator is refused in one line pointing at the porting guide", async () => {
  await using dir = await tempDir("whest-python-");
  const path = `${dir.path}/estimator.py`;
  await Deno.writeTextFile(path, "import numpy as np\n");
  const run = await runCli(["run", "--estimator", path, "--width", "4", "--depth", "1"]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /whest runs TypeScript or JavaScript estimators; '.*estimator\.py' is Python .*Porting a numpy estimator/,
  );
  assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
});
