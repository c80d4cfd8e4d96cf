import assert from "@std/assert";
import { join } from "@std/path";
import { assertReportSchema } from "../report/_schema.ts";
import { estimatorFile, runCli } from "./_helpers.ts";

const fixture = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/run-mean-propagation-seed7.json", import.meta.url)),
) as { mlps: { final_layer_mse: number; mlp_seed: number }[] };

const SMALL = [
  "--seed",
  "3",
  "--width",
  "8",
  "--depth",
  "2",
  "--n-mlps",
  "3",
  "--n-samples",
  "2000",
];

const RAISES = `
import { np } from "whest";
export default class {
  predict(mlp, budget) {
    np.ones([mlp.width]);
    throw new Error("estimator exploded at " + mlp.name);
  }
}
`;

Deno.test("acceptance: mean_propagation at seed 7, 32x4 reproduces numpy's MSE and the FLOP closed form", async () => {
  const { code, stdout, stderr } = await runCli([
    "run",
    "--estimator",
    "mean_propagation",
    "--seed",
    "7",
    "--width",
    "32",
    "--depth",
    "4",
    "--n-mlps",
    "2",
    "--n-samples",
    "100000",
    "--json",
  ]);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assertReportSchema(report);
  // the schema cannot see key order; the spec fixes it (the version last, as whestbench's)
  assert.deepEqual(Object.keys(report), [
    "schema_version",
    "mode",
    "results",
    "run_meta",
    "run_config",
    "whest_version",
  ]);
  const [n, d] = [32, 4];
  const rows = report.results.per_mlp;
  assert.equal(rows.length, 2);
  rows.forEach((row: Record<string, number>, i: number) => {
    const expected = fixture.mlps[i].final_layer_mse;
    const relative = Math.abs(row.final_layer_mse - expected) / expected;
    assert.ok(relative < 1e-3, `MLP ${i}: ${row.final_layer_mse} vs numpy ${expected}`);
    assert.equal(row.flops_used, 9 * d * n * n + 178 * d * n + 2 * n);
    assert.ok(!("error" in row) && !("error_code" in row));
  });
  assert.equal(report.results.n_failed_mlps, 0);
  assert.equal(report.run_config.seed, 7);
  assert.equal(report.run_config.flop_budget, 2 ** 41);
  // full summaries, as whestbench's: the estimator's sums the rows' (flop_budget included)
  const { sampling, estimator } = report.results.breakdowns;
  assert.ok(sampling.by_namespace["sampling.sample_layer_statistics"].flops_used > 0);
  assert.equal(estimator.flop_budget, 2 * 2 ** 41);
  assert.equal(estimator.flops_used, 2 * (9 * d * n * n + 178 * d * n + 2 * n));
  assert.equal(estimator.flops_remaining, estimator.flop_budget - estimator.flops_used);
  assert.equal(
    estimator.by_namespace["estimator.estimator-client"].flops_used,
    estimator.flops_used,
  );
  const rowSums = rows.reduce(
    (sum: number, row: { breakdowns: { estimator: { wall_time_s: number } } }) =>
      sum + row.breakdowns.estimator.wall_time_s,
    0,
  );
  assert.ok(Math.abs(estimator.wall_time_s - rowSums) < 1e-9);
  assert.equal(typeof report.whest_version, "string");
  assert.equal(report.run_meta.host.deno_version, Deno.version.deno);
});

