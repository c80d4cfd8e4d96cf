/**
 * An independent reader of whest's shards: parquet-wasm (the Rust `parquet` crate compiled to
 * WebAssembly) decodes a whest bake into Arrow, and the columns must carry the official types,
 * in the official order, with the values whest's own reader gives; the shards' Hugging Face
 * features metadata must equal the official files' byte for byte.
 */
import assert from "@std/assert";
import { join } from "@std/path";
import { tableFromIPC } from "apache-arrow";
import { parquetMetadataAsync } from "hyparquet";
import { readParquet } from "parquet-wasm";
import { readDataset } from "../../lib/dataset/read.ts";
import { listShards } from "../../lib/dataset/shards.ts";
import { runCli, tempDir } from "../cli/_helpers.ts";
import { DATASETS } from "./_helpers.ts";

/** Column name and Arrow type, as parquet-wasm reads a shard. */
async function columns(file: string) {
  const table = tableFromIPC(readParquet(await Deno.readFile(file)).intoIPCStream());
  return { table, fields: table.schema.fields.map((f) => `${f.name}: ${f.type}`) };
}

async function keyValues(file: string): Promise<Record<string, string | undefined>> {
  const bytes = await Deno.readFile(file);
  const meta = await parquetMetadataAsync(bytes.buffer);
  return Object.fromEntries((meta.key_value_metadata ?? []).map((kv) => [kv.key, kv.value]));
}

Deno.test("parquet-wasm reads whest's shards with the official column types and whest's values", async () => {
  await using tmp = await tempDir("whest-independent-");
  const out = join(tmp.path, "ds");
  // the shape of the official fixture, so its types and metadata compare directly
  const bake = await runCli([
    ...["dataset", "bake", "--output", out, "--n-mlps", "3", "--seed", "4"],
    ...["--width", "4", "--depth", "2", "--n-samples", "64", "--kernels", "js"],
  ]);
  assert.equal(bake.code, 0, bake.stderr);
  const [shard] = (await listShards(out)).get("public")!;
  const official = join(DATASETS, "multi_split_v3.0/data/public-00000-of-00001.parquet");

  const ours = await columns(shard);
  const theirs = await columns(official);
  // The official files also carry an Arrow schema (written by Hugging Face datasets) that
  // turns final_means into a fixed-size list; whest writes the parquet types alone.
  const expected = theirs.fields.map((f) =>
    f.replace(/^final_means: FixedSizeList\[4\]<Float32>$/, "final_means: List<Float32>")
  );
  assert.deepEqual(ours.fields, expected);
  assert.deepEqual(ours.fields, [
    "mlp_id: Int32",
    "mlp_name: Utf8",
    "mlp_seed: Int64",
    "weights: List<List<List<Float32>>>",
    "all_layer_means: List<List<Float32>>",
    "final_means: List<Float32>",
    "avg_variance: Float64",
    "sampling_budget_breakdown: Utf8",
  ]);

  const { rows } = await readDataset(out);
  assert.equal(ours.table.numRows, rows.length);
  const flat = (v: unknown): number[] =>
    v !== null && typeof v === "object" && "toArray" in v
      ? Array.from((v as { toArray(): Iterable<unknown> }).toArray()).flatMap(flat)
      : [v as number];
  rows.forEach((row, i) => {
    const arrow = ours.table.get(i)!.toJSON();
    assert.equal(arrow.mlp_id, row.mlpId);
    assert.equal(BigInt(arrow.mlp_seed), BigInt(row.mlpSeed));
    assert.equal(arrow.mlp_name, row.name);
    assert.equal(arrow.avg_variance, row.groundTruth.avgVariance);
    assert.deepEqual(flat(arrow.weights), row.weights.flatMap((w) => Array.from(w)));
    assert.deepEqual(flat(arrow.all_layer_means), Array.from(row.groundTruth.allLayerMeans));
    assert.deepEqual(flat(arrow.final_means), Array.from(row.groundTruth.finalMeans));
  });

  const [ourKv, theirKv] = [await keyValues(shard), await keyValues(official)];
  assert.equal(ourKv.huggingface, theirKv.huggingface);
});
