/**
 * `whest validate`'s checks (reference-behaviour §5): load the estimator, run its setup within
 * 5 s, call predict on a random 4×2 MLP with budget 100 and no budget active, check the
 * shape and finiteness of what it returned, and run teardown.
 *
 * The estimator runs through the same runner as `whest run` (the sandboxed subprocess by
 * default), so an estimator that passes here is not then refused by the sandbox under `run`.
 *
 * @module
 */
import { API_VERSION } from "../core/version.ts";
import { DEFAULT_RUNNER, RUN_DEFAULTS, type RunnerKind } from "../config/run_config.ts";
import { sampleMlp } from "../contest/mlp.ts";
import { contestSeeds } from "../contest/seeding.ts";
import type { MlpSpec } from "../contract/mlp.ts";
import { resolveSubmission, type Submission } from "../estimator/submission.ts";
import { createRunner } from "../runner/create.ts";
import { atInterrupt } from "../runner/interrupt.ts";
import { sandboxHint } from "../runner/sandbox_hint.ts";
import {
  type EstimatorFailure,
  type PredictOutcome,
  type Runner,
  SetupFailure,
} from "../contract/runner.ts";
import { checkPredictions } from "../scoring/predictions.ts";

/** The validation MLP's width, depth and budget (reference-behaviour §5). */
export const VALIDATE_SETTINGS = { width: 4, depth: 2, flopBudget: 100, setupTimeoutS: 5 };

/** One row of the checks table. */
export interface CheckResult {
  /** load, setup, predict, shape, finite or teardown. */
  readonly check: string;
  /** "pass", "fail", or "skipped" when an earlier check failed. */
  readonly status: "pass" | "fail" | "skipped";
  /** One line of detail. */
  readonly detail: string;
  /** The estimator's stack when the check failed because its code raised (shown with --debug). */
  readonly traceback?: string;
}

/** How to validate. */
export interface ValidateOptions {
  /** Receives the estimator's console output. */
  readonly onLog?: (line: string) => void;
  /** Where the estimator runs; default the sandboxed subprocess, as under `run`. */
  readonly runner?: RunnerKind;
  /**
   * `--submission-dir`: the directory the estimator may read and gets as
   * `ctx.submission_dir`; default none (the estimator file alone, as under `run`).
   */
  readonly submissionDir?: string | null;
  /** `--class NAME`: the export to use; default the default export. */
  readonly className?: string | null;
  /** The name the checks show (a package's, when its unpacked entry point is validated). */
  readonly label?: string;
  /** `--seed N`: what setup receives as `ctx.seed`; default null, as under `run` without one. */
  readonly seed?: number | null;
}

/** What the checks found: the table, and the shape predict returned (null if it returned none). */
export interface Validation {
  /** Every check in table order. */
  readonly checks: CheckResult[];
  /** The shape of the predictions, or null when predict failed or returned nothing. */
  readonly outputShape: number[] | null;
}

const CHECKS = ["load", "setup", "predict", "shape", "finite", "teardown"] as const;

/** What the checks found so far, in the order they ran. */
class Checks {
  readonly results: CheckResult[] = [];
  outputShape: number[] | null = null;

  constructor(readonly runner: RunnerKind) {}

  pass(check: string, detail: string): void {
    this.results.push({ check, status: "pass", detail });
  }

  fail(check: string, detail: string, traceback?: string): void {
    const hinted = this.runner === "subprocess" ? `${detail}${sandboxHint(detail)}` : detail;
    this.results.push(
      traceback === undefined
        ? { check, status: "fail", detail: hinted }
        : { check, status: "fail", detail: hinted, traceback },
    );
  }

  skip(check: string, detail: string): void {
    this.results.push({ check, status: "skipped", detail });
  }

  /** Every check in table order; those that never ran are skipped. */
  finish(): CheckResult[] {
    const done = new Set(this.results.map((r) => r.check));
    return CHECKS.flatMap((check) =>
      this.results.filter((r) => r.check === check).concat(
        done.has(check) ? [] : [{ check, status: "skipped", detail: "an earlier check failed" }],
      )
    );
  }
}

function randomMlp(): MlpSpec {
  const [streams] = contestSeeds(null, 1);
  const seed = crypto.getRandomValues(new Uint32Array(1))[0];
  const { width, depth } = VALIDATE_SETTINGS;
  return sampleMlp(width, depth, streams.weightRng, "validate-mlp", seed);
}

