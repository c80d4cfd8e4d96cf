/**
 * The run configuration of `whest run`: the reference's flags and defaults, round presets
 * that explicit flags override, and validation that names the offending flag.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import { parseFlags } from "./flags.ts";
import { isRoundTag, ROUND_TAGS, type RoundPreset, ROUNDS, type RoundTag } from "./rounds.ts";
import { parseThreadCount } from "./threads.ts";
import { isKernelChoice, KERNEL_CHOICES, type KernelChoice } from "../kernels/select.ts";
import {
  parseFlopBudget,
  parseNonNegativeInteger,
  parseNonNegativeNumber,
  parsePositiveInteger,
  parsePositiveNumber,
} from "./values.ts";

/** How the report is shown: rich (colour, live bars), plain (same sections), or JSON only. */
export type ReportFormat = "rich" | "plain" | "json";

/** `--detail`: how much the human report shows per MLP (whestbench's names). */
export type ReportDetail = "raw" | "full";

/** Which runner hosts the estimator. */
export type RunnerKind = "local" | "subprocess";

/** The runner used when `--runner` is not given. */
export const DEFAULT_RUNNER: RunnerKind = "subprocess";

/** The subprocess worker's memory cap when `--memory-limit-mb` is not given (reference §5). */
export const DEFAULT_MEMORY_LIMIT_MB = 8192;

/** The scratch directory's quota when `--scratch-limit-mb` is not given: 1 GiB. */
export const DEFAULT_SCRATCH_LIMIT_MB = 1024;

/** Where `--dataset` points: the MLPs and ground truth come from this split's rows. */
export interface DatasetSelection {
  /** The dataset directory (metadata.json and data/). */
  readonly dir: string;
  /** `--split`, or null for the dataset's default split. */
  readonly split: string | null;
  /** `--n-mlps K`: score only the first K rows; null for every row. */
  readonly limit: number | null;
}

/** Everything a run needs, after defaults, the round preset and explicit flags are applied. */
export interface RunConfig {
  /** Estimator file path, a package (`.tar.gz`, from `whest package`), or a built-in's name. */
  readonly estimator: string;
  /** `--class NAME`: the export to use, or null for the default export (or a package's own). */
  readonly className: string | null;
  /** `--save-predictions FILE`: an `.npz` of every MLP's predictions and targets, or null. */
  readonly savePredictions: string | null;
  /** Runner hosting the estimator. */
  readonly runner: RunnerKind;
  /** Number of MLPs in the contest. */
  readonly nMlps: number;
  /** Monte Carlo samples per MLP for the ground truth. */
  readonly nSamples: number;
  /** Width n. */
  readonly width: number;
  /** Depth d. */
  readonly depth: number;
  /** FLOP budget B per MLP. */
  readonly flopBudget: number;
  /** λ: FLOPs charged per second of residual wall time. */
  readonly lambdaFlopsPerSecond: number;
  /** Wall-time cap of one predict, in seconds. */
  readonly wallTimeLimitS: number;
  /** Cap on load + construct + setup, in seconds. */
  readonly setupTimeoutS: number;
  /** Residual wall-time cap in seconds, or null when disabled. */
  readonly residualWallTimeLimitS: number | null;
  /** Contest seed, or null for fresh OS entropy. */
  readonly seed: number | null;
  /** The round whose settings were applied, if any. */
  readonly round: RoundTag | null;
  /** Report format on stdout. */
  readonly format: ReportFormat;
  /** Path the JSON report is also written to, if any. */
  readonly output: string | null;
  /** `--html FILE`: path the self-contained HTML report is written to, if any. */
  readonly html: string | null;
  /** `--detail`: `full` adds each MLP's per-layer MSEs and time buckets to the human report. */
  readonly detail: ReportDetail;
  /** `--profile`: the human report adds each MLP's estimator FLOPs by namespace and op. */
  readonly profile: boolean;
  /** Show stack traces of estimator errors and internal failures. */
  readonly debug: boolean;
  /** Stop at the first failed MLP (exit 1). */
  readonly failFast: boolean;
  /** Subprocess runner: the worker's memory cap in MB. */
  readonly memoryLimitMb: number;
  /** Subprocess runner: host wait for a predict reply in seconds, or null for max(30, wall + 5). */
  readonly predictTimeoutS: number | null;
  /** Subprocess runner: the scratch directory's quota in MB. */
  readonly scratchLimitMb: number;
  /** `--submission-dir`: the directory the estimator may read, or null for its file alone. */
  readonly submissionDir: string | null;
  /** Kernel threads (host and worker), or null for WHEST_THREADS, else every core. */
  readonly threads: number | null;
  /** `--kernels`: the kernel backend (auto: BLAS when found, else WASM SIMD, else JS). */
  readonly kernels: KernelChoice;
  /** `--no-cache`: neither read nor keep seeded ground truth in the user's cache. */
  readonly noCache: boolean;
  /**
   * `--dataset`: score on a dataset's rows instead of a seeded contest, or null. Width, depth,
   * samples, MLP count and seed above are then placeholders the dataset replaces.
   */
  readonly dataset: DatasetSelection | null;
}

