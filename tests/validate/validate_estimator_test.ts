import assert from "@std/assert";
import "../../lib/kernels/mod.ts";
import { type CheckResult, validateEstimator } from "../../lib/validate/validate_estimator.ts";
import { estimatorFile, runCli } from "../cli/_helpers.ts";

function statuses(checks: CheckResult[]): string {
  return checks.map((c) => `${c.check}:${c.status}`).join(" ");
}

async function validateSource(source: string): Promise<CheckResult[]> {
  await using estimator = await estimatorFile(source, "whest-validate-test-");
  return (await validateEstimator(estimator.path)).checks;
}

Deno.test("built-in estimators pass every check, in the sandbox and in-process", async () => {
  for (const runner of ["subprocess", "local"] as const) {
    for (const name of ["zeros", "mean_propagation"]) {
      assert.equal(
        statuses((await validateEstimator(name, { runner })).checks),
        "load:pass setup:pass predict:pass shape:pass finite:pass teardown:pass",
        `${name} (${runner})`,
      );
    }
  }
});

Deno.test("validate runs in the sandbox: reading an environment variable fails predict, saying why", async () => {
  await using estimator = await estimatorFile(`import { np } from "whest";
  export default { predict(mlp) {
    console.log(Deno.env.get("HOME"));
    return np.zeros([mlp.depth, mlp.width]);
  } };`);
  const sandboxed = (await validateEstimator(estimator.path)).checks;
  assert.equal(
    statuses(sandboxed),
    "load:pass setup:pass predict:fail shape:skipped finite:skipped teardown:pass",
  );
  assert.match(sandboxed[2].detail, /Deno\.env is not available in the sandbox/);
  assert.match(sandboxed[2].detail, /refused by the sandbox.*--runner local/);
  const local = (await validateEstimator(estimator.path, { runner: "local" })).checks;
  assert.equal(statuses(local).split(" ")[2], "predict:pass", "in-process, nothing refuses it");
});

Deno.test("a module that exports no estimator fails the load check in the worker", async () => {
  await using estimator = await estimatorFile(`export default 42;`);
  const { checks } = await validateEstimator(estimator.path);
  assert.equal(
    statuses(checks),
    "load:fail setup:skipped predict:skipped shape:skipped finite:skipped teardown:skipped",
  );
});

Deno.test("a transposed result fails the shape check with the hint", async () => {
  const checks = await validateSource(`export default { predict(mlp) {
    return Array.from({ length: mlp.width }, () => new Array(mlp.depth).fill(0));
  } };`);
  assert.equal(
    statuses(checks),
    "load:pass setup:pass predict:pass shape:fail finite:skipped teardown:pass",
  );
  assert.match(checks[3].detail, /\(4, 2\).*transposed/);
});

Deno.test("a value beyond float32 range fails the finiteness check", async () => {
  const checks = await validateSource(`export default { predict(mlp) {
    return Array.from({ length: mlp.depth }, () => new Array(mlp.width).fill(1e300));
  } };`);
  assert.equal(
    statuses(checks),
    "load:pass setup:pass predict:pass shape:pass finite:fail teardown:pass",
  );
});

Deno.test("predict sees no budget: a budget of 100 is informational", async () => {
  const checks = await validateSource(`import { np } from "whest";
  export default { predict(mlp, budget) {
    if (budget !== 100) throw new Error("budget " + budget);
    const big = np.ones([64, 64]);
    np.matmul(big, big);
    return np.zeros([mlp.depth, mlp.width]);
  } };`);
  assert.equal(
    statuses(checks),
    "load:pass setup:pass predict:pass shape:pass finite:pass teardown:pass",
  );
});

