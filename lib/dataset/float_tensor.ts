/**
 * Streams a nested FLOAT list column of one parquet row group (a fixed-shape tensor per row, as
 * the dataset's `weights`, `all_layer_means` and `final_means` are) page by page into one
 * Float32Array per row.
 *
 * hyparquet decodes nested lists generically, into JS arrays of numbers with JS arrays of
 * levels beside them: a 1024×16 `weights` row (16.8 M floats) took 4 GB that way. Here the
 * levels are decoded into bytes and checked against the shape, and the values go straight into
 * the row's Float32Array, so reading holds one row and one page at a time. hyparquet still
 * supplies the thrift page headers, decompression and the RLE/bit-packed level decoding.
 *
 * @module
 */
import type { CompressionCodec, PageHeader, SchemaElement } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { decompressPage } from "hyparquet/src/datapage.js";
import { byteStreamSplit, readRleBitPackedHybrid } from "hyparquet/src/encoding.js";
import { readPlain } from "hyparquet/src/plain.js";
import {
  getMaxDefinitionLevel,
  getMaxRepetitionLevel,
  getSchemaPath,
} from "hyparquet/src/schema.js";
import { repetitionLevel } from "./tensor_levels.ts";

/** A file as hyparquet reads it (its `AsyncBuffer`). */
export interface ParquetBuffer {
  /** The file's length in bytes. */
  readonly byteLength: number;
  /**
   * The bytes from `start` to `end` (default: the end of the file).
   *
   * @param start Where to start.
   * @param end Where to stop, exclusive.
   */
  slice(start: number, end?: number): Promise<ArrayBuffer>;
}

/** One element of a parquet file's flattened schema. */
export interface SchemaNode {
  /** The field's name. */
  readonly name: string;
  /** Its physical type; absent for a group. */
  readonly type?: string;
  /** REQUIRED, OPTIONAL or REPEATED. */
  readonly repetition_type?: string;
  /** How many children a group has. */
  readonly num_children?: number;
}

/** Where a column chunk's pages are and how they are stored. */
export interface ChunkLayout {
  /** The leaf's physical type. */
  readonly type: string;
  /** The leaf's path through the schema. */
  readonly path_in_schema: readonly string[];
  /** The pages' compression codec. */
  readonly codec: string;
  /** Where the dictionary page starts, if there is one. */
  readonly dictionary_page_offset?: bigint;
  /** Where the first data page starts. */
  readonly data_page_offset: bigint;
  /** The chunk's size in the file. */
  readonly total_compressed_size: bigint;
}

/** The parts of a parquet footer (hyparquet's `FileMetaData`) the tensor reader uses. */
export interface TensorFooter {
  /** The flattened schema. */
  readonly schema: readonly SchemaNode[];
  /** The row groups: their row counts and column chunks. */
  readonly row_groups: readonly {
    /** Rows in the group. */
    readonly num_rows: bigint;
    /** The group's column chunks, each with its layout. */
    readonly columns: readonly {
      /** The chunk's layout; absent in encrypted files. */
      readonly meta_data?: ChunkLayout;
    }[];
  }[];
}

/** Random access to a file's bytes. */
export interface ByteSource {
  /** The file's length in bytes. */
  readonly byteLength: number;
  /**
   * Reads `length` bytes at `offset` (fewer only at the end of the file).
   *
   * @param offset Where to start.
   * @param length How many bytes.
   */
  read(offset: number, length: number): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * Fills `target` with the bytes at `offset`; resolves to how many there were (fewer only at
   * the end of the file).
   *
   * @param offset Where to start.
   * @param target Where the bytes go.
   */
  readInto(offset: number, target: Uint8Array): Promise<number>;
}

/**
 * A {@link ByteSource} over an open file; closing it closes the file.
 *
 * @example
 * ```ts
 * import { FileBytes } from "./float_tensor.ts";
 * using bytes = await FileBytes.open("deno.json");
 * (await bytes.read(0, 1))[0]; // 123, "{"
 * ```
 */
export class FileBytes implements ByteSource, Disposable {
  readonly #file: Deno.FsFile;
  #pending: Promise<unknown> = Promise.resolve();
  /** The file's length in bytes. */
  readonly byteLength: number;

  private constructor(file: Deno.FsFile, byteLength: number) {
    this.#file = file;
    this.byteLength = byteLength;
  }

  /**
   * Opens `path` for reading.
   *
   * @param path The file.
   */
  static async open(path: string): Promise<FileBytes> {
    const file = await Deno.open(path, { read: true });
    return new FileBytes(file, (await file.stat()).size);
  }