/** The reference's defaults for a run without `--round`. */
export const RUN_DEFAULTS: RoundPreset & {
  readonly nMlps: number;
  readonly setupTimeoutS: number;
} = {
  nMlps: 10,
  nSamples: 200_000,
  width: 1024,
  depth: 16,
  flopBudget: 2 ** 41,
  lambdaFlopsPerSecond: 0,
  wallTimeLimitS: 120,
  setupTimeoutS: 5,
  residualWallTimeLimitS: 0.4,
};

/** The flags `whest run` accepts. */
export const RUN_FLAGS = {
  "estimator": "string",
  "class": "string",
  "save-predictions": "string",
  "runner": "string",
  "n-mlps": "string",
  "n-samples": "string",
  "width": "string",
  "depth": "string",
  "flop-budget": "string",
  "lambda-flops-per-second": "string",
  "wall-time-limit": "string",
  "setup-timeout": "string",
  "residual-wall-time-limit": "string",
  "no-residual-wall-time-limit": "boolean",
  "seed": "string",
  "round": "string",
  "format": "string",
  "json": "boolean",
  "output": "string",
  "html": "string",
  "detail": "string",
  "profile": "boolean",
  "debug": "boolean",
  "fail-fast": "boolean",
  "memory-limit-mb": "string",
  "predict-timeout": "string",
  "scratch-limit-mb": "string",
  "submission-dir": "string",
  "threads": "string",
  "max-threads": "string",
  "kernels": "string",
  "no-cache": "boolean",
  "dataset": "string",
  "split": "string",
} as const;

