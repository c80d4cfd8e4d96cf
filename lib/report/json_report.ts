/**
 * The JSON report of a run (schema 1.1, reference-behaviour §4) and the atomic write of any
 * command's `--output` file.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "@std/path";
import { UsageError, WhestError } from "../core/errors.ts";
import type { DatasetProvenance } from "../dataset/contest.ts";
import type { RunConfig } from "../config/run_config.ts";
import type { RunResults } from "../scoring/types.ts";
import type { HostInfo } from "./host.ts";

/** The report schema version this program writes. */
export const REPORT_SCHEMA_VERSION = "1.2";

/** `run_config`: the settings the run was scored under. */
export interface ReportRunConfig {
  /** MLPs scored. */
  n_mlps: number;
  /** Width n of every MLP. */
  width: number;
  /** Depth d of every MLP. */
  depth: number;
  /** The contest seed, or null when the run drew fresh OS entropy. */
  seed: number | null;
  /** FLOP budget B of one predict. */
  flop_budget: number;
  /** Cap on load + construct + `setup()`, in seconds. */
  setup_timeout_s: number;
  /** Cap on one predict's wall time, in seconds. */
  wall_time_limit_s: number;
  /** null when the residual cap was disabled. */
  residual_wall_time_limit_s: number | null;
  /** λ, the FLOPs charged per second of residual wall time in C = F + λ·R. */
  lambda_flops_per_second: number;
  /** Monte Carlo samples per MLP (whest addition: the ground truth's provenance). */
  n_samples: number;
  /** The estimator as given to --estimator (whest addition). */
  estimator: string;
  /**
   * SHA-256 of what was scored: the package file, the estimator file, or a built-in's source
   * text; null when it could not be read (whest addition).
   */
  estimator_sha256: string | null;
  /** `--class NAME` (or a package's recorded export); null for the default export. */
  class_name: string | null;
  /** The round preset applied, if any (whest addition). */
  round: string | null;
  /** Present only when the MLPs and ground truth came from a dataset (--dataset). */
  dataset?: DatasetProvenance;
}

/** `run_meta`: when and where the run happened. */
export interface RunMeta {
  /** When the run started, as a UTC timestamp (see {@linkcode utcTimestamp}). */
  run_started_at_utc: string;
  /** When the run finished, as a UTC timestamp. */
  run_finished_at_utc: string;
  /** Wall-clock length of the run, in seconds. */
  run_duration_s: number;
  /** The machine the run ran on. */
  host: HostInfo;
}

/** The whole JSON report. */
export interface JsonReport {
  /** The report schema version ({@linkcode REPORT_SCHEMA_VERSION}). */
  schema_version: string;
  /** The runner that hosted the estimator: "local" or "subprocess". */
  mode: string;
  /** The scored results: aggregates and one row per MLP. */
  results: RunResults;
  /** When and where the run happened. */
  run_meta: RunMeta;
  /** The settings the run was scored under. */
  run_config: ReportRunConfig;
  /** The whest that wrote the report (where whestbench writes `whestbench_version`). */
  whest_version: string;
}

/**
 * `run_config` from the run's configuration.
 *
 * @param config The resolved run configuration.
 * @param scored What was scored: its SHA-256 and the export used.
 * @param dataset Provenance when the MLPs came from a dataset.
 */
export function reportRunConfig(
  config: RunConfig,
  scored: { readonly sha256: string | null; readonly className: string | null },
  dataset?: DatasetProvenance,
): ReportRunConfig {
  return {
    n_mlps: config.nMlps,
    width: config.width,
    depth: config.depth,
    seed: config.seed,
    flop_budget: config.flopBudget,
    setup_timeout_s: config.setupTimeoutS,
    wall_time_limit_s: config.wallTimeLimitS,
    residual_wall_time_limit_s: config.residualWallTimeLimitS,
    lambda_flops_per_second: config.lambdaFlopsPerSecond,
    n_samples: config.nSamples,
    estimator: config.estimator,
    estimator_sha256: scored.sha256,
    class_name: scored.className,
    round: config.round,
    ...(dataset ? { dataset } : {}),
  };
}

/**
 * A UTC timestamp in the reference's form (`2026-06-15T22:19:28.040+00:00`).
 *
 * @param date The moment.
 */
export function utcTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/**
 * Serialises a report: two-space indented JSON with a final newline.
 *
 * @param report The report.
 */
export function serializeReport(report: JsonReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Writes `text` to `path` atomically: a temporary file in the same directory, then a rename,
 * so a reader never sees half a report.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "./json_report.ts";
 * const path = `${await Deno.makeTempDir()}/report.json`;
 * await writeFileAtomic(path, "{}\n");
 * await Deno.remove(path);
 * ```
 * @param path Destination file.
 * @param text Contents.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${crypto.randomUUID()}.tmp`);
  try {
    await Deno.writeTextFile(temp, text);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}

/**
 * Checks an `--output` path before any work: a report that cannot be written should fail the
 * command before the sampling, not after it.
 *
 * @example
 * ```ts
 * import { checkOutputPath } from "./json_report.ts";
 * await checkOutputPath(`${await Deno.makeTempDir()}/report.json`); // resolves
 * ```
 * @param path The `--output` value.
 * @param flag The flag named in the message (`--output`, `--html`).
 * @throws {UsageError} For an empty name, a missing directory, or a path that is a directory.
 */
export async function checkOutputPath(path: string, flag = "--output"): Promise<void> {
  if (path.trim() === "") throw new UsageError(`${flag} needs a file name, got ''`);
  const dir = dirname(resolve(path));
  const parent = await Deno.stat(dir).catch(() => null);
  if (!parent?.isDirectory) {
    throw new UsageError(`${flag}: directory '${dir}' does not exist (given '${path}')`);
  }
  if ((await Deno.stat(path).catch(() => null))?.isDirectory) {
    throw new UsageError(`${flag}: '${path}' is a directory; give a file name`);
  }
}

/**
 * Writes an `--output` file atomically ({@link writeFileAtomic}).
 *
 * @param path The `--output` value.
 * @param text Contents.
 * @param flag The flag named in the message (`--output`, `--html`).
 * @throws {WhestError} When the file cannot be written, naming the path and the reason.
 */
export async function writeOutputFile(
  path: string,
  text: string,
  flag = "--output",
): Promise<void> {
  try {
    await writeFileAtomic(path, text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WhestError(`${flag}: cannot write the report to '${path}': ${reason}`);
  }
}
