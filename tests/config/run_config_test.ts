import assert from "@std/assert";
import { UsageError } from "../../lib/core/errors.ts";
import { DEFAULT_RUNNER, parseRunConfig, RUN_DEFAULTS } from "../../lib/config/run_config.ts";
import { ROUNDS } from "../../lib/config/rounds.ts";

const EST = ["--estimator", "mean_propagation"];

function usageError(args: string[], flag: string) {
  assert.throws(() => parseRunConfig(args, false), (e: unknown) => {
    if (!(e instanceof UsageError)) return false;
    assert.ok(e.message.includes(flag), `'${e.message}' names ${flag}`);
    return true;
  });
}

Deno.test("defaults are the reference's (reference-behaviour §3, §5)", () => {
  const c = parseRunConfig(EST, false);
  assert.equal(c.nMlps, 10);
  assert.equal(c.nSamples, 200_000);
  assert.equal(c.width, 1024);
  assert.equal(c.depth, 16);
  assert.equal(c.flopBudget, 2 ** 41);
  assert.equal(c.lambdaFlopsPerSecond, 0);
  assert.equal(c.wallTimeLimitS, 120);
  assert.equal(c.setupTimeoutS, 5);
  assert.equal(c.residualWallTimeLimitS, 0.4);
  assert.equal(c.seed, null);
  assert.equal(c.round, null);
  assert.equal(c.runner, DEFAULT_RUNNER);
  assert.equal(c.format, "plain");
  assert.equal(parseRunConfig(EST, true).format, "rich");
  assert.equal(c.output, null);
  assert.equal(c.failFast, false);
  assert.equal(c.debug, false);
  assert.equal(c.threads, null, "no --threads: WHEST_THREADS, else every core");
  assert.equal(c.scratchLimitMb, 1024, "1 GiB of scratch");
  assert.equal(c.submissionDir, null, "the estimator file alone");
  assert.equal(RUN_DEFAULTS.nMlps, 10);
});

Deno.test("a round sets all of its settings; explicit flags override one by one", () => {
  const warmup = parseRunConfig([...EST, "--round", "v1-warmup"], false);
  assert.equal(warmup.width, 256);
  assert.equal(warmup.depth, 8);
  assert.equal(warmup.nSamples, 1e9);
  assert.equal(warmup.flopBudget, 6.8e10);
  assert.equal(warmup.lambdaFlopsPerSecond, 1e11);
  assert.equal(warmup.residualWallTimeLimitS, null);
  assert.equal(warmup.wallTimeLimitS, 60);
  const phase1 = parseRunConfig(
    [...EST, "--round", "v1-phase1", "--n-samples", "1000", "--residual-wall-time-limit", "2"],
    false,
  );
  assert.deepEqual(
    [phase1.width, phase1.depth, phase1.flopBudget, phase1.nSamples, phase1.residualWallTimeLimitS],
    [256, 32, 2.72e11, 1000, 2],
  );
  const phase2 = parseRunConfig([...EST, "--round", "v2-phase2"], false);
  assert.equal(phase2.flopBudget, ROUNDS["v2-phase2"].flopBudget);
  assert.equal(phase2.residualWallTimeLimitS, 0.4);
  assert.equal(phase2.round, "v2-phase2");
});

Deno.test("flags parse into the config", () => {
  const c = parseRunConfig([
    ...EST,
    "--seed=7",
    "--width",
    "32",
    "--depth",
    "4",
    "--n-mlps",
    "2",
    "--n-samples",
    "100000",
    "--flop-budget",
    "2.72e11",
    "--no-residual-wall-time-limit",
    "--json",
    "--output",
    "r.json",
    "--fail-fast",
    "--debug",
    "--threads=3",
    "--scratch-limit-mb",
    "64",
    "--submission-dir",
    "pkg",
  ], true);
  assert.deepEqual(
    [c.seed, c.width, c.depth, c.nMlps, c.nSamples, c.flopBudget, c.residualWallTimeLimitS],
    [7, 32, 4, 2, 100000, 272e9, null],
  );
  assert.equal(c.format, "json");
  assert.equal(c.output, "r.json");
  assert.ok(c.failFast && c.debug);
  assert.equal(c.threads, 3);
  assert.equal(c.scratchLimitMb, 64);
  assert.equal(c.submissionDir, "pkg");
});

Deno.test("bad values exit 2 naming the flag", () => {
  usageError([], "--estimator");
  usageError([...EST, "--width", "0"], "--width");
  usageError([...EST, "--depth", "-1"], "--depth");
  usageError([...EST, "--n-mlps", "1.5"], "--n-mlps");
  usageError([...EST, "--n-samples", "x"], "--n-samples");
  usageError([...EST, "--flop-budget", "0"], "--flop-budget");
  usageError([...EST, "--lambda-flops-per-second", "-2"], "--lambda-flops-per-second");
  usageError([...EST, "--wall-time-limit", "0"], "--wall-time-limit");
  usageError([...EST, "--setup-timeout", "no"], "--setup-timeout");
  usageError([...EST, "--residual-wall-time-limit", "-0.1"], "--residual-wall-time-limit");
  usageError(
    [...EST, "--residual-wall-time-limit", "1", "--no-residual-wall-time-limit"],
    "--no-residual-wall-time-limit",
  );
  usageError([...EST, "--seed", "-7"], "--seed");
  usageError([...EST, "--round", "v3"], "--round");
  usageError([...EST, "--format", "html"], "--format");
  usageError([...EST, "--json", "--format", "rich"], "--json");
  usageError([...EST, "--runner", "docker"], "--runner");
  usageError([...EST, "--threads", "0"], "--threads");
  usageError([...EST, "--threads", "1.5"], "--threads");
  usageError([...EST, "--threads", "100000"], "--threads");
  usageError([...EST, "--scratch-limit-mb", "0"], "--scratch-limit-mb");
  usageError([...EST, "--scratch-limit-mb", "1.5"], "--scratch-limit-mb");
  usageError([...EST, "--bogus"], "--bogus");
  usageError([...EST, "extra"], "extra");
});

Deno.test("--runner takes whestbench's names too: inprocess is local, server is subprocess", () => {
  const runner = (name: string) => parseRunConfig([...EST, "--runner", name], false).runner;
  assert.deepEqual(
    ["local", "inprocess", "subprocess", "server"].map(runner),
    ["local", "local", "subprocess", "subprocess"],
  );
  usageError([...EST, "--runner", "toString"], "--runner");
});
