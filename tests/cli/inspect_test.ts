import assert from "@std/assert";
import { loadFixture } from "../random/_fixtures.ts";
import { runCli } from "./_helpers.ts";

interface FixtureMlp {
  estimator_seed: number;
  weights_sha256_f32le: string;
  weights?: number[][][];
}

const contests = loadFixture<{ mlps: Record<string, { mlps: FixtureMlp[] }> }>(
  "numpy-rng-vectors.json",
).mlps;

/** Runs `whest inspect ARGS` as a subprocess; `args` is split on spaces. */
const inspect = (args: string) => runCli(["inspect", ...args.split(" ").filter(Boolean)]);

Deno.test("inspect --seed 1234 --n-mlps 2 --width 256 --depth 8 --json prints numpy's hashes and seeds", async () => {
  const { code, stdout } = await inspect("--seed 1234 --n-mlps 2 --width 256 --depth 8 --json");
  assert.equal(code, 0);
  const report = JSON.parse(stdout);
  assert.deepEqual([report.seed, report.n_mlps, report.width, report.depth], [1234, 2, 256, 8]);
  const expected = contests.contest_seed_1234_w256_d8.mlps;
  assert.deepEqual(
    report.mlps.map((m: FixtureMlp) => [m.estimator_seed, m.weights_sha256_f32le]),
    expected.map((m) => [m.estimator_seed, m.weights_sha256_f32le]),
  );
  const layer = report.mlps[0].layers[0];
  assert.deepEqual(Object.keys(layer), [
    "layer",
    "mean",
    "std",
    "min",
    "max",
    "spectral_norm_estimate",
  ]);
  // He-init: std ≈ sqrt(2/256) and the top singular value is near 2·sqrt(2).
  assert.ok(Math.abs(layer.std - Math.sqrt(2 / 256)) < 0.002);
  assert.ok(layer.spectral_norm_estimate > 2 && layer.spectral_norm_estimate < 3);
});

Deno.test("inspect --json --weights prints the full weights numpy draws", async () => {
  const { code, stdout } = await inspect(
    "--seed 42 --n-mlps 3 --width 8 --depth 2 --json --weights",
  );
  assert.equal(code, 0);
  const report = JSON.parse(stdout);
  assert.deepEqual(
    report.mlps.map((m: FixtureMlp) => m.weights),
    contests.contest_seed_42_w8_d2.mlps.map((m) => m.weights),
  );
});

Deno.test("inspect prints a table per MLP by default", async () => {
  const { code, stdout } = await inspect("--seed 42 --n-mlps 2 --width 8 --depth 2");
  assert.equal(code, 0);
  const [first, second] = contests.contest_seed_42_w8_d2.mlps;
  assert.match(stdout, new RegExp(`mlp-0  index 0  estimator seed ${first.estimator_seed}`));
  assert.match(stdout, new RegExp(second.weights_sha256_f32le));
  assert.match(stdout, /layer +mean +std +min +max +spectral est\./);
});

Deno.test("inspect without --seed uses fresh entropy and estimator seed 0", async () => {
  const { code, stdout } = await inspect("--n-mlps 2 --width 4 --depth 1 --json");
  assert.equal(code, 0);
  const report = JSON.parse(stdout);
  assert.equal(report.seed, null);
  assert.deepEqual(report.mlps.map((m: FixtureMlp) => m.estimator_seed), [0, 0]);
});

Deno.test("inspect rejects bad flags with exit 2 and a message naming the flag", async () => {
  const cases: [string, RegExp][] = [
    ["--width -3", /--width must be a positive integer, got '-3'/],
    ["--depth 0", /--depth must be a positive integer/],
    ["--seed abc", /--seed must be a non-negative integer/],
    ["--n-mlps", /--n-mlps needs a value/],
    ["--widht 8", /unknown flag '--widht'/],
    ["--weights", /--weights needs --json/],
    ["stray", /unexpected argument 'stray'/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await inspect(args);
    assert.equal(code, 2, `exit code for ${args}`);
    assert.match(stderr, message);
  }
});
