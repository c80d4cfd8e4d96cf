/**
 * A contest read from an official dataset (reference-behaviour §7) instead of generated: the
 * split's rows give the MLPs and their stored ground truth, so nothing is sampled.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { join, resolve } from "@std/path";
import { UsageError, WhestError } from "../core/errors.ts";
import { type DatasetRow, openDataset } from "./read.ts";
import { listShards } from "./shards.ts";
import type { BreakdownSummary, NamespaceBreakdown } from "../budget/summary.ts";
import type { ContestSource } from "../contract/contest.ts";
import type { MlpSpec } from "../contract/mlp.ts";

/** Where a contest came from when it was read from a dataset. */
export interface DatasetProvenance {
  /** The dataset directory, absolute (as whestbench writes it). */
  path: string;
  /** Hex SHA-256 of metadata.json's bytes, as whestbench writes it. */
  sha256: string;
  /** The split's generation seed from metadata.json, or null when it records none. */
  seed: number | null;
  /**
   * The split's row count as metadata.json gives it, as whestbench writes it; null where it
   * does not say (the rows scored are `run_config.n_mlps`).
   */
  n_mlps: number | null;
  /**
   * Hex SHA-256 over metadata.json's bytes then the split's shard files' bytes, in order, so
   * it names the data scored too (whest addition).
   */
  data_sha256: string;
}

/** Options of {@link contestFromDataset}. */
export interface DatasetContestOptions {
  /** The split to read; default the dataset's default split. */
  readonly split?: string;
  /** Score only the first this many rows; default every row. */
  readonly limit?: number;
}

/** A dataset's contest plus the settings the dataset fixes and where it came from. */
export interface DatasetContest {
  /**
   * The rows to score, read again one at a time (row i + 1 with row i, so the next MLP can be
   * staged): the run holds two rows whatever the split's size.
   */
  readonly source: ContestSource;
  /** The split that was read. */
  readonly split: string;
  /** Width n, from metadata.json. */
  readonly width: number;
  /** Depth d, from metadata.json. */
  readonly depth: number;
  /** Monte Carlo samples behind the stored ground truth, from metadata.json. */
  readonly nSamples: number;
  /** The split's `seed` in metadata.json, or null where it names none. */
  readonly seed: number | null;
  /** `run_config.dataset` of the report. */
  readonly provenance: DatasetProvenance;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function allNumbers(obj: Json, keys: readonly string[]): boolean {
  return keys.every((key) => typeof obj[key] === "number");
}

const TIMES = ["calls", "flopscope_backend_time_s", "flopscope_overhead_time_s"] as const;

const SUMMARY_NUMBERS = [
  "flop_budget",
  "flops_used",
  "flops_remaining",
  "wall_time_s",
  "flopscope_backend_time_s",
  "flopscope_overhead_time_s",
  "residual_wall_time_s",
] as const;

/**
 * A row's `sampling_budget_breakdown` (whestbench's normalised summary: the totals, the four
 * times and `by_namespace`) when it has that shape: those seven numbers, and every namespace
 * with `flops_used`, calls, both times and operations of `flop_cost`, calls and both times, all
 * numbers; else null, so a foreign or partial breakdown never reaches the report half-read.
 *
 * @param value The parsed column, or null where the row has none.
 */
export function samplingSummaryOf(value: unknown): BreakdownSummary | null {
  if (!isObject(value) || !allNumbers(value, SUMMARY_NUMBERS)) return null;
  if (!isObject(value.by_namespace)) return null;
  const breakdown: NamespaceBreakdown = {};
  for (const [label, totals] of Object.entries(value.by_namespace)) {
    if (!isObject(totals) || !allNumbers(totals, ["flops_used", ...TIMES])) return null;
    if (!isObject(totals.operations)) return null;
    // only our fields are copied: a foreign dataset's extra keys never reach the report
    const operations: NamespaceBreakdown[string]["operations"] = {};
    for (const [name, op] of Object.entries(totals.operations)) {
      if (!isObject(op) || !allNumbers(op, ["flop_cost", ...TIMES])) return null;
      operations[name] = {
        flop_cost: op.flop_cost as number,
        calls: op.calls as number,
        flopscope_backend_time_s: op.flopscope_backend_time_s as number,
        flopscope_overhead_time_s: op.flopscope_overhead_time_s as number,
      };
    }
    breakdown[label] = {
      flops_used: totals.flops_used as number,
      calls: totals.calls as number,
      flopscope_backend_time_s: totals.flopscope_backend_time_s as number,
      flopscope_overhead_time_s: totals.flopscope_overhead_time_s as number,
      operations,
    };
  }
  const number = (key: typeof SUMMARY_NUMBERS[number]) => value[key] as number;
  return {
    flop_budget: number("flop_budget"),
    flops_used: number("flops_used"),
    flops_remaining: number("flops_remaining"),
    wall_time_s: number("wall_time_s"),
    flopscope_backend_time_s: number("flopscope_backend_time_s"),
    flopscope_overhead_time_s: number("flopscope_overhead_time_s"),
    residual_wall_time_s: number("residual_wall_time_s"),
    by_namespace: breakdown,
  };
}

/** The split's `seed` (top level for a single-split dataset, `splits[split]` otherwise). */
function splitSeed(raw: Json, split: string, file: string): number | null {
  const holder = isObject(raw.splits) ? raw.splits[split] : raw;
  const seed = isObject(holder) ? holder.seed : undefined;
  if (seed === undefined || seed === null) return null;
  if (!Number.isSafeInteger(seed) || (seed as number) < 0) {
    throw new WhestError(
      `${file}: split '${split}' seed must be a non-negative integer, got ${JSON.stringify(seed)}`,
    );
  }
  return seed as number;
}

/**
 * SHA-256 of the files' bytes, in order, hashed as one stream (names do not count).
 */
async function filesSha256(files: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const path of files) {
    try {
      using file = await Deno.open(path);
      for await (const chunk of file.readable) hash.update(chunk);
    } catch (err) {
      throw new WhestError(`${path}: cannot read for hashing: ${(err as Error).message}`);
    }
  }
  return hash.digest("hex");
}

