/**
 * `whest validate`'s checks (reference-behaviour §5): load the estimator, run its setup within
 * 5 s, call predict on a random 4×2 MLP with budget 100 and no budget active, check the
 * shape and finiteness of what it returned, and run teardown.
 *
 * @module
 */
import { API_VERSION } from "../cli/version.ts";
import { sampleMlp } from "../contest/mlp.ts";
import { contestSeeds } from "../contest/seeding.ts";
import type { MlpSpec } from "../contest/types.ts";
import { EstimatorLoadError } from "../estimator/errors.ts";
import { runSetup, runTeardown } from "../estimator/executor.ts";
import { type LoadedEstimator, loadEstimator } from "../estimator/loader.ts";
import { makeMlp } from "../estimator/mlp.ts";
import { toRawPredictions } from "../estimator/predictions.ts";
import { resolveEstimator } from "../estimator/source.ts";
import { resolveSubmission } from "../estimator/submission.ts";
import { cleanTraceback, describeError } from "../estimator/traceback.ts";
import type { RawPredictions } from "../runner/types.ts";
import { SetupFailure } from "../runner/types.ts";
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

const CHECKS = ["load", "setup", "predict", "shape", "finite", "teardown"] as const;

function randomMlp(): MlpSpec {
  const [streams] = contestSeeds(null, 1);
  const seed = crypto.getRandomValues(new Uint32Array(1))[0];
  const { width, depth } = VALIDATE_SETTINGS;
  return sampleMlp(width, depth, streams.weightRng, "validate-mlp", seed);
}

function load(estimator: string): LoadedEstimator {
  return loadEstimator(resolveEstimator(estimator));
}

async function setup(
  loaded: LoadedEstimator,
  submissionDir: string,
  scratch: string,
): Promise<string> {
  const started = performance.now();
  await runSetup(loaded, {
    width: VALIDATE_SETTINGS.width,
    depth: VALIDATE_SETTINGS.depth,
    flop_budget: VALIDATE_SETTINGS.flopBudget,
    api_version: API_VERSION,
    scratch_dir: scratch,
    submission_dir: submissionDir,
    seed: null,
  }, VALIDATE_SETTINGS.setupTimeoutS);
  return `finished in ${((performance.now() - started) / 1000).toFixed(3)} s`;
}

/** The predictions, or the one-line reason they cannot be read as an array. */
function predict(loaded: LoadedEstimator): RawPredictions | string {
  const spec = randomMlp();
  const value = loaded.instance.predict(makeMlp(spec), VALIDATE_SETTINGS.flopBudget);
  const converted = toRawPredictions(value, spec.depth * spec.width);
  return converted.error ? converted.error.message : converted.predictions;
}

function tracebackOf(error: unknown): string | undefined {
  if (error instanceof SetupFailure || error instanceof EstimatorLoadError) return error.traceback;
  return cleanTraceback(error);
}

/**
 * Runs every check in order; after a failure the checks that depend on it are skipped
 * (teardown still runs once the estimator loaded).
 *
 * @example
 * ```ts
 * import { validateEstimator } from "./validate_estimator.ts";
 * const checks = await validateEstimator("zeros");
 * // checks.every((c) => c.status === "pass")
 * ```
 * @param estimator A built-in name or an estimator file path.
 * @param onLog Receives the estimator's console output.
 * @param submissionDir `ctx.submission_dir`; default as `whest run` gives it without
 *   `--submission-dir` (`resolveSubmission`).
 */
export async function validateEstimator(
  estimator: string,
  onLog: (line: string) => void = () => {},
  submissionDir: string = resolveSubmission(estimator, null).dir,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const pass = (check: string, detail: string) => results.push({ check, status: "pass", detail });
  const fail = (check: string, error: unknown, traceback = tracebackOf(error)) => {
    const detail = typeof error === "string" ||
        error instanceof EstimatorLoadError || error instanceof SetupFailure
      ? String(error instanceof Error ? error.message : error)
      : describeError(error);
    results.push(
      traceback === undefined
        ? { check, status: "fail", detail }
        : { check, status: "fail", detail, traceback },
    );
  };
  let loaded: LoadedEstimator;
  try {
    loaded = load(estimator);
    pass("load", `${loaded.filename} exports a valid estimator`);
  } catch (error) {
    fail("load", error);
    return finish(results);
  }
  const scratch = await Deno.makeTempDir({ prefix: "whest-validate-" });
  try {
    await checkAfterLoad(loaded, submissionDir, scratch, pass, fail);
  } finally {
    const { logs, error } = await runTeardown(loaded);
    [...loaded.drainLogs(), ...logs].forEach(onLog);
    if (error) fail("teardown", error.message, error.traceback);
    else pass("teardown", "ok");
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
  return finish(results);
}

async function checkAfterLoad(
  loaded: LoadedEstimator,
  submissionDir: string,
  scratch: string,
  pass: (check: string, detail: string) => void,
  fail: (check: string, error: unknown, traceback?: string) => void,
): Promise<void> {
  try {
    pass("setup", await setup(loaded, submissionDir, scratch));
  } catch (error) {
    fail("setup", error);
    return;
  }
  let raw: RawPredictions | string;
  try {
    raw = predict(loaded);
  } catch (error) {
    fail("predict", error);
    return;
  }
  if (typeof raw === "string") {
    fail("predict", raw);
    return;
  }
  pass("predict", `returned shape (${raw.shape.join(", ")}) with no budget active`);
  const { depth, width } = VALIDATE_SETTINGS;
  const checked = checkPredictions(raw, depth, width);
  if (!checked.ok && checked.failure.code === "ESTIMATOR_BAD_SHAPE") {
    fail("shape", checked.failure.message);
    return;
  }
  pass("shape", `(${depth}, ${width}) as expected`);
  if (checked.ok) pass("finite", "every value is finite after the float32 cast");
  else fail("finite", checked.failure.message);
}

function finish(results: CheckResult[]): CheckResult[] {
  const done = new Set(results.map((r) => r.check));
  const ordered = CHECKS.flatMap((check) =>
    results.filter((r) => r.check === check).concat(
      done.has(check) ? [] : [{ check, status: "skipped", detail: "an earlier check failed" }],
    )
  );
  return ordered;
}
