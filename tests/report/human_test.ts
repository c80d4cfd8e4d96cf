import assert from "@std/assert";
import { parseRunConfig } from "../../lib/config/run_config.ts";
import { renderResults } from "../../lib/report/human.ts";
import { collectHost } from "../../lib/report/host.ts";
import { renderRunContext } from "../../lib/report/sections.ts";
import { makeStyle } from "../../lib/report/style.ts";
import { aggregateResults } from "../../lib/scoring/aggregate.ts";
import { scoreMlp } from "../../lib/scoring/score_mlp.ts";
import { LIMITS, mlp, predictions, summary } from "../scoring/_helpers.ts";

const ANSI = new RegExp(String.fromCharCode(27) + "\\[");

function results() {
  const rows = [
    scoreMlp(
      mlp({ predictions: { shape: [2, 3], values: predictions(0.5) }, summary: summary(500) }, 0),
      LIMITS,
    ),
    scoreMlp(mlp({ limitFlag: "budget_exhausted", summary: summary(1000) }, 1), LIMITS),
    scoreMlp(
      mlp({
        error: { code: "PREDICT_ERROR", message: "Error: boom", traceback: "at predict (x.ts:3)" },
      }, 2),
      LIMITS,
    ),
  ];
  return aggregateResults(rows, { flopBudget: LIMITS.flopBudget, depth: 2, samplingSummaries: [] });
}

const config = parseRunConfig(["--estimator", "x.ts", "--flop-budget", "1000"], false);

Deno.test("plain report has every section in the spec's order and no colour", () => {
  const text = renderResults(results(), config, makeStyle(false));
  assert.ok(!ANSI.test(text));
  const order = ["Estimator errors", "Estimator FLOPs", "Over budget", "Per MLP", "Final score"];
  const positions = order.map((title) => text.indexOf(title));
  assert.ok(positions.every((p) => p >= 0), String(positions));
  assert.deepEqual([...positions].sort((a, b) => a - b), positions);
  assert.match(text, /PREDICT_ERROR.*Error: boom/);
  assert.match(text, /budget_exhausted/);
  assert.match(text, /failed MLPs\s+2 of 3/);
  assert.match(text, /primary score/);
  assert.match(text, /mean score multiplier\s+0\.\d{8}\n/);
  assert.ok(!text.includes("at predict"), "traceback only with --debug");
  assert.match(text, /--debug/);
});

Deno.test("--debug adds tracebacks; rich mode colours", () => {
  const debug = parseRunConfig(["--estimator", "x.ts", "--flop-budget", "1000", "--debug"], false);
  assert.match(renderResults(results(), debug, makeStyle(false)), /at predict \(x\.ts:3\)/);
  assert.ok(ANSI.test(renderResults(results(), config, makeStyle(true))));
});

Deno.test("run context names the settings and the host", () => {
  const text = renderRunContext(config, collectHost("js", 3), makeStyle(false));
  assert.match(text, /estimator\s+x\.ts/);
  assert.match(text, /FLOP budget\s+1,000/);
  assert.match(text, /residual limit\s+0\.4 s/);
  assert.match(text, /kernels js/);
  assert.match(text, /kernel threads\s+3\n/);
  assert.match(text, /seed\s+none \(fresh entropy\)\n/);
});

Deno.test("run context flags an explicit seed: setup sees it, so the run is not a graded one", () => {
  const seeded = parseRunConfig(["--estimator", "x.ts", "--seed", "7"], false);
  const text = renderRunContext(seeded, collectHost("js", 3), makeStyle(false));
  assert.match(
    text,
    /seed\s+7 \(explicit: setup receives it and could regenerate the inputs; graded runs use fresh entropy or unknown seeds\)\n/,
  );
});

Deno.test("--detail full adds per-layer MSEs and times; --profile each MLP's FLOPs; raw neither", () => {
  const raw = renderResults(results(), config, makeStyle(false));
  assert.ok(!raw.includes("Per MLP, in detail") && !raw.includes("MLP 0 (mlp-0) estimator"));
  const full = parseRunConfig([
    "--estimator",
    "x.ts",
    "--flop-budget",
    "1000",
    "--detail",
    "full",
  ], false);
  const detail = renderResults(results(), full, makeStyle(false));
  assert.match(detail, /Per MLP, in detail/);
  // MLP 0's layers: 0 (the first row of predictions matches) then 0.25 (formatMse)
  const row0 = detail.split("\n").find((line) => /^\W*0\W+mlp-0\W/.test(line)) ?? "";
  assert.match(row0, /0\.00e\+00 2\.50e-01/);
  const profiled = parseRunConfig(
    ["--estimator", "x.ts", "--flop-budget", "1000", "--profile"],
    false,
  );
  const profile = renderResults(results(), profiled, makeStyle(false));
  assert.match(profile, /MLP 0 \(mlp-0\) estimator FLOPs/);
  assert.match(profile, /500 of 1,000 FLOPs \(5\.00e-01 of the budget\)/);
  assert.match(profile, /MLP 2 \(mlp-2\) estimator FLOPs\n\s+none: PREDICT_ERROR/);
  assert.ok(profile.indexOf("Per MLP") < profile.indexOf("MLP 0 (mlp-0) estimator FLOPs"));
});

Deno.test("--detail takes raw or full only", () => {
  assert.throws(
    () => parseRunConfig(["--estimator", "x.ts", "--detail", "all"], false),
    /--detail must be raw or full, got 'all'/,
  );
  assert.equal(parseRunConfig(["--estimator", "x.ts"], false).detail, "raw");
});