  /**
   * Reads `length` bytes at `offset` (fewer only at the end of the file).
   *
   * @param offset Where to start.
   * @param length How many bytes.
   */
  async read(offset: number, length: number): Promise<Uint8Array<ArrayBuffer>> {
    const out = new Uint8Array(Math.max(0, Math.min(length, this.byteLength - offset)));
    return out.subarray(0, await this.readInto(offset, out));
  }

  /**
   * Fills `target` with the bytes at `offset`; resolves to how many there were (fewer only at
   * the end of the file).
   *
   * @param offset Where to start.
   * @param target Where the bytes go.
   */
  readInto(offset: number, target: Uint8Array): Promise<number> {
    // One handle, one file position: reads (hyparquet issues several at once) take turns.
    const turn = this.#pending.then(() => this.#readAt(offset, target));
    this.#pending = turn.catch(() => {});
    return turn;
  }

  async #readAt(offset: number, target: Uint8Array): Promise<number> {
    await this.#file.seek(offset, Deno.SeekMode.Start);
    let filled = 0;
    while (filled < target.length) {
      const got = await this.#file.read(target.subarray(filled));
      if (got === null) break;
      filled += got;
    }
    return filled;
  }

  /** The same bytes as hyparquet's `AsyncBuffer`, for its footer and column readers. */
  asAsyncBuffer(): ParquetBuffer {
    return {
      byteLength: this.byteLength,
      slice: async (start, end = this.byteLength) => {
        const bytes = await this.read(start, end - start);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      },
    };
  }

  /** Closes the file. */
  [Symbol.dispose](): void {
    this.#file.close();
  }
}

/** Why a column cannot be read as the tensor asked for; `row` is null for the whole chunk. */
export class TensorColumnError extends Error {
  /** The row (within the row group) the problem was found in, or null for the whole chunk. */
  readonly row: number | null;

  /**
   * Creates the error.
   *
   * @param row The row (within the row group) the problem was found in, or null.
   * @param why What is wrong, one line.
   */
  constructor(row: number | null, why: string) {
    super(why);
    this.row = row;
    this.name = "TensorColumnError";
  }
}

/** The thrift page header and where the page's bytes start. */
async function pageHeaderAt(
  source: ByteSource,
  offset: number,
): Promise<{ header: PageHeader; length: number }> {
  // A header's size is only known once parsed: read a window, and a wider one if it ran out.
  for (let window = 1024;; window *= 16) {
    const bytes = await source.read(offset, window);
    const reader = {
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      offset: 0,
    };
    try {
      const header = parquetHeader(reader);
      if (reader.offset <= bytes.length) return { header, length: reader.offset };
    } catch (err) {
      if (!(err instanceof RangeError) || bytes.length < window) throw err;
    }
    if (bytes.length < window) throw new Error(`truncated page header at byte ${offset}`);
  }
}

function levels(
  reader: { view: DataView; offset: number },
  maxLevel: number,
  count: number,
  encodedLength?: number,
): Uint8Array | null {
  if (maxLevel === 0) return null;
  const out = new Uint8Array(count);
  readRleBitPackedHybrid(reader, 32 - Math.clz32(maxLevel), out, encodedLength);
  return out;
}

/** The page's values as float32, dictionary indices resolved. */
function pageValues(
  bytes: Uint8Array,
  encoding: string,
  count: number,
  dictionary: Float32Array | null,
): Float32Array {
  const reader = {
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    offset: 0,
  };
  if (encoding === "PLAIN") {
    if (bytes.length < count * 4) {
      throw new Error(`page holds ${bytes.length} bytes, not ${count} floats`);
    }
    return readPlain(reader, "FLOAT", count, undefined) as Float32Array;
  }
  if (encoding === "BYTE_STREAM_SPLIT") {
    return byteStreamSplit(reader, count, "FLOAT", undefined) as Float32Array;
  }
  if (encoding === "RLE_DICTIONARY" || encoding === "PLAIN_DICTIONARY") {
    if (dictionary === null) throw new Error("dictionary-encoded page without a dictionary page");
    const indices = new Uint32Array(count);
    const width = reader.view.getUint8(reader.offset++);
    readRleBitPackedHybrid(reader, width, indices, bytes.length - 1);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const index = indices[i];
      if (index >= dictionary.length) throw new Error(`dictionary index ${index} out of range`);
      out[i] = dictionary[index];
    }
    return out;
  }
  throw new Error(`unsupported float encoding ${encoding}`);
}

/** A page's values, copied out on demand. */
interface PageValues {
  /** How many values the page holds. */
  readonly count: number;
  /** Copies values `start` .. `start + count` into `target` at `at`. */
  copyTo(start: number, count: number, target: Float32Array, at: number): Promise<void>;
}

function inMemory(values: Float32Array): PageValues {
  return {
    count: values.length,
    copyTo: (start, count, target, at) =>
      Promise.resolve(target.set(values.subarray(start, start + count), at)),
  };
}