/** Usage text of `whest run`. */
export const RUN_USAGE = `usage: whest run --estimator PATH|NAME [options]

  --estimator PATH|NAME          estimator file, a package from 'whest package' (.tar.gz), or
                                 a built-in name (e.g. mean_propagation)
  --class NAME                   the export to use (default: the default export, or the
                                 package's recorded export)
  --runner local|subprocess      where the estimator runs (default ${DEFAULT_RUNNER}); whestbench's
                                 inprocess and server are local and subprocess
  --n-mlps N                     MLPs in the contest (default 10)
  --n-samples N                  Monte Carlo samples per MLP (default 200000)
  --width N / --depth N          MLP shape (default 1024 x 16)
  --flop-budget B                FLOPs per MLP: 2^41, 2.72e11 or an integer (default 2^41)
  --lambda-flops-per-second L    FLOPs charged per residual second (default 0)
  --wall-time-limit S            seconds per predict (default 120)
  --setup-timeout S              seconds for load + setup (default 5)
  --residual-wall-time-limit S   residual seconds per predict (default 0.4)
  --no-residual-wall-time-limit  disable the residual cap
  --seed S                       contest seed (default: fresh entropy). setup receives S, so an
                                 estimator could regenerate the inputs: graded runs use fresh
                                 entropy or a dataset whose seeds are unknown
  --round ${ROUND_TAGS.join("|")}
                                 apply a round's settings; explicit flags override
  --format rich|plain|json       report style (default rich on a terminal, else plain)
  --json                         same as --format json
  --output FILE                  also write the JSON report to FILE
  --html FILE                    also write a self-contained HTML report (charts) to FILE
  --detail raw|full              human report: full adds each MLP's per-layer MSEs and time
                                 buckets (default raw; the JSON report is the same either way)
  --profile                      human report: add each MLP's estimator FLOPs by namespace and op
  --save-predictions FILE        write every MLP's predictions and targets to FILE (.npz:
                                 mlp_<i>_predictions, mlp_<i>_targets, each (depth, width))
  --fail-fast                    stop at the first failed MLP
  --memory-limit-mb MB           subprocess worker memory cap (default ${DEFAULT_MEMORY_LIMIT_MB})
  --predict-timeout S            subprocess: kill a predict after S s (default max(30, wall + 5))
  --scratch-limit-mb MB          subprocess: what the estimator may store in its scratch
                                 directory (default ${DEFAULT_SCRATCH_LIMIT_MB})
  --submission-dir DIR           the directory holding the estimator and the files it ships: it
                                 may read all of it (default: its own file only; never / or $HOME)
  --threads N                    kernel threads (default WHEST_THREADS, else all cores);
                                 --max-threads N is the official evaluator's name for it
  --kernels auto|blas|wasm|js    kernel backend (default auto: a system BLAS when found and
                                 ffi is allowed, else WASM SIMD, else JS)
  --no-cache                     recompute a seeded run's ground truth instead of reading it
                                 from (and keeping it in) the user's cache directory
  --dataset DIR                  score on an official dataset's MLPs and stored ground truth
                                 (its width, depth, samples and seed; --n-mlps K: first K rows)
  --split NAME                   the dataset split (default: its default split)
  --debug                        show stack traces`;

/** Parsed flags: a value, or `true` for a boolean flag given. */
export type Values = Readonly<Record<string, string | true>>;

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * Reads `--format` and `--json` (every command that reports takes both): `--json` is
 * `--format json`, and the default is rich on a terminal, else plain.
 *
 * @param values The parsed flags.
 * @param isTerminal Whether stdout is a terminal.
 * @throws {UsageError} For an unknown format, or `--json` with another `--format`.
 */
export function chooseFormat(values: Values, isTerminal: boolean): ReportFormat {
  const format = text(values, "format");
  if (format !== undefined && format !== "rich" && format !== "plain" && format !== "json") {
    throw new UsageError(`--format must be rich, plain or json, got '${format}'`);
  }
  if (values.json === true) {
    if (format !== undefined && format !== "json") {
      throw new UsageError(`--json conflicts with --format ${format}`);
    }
    return "json";
  }
  return format ?? (isTerminal ? "rich" : "plain");
}

/**
 * Reads `--detail`.
 *
 * @param value The flag's value, or undefined for `raw`.
 * @throws {UsageError} For anything but raw or full.
 */
export function parseDetail(value: string | undefined): ReportDetail {
  const detail = value ?? "raw";
  if (detail !== "raw" && detail !== "full") {
    throw new UsageError(`--detail must be raw or full, got '${detail}'`);
  }
  return detail;
}

function chooseRunner(values: Values): RunnerKind {
  return parseRunner(text(values, "runner"));
}

/** `--threads`, or the official `--max-threads`; both with different values is a usage error. */
function threadsFlag(values: Values): string | undefined {
  const threads = text(values, "threads");
  const maxThreads = text(values, "max-threads");
  if (threads !== undefined && maxThreads !== undefined && threads !== maxThreads) {
    throw new UsageError(`--threads ${threads} and --max-threads ${maxThreads} disagree; give one`);
  }
  return threads ?? maxThreads;
}

