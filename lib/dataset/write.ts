/**
 * Writes dataset shards as schema 3.0 parquet (reference-behaviour §7) with `hyparquet-writer`:
 * the official column types and list nesting, one row per row group so readers can stream.
 *
 * @module
 */
import { fileWriter, ParquetWriter } from "hyparquet-writer";

/** A parquet schema element, as hyparquet-writer types it. */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]["schema"][number];

/** One row to write: a baked MLP and its ground truth. */
export interface ShardRow {
  /** `mlp_id` (int32). */
  readonly mlpId: number;
  /** `mlp_name`. */
  readonly mlpName: string;
  /** `mlp_seed` (int64). */
  readonly mlpSeed: bigint;
  /** `weights`, d layers of n×n row-major float32. */
  readonly weights: readonly Float32Array[];
  /** `all_layer_means`, (d, n) row-major float32. */
  readonly allLayerMeans: Float32Array;
  /** `final_means`, n float32. */
  readonly finalMeans: Float32Array;
  /** `avg_variance`. */
  readonly avgVariance: number;
  /** `sampling_budget_breakdown`, already JSON text. */
  readonly samplingBudgetBreakdown: string;
}

const LIST = { converted_type: "LIST", logical_type: { type: "LIST" } } as const;

/** An OPTIONAL `name` list column nesting `depth` lists of OPTIONAL float32, as pyarrow writes. */
function floatList(name: string, depth: number): SchemaElement[] {
  const out: SchemaElement[] = [];
  for (let level = 0; level < depth; level++) {
    out.push(
      {
        name: level === 0 ? name : "element",
        repetition_type: "OPTIONAL",
        num_children: 1,
        ...LIST,
      },
      { name: "list", repetition_type: "REPEATED", num_children: 1 },
    );
  }
  out.push({ name: "element", type: "FLOAT", repetition_type: "OPTIONAL" });
  return out;
}

const STRING = { converted_type: "UTF8", logical_type: { type: "STRING" } } as const;

/** The schema of the official shards (pyarrow's, as read from the whestbench fixtures). */
const SHARD_SCHEMA: readonly SchemaElement[] = [
  { name: "schema", repetition_type: "REQUIRED", num_children: 8 },
  { name: "mlp_id", type: "INT32", repetition_type: "OPTIONAL" },
  { name: "mlp_name", type: "BYTE_ARRAY", repetition_type: "OPTIONAL", ...STRING },
  { name: "mlp_seed", type: "INT64", repetition_type: "OPTIONAL" },
  ...floatList("weights", 3),
  ...floatList("all_layer_means", 2),
  ...floatList("final_means", 1),
  { name: "avg_variance", type: "DOUBLE", repetition_type: "OPTIONAL" },
  { name: "sampling_budget_breakdown", type: "BYTE_ARRAY", repetition_type: "OPTIONAL", ...STRING },
];

function rowsOf(values: Float32Array, rows: number, length: number): number[][] {
  return Array.from(
    { length: rows },
    (_, i) => Array.from(values.subarray(i * length, (i + 1) * length)),
  );
}

/**
 * Float lists are written PLAIN without statistics: random weights never shrink under a
 * dictionary or snappy, so neither is tried, and min/max statistics are skipped (at 1024×16 a
 * row still takes about 8 s and 1.9 GB to encode: hyparquet-writer walks nested lists generically).
 */
const FLOATS = { encoding: "PLAIN", statistics: false, codec: "UNCOMPRESSED" } as const;

/** A value as Python's `json.dumps` writes it (", " and ": " separators), as the official files carry it. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`);
    return `{${entries.join(", ")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The `huggingface` key-value metadata of an official shard of width `n` and depth `d`: the
 * Hugging Face `datasets` features, so that library reads whest's shards with the official
 * types (Array3D weights, fixed-length final means) as it reads the official ones.
 *
 * @example
 * ```ts
 * import { huggingfaceFeatures } from "./write.ts";
 * JSON.parse(huggingfaceFeatures(4, 2)).info.features.weights; // { shape: [2, 4, 4], ... }
 * ```
 * @param n Width.
 * @param d Depth.
 */
export function huggingfaceFeatures(n: number, d: number): string {
  const value = (dtype: string) => ({ dtype, _type: "Value" });
  return pythonJson({
    info: {
      features: {
        mlp_id: value("int32"),
        mlp_name: value("string"),
        mlp_seed: value("int64"),
        weights: { shape: [d, n, n], dtype: "float32", _type: "Array3D" },
        all_layer_means: { shape: [d, n], dtype: "float32", _type: "Array2D" },
        final_means: { feature: value("float32"), length: n, _type: "List" },
        avg_variance: value("float64"),
        sampling_budget_breakdown: value("string"),
      },
    },
  });
}

/** Writes one shard file row by row; each row is its own row group. */
export class ShardWriter {
  readonly #writer: ParquetWriter;
  #rows = 0;

  /**
   * Creates (truncates) `path` and writes the parquet header.
   *
   * @param path The shard file to write.
   * @param n The dataset's width.
   * @param d The dataset's depth.
   */
  constructor(path: string, n: number, d: number) {
    this.#writer = new ParquetWriter({
      writer: fileWriter(path),
      schema: [...SHARD_SCHEMA],
      createdBy: "whest (hyparquet-writer 0.17.0)",
      kvMetadata: [{ key: "huggingface", value: huggingfaceFeatures(n, d) }],
    });
  }

  /** Rows written so far. */
  get rows(): number {
    return this.#rows;
  }

  /**
   * Appends one row as its own row group.
   *
   * @param row The row; its shapes must agree with the dataset's width and depth.
   */
  write(row: ShardRow): void {
    const d = row.weights.length;
    const n = row.allLayerMeans.length / d;
    void this.#writer.write({
      columnData: [
        { name: "mlp_id", data: [row.mlpId] },
        { name: "mlp_name", data: [row.mlpName] },
        { name: "mlp_seed", data: [row.mlpSeed] },
        { name: "weights", data: [row.weights.map((w) => rowsOf(w, n, n))], ...FLOATS },
        { name: "all_layer_means", data: [rowsOf(row.allLayerMeans, d, n)], ...FLOATS },
        { name: "final_means", data: [Array.from(row.finalMeans)], ...FLOATS },
        { name: "avg_variance", data: [row.avgVariance] },
        { name: "sampling_budget_breakdown", data: [row.samplingBudgetBreakdown] },
      ],
      rowGroupSize: 1,
    });
    this.#rows++;
  }

  /** Writes the footer and flushes the file. */
  finish(): void {
    void this.#writer.finish();
  }
}
