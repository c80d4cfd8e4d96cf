/**
 * Writes dataset shards as schema 3.0 parquet (reference-behaviour §7) with `hyparquet-writer`'s
 * building blocks: the official column types and list nesting and the official Hugging Face
 * features metadata, one row per row group, 1 MiB pages, so readers can stream.
 *
 * @module
 */
import { ByteWriter, fileWriter, type ParquetWriter } from "hyparquet-writer";
import { writePageHeader } from "hyparquet-writer/src/datapage.js";
import { writeRleBitPackedHybrid } from "hyparquet-writer/src/encoding.js";
import { writeMetadata } from "hyparquet-writer/src/metadata.js";
import { repetitionLevel } from "./tensor_levels.ts";

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

type Writer = ReturnType<typeof fileWriter>;
type FileMetaData = Parameters<typeof writeMetadata>[1];
type ColumnChunk = FileMetaData["row_groups"][number]["columns"][number];
type ParquetType = "INT32" | "INT64" | "DOUBLE" | "BYTE_ARRAY" | "FLOAT";

/** Values per data page of a tensor column: 1 MiB of float32, pyarrow's default page size. */
const PAGE_VALUES = 1 << 18;

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Levels as a length-prefixed RLE/bit-packed hybrid run, as a v1 data page stores them. */
function appendLevels(page: ByteWriter, levels: Uint8Array, maxLevel: number): void {
  const encoded = new ByteWriter();
  writeRleBitPackedHybrid(encoded, levels, 32 - Math.clz32(maxLevel));
  page.appendUint32(encoded.offset);
  page.appendBytes(encoded.getBytes());
}

/** The bytes of `values` as little-endian float32. */
function floatBytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return out;
}

/**
 * Writes one shard file row by row, each row its own row group, in uncompressed PLAIN v1 data
 * pages as pyarrow writes them: a scalar column is one page, a tensor column pages of 1 MiB that
 * may end mid-row. hyparquet-writer provides the thrift page headers, level encoding, footer and
 * buffered file; the tensors' levels and bytes are made here, straight from their Float32Arrays
 * (hyparquet-writer's generic nested-list path took 8 s and 1.9 GB per 1024×16 row).
 */
export class ShardWriter {
  readonly #writer: Writer;
  readonly #n: number;
  readonly #d: number;
  readonly #rowGroups: FileMetaData["row_groups"] = [];
  #rows = 0;

  /**
   * Creates (truncates) `path` and writes the parquet header.
   *
   * @param path The shard file to write.
   * @param n The dataset's width.
   * @param d The dataset's depth.
   */
  constructor(path: string, n: number, d: number) {
    this.#writer = fileWriter(path);
    this.#writer.appendBytes(new TextEncoder().encode("PAR1"));
    this.#n = n;
    this.#d = d;
  }

  /** Rows written so far. */
  get rows(): number {
    return this.#rows;
  }

  /** Appends one uncompressed v1 data page; returns its size with its header. */
  #page(values: number, body: ByteWriter): number {
    const start = this.#writer.offset;
    writePageHeader(this.#writer, {
      type: "DATA_PAGE",
      uncompressed_page_size: body.offset,
      compressed_page_size: body.offset,
      data_page_header: {
        num_values: values,
        encoding: "PLAIN",
        definition_level_encoding: "RLE",
        repetition_level_encoding: "RLE",
      },
    });
    this.#writer.appendBytes(body.getBytes());
    return this.#writer.offset - start;
  }

  #chunk(path: string[], type: ParquetType, start: number, values: number): ColumnChunk {
    const size = BigInt(this.#writer.offset - start);
    return {
      file_offset: BigInt(start),
      meta_data: {
        type,
        encodings: ["PLAIN", "RLE"],
        path_in_schema: path,
        codec: "UNCOMPRESSED",
        num_values: BigInt(values),
        total_uncompressed_size: size,
        total_compressed_size: size,
        data_page_offset: BigInt(start),
      },
    };
  }

  /** An OPTIONAL scalar column: one page, definition level 1, the value PLAIN. */
  #scalar(name: string, type: ParquetType, append: (page: ByteWriter) => void): ColumnChunk {
    const start = this.#writer.offset;
    const page = new ByteWriter();
    appendLevels(page, Uint8Array.of(1), 1);
    append(page);
    this.#page(1, page);
    return this.#chunk([name], type, start, 1);
  }

  /**
   * A tensor column of shape `dims` given as consecutive parts (a row's weight layers): every
   * value present, pages of at most {@link PAGE_VALUES} values, none across parts.
   */
  #tensor(name: string, parts: readonly Float32Array[], dims: readonly number[]): ColumnChunk {
    const start = this.#writer.offset;
    const level = repetitionLevel(dims);
    const maxDef = 2 * dims.length + 1;
    let k = 0;
    for (const part of parts) {
      for (let at = 0; at < part.length; at += PAGE_VALUES) {
        const count = Math.min(part.length - at, PAGE_VALUES);
        const repetition = new Uint8Array(count);
        for (let i = 0; i < count; i++) repetition[i] = level(k + i);
        const page = new ByteWriter(16 + count * 4);
        appendLevels(page, repetition, dims.length);
        appendLevels(page, new Uint8Array(count).fill(maxDef), maxDef);
        page.appendBytes(floatBytes(part.subarray(at, at + count)));
        this.#page(count, page);
        k += count;
      }
    }
    const path = [name, ...dims.flatMap(() => ["list", "element"])];
    return this.#chunk(path, "FLOAT", start, k);
  }

  /**
   * Appends one row as its own row group.
   *
   * @param row The row; its shapes must agree with the dataset's width and depth.
   */
  write(row: ShardRow): void {
    const [n, d] = [this.#n, this.#d];
    const start = this.#writer.offset;
    const utf8 = (text: string) => (page: ByteWriter) => {
      const bytes = new TextEncoder().encode(text);
      page.appendUint32(bytes.length);
      page.appendBytes(bytes);
    };
    const columns = [
      this.#scalar("mlp_id", "INT32", (page) => page.appendInt32(row.mlpId)),
      this.#scalar("mlp_name", "BYTE_ARRAY", utf8(row.mlpName)),
      this.#scalar("mlp_seed", "INT64", (page) => page.appendInt64(row.mlpSeed)),
      this.#tensor("weights", row.weights, [d, n, n]),
      this.#tensor("all_layer_means", [row.allLayerMeans], [d, n]),
      this.#tensor("final_means", [row.finalMeans], [n]),
      this.#scalar("avg_variance", "DOUBLE", (page) => page.appendFloat64(row.avgVariance)),
      this.#scalar("sampling_budget_breakdown", "BYTE_ARRAY", utf8(row.samplingBudgetBreakdown)),
    ];
    const size = BigInt(this.#writer.offset - start);
    this.#rowGroups.push({
      columns,
      total_byte_size: size,
      num_rows: 1n,
      file_offset: BigInt(start),
      total_compressed_size: size,
    });
    this.#writer.flush?.();
    this.#rows++;
  }

  /** Writes the footer (schema, row groups, the Hugging Face features) and flushes the file. */
  finish(): void {
    writeMetadata(this.#writer, {
      version: 2,
      created_by: "whest (hyparquet-writer 0.17.0)",
      schema: [...SHARD_SCHEMA],
      num_rows: BigInt(this.#rows),
      row_groups: this.#rowGroups,
      key_value_metadata: [{ key: "huggingface", value: huggingfaceFeatures(this.#n, this.#d) }],
      metadata_length: 0,
    });
    this.#writer.appendBytes(new TextEncoder().encode("PAR1"));
    void this.#writer.finish();
  }
}