/**
 * Reads `--kernels`.
 *
 * @param value The flag's value, or undefined for `auto`.
 * @throws {UsageError} For anything but auto, blas, wasm or js.
 */
export function parseKernelChoice(value: string | undefined): KernelChoice {
  const choice = value ?? "auto";
  if (!isKernelChoice(choice)) {
    throw new UsageError(`--kernels must be ${KERNEL_CHOICES.join(", ")}, got '${choice}'`);
  }
  return choice;
}

/** whestbench's other names for the runners: `inprocess` is `local`, `server` is `subprocess`. */
const RUNNER_ALIASES: Readonly<Record<string, RunnerKind>> = {
  local: "local",
  inprocess: "local",
  subprocess: "subprocess",
  server: "subprocess",
};

/**
 * Reads `--runner`, with whestbench's aliases (`inprocess` for local, `server` for subprocess).
 *
 * @example
 * ```ts
 * import { parseRunner } from "./run_config.ts";
 * parseRunner("server"); // "subprocess"
 * ```
 * @param value The flag's value, or undefined for the default (`subprocess`).
 * @throws {UsageError} For anything but local, subprocess, inprocess or server.
 */
export function parseRunner(value: string | undefined): RunnerKind {
  const runner = value ?? DEFAULT_RUNNER;
  const kind = Object.hasOwn(RUNNER_ALIASES, runner) ? RUNNER_ALIASES[runner] : undefined;
  if (kind === undefined) {
    throw new UsageError(
      `--runner must be local or subprocess (or whestbench's inprocess, server), got '${runner}'`,
    );
  }
  return kind;
}

function chooseRound(values: Values): RoundTag | null {
  const round = text(values, "round");
  if (round === undefined) return null;
  if (!isRoundTag(round)) {
    throw new UsageError(`--round must be one of ${ROUND_TAGS.join(", ")}, got '${round}'`);
  }
  return round;
}

function residualLimit(values: Values, preset: RoundPreset): number | null {
  const given = text(values, "residual-wall-time-limit");
  if (values["no-residual-wall-time-limit"] === true) {
    if (given !== undefined) {
      throw new UsageError(
        `--no-residual-wall-time-limit conflicts with --residual-wall-time-limit ${given}`,
      );
    }
    return null;
  }
  return given === undefined
    ? preset.residualWallTimeLimitS
    : parsePositiveNumber("--residual-wall-time-limit", given);
}

function numberFlag(
  values: Values,
  name: string,
  parse: (flag: string, text: string) => number,
  fallback: number,
): number {
  const given = text(values, name);
  return given === undefined ? fallback : parse(`--${name}`, given);
}

// The dataset fixes these; only --n-mlps combines with --dataset (it takes the first K rows).
const DATASET_FIXED_FLAGS = ["width", "depth", "n-samples", "seed"] as const;

function chooseDataset(values: Values): DatasetSelection | null {
  const dir = text(values, "dataset");
  const split = text(values, "split");
  if (dir === undefined) {
    if (split !== undefined) throw new UsageError(`--split ${split} needs --dataset DIR`);
    return null;
  }
  if (dir.trim() === "") throw new UsageError("--dataset needs a directory, got ''");
  for (const flag of DATASET_FIXED_FLAGS) {
    const given = text(values, flag);
    if (given !== undefined) {
      throw new UsageError(
        `--${flag} ${given} conflicts with --dataset: the dataset fixes width, depth, samples and seed`,
      );
    }
  }
  if (split !== undefined && split.trim() === "") {
    throw new UsageError("--split needs a split name, got ''");
  }
  const limit = text(values, "n-mlps");
  return {
    dir,
    split: split ?? null,
    limit: limit === undefined ? null : parsePositiveInteger("--n-mlps", limit),
  };
}