/** A row as a plain MlpSpec: the row's extra columns have no business in the runner's messages. */
function specOf({ name, width, depth, weights, seed }: DatasetRow): MlpSpec {
  return { name, width, depth, weights, seed };
}

/**
 * The first `size` rows of a split as a {@link ContestSource}, read in order as they are asked
 * for: `entry(i)` also reads row i + 1, for `spec(i + 1)`; `release(i)` forgets row i.
 */
function streamedRows(dir: string, split: string, size: number): ContestSource {
  let stream: AsyncGenerator<DatasetRow> | null = null;
  const held = new Map<number, DatasetRow>();
  let read = 0;
  const readThrough = async (last: number) => {
    stream ??= (await openDataset(dir, { split })).rows;
    while (read <= last) {
      const next = await stream.next();
      if (next.done) throw new WhestError(`dataset '${dir}': split '${split}' changed while read`);
      held.set(read++, next.value);
    }
    if (read === size) await stream.return(undefined);
  };
  const row = (i: number): DatasetRow => {
    const found = held.get(i);
    if (found === undefined) throw new Error(`dataset row ${i} asked for out of order`);
    return found;
  };
  return {
    size,
    spec: (i) => specOf(row(i)),
    entry: async (i) => {
      await readThrough(Math.min(i + 1, size - 1));
      const found = row(i);
      return {
        mlp: specOf(found),
        truth: found.groundTruth,
        samplingSummary: samplingSummaryOf(found.samplingBudgetBreakdown),
      };
    },
    release: (i) => void held.delete(i),
  };
}

/**
 * Reads a split of the dataset in `dir` as a contest: each row's weights and estimator seed
 * (by the dataset's seed protocol) as the MLP, its stored means as the ground truth, and its
 * `sampling_budget_breakdown` as the sampling summary where it has whestbench's shape (else null).
 * A bad dataset is one `WhestError` line (exit 1); a `limit` above the row count is a
 * `UsageError` naming `--n-mlps`.
 *
 * @example
 * ```ts
 * import { contestFromDataset } from "./contest.ts";
 * const contest = await contestFromDataset(
 *   "tests/fixtures/whestbench-datasets/multi_split_v3.0",
 *   { split: "holdout", limit: 2 },
 * );
 * // contest.mlps.length === 2, contest.seed === 2, contest.provenance.n_mlps === 4
 * ```
 * @param dir The dataset directory.
 * @param options The split and how many rows to use.
 */
export async function contestFromDataset(
  dir: string,
  options: DatasetContestOptions = {},
): Promise<DatasetContest> {
  const { metadata, split, rows: stream } = await openDataset(dir, { split: options.split });
  // Every row is read and checked before anything runs, one at a time; with --n-mlps K only the
  // first K rows are.
  let size = 0;
  const limit = options.limit ?? Infinity;
  while (size < limit) {
    const next = await stream.next();
    if (next.done) break;
    size++;
  }
  await stream.return(undefined);
  if (size < limit && limit !== Infinity) {
    throw new UsageError(
      `--n-mlps ${limit} exceeds the ${size} rows of split '${split}' in dataset '${dir}'`,
    );
  }
  const metadataFile = join(dir, "metadata.json");
  const seed = splitSeed(metadata.raw as Json, split, metadataFile);
  return {
    source: streamedRows(dir, split, size),
    split,
    width: metadata.width,
    depth: metadata.depth,
    nSamples: metadata.nSamples,
    seed,
    provenance: {
      path: resolve(dir),
      sha256: await filesSha256([metadataFile]),
      seed,
      n_mlps: metadata.splits.find((info) => info.name === split)?.nMlps ?? null,
      data_sha256: await filesSha256([metadataFile, ...(await listShards(dir)).get(split) ?? []]),
    },
  };
}
