/**
 * Streams the raw rows of one parquet shard, one row group at a time, so memory holds a few
 * rows rather than the file; and turns a raw row back into a {@link ShardRow} for rewriting.
 *
 * @module
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { WhestError } from "../core/errors.ts";
import type { ShardRow } from "./write.ts";

/** A raw parquet row as hyparquet decodes it. */
export type RawRow = Record<string, unknown>;

/**
 * The rows of a shard, in order, read a row group (at most a few hundred rows) at a time; a
 * file that is not parquet is one `WhestError` line naming it.
 *
 * @example
 * ```ts
 * import { shardRows } from "./rows.ts";
 * const file = "tests/fixtures/whestbench-datasets/single_split_v3_protocol/data/public-00000-of-00001.parquet";
 * for await (const row of shardRows(file)) row.mlp_seed; // 1001n, ...
 * ```
 * @param file The shard path.
 * @returns The rows, decoded by hyparquet.
 */
export async function* shardRows(file: string): AsyncGenerator<RawRow> {
  let buffer;
  let metadata;
  try {
    buffer = await asyncBufferFromFile(file);
    metadata = await parquetMetadataAsync(buffer);
  } catch (err) {
    throw new WhestError(`${file}: cannot read parquet: ${(err as Error).message}`);
  }
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const step = Math.max(1, Math.min(256, rowEnd - rowStart));
    for (let at = rowStart; at < rowEnd; at += step) {
      let rows: RawRow[];
      try {
        rows = await parquetReadObjects({
          file: buffer,
          metadata,
          rowStart: at,
          rowEnd: Math.min(rowEnd, at + step),
        }) as RawRow[];
      } catch (err) {
        throw new WhestError(`${file}: cannot read parquet: ${(err as Error).message}`);
      }
      yield* rows;
    }
    rowStart = rowEnd;
  }
}

/**
 * The rows a shard holds, from its parquet footer alone.
 *
 * @example
 * ```ts
 * import { shardRowCount } from "./rows.ts";
 * await shardRowCount("tests/fixtures/whestbench-datasets/single_split_v3_protocol/data/public-00000-of-00001.parquet"); // 4
 * ```
 * @param file The shard path.
 * @returns Its row count.
 */
export async function shardRowCount(file: string): Promise<number> {
  try {
    return Number((await parquetMetadataAsync(await asyncBufferFromFile(file))).num_rows);
  } catch (err) {
    throw new WhestError(`${file}: cannot read parquet: ${(err as Error).message}`);
  }
}

function floats(value: unknown, length: number, fail: (why: string) => never): Float32Array {
  if (!Array.isArray(value) || value.length !== length) {
    fail(`expected ${length} values, got ${Array.isArray(value) ? value.length : typeof value}`);
  }
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    if (typeof value[i] !== "number") fail(`expected numbers, got ${typeof value[i]}`);
    out[i] = value[i];
  }
  return out;
}

function matrix(
  value: unknown,
  rows: number,
  n: number,
  fail: (why: string) => never,
): Float32Array {
  if (!Array.isArray(value) || value.length !== rows) {
    fail(`expected ${rows} rows, got ${Array.isArray(value) ? value.length : typeof value}`);
  }
  const out = new Float32Array(rows * n);
  value.forEach((r, i) => out.set(floats(r, n, fail), i * n));
  return out;
}

/**
 * A raw row checked against the shape (width n, depth d) and turned into a {@link ShardRow}.
 *
 * @example
 * ```ts ignore
 * import { toShardRow } from "./rows.ts";
 * const row = toShardRow(raw, 4, 2, "file.parquet", 0);
 * ```
 * @param raw The decoded row.
 * @param n Width.
 * @param d Depth.
 * @param file The shard, for messages.
 * @param index The row's index in the shard, for messages.
 * @returns The row, ready to write.
 */
export function toShardRow(
  raw: RawRow,
  n: number,
  d: number,
  file: string,
  index: number,
): ShardRow {
  const at = (column: string) => (why: string): never => {
    throw new WhestError(`${file}: row ${index} column '${column}': ${why}`);
  };
  if (!Array.isArray(raw.weights) || raw.weights.length !== d) {
    at("weights")(`expected ${d} layers`);
  }
  const seed = raw.mlp_seed;
  if (typeof seed !== "bigint" && typeof seed !== "number") at("mlp_seed")("expected an integer");
  if (typeof raw.mlp_id !== "number") at("mlp_id")("expected an integer");
  if (typeof raw.avg_variance !== "number") at("avg_variance")("expected a number");
  return {
    mlpId: raw.mlp_id as number,
    mlpName: typeof raw.mlp_name === "string" ? raw.mlp_name : `mlp-${raw.mlp_id}`,
    mlpSeed: BigInt(seed as bigint),
    weights: (raw.weights as unknown[]).map((w) => matrix(w, n, n, at("weights"))),
    allLayerMeans: matrix(raw.all_layer_means, d, n, at("all_layer_means")),
    finalMeans: floats(raw.final_means, n, at("final_means")),
    avgVariance: raw.avg_variance as number,
    samplingBudgetBreakdown: typeof raw.sampling_budget_breakdown === "string"
      ? raw.sampling_budget_breakdown
      : "null",
  };
}
