import assert from "@std/assert";
import { join } from "@std/path";
import { runCli, tempDir } from "./_helpers.ts";
import { OFFICIAL_SMOKE_ARGS, smokeRunArgs } from "../../lib/cli/commands/smoke.ts";

const LONG = Deno.env.get("WHEST_LONG_TESTS") === "1";

Deno.test("whest init DIR, then the starter validates; a second init exits 1", async () => {
  const root = await Deno.makeTempDir({ prefix: "whest-cli-test-" });
  try {
    const dir = join(root, "starter");
    const first = await runCli(["init", dir]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /wrote .*estimator\.ts/);
    const validate = await runCli(["validate", "--estimator", join(dir, "estimator.ts"), "--json"]);
    assert.equal(validate.code, 0, validate.stdout + validate.stderr);
    assert.equal(JSON.parse(validate.stdout).ok, true);
    const second = await runCli(["init", dir]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /already exists/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("init and version take --format/--json, as whestbench's do", async () => {
  await using root = await tempDir("whest-cli-test-");
  const dir = join(root.path, "starter");
  const init = await runCli(["init", dir, "--format", "json"]);
  assert.equal(init.code, 0, init.stderr);
  assert.deepEqual(JSON.parse(init.stdout), {
    ok: true,
    created: [join(dir, "estimator.ts"), join(dir, "README.md")],
  });
  const version = await runCli(["version", "--format", "json"]);
  assert.equal(version.code, 0, version.stderr);
  assert.equal(typeof JSON.parse(version.stdout).whest, "string");
  const plain = await runCli(["version", "--format", "plain"]);
  assert.match(plain.stdout, /^whest \S+ \(deno /);
  const bad = await runCli(["version", "--format", "yaml"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--format must be rich, plain or json/);
});

Deno.test("whest validate exits 1 on a failing check and prints the table", async () => {
  const root = await Deno.makeTempDir({ prefix: "whest-cli-test-" });
  try {
    const path = join(root, "bad.ts");
    await Deno.writeTextFile(path, "export default { predict(mlp, budget) { return [[1, 2]]; } };");
    const { code, stdout } = await runCli(["validate", "--estimator", path, "--format", "plain"]);
    assert.equal(code, 1);
    assert.match(stdout, /shape\s+│ FAIL/);
    assert.match(stdout, /validation failed/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("whest smoke runs its seeded 256x8 contest (samples lowered here)", async () => {
  const { code, stdout, stderr } = await runCli(["smoke", "--n-samples", "2000", "--json"]);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assert.deepEqual(
    [
      report.run_config.n_mlps,
      report.run_config.width,
      report.run_config.depth,
      report.run_config.seed,
    ],
    [3, 256, 8, 42],
  );
  assert.equal(report.results.n_failed_mlps, 0);
  assert.equal(report.results.per_mlp[0].flops_used, 9 * 8 * 256 ** 2 + 178 * 8 * 256 + 2 * 256);
});

Deno.test("whest smoke --official runs whestbench's smoke-test settings; given flags still win", async () => {
  // whestbench 0.16 cli.py _smoke_test_contest_spec: 3 MLPs, 1024x16, 5,000 samples, unseeded,
  // CombinedEstimator in-process; the shape and samples are lowered here to keep the test short
  assert.deepEqual(smokeRunArgs(["--official"]), [...OFFICIAL_SMOKE_ARGS]);
  const { code, stdout, stderr } = await runCli([
    "smoke-test",
    "--official",
    "--width",
    "16",
    "--depth",
    "2",
    "--n-samples",
    "100",
    "--json",
  ]);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  const c = report.run_config;
  assert.deepEqual([c.estimator, c.n_mlps, c.seed, c.flop_budget], ["combined", 3, null, 2 ** 41]);
  assert.deepEqual([c.width, c.depth, c.n_samples], [16, 2, 100]);
  assert.equal(report.mode, "local");
});

Deno.test({
  name: "whest smoke at full size finishes within a minute (long)",
  ignore: !LONG,
  fn: async () => {
    const started = performance.now();
    const { code, stdout, stderr } = await runCli(["smoke", "--json"]);
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).results.per_mlp.length, 3);
    assert.ok(performance.now() - started < 60_000);
  },
});
