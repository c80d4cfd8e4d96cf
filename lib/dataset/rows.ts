/**
 * Streams the rows of one parquet shard, checked against the dataset's shape: the small
 * columns through hyparquet a row group at a time, the float tensors page by page
 * ({@link tensorRows}), so memory holds a row and a page whatever the file's size.
 *
 * @module
 */
import { parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import type { FileMetaData } from "hyparquet";
import { WhestError } from "../core/errors.ts";
import { FileBytes, TensorColumnError, tensorRows } from "./float_tensor.ts";
import type { ShardRow } from "./write.ts";

/** The columns that hold one value per row. */
const SCALARS = ["mlp_id", "mlp_name", "mlp_seed", "avg_variance", "sampling_budget_breakdown"];

/** A shard opened with its footer read; any failure is one `WhestError` line naming it. */
async function openShard(file: string): Promise<{ bytes: FileBytes; metadata: FileMetaData }> {
  let bytes: FileBytes | undefined;
  try {
    bytes = await FileBytes.open(file);
    return { bytes, metadata: await parquetMetadataAsync(bytes.asAsyncBuffer()) };
  } catch (err) {
    bytes?.[Symbol.dispose]();
    throw new WhestError(`${file}: cannot read parquet: ${(err as Error).message}`);
  }
}

function typeName(value: unknown): string {
  return value === null ? "null" : typeof value;
}

/** A decoded row's one-value columns checked and typed. */
function scalars(raw: Record<string, unknown>, fail: (column: string, why: string) => never) {
  const { mlp_id: id, mlp_seed: seed, avg_variance: variance } = raw;
  if (!Number.isSafeInteger(id)) fail("mlp_id", `expected an integer, got ${typeName(id)}`);
  if (typeof seed !== "bigint" && !Number.isSafeInteger(seed)) {
    fail("mlp_seed", `expected an integer, got ${typeName(seed)}`);
  }
  if (typeof variance !== "number" || !Number.isFinite(variance)) {
    fail("avg_variance", `expected a finite number, got ${String(variance)}`);
  }
  return {
    mlpId: id as number,
    mlpName: typeof raw.mlp_name === "string" ? raw.mlp_name : `mlp-${id}`,
    mlpSeed: BigInt(seed as bigint | number),
    avgVariance: variance as number,
    samplingBudgetBreakdown: typeof raw.sampling_budget_breakdown === "string"
      ? raw.sampling_budget_breakdown
      : "null",
  };
}

function requireFinite(values: Float32Array, fail: (why: string) => never): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) fail(`non-finite value ${values[i]} at index ${i}`);
  }
}

/**
 * The rows of a shard of a width-`n`, depth-`d` dataset, in order, each checked: `weights` is
 * d×n×n, `all_layer_means` d×n and `final_means` n finite float32 values, `mlp_id` and
 * `mlp_seed` integers, `avg_variance` finite. A file that is not parquet, or a row that fails
 * a check, is one `WhestError` line naming the file (and the row and column).
 *
 * @example
 * ```ts
 * import { shardRows } from "./rows.ts";
 * const file = "tests/fixtures/whestbench-datasets/single_split_v3_protocol/data/public-00000-of-00001.parquet";
 * for await (const row of shardRows(file, 4, 2)) row.mlpSeed; // 1001n, ...
 * ```
 * @param file The shard path.
 * @param n The dataset's width.
 * @param d The dataset's depth.
 * @returns The rows; each row's weight layers are views of one buffer.
 */
export async function* shardRows(file: string, n: number, d: number): AsyncGenerator<ShardRow> {
  const { bytes, metadata } = await openShard(file);
  using _ = bytes;
  const present = new Set(metadata.schema.map((element) => element.name));
  const columns = SCALARS.filter((name) => present.has(name));
  let start = 0;
  for (let group = 0; group < metadata.row_groups.length; group++) {
    const count = Number(metadata.row_groups[group].num_rows);
    let column = "";
    let at = start;
    const fail = (name: string, why: string): never => {
      throw new WhestError(`${file}: row ${at} column '${name}': ${why}`);
    };
    try {
      const raws = await parquetReadObjects({
        file: bytes.asAsyncBuffer(),
        metadata,
        columns,
        rowStart: start,
        rowEnd: start + count,
      });
      const tensors = (
        [
          ["weights", [d, n, n], ["layers", "rows", "values"]],
          ["all_layer_means", [d, n], ["layers", "values"]],
          ["final_means", [n], ["values"]],
        ] as const
      ).map(([name, dims, names]) => ({
        name,
        rows: tensorRows(bytes, metadata, group, name, dims, names),
      }));
      const next = async (i: number): Promise<Float32Array> => {
        column = tensors[i].name;
        const { value } = await tensors[i].rows.next();
        column = "";
        return value as Float32Array;
      };
      for (let i = 0; i < count; i++, at++) {
        const weights = await next(0);
        const allLayerMeans = await next(1);
        const finalMeans = await next(2);
        requireFinite(allLayerMeans, (why) => fail("all_layer_means", why));
        requireFinite(finalMeans, (why) => fail("final_means", why));
        yield {
          ...scalars(raws[i] as Record<string, unknown>, fail),
          weights: Array.from(
            { length: d },
            (_, l) => weights.subarray(l * n * n, (l + 1) * n * n),
          ),
          allLayerMeans,
          finalMeans,
        };
      }
    } catch (err) {
      if (err instanceof WhestError) throw err;
      if (err instanceof TensorColumnError) {
        const row = err.row === null ? "" : `row ${start + err.row} `;
        throw new WhestError(`${file}: ${row}column '${column}': ${err.message}`);
      }
      throw new WhestError(`${file}: cannot read parquet: ${(err as Error).message}`);
    }
    start += count;
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
  const { bytes, metadata } = await openShard(file);
  using _ = bytes;
  return Number(metadata.num_rows);
}