/** PLAIN floats in the file are little-endian, as the host must be to copy them as bytes. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Uncompressed PLAIN floats read from the file straight into the row, never held whole. */
function inFile(source: ByteSource, offset: number, count: number): PageValues {
  return {
    count,
    copyTo: async (start, n, target, at) => {
      const into = new Uint8Array(target.buffer, target.byteOffset + at * 4, n * 4);
      if (await source.readInto(offset + start * 4, into) < into.length) {
        throw new Error("truncated page");
      }
    },
  };
}

/** One data page, decoded: its levels (null where the schema has none) and values. */
interface DecodedPage {
  readonly repetition: Uint8Array | null;
  readonly definition: Uint8Array | null;
  readonly values: PageValues;
}

function hasNull(definition: Uint8Array | null, maxDef: number): boolean {
  return definition !== null && definition.some((level) => level !== maxDef);
}

/** The levels and values of the data page whose bytes start at `start`. */
async function readDataPage(
  source: ByteSource,
  header: PageHeader,
  start: number,
  codec: CompressionCodec,
  maxRep: number,
  maxDef: number,
  dictionary: Float32Array | null,
): Promise<DecodedPage> {
  const size = header.compressed_page_size;
  const v1 = header.data_page_header;
  const v2 = header.data_page_header_v2;
  const count = (v1 ?? v2)!.num_values;
  const encoding = (v1 ?? v2)!.encoding;
  const compressed = codec !== "UNCOMPRESSED" && (v1 !== undefined || v2!.is_compressed !== false);
  if (LITTLE_ENDIAN && encoding === "PLAIN" && !compressed) {
    // Only the levels are read now; the values go from the file into the row.
    let at = start;
    const levelsAt = async (maxLevel: number, length?: number) => {
      if (maxLevel === 0) return null;
      if (length === undefined) {
        const prefix = await source.read(at, 4);
        if (prefix.length < 4) throw new Error("truncated page");
        length = new DataView(prefix.buffer, prefix.byteOffset).getUint32(0, true);
        at += 4;
      }
      const bytes = await source.read(at, length);
      at += length;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return levels({ view, offset: 0 }, maxLevel, count, length);
    };
    const repetition = await levelsAt(maxRep, v2?.repetition_levels_byte_length);
    const definition = await levelsAt(maxDef, v2?.definition_levels_byte_length);
    if (at + count * 4 > start + size && !hasNull(definition, maxDef)) {
      throw new Error(`page holds ${start + size - at} bytes of values, not ${count} floats`);
    }
    return { repetition, definition, values: inFile(source, at, count) };
  }
  const body = await source.read(start, size);
  if (body.length < size) throw new Error("truncated page");
  if (v1 !== undefined) {
    const page = decompressPage(body, Number(header.uncompressed_page_size), codec, undefined);
    const reader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
    const repetition = levels(reader, maxRep, count);
    const definition = levels(reader, maxDef, count);
    // With a null among them the values are not decoded: the caller reports the null's row.
    const values = hasNull(definition, maxDef)
      ? new Float32Array(count)
      : pageValues(page.subarray(reader.offset), encoding, count, dictionary);
    return { repetition, definition, values: inMemory(values) };
  }
  const repLength = v2!.repetition_levels_byte_length;
  const defLength = v2!.definition_levels_byte_length;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const repetition = levels({ view, offset: 0 }, maxRep, count, repLength);
  const definition = levels({ view, offset: repLength }, maxDef, count, defLength);
  let data: Uint8Array = body.subarray(repLength + defLength);
  const dataSize = Number(header.uncompressed_page_size) - repLength - defLength;
  if (compressed && dataSize > 0) data = decompressPage(data, dataSize, codec, undefined);
  const values = hasNull(definition, maxDef)
    ? new Float32Array(count)
    : pageValues(data, encoding, count, dictionary);
  return { repetition, definition, values: inMemory(values) };
}

/**
 * Says how a row's nesting departs from `dims`, at the value at offset `k` of the row whose
 * repetition level is `found` where the shape asks for `expected`; `names[i]` names the items
 * of a list at depth i + 1.
 */
function shapeMismatch(
  dims: readonly number[],
  names: readonly string[],
  k: number,
  expected: number,
  found: number,
): string {
  if (found < expected) {
    // The list at depth `expected` ended early: count the items it got.
    const span = dims.slice(expected).reduce((a, b) => a * b, 1);
    const got = Math.floor(k / span) % dims[expected - 1];
    return `expected ${dims[expected - 1]} ${names[expected - 1]}, got ${got}`;
  }
  return `expected ${dims[found - 1]} ${names[found - 1]}, got more`;
}

