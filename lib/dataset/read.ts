/**
 * Reads one split of an official whestbench dataset (schema 3.0, reference-behaviour §7) into
 * contest MLPs with their stored ground truth.
 *
 * @module
 */
import { WhestError } from "../core/errors.ts";
import { protocol3Seeds } from "../contest/seeding.ts";
import type { GroundTruth, MlpSpec } from "../contract/mlp.ts";
import { type DatasetMetadata, readMetadata } from "./metadata.ts";
import { protocol4EstimatorSeed } from "./protocol4.ts";
import { shardRows } from "./rows.ts";
import { listShards } from "./shards.ts";
import type { ShardRow } from "./write.ts";

/** One dataset row: a contest MLP plus what the dataset stores about it. */
export interface DatasetRow extends MlpSpec {
  /** The `mlp_id` column. */
  readonly mlpId: number;
  /** The `mlp_seed` column: a number where it is a safe integer, else a bigint. */
  readonly mlpSeed: number | bigint;
  /** The stored Monte Carlo ground truth; `nSamples` comes from metadata.json. */
  readonly groundTruth: GroundTruth;
  /** The `sampling_budget_breakdown` column, parsed from its JSON text (null where absent). */
  readonly samplingBudgetBreakdown: unknown;
}

/** One split of a dataset, read. */
export interface Dataset {
  /** The dataset's checked metadata. */
  readonly metadata: DatasetMetadata;
  /** The split that was read. */
  readonly split: string;
  /** Its rows, shard by shard in order. */
  readonly rows: readonly DatasetRow[];
}

/** Options of {@link readDataset}. */
export interface ReadDatasetOptions {
  /** The split to read; default `default_split`, else the first split metadata.json lists. */
  readonly split?: string;
}

/** The estimator seed that `mlp_seed` stands for under the dataset's seed protocol (§2). */
function estimatorSeed(meta: DatasetMetadata, mlpSeed: number | bigint): number {
  switch (meta.seedProtocolVersion) {
    case "3.0":
      return protocol3Seeds(mlpSeed).estimatorSeed;
    case "4.0":
      return protocol4EstimatorSeed(mlpSeed, meta.salt!);
    default:
      return Number(mlpSeed);
  }
}

/** A checked shard row as a contest MLP with its stored ground truth. */
function toRow(row: ShardRow, file: string, index: number, meta: DatasetMetadata): DatasetRow {
  let breakdown: unknown;
  try {
    breakdown = JSON.parse(row.samplingBudgetBreakdown);
  } catch (err) {
    throw new WhestError(
      `${file}: row ${index} column 'sampling_budget_breakdown': not valid JSON: ${
        (err as Error).message
      }`,
    );
  }
  const mlpSeed = row.mlpSeed <= BigInt(Number.MAX_SAFE_INTEGER) && row.mlpSeed >= 0n
    ? Number(row.mlpSeed)
    : row.mlpSeed;
  return {
    name: row.mlpName,
    width: meta.width,
    depth: meta.depth,
    weights: row.weights,
    seed: estimatorSeed(meta, mlpSeed),
    mlpId: row.mlpId,
    mlpSeed,
    groundTruth: {
      allLayerMeans: row.allLayerMeans,
      finalMeans: row.finalMeans,
      avgVariance: row.avgVariance,
      nSamples: meta.nSamples,
    },
    samplingBudgetBreakdown: breakdown,
  };
}

/**
 * Reads one split of the dataset in `dir`: its shards in order, every row checked against the
 * metadata's width and depth, estimator seeds derived by the dataset's seed protocol. Any
 * problem is one `WhestError` line naming the file.
 *
 * @example
 * ```ts
 * import { readDataset } from "./read.ts";
 * const { rows } = await readDataset("tests/fixtures/whestbench-datasets/multi_split_v3.0", {
 *   split: "holdout",
 * });
 * rows[0].groundTruth.finalMeans; // Float32Array(width)
 * ```
 * @param dir The dataset directory (holding metadata.json and data/).
 * @param options Which split to read.
 */
export async function readDataset(dir: string, options: ReadDatasetOptions = {}): Promise<Dataset> {
  const { metadata, split, rows } = await openDataset(dir, options);
  const all: DatasetRow[] = [];
  for await (const row of rows) all.push(row);
  return { metadata, split, rows: all };
}

/** One split of a dataset, opened: its rows come one at a time. */
export interface DatasetStream {
  /** The dataset's checked metadata. */
  readonly metadata: DatasetMetadata;
  /** The split being read. */
  readonly split: string;
  /**
   * Its rows, shard by shard in order, each checked as {@link readDataset} checks it; read a row
   * group at a time, so memory holds a few rows. After the last row the count is checked
   * against `n_mlps`.
   */
  readonly rows: AsyncGenerator<DatasetRow>;
}

/**
 * Opens one split of the dataset in `dir` for reading row by row: the metadata and shard list
 * are checked now, each row as it is read. Any problem is one `WhestError` line naming the file.
 *
 * @example
 * ```ts
 * import { openDataset } from "./read.ts";
 * const { rows } = await openDataset("tests/fixtures/whestbench-datasets/multi_split_v3.0");
 * for await (const row of rows) row.groundTruth.finalMeans; // one row at a time
 * ```
 * @param dir The dataset directory (holding metadata.json and data/).
 * @param options Which split to read.
 * @returns The metadata, the split and its rows.
 */
export async function openDataset(
  dir: string,
  options: ReadDatasetOptions = {},
): Promise<DatasetStream> {
  const metadata = await readMetadata(dir);
  const known = metadata.splits.map((s) => s.name);
  const split = options.split ?? metadata.defaultSplit ?? known[0];
  const info = metadata.splits.find((s) => s.name === split);
  if (info === undefined) {
    throw new WhestError(`dataset '${dir}' has no split '${split}' (known: ${known.join(", ")})`);
  }
  const files = (await listShards(dir)).get(split);
  if (files === undefined) {
    throw new WhestError(
      `dataset '${dir}': missing shard data/${split}-00000-of-NNNNN.parquet for split '${split}'`,
    );
  }
  async function* rows(): AsyncGenerator<DatasetRow> {
    let count = 0;
    for (const file of files!) {
      let index = 0;
      for await (const row of shardRows(file, metadata.width, metadata.depth)) {
        yield toRow(row, file, index++, metadata);
      }
      count += index;
    }
    if (info!.nMlps !== undefined && count !== info!.nMlps) {
      throw new WhestError(
        `dataset '${dir}': split '${split}' has ${count} rows, metadata.json says ${info!.nMlps}`,
      );
    }
  }
  return { metadata, split, rows: rows() };
}
