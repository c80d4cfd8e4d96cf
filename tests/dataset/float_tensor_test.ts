/**
 * The page-by-page tensor column reader against what wrote the pages: hand-built v1 pages whose
 * rows span pages (as pyarrow writes 1 MiB pages of 64 MiB rows), and hyparquet-writer's v2
 * files in each float encoding and codec, checked value for value and against hyparquet's own
 * generic decoder.
 */
import assert from "@std/assert";
import type { FileMetaData, SchemaElement } from "hyparquet";
import { parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { ByteWriter } from "hyparquet-writer";
import { writePageHeader } from "hyparquet-writer/src/datapage.js";
import { writeRleBitPackedHybrid } from "hyparquet-writer/src/encoding.js";
import { snappyCompress } from "hyparquet-writer/src/snappy.js";
import {
  type ByteSource,
  FileBytes,
  TensorColumnError,
  tensorRows,
} from "../../lib/dataset/float_tensor.ts";
import { repetitionLevel } from "../../lib/dataset/tensor_levels.ts";

type WriterSchema = NonNullable<Parameters<typeof parquetWriteBuffer>[0]["schema"]>;

/** An OPTIONAL list column `depth` lists deep of OPTIONAL float, as pyarrow writes it. */
function listSchema(depth: number): SchemaElement[] {
  const out: SchemaElement[] = [{ name: "schema", num_children: 1 }];
  for (let level = 0; level < depth; level++) {
    out.push(
      {
        name: level === 0 ? "t" : "element",
        repetition_type: "OPTIONAL",
        num_children: 1,
        converted_type: "LIST",
      },
      { name: "list", repetition_type: "REPEATED", num_children: 1 },
    );
  }
  out.push({ name: "element", type: "FLOAT", repetition_type: "OPTIONAL" });
  return out;
}

/** Row-major values 0.5, 1.5, ... of `rows` tensors of shape `dims`. */
function tensors(rows: number, dims: readonly number[]): Float32Array[] {
  const size = dims.reduce((a, b) => a * b, 1);
  return Array.from(
    { length: rows },
    (_, r) => Float32Array.from({ length: size }, (_, i) => (r * size + i) * 0.25 - 3),
  );
}

/** The nested JS lists of a row-major tensor, for hyparquet-writer. */
function nest(values: Float32Array, dims: readonly number[]): unknown {
  if (dims.length === 1) return Array.from(values);
  const step = values.length / dims[0];
  return Array.from(
    { length: dims[0] },
    (_, i) => nest(values.subarray(i * step, (i + 1) * step), dims.slice(1)),
  );
}

/** Repetition levels by walking the nesting, the way a writer shreds it. */
function repetitionLevels(rows: number, dims: readonly number[]): number[] {
  const out: number[] = [];
  const walk = (level: number, first: number) => {
    for (let i = 0; i < dims[level]; i++) {
      const rep = i === 0 ? first : level + 1;
      if (level === dims.length - 1) out.push(rep);
      else walk(level + 1, rep);
    }
  };
  for (let r = 0; r < rows; r++) walk(0, 0);
  return out;
}

class MemoryBytes implements ByteSource {
  constructor(readonly bytes: Uint8Array<ArrayBuffer>) {}
  get byteLength(): number {
    return this.bytes.length;
  }
  read(offset: number, length: number): Promise<Uint8Array<ArrayBuffer>> {
    return Promise.resolve(this.bytes.subarray(offset, offset + length));
  }
  readInto(offset: number, target: Uint8Array): Promise<number> {
    const bytes = this.bytes.subarray(offset, offset + target.length);
    target.set(bytes);
    return Promise.resolve(bytes.length);
  }
}

/** One column chunk of v1 data pages of `perPage` values each, and a footer describing it. */
function v1Chunk(
  rows: Float32Array[],
  dims: readonly number[],
  perPage: number,
  options: { snappy?: boolean; definition?: (i: number) => number } = {},
): { source: ByteSource; metadata: FileMetaData } {
  const values = new Float32Array(rows.reduce((n, r) => n + r.length, 0));
  rows.forEach((r, i) => values.set(r, i * r.length));
  const reps = repetitionLevels(rows.length, dims);
  const maxDef = 2 * dims.length + 1;
  const writer = new ByteWriter();
  writer.appendBytes(new TextEncoder().encode("PAR1"));
  const start = writer.offset;
  for (let at = 0; at < values.length; at += perPage) {
    const end = Math.min(values.length, at + perPage);
    const page = new ByteWriter();
    const definitions = reps.slice(at, end).map((_, i) => options.definition?.(at + i) ?? maxDef);
    const levelRuns = [[reps.slice(at, end), dims.length], [definitions, maxDef]] as const;
    for (const [levels, maxLevel] of levelRuns) {
      const encoded = new ByteWriter();
      writeRleBitPackedHybrid(encoded, levels, 32 - Math.clz32(maxLevel));
      page.appendUint32(encoded.offset);
      page.appendBytes(encoded.getBytes());
    }
    const present = values.subarray(at, end).filter((_, i) =>
      (options.definition?.(at + i) ?? maxDef) === maxDef
    );
    page.appendBytes(new Uint8Array(present.buffer, present.byteOffset, present.byteLength));
    const plain = page.getBytes();
    const body = options.snappy ? snappyCompress(plain) : plain;
    writePageHeader(writer, {
      type: "DATA_PAGE",
      uncompressed_page_size: plain.length,
      compressed_page_size: body.length,
      data_page_header: {
        num_values: end - at,
        encoding: "PLAIN",
        definition_level_encoding: "RLE",
        repetition_level_encoding: "RLE",
      },
    });
    writer.appendBytes(body);
  }
  const metadata = {
    version: 2,
    schema: listSchema(dims.length),
    num_rows: BigInt(rows.length),
    row_groups: [{
      num_rows: BigInt(rows.length),
      total_byte_size: BigInt(writer.offset - start),
      columns: [{
        file_offset: BigInt(start),
        meta_data: {
          type: "FLOAT",
          encodings: ["PLAIN", "RLE"],
          path_in_schema: [
            "t",
            ...Array(dims.length - 1).fill(["list", "element"]).flat(),
            "list",
            "element",
          ],
          codec: options.snappy ? "SNAPPY" : "UNCOMPRESSED",
          num_values: BigInt(values.length),
          total_uncompressed_size: BigInt(writer.offset - start),
          total_compressed_size: BigInt(writer.offset - start),
          data_page_offset: BigInt(start),
        },
      }],
    }],
    metadata_length: 0,
  } as unknown as FileMetaData;
  return { source: new MemoryBytes(new Uint8Array(writer.getBuffer())), metadata };
}

async function collect(rows: AsyncGenerator<Float32Array>): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

Deno.test("v1 pages whose rows span pages (and pages that hold several rows) decode row by row", async () => {
  const dims = [2, 3, 4];
  const rows = tensors(3, dims);
  for (const perPage of [1, 5, 7, 24, 25, 72, 1000]) {
    for (const snappy of [false, true]) {
      const { source, metadata } = v1Chunk(rows, dims, perPage, { snappy });
      assert.deepEqual(
        await collect(tensorRows(source, metadata, 0, "t", dims)),
        rows,
        `${perPage}`,
      );
    }
  }
});

Deno.test("a row of another shape, a null or a short chunk is a TensorColumnError naming the row", async () => {
  const dims = [2, 3];
  const rows = tensors(3, dims);
  const refuse = async (
    chunk: ReturnType<typeof v1Chunk>,
    want: number[],
    row: number | null,
    message: RegExp,
  ) => {
    let err: unknown = null;
    try {
      await collect(tensorRows(chunk.source, chunk.metadata, 0, "t", want));
    } catch (caught) {
      err = caught;
    }
    if (!(err instanceof TensorColumnError)) throw new Error(`not a TensorColumnError: ${err}`);
    assert.equal(err.row, row);
    assert.match(err.message, message);
  };
  await refuse(v1Chunk(rows, dims, 4), [2, 4], 0, /expected 4 items, got 3/);
  await refuse(v1Chunk(rows, dims, 4), [3, 3], 0, /expected 3 items, got 2/);
  await refuse(v1Chunk(rows, dims, 4), [2, 2], 0, /expected 2 items, got more/);
  await refuse(v1Chunk(rows, dims, 4), [6], null, /expected 1 nested lists, got 2/);
  await refuse(
    v1Chunk(rows, dims, 4, { definition: (i) => i === 8 ? 4 : 5 }),
    dims,
    1,
    /null or missing value at index 2/,
  );
  const short = v1Chunk(rows, dims, 4);
  (short.metadata.row_groups[0] as { num_rows: bigint }).num_rows = 4n;
  await refuse(short, dims, 3, /column ends after 3 of 4 rows/);
});

Deno.test("hyparquet-writer's v2 pages in every float encoding and codec decode as hyparquet decodes them", async () => {
  const dims = [3, 2, 5];
  // Few distinct values, so that the writer's automatic dictionary pays off.
  const rows = tensors(5, dims).map((r) => r.map((x) => Math.abs(Math.round(x)) % 3));
  const variants = [
    { encoding: undefined, codec: "UNCOMPRESSED" },
    { encoding: undefined, codec: "SNAPPY" },
    { encoding: "PLAIN", codec: "SNAPPY" },
    { encoding: "BYTE_STREAM_SPLIT", codec: "UNCOMPRESSED" },
  ] as const;
  const seen = new Set<string>();
  for (const { encoding, codec } of variants) {
    const buffer = parquetWriteBuffer({
      columnData: [{ name: "t", data: rows.map((r) => nest(r, dims)) as unknown[], encoding }],
      // hyparquet-writer types its schema with its own hyparquet version's SchemaElement.
      schema: listSchema(dims.length) as unknown as WriterSchema,
      codec,
      pageSize: 64,
      rowGroupSize: 3,
    });
    const path = await Deno.makeTempFile({ suffix: ".parquet" });
    try {
      await Deno.writeFile(path, new Uint8Array(buffer));
      using bytes = await FileBytes.open(path);
      const metadata = await parquetMetadataAsync(bytes.asAsyncBuffer());
      const decoded: Float32Array[] = [];
      for (let group = 0; group < metadata.row_groups.length; group++) {
        decoded.push(...await collect(tensorRows(bytes, metadata, group, "t", dims)));
        seen.add(metadata.row_groups[group].columns[0].meta_data!.encodings.join(","));
      }
      assert.deepEqual(decoded, rows);
      const generic = await parquetReadObjects({ file: bytes.asAsyncBuffer(), metadata });
      assert.deepEqual(decoded.map((r) => nest(r, dims)), generic.map((row) => row.t));
    } finally {
      await Deno.remove(path);
    }
  }
  assert.ok([...seen].some((e) => e.includes("RLE_DICTIONARY")), [...seen].join(" | "));
  assert.ok([...seen].some((e) => e.includes("BYTE_STREAM_SPLIT")), [...seen].join(" | "));
});

Deno.test("a null in a v2 page is refused at its row", async () => {
  const dims = [2, 2];
  const rows = tensors(3, dims).map((r) => nest(r, dims) as (number | null)[][]);
  rows[2][1][0] = null;
  const buffer = parquetWriteBuffer({
    columnData: [{ name: "t", data: rows }],
    schema: listSchema(dims.length) as unknown as WriterSchema,
  });
  const path = await Deno.makeTempFile({ suffix: ".parquet" });
  try {
    await Deno.writeFile(path, new Uint8Array(buffer));
    using bytes = await FileBytes.open(path);
    const metadata = await parquetMetadataAsync(bytes.asAsyncBuffer());
    const decoded: Float32Array[] = [];
    await assert.rejects(
      async () => {
        for await (const row of tensorRows(bytes, metadata, 0, "t", dims)) decoded.push(row);
      },
      (err: unknown) =>
        err instanceof TensorColumnError && err.row === 2 && /null/.test(err.message),
    );
    assert.equal(decoded.length, 2);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("repetitionLevel agrees with a writer's walk of the nesting, for every shape up to 4 deep", () => {
  const rng = (() => {
    let x = 7;
    return (n: number) => 1 + ((x = (x * 1103515245 + 12345) % 2 ** 31) % n);
  })();
  for (let trial = 0; trial < 200; trial++) {
    const dims = Array.from({ length: rng(4) }, () => rng(5));
    const walked = repetitionLevels(1, dims);
    const level = repetitionLevel(dims);
    assert.deepEqual(walked.map((_, k) => level(k)), walked, dims.join("×"));
  }
});
