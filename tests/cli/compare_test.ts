import assert from "@std/assert";
import { join } from "@std/path";
import { WhestError } from "../../lib/core/errors.ts";
import {
  compareReports,
  type Comparison,
  contestMismatch,
  renderComparison,
  summariseRatios,
} from "../../lib/compare/compare.ts";
import type { JsonReport } from "../../lib/report/json_report.ts";
import { runCli, tempDir } from "./_helpers.ts";
import { syntheticReport } from "../report/_synthetic.ts";

const close = (actual: number | null, expected: number, what: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= 1e-12, `${what}: ${actual}`);

// A: final MSEs 0.01, 0.04; B: 0.02, 0.01 -> ratios 2 and 1/4 (adjusted scores are a tenth of
// them in both, so their ratios are the same). Geometric mean √(2·¼) = 1/√2; log ratios
// ln 2 and −2 ln 2, mean −½ ln 2, deviations ±1.5 ln 2, sample SD 1.5 ln 2 · √2, SE 1.5 ln 2.
const A = syntheticReport({
  nMlps: 2,
  depth: 2,
  finalMse: [0.01, 0.04],
  perLayer: [[0.001, 0.01], [0.002, 0.04]],
});
const B = syntheticReport({
  nMlps: 2,
  depth: 2,
  estimator: "mean_propagation",
  finalMse: [0.02, 0.01],
  perLayer: [[0.002, 0.02], [0.001, 0.01]],
});

Deno.test("paired ratios, their geometric mean and SE, and per-layer differences, by hand", () => {
  const c = compareReports(A, B);
  assert.deepEqual(c.per_mlp.map((m) => m.final_mse_ratio), [2, 0.25]);
  close(c.per_mlp[0].score_ratio, 2, "score ratio of MLP 0");
  close(c.per_mlp[1].score_ratio, 0.25, "score ratio of MLP 1");
  for (const s of [c.final_mse_ratio, c.score_ratio]) {
    assert.equal(s.n, 2);
    assert.equal(s.excluded, 0);
    close(s.geometric_mean, Math.SQRT1_2, "geometric mean");
    close(s.mean_log_ratio, -0.5 * Math.LN2, "mean log ratio");
    close(s.se_log_ratio, 1.5 * Math.LN2, "SE of the log ratio");
  }
  assert.equal(c.per_layer.length, 2);
  assert.equal(c.per_layer[0].layer, 1);
  close(c.per_layer[0].a_mean_mse, 0.0015, "layer 1, A");
  close(c.per_layer[0].b_mean_mse, 0.0015, "layer 1, B");
  close(c.per_layer[0].mean_difference, 0, "layer 1, B − A");
  close(c.per_layer[1].a_mean_mse, 0.025, "layer 2, A");
  close(c.per_layer[1].b_mean_mse, 0.015, "layer 2, B");
  close(c.per_layer[1].mean_difference, -0.01, "layer 2, B − A");
  assert.equal(c.b.estimator, "mean_propagation");
  const text = renderComparison(c);
  assert.match(text, /adjusted score B\/A: geometric mean 0\.7071 \(SE of log ratio 1\.04/);
});

Deno.test("ratio summary: a zero side is left out and counted; one pair has no SE", () => {
  const s = summariseRatios([4, null]);
  assert.deepEqual(s, {
    n: 1,
    excluded: 1,
    geometric_mean: 4,
    mean_log_ratio: Math.log(4),
    se_log_ratio: null,
  });
  assert.equal(summariseRatios([]).geometric_mean, null);
  const zero = syntheticReport({
    nMlps: 2,
    depth: 2,
    finalMse: [0, 0.04],
    perLayer: [[0, 0], [1, 1]],
  });
  const c = compareReports(zero, B);
  assert.equal(c.per_mlp[0].final_mse_ratio, null);
  assert.equal(c.final_mse_ratio.excluded, 1);
  close(c.final_mse_ratio.geometric_mean, 0.25, "the one usable pair");
});

Deno.test("reports of different contests are refused, naming the difference", () => {
  const base = { nMlps: 2, depth: 2 };
  const cases: [JsonReport, RegExp][] = [
    [syntheticReport({ ...base, seed: 2 }), /^seed 1 vs 2$/],
    [syntheticReport({ ...base, width: 32 }), /^width 16 vs 32$/],
    [syntheticReport({ nMlps: 2, depth: 3 }), /^depth 2 vs 3$/],
    [syntheticReport({ nMlps: 3, depth: 2 }), /^n_mlps 2 vs 3$/],
    [syntheticReport({ ...base, nSamples: 5 }), /^n_samples 1000 vs 5$/],
    [syntheticReport({ ...base, seed: null }), /unseeded run .* is a contest of its own/],
  ];
  const withDataset = (sha: string) => {
    const r = syntheticReport(base);
    r.run_config.dataset = {
      path: "/d",
      sha256: "f".repeat(64),
      seed: null,
      n_mlps: 2,
      data_sha256: sha.repeat(64),
    };
    return r;
  };
  cases.push([withDataset("a"), /^dataset none vs aaaaaaaaaaaa$/]);
  for (const [other, pattern] of cases) {
    assert.match(contestMismatch(A, other) ?? "", pattern);
    assert.throws(() => compareReports(A, other, { a: "a.json", b: "b.json" }), (e: Error) => {
      assert.ok(e instanceof WhestError);
      assert.match(
        e.message,
        /^compare: 'a.json' and 'b.json' are reports of different contests: /,
      );
      assert.equal(e.message.split("\n").length, 1);
      return true;
    });
  }
  const unseeded = syntheticReport({ ...base, seed: null });
  assert.match(contestMismatch(unseeded, unseeded) ?? "", /unseeded/, "even against itself");
  assert.match(contestMismatch(withDataset("a"), withDataset("b")) ?? "", /^dataset aaaa/);
  // the same dataset fixes the contest even when its seeds are not recorded
  const d = withDataset("a");
  d.run_config.seed = null;
  const e = withDataset("a");
  e.run_config.seed = null;
  assert.equal(contestMismatch(d, e), null);
});

Deno.test("whest compare: two saved reports, --json, refusals and usage errors", async () => {
  await using dir = await tempDir();
  const [a, b, c] = ["a.json", "b.json", "c.json"].map((f) => join(dir.path, f));
  await Deno.writeTextFile(a, JSON.stringify(A));
  await Deno.writeTextFile(b, JSON.stringify(B));
  await Deno.writeTextFile(c, JSON.stringify(syntheticReport({ nMlps: 2, depth: 2, seed: 9 })));
  const json = await runCli(["compare", a, b, "--json"]);
  assert.equal(json.code, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as Comparison;
  close(parsed.score_ratio.geometric_mean, Math.SQRT1_2, "geometric mean via the CLI");
  const text = await runCli(["compare", a, b, "--debug"]); // --debug, as every command takes
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /final-layer MSE B\/A: geometric mean 0\.7071/);
  assert.match(text.stdout, /Per layer \(mean over MLPs\)/);
  const refused = await runCli(["compare", a, c]);
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /^whest: compare: '.*a\.json' and '.*c\.json' are reports of different contests: seed 1 vs 9\n$/,
  );
  const notReport = await runCli(["compare", a, join(dir.path, "missing.json")]);
  assert.equal(notReport.code, 1);
  assert.match(notReport.stderr, /^whest: cannot read the report/);
  const usage = await runCli(["compare", a]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /compare: give two JSON reports, got 1/);
});