Deno.test("--output writes the same JSON report as stdout, and plain mode prints every section", async () => {
  const dir = await Deno.makeTempDir({ prefix: "whest-cli-test-" });
  try {
    const output = join(dir, "report.json");
    const { code, stdout, stderr } = await runCli([
      "run",
      "--estimator",
      "mean_propagation",
      ...SMALL,
      "--format",
      "plain",
      "--output",
      output,
      "--detail",
      "full",
      "--profile",
    ]);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(await Deno.readTextFile(output));
    assertReportSchema(report, "--output file");
    assert.equal(report.results.per_mlp.length, 3);
    for (
      const title of ["Run", "Host", "Sampling FLOPs", "Estimator FLOPs", "Per MLP", "Final score"]
    ) {
      assert.ok(stdout.includes(title), title);
    }
    assert.ok(!stdout.includes("\x1b["), "no colour in plain mode");
    assert.ok(stdout.includes(`failed MLPs                 0 of 3`));
    // --detail full and --profile add to the human report only; the JSON has the same keys
    assert.ok(stdout.includes("Per MLP, in detail"));
    assert.ok(stdout.includes("MLP 2 (mlp-2) estimator FLOPs"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("rich mode colours the sections; NO_COLOR turns colour off", async () => {
  const args = ["run", "--estimator", "zeros", ...SMALL, "--format", "rich"];
  const coloured = await runCli(args, { NO_COLOR: "" });
  assert.equal(coloured.code, 0, coloured.stderr);
  assert.ok(coloured.stdout.includes("\x1b[1m"), "bold headings");
  assert.match(coloured.stdout, /Final score/);
  const plain = await runCli(args);
  assert.ok(!plain.stdout.includes("\x1b["));
});

Deno.test("an estimator that raises: error rows, zeros scored, exit 1", async () => {
  await using estimator = await estimatorFile(RAISES);
  const { code, stdout } = await runCli(["run", "--estimator", estimator.path, ...SMALL, "--json"]);
  assert.equal(code, 1);
  const report = JSON.parse(stdout);
  assertReportSchema(report);
  const results = report.results;
  assert.equal(results.n_failed_mlps, 3);
  assert.equal(results.failure_breakdown.error, 3);
  for (const row of results.per_mlp) {
    assert.equal(row.error_code, "PREDICT_ERROR");
    assert.match(row.error, /estimator exploded at mlp-/);
    assert.equal(row.flops_used, 0);
    assert.equal(row.adjusted_final_layer_score, row.final_layer_mse);
  }
});

Deno.test("--fail-fast stops at the first failed MLP", async () => {
  await using estimator = await estimatorFile(RAISES);
  const { code, stdout } = await runCli([
    "run",
    "--estimator",
    estimator.path,
    ...SMALL,
    "--json",
    "--fail-fast",
  ]);
  assert.equal(code, 1);
  const report = JSON.parse(stdout);
  assertReportSchema(report, "--fail-fast report");
  assert.equal(report.results.per_mlp.length, 1);
  assert.equal(report.results.per_mlp[0].error_code, "PREDICT_ERROR");
});

Deno.test("budget exhaustion is a flag, not an error: exit 0", async () => {
  const { code, stdout, stderr } = await runCli(
    ["run", "--estimator", "mean_propagation", ...SMALL, "--flop-budget", "100", "--json"],
  );
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assertReportSchema(report);
  const results = report.results;
  assert.equal(results.failure_breakdown.budget_exhausted, 3);
  assert.equal(results.mean_score_multiplier, 1);
  assert.ok(results.per_mlp.every((r: Record<string, unknown>) => r.budget_exhausted === true));
});

Deno.test("setup failure aborts without a report (exit 1); bad flags exit 2 naming the flag", async () => {
  await using estimator = await estimatorFile(`export default class {
    setup(ctx) { throw new Error("no setup for width " + ctx.width); }
    predict(mlp, budget) { return [[0]]; }
  }`);
  const setup = await runCli(["run", "--estimator", estimator.path, ...SMALL, "--json"]);
  assert.equal(setup.code, 1);
  assert.equal(setup.stdout, "");
  assert.match(setup.stderr, /setup failed \(SETUP_ERROR\).*no setup for width 8/);
  const missing = await runCli(["run", "--estimator", "no_such_estimator", ...SMALL, "--json"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no_such_estimator/);
  const bad = await runCli(["run", "--estimator", "zeros", "--width", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--width must be a positive integer, got '0'/);
  const detail = await runCli(["run", "--estimator", "zeros", "--detail", "all"]);
  assert.equal(detail.code, 2);
  assert.match(detail.stderr, /--detail must be raw or full, got 'all'/);
});

Deno.test("--submission-dir refuses $HOME and / with one line, exit 2, before anything runs", async () => {
  await using estimator = await estimatorFile(
    `export default class { predict(mlp, budget) { return [[0]]; } }`,
  );
  const home = estimator.path.slice(0, estimator.path.lastIndexOf("/"));
  for (const command of ["run", "validate"]) {
    const asHome = await runCli(
      [command, "--estimator", estimator.path, "--submission-dir", home],
      { HOME: home },
    );
    assert.equal(asHome.code, 2, asHome.stderr);
    assert.equal(asHome.stdout, "");
    assert.match(
      asHome.stderr,
      /--submission-dir: '.*' is your home directory; name a directory that holds only your submission/,
    );
  }
  const root = await runCli(["run", "--estimator", estimator.path, "--submission-dir", "/"]);
  assert.equal(root.code, 2, root.stderr);
  assert.match(root.stderr, /--submission-dir: '\/' is the filesystem root/);
});