/**
 * The rows of the nested FLOAT list column `column` in row group `group`, each a row-major
 * Float32Array of shape `dims` (as many lists deep as `dims` is long). The levels of every page
 * are checked against that shape, so a row of another shape, a null, or a short chunk is a
 * {@link TensorColumnError} naming the row. Pages may be v1 or v2, PLAIN, dictionary or
 * byte-stream-split encoded, uncompressed or snappy-compressed.
 *
 * @example
 * ```ts
 * import { parquetMetadataAsync } from "hyparquet";
 * import { FileBytes, tensorRows } from "./float_tensor.ts";
 * const path = "tests/fixtures/whestbench-datasets/multi_split_v3.0/data/holdout-00000-of-00001.parquet";
 * using bytes = await FileBytes.open(path);
 * const footer = await parquetMetadataAsync(bytes.asAsyncBuffer());
 * for await (const row of tensorRows(bytes, footer, 0, "final_means", [4])) row.length; // 4
 * ```
 * @param source The file's bytes.
 * @param metadata Its parquet footer.
 * @param group The row group's index.
 * @param column The top-level column's name.
 * @param dims The shape of one row's tensor.
 * @param names What the items of each axis are, for messages (e.g. "layers", "rows", "values").
 */
export async function* tensorRows(
  source: ByteSource,
  metadata: TensorFooter,
  group: number,
  column: string,
  dims: readonly number[],
  names: readonly string[] = dims.map(() => "items"),
): AsyncGenerator<Float32Array> {
  const rowGroup = metadata.row_groups[group];
  const chunk = rowGroup.columns.find((c) => c.meta_data?.path_in_schema[0] === column);
  const meta = chunk?.meta_data;
  if (chunk === undefined || meta === undefined) {
    throw new TensorColumnError(null, "no such column");
  }
  if (meta.type !== "FLOAT") {
    throw new TensorColumnError(null, `expected FLOAT values, got ${meta.type}`);
  }
  const path = getSchemaPath(metadata.schema as SchemaElement[], [...meta.path_in_schema]);
  const codec = meta.codec as CompressionCodec;
  const maxRep = getMaxRepetitionLevel(path);
  const maxDef = getMaxDefinitionLevel(path);
  if (maxRep !== dims.length) {
    throw new TensorColumnError(null, `expected ${dims.length} nested lists, got ${maxRep}`);
  }
  const rows = Number(rowGroup.num_rows);
  const rowSize = dims.reduce((a, b) => a * b, 1);
  const expectedRepetition = repetitionLevel(dims);
  let offset = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
  const end = offset + Number(meta.total_compressed_size);
  let dictionary: Float32Array | null = null;
  let row = 0;
  let filled = 0;
  let current: Float32Array | null = null;
  while (offset < end && row < rows) {
    const { header, length } = await pageHeaderAt(source, offset);
    const start = offset + length;
    offset = start + header.compressed_page_size;
    if (header.type === "DICTIONARY_PAGE") {
      const body = await source.read(start, header.compressed_page_size);
      if (body.length < header.compressed_page_size) throw new Error("truncated page");
      const page = decompressPage(
        body,
        Number(header.uncompressed_page_size),
        codec,
        undefined,
      );
      const count = header.dictionary_page_header!.num_values;
      const reader = {
        view: new DataView(page.buffer, page.byteOffset, page.byteLength),
        offset: 0,
      };
      dictionary = Float32Array.from(readPlain(reader, "FLOAT", count, undefined) as Float32Array);
      continue;
    }
    if (header.type !== "DATA_PAGE" && header.type !== "DATA_PAGE_V2") continue;
    const page = await readDataPage(source, header, start, codec, maxRep, maxDef, dictionary);
    const { repetition, definition, values } = page;
    for (let i = 0; i < values.count;) {
      if (row >= rows) throw new TensorColumnError(row, "more values than rows");
      current ??= new Float32Array(rowSize);
      const take = Math.min(values.count - i, rowSize - filled);
      for (let j = 0; j < take; j++) {
        const k = filled + j;
        if (definition !== null && definition[i + j] !== maxDef) {
          throw new TensorColumnError(row, `null or missing value at index ${k}`);
        }
        const rep = expectedRepetition(k);
        if (repetition !== null && repetition[i + j] !== rep) {
          throw new TensorColumnError(
            row,
            shapeMismatch(dims, names, k, rep, repetition[i + j]),
          );
        }
      }
      await values.copyTo(i, take, current, filled);
      filled += take;
      i += take;
      if (filled === rowSize) {
        yield current;
        current = null;
        filled = 0;
        row++;
      }
    }
  }
  if (row < rows) throw new TensorColumnError(row, `column ends after ${row} of ${rows} rows`);
}