/**
 * Parses `whest run`'s arguments into a {@link RunConfig}: reference defaults, then the
 * `--round` preset, then each explicit flag.
 *
 * @example
 * ```ts
 * import { parseRunConfig } from "./run_config.ts";
 * const config = parseRunConfig(["--estimator", "mean_propagation", "--round", "v1-warmup", "--n-samples", "1e5"], false);
 * // config.width === 256, config.nSamples === 100000, config.format === "plain"
 * ```
 * @param args The arguments after `run`.
 * @param isTerminal Whether stdout is a terminal (chooses rich or plain by default).
 */
export function parseRunConfig(args: readonly string[], isTerminal: boolean): RunConfig {
  const { values, positionals } = parseFlags("run", args, RUN_FLAGS, "see 'whest help run'");
  if (positionals.length > 0) {
    throw new UsageError(`run: unexpected argument '${positionals[0]}'`, "see 'whest help run'");
  }
  const estimator = text(values, "estimator");
  if (estimator === undefined || estimator.trim() === "") {
    throw new UsageError(
      "run: --estimator is required",
      "e.g. whest run --estimator mean_propagation",
    );
  }
  const className = text(values, "class");
  if (className !== undefined && !/^[A-Za-z_$][\w$]*$/.test(className)) {
    throw new UsageError(`--class must be an export name, got '${className}'`);
  }
  const savePredictions = text(values, "save-predictions");
  if (savePredictions !== undefined && savePredictions.trim() === "") {
    throw new UsageError("--save-predictions needs a file name, got ''");
  }
  const round = chooseRound(values);
  const preset: RoundPreset = round === null ? RUN_DEFAULTS : ROUNDS[round];
  const seed = text(values, "seed");
  const predictTimeout = text(values, "predict-timeout");
  const threads = threadsFlag(values);
  return {
    estimator,
    className: className ?? null,
    savePredictions: savePredictions ?? null,
    runner: chooseRunner(values),
    nMlps: numberFlag(values, "n-mlps", parsePositiveInteger, RUN_DEFAULTS.nMlps),
    nSamples: numberFlag(values, "n-samples", parsePositiveInteger, preset.nSamples),
    width: numberFlag(values, "width", parsePositiveInteger, preset.width),
    depth: numberFlag(values, "depth", parsePositiveInteger, preset.depth),
    flopBudget: numberFlag(values, "flop-budget", parseFlopBudget, preset.flopBudget),
    lambdaFlopsPerSecond: numberFlag(
      values,
      "lambda-flops-per-second",
      parseNonNegativeNumber,
      preset.lambdaFlopsPerSecond,
    ),
    wallTimeLimitS: numberFlag(
      values,
      "wall-time-limit",
      parsePositiveNumber,
      preset.wallTimeLimitS,
    ),
    setupTimeoutS: numberFlag(
      values,
      "setup-timeout",
      parsePositiveNumber,
      RUN_DEFAULTS.setupTimeoutS,
    ),
    residualWallTimeLimitS: residualLimit(values, preset),
    seed: seed === undefined ? null : parseNonNegativeInteger("--seed", seed),
    round,
    format: chooseFormat(values, isTerminal),
    output: text(values, "output") ?? null,
    html: text(values, "html") ?? null,
    detail: parseDetail(text(values, "detail")),
    profile: values.profile === true,
    debug: values.debug === true,
    failFast: values["fail-fast"] === true,
    memoryLimitMb: numberFlag(
      values,
      "memory-limit-mb",
      parsePositiveInteger,
      DEFAULT_MEMORY_LIMIT_MB,
    ),
    predictTimeoutS: predictTimeout === undefined
      ? null
      : parsePositiveNumber("--predict-timeout", predictTimeout),
    scratchLimitMb: numberFlag(
      values,
      "scratch-limit-mb",
      parsePositiveInteger,
      DEFAULT_SCRATCH_LIMIT_MB,
    ),
    submissionDir: text(values, "submission-dir") ?? null,
    threads: threads === undefined ? null : parseThreadCount("--threads", threads),
    kernels: parseKernelChoice(text(values, "kernels")),
    noCache: values["no-cache"] === true,
    dataset: chooseDataset(values),
  };
}
