/**
 * One whole `whest run`: start the runner, build the contest (MLPs and ground truth, seeded or
 * read from `--dataset`), score every MLP, and report — the stages composed in the order the
 * data flows.
 *
 * @module
 */
import { WhestError } from "../core/errors.ts";
import { API_VERSION, WHEST_VERSION } from "../core/version.ts";
import type { RunConfig } from "../config/run_config.ts";
import { applyThreads } from "../config/threads.ts";
import { type ContestCache, seededContest } from "../contest/contest.ts";
import { defaultCacheDir, GroundTruthCache } from "../groundtruth/cache.ts";
import { contestFromDataset, type DatasetContest } from "../dataset/contest.ts";
import { selectKernels } from "../kernels/select.ts";
import { renderResults } from "../report/human.ts";
import { collectHost } from "../report/host.ts";
import { renderHtmlReport } from "../report/html.ts";
import {
  checkOutputPath,
  type JsonReport,
  REPORT_SCHEMA_VERSION,
  reportRunConfig,
  serializeReport,
  utcTimestamp,
  writeOutputFile,
} from "../report/json_report.ts";
import { PredictionArchive } from "../report/npz.ts";
import { makeProgress } from "../report/progress.ts";
import { type OpenedEstimator, openEstimator } from "../package/open.ts";
import { renderRunContext } from "../report/sections.ts";
import { colourAllowed, makeStyle } from "../report/style.ts";
import { resolveSubmission, type Submission } from "../estimator/submission.ts";
import { createRunner } from "../runner/create.ts";
import { atInterrupt } from "../runner/interrupt.ts";
import { type Runner, type SetupContext, SetupFailure } from "../contract/runner.ts";
import { aggregateResults } from "../scoring/aggregate.ts";
import { scoreContest, type ScoredContest } from "../scoring/evaluate.ts";
import { isFailed, rowStatus, type ScoringLimits } from "../scoring/score_mlp.ts";
import type { MlpResult } from "../scoring/types.ts";

const encoder = new TextEncoder();

function printEstimatorLine(line: string): void {
  Deno.stderr.writeSync(encoder.encode(`[estimator] ${line}\n`));
}

async function startRunner(
  runner: Runner,
  config: RunConfig,
  scratchDir: string,
  submission: Submission,
): Promise<void> {
  const ctx: SetupContext = {
    width: config.width,
    depth: config.depth,
    flop_budget: config.flopBudget,
    api_version: API_VERSION,
    scratch_dir: scratchDir,
    submission_dir: submission.dir,
    seed: config.seed,
  };
  try {
    await runner.start(ctx, config.setupTimeoutS);
  } catch (error) {
    if (!(error instanceof SetupFailure)) throw error;
    if (config.debug && error.traceback) console.error(error.traceback);
    throw new WhestError(`setup failed (${error.code}): ${error.message}`);
  }
}

function limitsOf(config: RunConfig): ScoringLimits {
  return {
    flopBudget: config.flopBudget,
    lambdaFlopsPerSecond: config.lambdaFlopsPerSecond,
    wallTimeLimitS: config.wallTimeLimitS,
    residualWallTimeLimitS: config.residualWallTimeLimitS,
  };
}

/** The dataset's contest (read and checked before anything runs), or null for a seeded one. */
function readDatasetContest(config: RunConfig): Promise<DatasetContest> | null {
  const selection = config.dataset;
  if (selection === null) return null;
  return contestFromDataset(selection.dir, {
    split: selection.split ?? undefined,
    limit: selection.limit ?? undefined,
  });
}

/** The configuration with what a dataset fixes: shape, samples, row count, seed, split. */
function withDatasetSettings(config: RunConfig, contest: DatasetContest | null): RunConfig {
  if (contest === null) return config;
  const { width, depth, nSamples, seed, split } = contest;
  const dataset = config.dataset && { ...config.dataset, split };
  return { ...config, width, depth, nSamples, seed, nMlps: contest.source.size, dataset };
}

/** The ground-truth cache of a seeded run (none with `--no-cache`, or with no cache directory). */
function contestCache(config: RunConfig, kernels: string): ContestCache | undefined {
  if (config.noCache || config.seed === null) return undefined;
  const dir = defaultCacheDir();
  if (dir === undefined) return undefined;
  return { store: new GroundTruthCache(dir, (line) => console.error(`whest: ${line}`)), kernels };
}

/**
 * The exit code of a finished run: 1 when an MLP raised (or, with fail-fast, failed at all),
 * else 0 — exhausting a budget is not an error.
 *
 * @param rows The scored MLPs.
 * @param failFast Whether `--fail-fast` was given.
 */