Deno.test("failures in setup, predict, teardown and loading are reported per check", async () => {
  const setup = await validateSource(
    `export default { setup(ctx) { throw new Error("no"); }, predict(mlp, budget) { return [[0]]; } };`,
  );
  assert.equal(
    statuses(setup),
    "load:pass setup:fail predict:skipped shape:skipped finite:skipped teardown:skipped",
  );
  assert.match(setup[5].detail, /setup did not succeed/);
  const predict = await validateSource(
    `export default { predict(mlp, budget) { throw new Error("boom"); } };`,
  );
  assert.equal(
    statuses(predict),
    "load:pass setup:pass predict:fail shape:skipped finite:skipped teardown:pass",
  );
  assert.match(predict[2].detail, /boom/);
  const teardown = await validateSource(`export default {
    predict(mlp) { return Array.from({ length: mlp.depth }, () => new Array(mlp.width).fill(0)); },
    teardown() { throw new Error("bye"); },
  };`);
  assert.equal(
    statuses(teardown),
    "load:pass setup:pass predict:pass shape:pass finite:pass teardown:fail",
  );
  const missing = (await validateEstimator("/nonexistent/estimator.ts")).checks;
  assert.equal(
    statuses(missing),
    "load:fail setup:skipped predict:skipped shape:skipped finite:skipped teardown:skipped",
  );
});

Deno.test("a check that raised carries the estimator's stack, cut before whest's frames", async () => {
  const checks = await validateSource(`function inner() { throw new Error("deep"); }
export default { predict(mlp, budget) { inner(); } };`);
  const predict = checks.find((c) => c.check === "predict")!;
  assert.equal(predict.detail, "Error: deep");
  assert.match(predict.traceback ?? "", /^Error: deep\n\s+at inner \(.*estimator\.ts:1:\d+\)/);
  assert.ok(!/lib[\\/]/.test(predict.traceback ?? ""), predict.traceback);
  const setup = await validateSource(
    `export default { setup(ctx) { throw new Error("no"); }, predict(mlp, budget) { return [[0]]; } };`,
  );
  assert.match(setup.find((c) => c.check === "setup")!.traceback ?? "", /estimator\.ts:1:\d+/);
  const shape = await validateSource(`export default { predict(mlp, budget) { return [[0]]; } };`);
  assert.ok(shape.every((c) => c.traceback === undefined), "no stack for a wrong result");
});

Deno.test("whest validate --debug prints the tracebacks; without it, a hint", async () => {
  await using estimator = await estimatorFile(
    `export default { predict(mlp, budget) { throw new Error("boom " + mlp.width); } };`,
  );
  const args = ["validate", "--estimator", estimator.path, "--format", "plain"];
  const debug = await runCli([...args, "--debug"]);
  assert.equal(debug.code, 1);
  assert.match(debug.stdout, /predict traceback:\nError: boom 4\n\s+at .*estimator\.ts:1:\d+/);
  const plain = await runCli(args);
  assert.equal(plain.code, 1);
  assert.ok(!plain.stdout.includes("traceback:"), plain.stdout);
  assert.match(plain.stdout, /run again with --debug for tracebacks/);
  const json = JSON.parse((await runCli([...args.slice(0, 3), "--json"])).stdout);
  assert.ok(json.checks.every((c: { traceback?: string }) => c.traceback === undefined));
});

Deno.test("validate --seed N is setup's ctx.seed; --json prints whestbench's keys first", async () => {
  // setup refuses any seed but 7, so only `--seed 7` passes
  await using estimator = await estimatorFile(`import { np } from "whest";
  export default class {
    setup(ctx) { if (ctx.seed !== 7) throw new Error("seed " + ctx.seed); }
    predict(mlp) { return np.zeros([mlp.depth, mlp.width]); }
  }`);
  const seeded = await runCli(["validate", "--estimator", estimator.path, "--seed", "7", "--json"]);
  assert.equal(seeded.code, 0, seeded.stderr);
  const report = JSON.parse(seeded.stdout);
  assert.deepEqual(Object.keys(report).slice(0, 5), [
    "ok",
    "class_name",
    "module_name",
    "output_shape",
    "checks",
  ]);
  assert.equal(report.ok, true);
  assert.equal(report.class_name, "default", "the export used: the default export");
  assert.equal(report.module_name, estimator.path.split("/").at(-1));
  assert.deepEqual(report.output_shape, [2, 4], "validate's 2-deep, 4-wide MLP");
  assert.equal(typeof report.whest_version, "string");
  const unseeded = await runCli(["validate", "--estimator", estimator.path, "--json"]);
  assert.equal(unseeded.code, 1);
  const failed = JSON.parse(unseeded.stdout);
  assert.equal(failed.ok, false);
  assert.equal(failed.output_shape, null, "no predict ran");
  assert.match(failed.checks[1].detail, /seed null/);
  const bad = await runCli(["validate", "--estimator", estimator.path, "--seed", "-1"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--seed/);
});