/** Loads and sets up; false when either failed (the runner then holds no estimator). */
async function start(
  runner: Runner,
  label: string,
  submission: Submission,
  scratch: string,
  seed: number | null,
  checks: Checks,
): Promise<boolean> {
  const started = performance.now();
  const loaded = `${label} loads and exports an estimator`;
  try {
    await runner.start({
      width: VALIDATE_SETTINGS.width,
      depth: VALIDATE_SETTINGS.depth,
      flop_budget: VALIDATE_SETTINGS.flopBudget,
      api_version: API_VERSION,
      scratch_dir: scratch,
      submission_dir: submission.dir,
      seed,
    }, VALIDATE_SETTINGS.setupTimeoutS);
  } catch (error) {
    if (!(error instanceof SetupFailure)) throw error;
    if (error.phase === "setup") checks.pass("load", loaded);
    checks.fail(error.phase, error.message, error.traceback);
    if (error.phase === "setup") {
      checks.skip("teardown", "setup did not succeed, so the runner stopped the estimator");
    }
    return false;
  }
  checks.pass("load", loaded);
  checks.pass("setup", `finished in ${((performance.now() - started) / 1000).toFixed(3)} s`);
  return true;
}

/** Predict with the budget told but not enforced, then the shape and finiteness checks. */
async function predict(runner: Runner, checks: Checks): Promise<void> {
  const { depth, width, flopBudget } = VALIDATE_SETTINGS;
  const outcome: PredictOutcome = await runner.predict(randomMlp(), {
    flopBudget,
    meteredFlopCap: Number.MAX_SAFE_INTEGER,
    wallTimeLimitS: RUN_DEFAULTS.wallTimeLimitS,
  });
  if (outcome.error) return checks.fail("predict", outcome.error.message, outcome.error.traceback);
  if (outcome.limitFlag || !outcome.predictions) {
    const why = outcome.limitFlag === "time_exhausted"
      ? `took longer than the wall-time limit of ${RUN_DEFAULTS.wallTimeLimitS} s`
      : "returned nothing";
    return checks.fail("predict", why);
  }
  const raw = outcome.predictions;
  checks.outputShape = [...raw.shape];
  checks.pass("predict", `returned shape (${raw.shape.join(", ")}) with no budget active`);
  const checked = checkPredictions(raw, depth, width);
  if (!checked.ok && checked.failure.code === "ESTIMATOR_BAD_SHAPE") {
    return checks.fail("shape", checked.failure.message);
  }
  checks.pass("shape", `(${depth}, ${width}) as expected`);
  if (checked.ok) checks.pass("finite", "every value is finite after the float32 cast");
  else checks.fail("finite", checked.failure.message);
}

function teardown(failure: EstimatorFailure | undefined, checks: Checks): void {
  if (failure) checks.fail("teardown", failure.message, failure.traceback);
  else checks.pass("teardown", "ok");
}

/**
 * Runs every check in order; after a failure the checks that depend on it are skipped
 * (teardown still runs once setup succeeded; after a failed setup the runner has already
 * stopped the estimator, so teardown is skipped).
 *
 * @example
 * ```ts
 * import { validateEstimator } from "./validate_estimator.ts";
 * const { checks, outputShape } = await validateEstimator("zeros", { seed: 7 });
 * // checks.every((c) => c.status === "pass"), outputShape: [2, 4]
 * ```
 * @param estimator A built-in name or an estimator file path.
 * @param options The runner, the submission directory, the seed setup gets and the sink for
 *   the estimator's console output.
 * @throws {UsageError} For a submission directory `run` would refuse too.
 */
export async function validateEstimator(
  estimator: string,
  options: ValidateOptions = {},
): Promise<Validation> {
  const kind = options.runner ?? DEFAULT_RUNNER;
  const checks = new Checks(kind);
  const submission = resolveSubmission(estimator, options.submissionDir ?? null);
  const runner = createRunner(kind, estimator, options.onLog ?? (() => {}), {
    submission,
    className: options.className ?? null,
  });
  const scratch = await Deno.makeTempDir({ prefix: "whest-validate-" });
  const releaseScratch = atInterrupt(() => Deno.removeSync(scratch, { recursive: true }));
  try {
    const label = options.label ?? estimator;
    if (await start(runner, label, submission, scratch, options.seed ?? null, checks)) {
      await predict(runner, checks);
      teardown((await runner.close()).error, checks);
    }
  } finally {
    await runner.close();
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
    releaseScratch();
  }
  return { checks: checks.finish(), outputShape: checks.outputShape };
}
