/**
 * `whest run` through both runners: an honest estimator (a built-in and a user file) scores
 * identically, MSE and FLOPs, under --runner local and the default subprocess runner; the
 * worker command stays out of `help`.
 */
import assert from "@std/assert";
import { estimatorFile, runCli } from "../cli/_helpers.ts";
import { assertReportSchema } from "../report/_schema.ts";

const SMALL = ["--width", "16", "--depth", "3", "--n-mlps", "3", "--n-samples", "2000"];

const USER_ESTIMATOR = `
import { np } from "whest";
export default class {
  predict(mlp, _budget) {
    let mu = np.ones([mlp.width], "float32");
    const rows = [];
    for (const w of mlp.weights) {
      mu = np.maximum(np.matmul(mu, w), 0);
      rows.push(np.multiply(mu, 0.5));
    }
    return np.stack(rows);
  }
}`;

interface Row {
  final_layer_mse: number;
  all_layers_mse: number;
  per_layer_mse: number[];
  flops_used: number;
  error_code?: string;
}

async function rows(estimator: string, runner: string[]): Promise<{ mode: string; rows: Row[] }> {
  const result = await runCli([
    "run",
    "--json",
    "--estimator",
    estimator,
    "--seed",
    "3",
    ...SMALL,
    ...runner,
  ]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assertReportSchema(report, `${estimator} ${runner.join(" ") || "subprocess"}`);
  return { mode: report.mode, rows: report.results.per_mlp };
}

Deno.test("an honest estimator scores identically under both runners (MSE and FLOPs)", async () => {
  await using user = await estimatorFile(USER_ESTIMATOR);
  for (const estimator of ["mean_propagation", user.path]) {
    const [local, subprocess] = await Promise.all([
      rows(estimator, ["--runner", "local"]),
      rows(estimator, []),
    ]);
    assert.equal(local.mode, "local");
    assert.equal(subprocess.mode, "subprocess");
    for (let i = 0; i < 3; i++) {
      const [a, b] = [local.rows[i], subprocess.rows[i]];
      assert.equal(b.error_code, undefined);
      assert.ok(a.flops_used > 0);
      assert.equal(b.flops_used, a.flops_used);
      assert.equal(b.final_layer_mse, a.final_layer_mse);
      assert.equal(b.all_layers_mse, a.all_layers_mse);
      assert.deepEqual(b.per_layer_mse, a.per_layer_mse);
    }
  }
});

Deno.test("the worker subcommand is hidden from help and suggestions", async () => {
  const help = await runCli(["help"]);
  assert.equal(help.code, 0);
  assert.doesNotMatch(help.stdout, /__worker/);
  const typo = await runCli(["__workr"]);
  assert.equal(typo.code, 2);
  assert.doesNotMatch(typo.stderr, /__worker/);
});

Deno.test("bad --memory-limit-mb and --predict-timeout values exit 2 naming the flag", async () => {
  for (const [flag, value] of [["--memory-limit-mb", "0"], ["--predict-timeout", "-1"]]) {
    const result = await runCli(["run", "--estimator", "zeros", flag, value]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(flag));
  }
});