Deno.test("a real pair: zeros vs mean_propagation on the same seeded 16x3 contest", async () => {
  await using dir = await tempDir();
  const contest = [
    "--seed",
    "11",
    "--width",
    "16",
    "--depth",
    "3",
    "--n-mlps",
    "3",
    "--n-samples",
    "2000",
  ];
  const [a, b] = ["zeros.json", "meanprop.json"].map((f) => join(dir.path, f));
  for (const [estimator, path] of [["zeros", a], ["mean_propagation", b]]) {
    const run = await runCli([
      "run",
      "--estimator",
      estimator,
      ...contest,
      "--json",
      "--output",
      path,
    ]);
    assert.equal(run.code, 0, run.stderr);
  }
  const out = await runCli(["compare", a, b, "--json"]);
  assert.equal(out.code, 0, out.stderr);
  const c = JSON.parse(out.stdout) as Comparison;
  assert.equal(c.per_mlp.length, 3);
  assert.equal(c.per_layer.length, 3);
  assert.deepEqual(c.contest, {
    seed: 11,
    width: 16,
    depth: 3,
    n_mlps: 3,
    n_samples: 2000,
    dataset_sha256: null,
  });
  // the same contest: the ground truth is the same, so only the estimates differ
  const [ra, rb] = [a, b].map((p) => JSON.parse(Deno.readTextFileSync(p)) as JsonReport);
  const logs = ra.results.per_mlp.map((r, i) =>
    Math.log(rb.results.per_mlp[i].adjusted_final_layer_score / r.adjusted_final_layer_score)
  );
  close(c.score_ratio.mean_log_ratio, logs.reduce((s, l) => s + l, 0) / 3, "mean log ratio");
  assert.ok(c.score_ratio.geometric_mean! < 1, "mean propagation beats predicting zeros");
  assert.ok(c.per_layer.every((l) => l.mean_difference < 0), "and is closer at every layer");
});
