import assert from "@std/assert";
import "../../lib/kernels/mod.ts";
import { type CheckResult, validateEstimator } from "../../lib/validate/validate_estimator.ts";
import { estimatorFile } from "../cli/helpers.ts";

function statuses(checks: CheckResult[]): string {
  return checks.map((c) => `${c.check}:${c.status}`).join(" ");
}

async function validateSource(source: string): Promise<CheckResult[]> {
  await using estimator = await estimatorFile(source, "whest-validate-test-");
  return await validateEstimator(estimator.path);
}

Deno.test("built-in estimators pass every check", async () => {
  for (const name of ["zeros", "mean_propagation"]) {
    assert.equal(
      statuses(await validateEstimator(name)),
      "load:pass setup:pass predict:pass shape:pass finite:pass teardown:pass",
      name,
    );
  }
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
    "load:pass setup:fail predict:skipped shape:skipped finite:skipped teardown:pass",
  );
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
  const missing = await validateEstimator("/nonexistent/estimator.ts");
  assert.equal(
    statuses(missing),
    "load:fail setup:skipped predict:skipped shape:skipped finite:skipped teardown:skipped",
  );
});