export function runExitCode(rows: readonly MlpResult[], failFast: boolean): number {
  if (rows.some((r) => r.error_code !== undefined)) return 1;
  return failFast && rows.some(isFailed) ? 1 : 0;
}

/**
 * Runs the whole job for a configuration and prints the report; resolves to the exit code.
 * A setup failure or a bad dataset throws `WhestError` (exit 1, no report).
 *
 * @param given The resolved run configuration (a dataset's settings replace its shape).
 */
export async function executeRun(given: RunConfig): Promise<number> {
  const started = new Date();
  if (given.output !== null) await checkOutputPath(given.output);
  if (given.html !== null) await checkOutputPath(given.html, "--html");
  if (given.savePredictions !== null) {
    await checkOutputPath(given.savePredictions, "--save-predictions");
  }
  // a package is checked and unpacked here; its directory is removed however the run ends
  const opened = await openEstimator(given.estimator, given.submissionDir, given.className);
  try {
    return await runOpened(given, opened, started);
  } finally {
    await opened.close();
  }
}

async function runOpened(
  given: RunConfig,
  opened: OpenedEstimator,
  started: Date,
): Promise<number> {
  const submission = resolveSubmission(opened.estimator, opened.submissionDir);
  const fromDataset = await readDatasetContest(given);
  const config = withDatasetSettings(given, fromDataset);
  const style = makeStyle(config.format === "rich" && colourAllowed());
  // before the first kernels() call: creating the backend reads the thread count
  const threads = applyThreads(config.threads);
  const kernels = selectKernels(config.kernels, threads);
  const host = collectHost(kernels.backend.name, threads);
  const runner = createRunner(config.runner, opened.estimator, printEstimatorLine, {
    className: opened.className,
    memoryLimitMb: config.memoryLimitMb,
    predictTimeoutS: config.predictTimeoutS,
    submission,
    scratchLimitMb: config.scratchLimitMb,
    blasPath: kernels.blasPath,
    lapack: kernels.lapack,
  });
  if (config.format !== "json") console.log(`${renderRunContext(config, host, style)}\n`);
  const scratchDir = await Deno.makeTempDir({ prefix: "whest-scratch-" });
  const releaseScratch = atInterrupt(() => Deno.removeSync(scratchDir, { recursive: true }));
  const progress = makeProgress(config.format, config.nMlps);
  const archive = config.savePredictions === null ? null : new PredictionArchive();
  let scored: ScoredContest;
  try {
    await startRunner(runner, config, scratchDir, submission);
    // MLP by MLP: weights, ground truth, predict, row; each released once scored
    const contest = fromDataset ? fromDataset.source : seededContest(
      config,
      (i, done, total, cached) => progress.sampling(i, done, total, cached),
      contestCache(config, kernels.backend.name),
    );
    scored = await scoreContest(contest, runner, limitsOf(config), {
      failFast: config.failFast,
      onScored: (row) => progress.scored(row.mlp_index, rowStatus(row)),
      onArrays: (i, predictions, targets) =>
        archive?.add(i, config.depth, config.width, predictions, targets),
    });
  } finally {
    progress.finish();
    await runner.close();
    await Deno.remove(scratchDir, { recursive: true }).catch(() => {});
    releaseScratch();
  }
  const finished = new Date();
  const report: JsonReport = {
    schema_version: REPORT_SCHEMA_VERSION,
    mode: config.runner,
    results: aggregateResults(scored.rows, {
      flopBudget: config.flopBudget,
      depth: config.depth,
      samplingSummaries: scored.samplingSummaries,
      samplingFromBake: fromDataset !== null,
    }),
    run_meta: {
      run_started_at_utc: utcTimestamp(started),
      run_finished_at_utc: utcTimestamp(finished),
      run_duration_s: (finished.getTime() - started.getTime()) / 1000,
      host,
    },
    run_config: reportRunConfig(config, opened, fromDataset?.provenance),
    whest_version: WHEST_VERSION,
  };
  if (config.format === "json") {
    await Deno.stdout.write(encoder.encode(serializeReport(report)));
  } else {
    console.log(renderResults(report.results, config, style));
  }
  if (config.output !== null) await writeOutputFile(config.output, serializeReport(report));
  if (config.html !== null) {
    await writeOutputFile(config.html, renderHtmlReport(report), "--html");
  }
  if (archive !== null && config.savePredictions !== null) {
    await archive.write(config.savePredictions);
  }
  return runExitCode(scored.rows, config.failFast);
}
