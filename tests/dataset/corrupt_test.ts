/**
 * Damaged copies of the official example datasets: each problem must be refused with one
 * `WhestError` line that names the file and the problem.
 */
import assert from "@std/assert";
import { WhestError } from "../../lib/core/errors.ts";
import { readDataset } from "../../lib/dataset/read.ts";
import { datasetCopy } from "./_helpers.ts";

async function assertRefused(dir: string, pattern: RegExp, split?: string): Promise<void> {
  await assert.rejects(readDataset(dir, { split }), (err: unknown) => {
    if (!(err instanceof WhestError)) return assert.fail(`not a WhestError: ${err}`);
    assert.equal(err.exitCode, 1);
    assert.ok(!err.message.includes("\n"), `more than one line: ${err.message}`);
    assert.match(err.message, pattern);
    return true;
  });
}

async function editMetadata(dir: string, edit: (meta: Record<string, unknown>) => void) {
  const meta = JSON.parse(await Deno.readTextFile(`${dir}/metadata.json`));
  edit(meta);
  await Deno.writeTextFile(`${dir}/metadata.json`, JSON.stringify(meta));
}

Deno.test("a dataset without metadata.json is refused, naming the directory", async () => {
  await using copy = await datasetCopy("multi_split_v3.0");
  await Deno.remove(`${copy.path}/metadata.json`);
  await assertRefused(copy.path, /has no readable metadata\.json: not found/);
  assert.ok((await readDataset(copy.path).catch((e) => e)).message.includes(copy.path));
});

Deno.test("metadata.json that is not JSON is refused", async () => {
  await using copy = await datasetCopy("multi_split_v3.0");
  await Deno.writeTextFile(`${copy.path}/metadata.json`, '{"schema_version": "3.0",');
  await assertRefused(copy.path, /metadata\.json: not valid JSON/);
});

Deno.test("a schema other than 3.0 is refused, quoting it", async () => {
  await using copy = await datasetCopy("multi_split_v3.0");
  await editMetadata(copy.path, (meta) => meta.schema_version = "2.0");
  await assertRefused(copy.path, /metadata\.json: schema_version must be "3\.0", got "2\.0"/);
});

Deno.test("a seed protocol the reader cannot derive seeds for is refused", async () => {
  await using copy = await datasetCopy("single_split_v3_protocol");
  await editMetadata(copy.path, (meta) => meta.seed_protocol = { name: "x", version: "5.0" });
  await assertRefused(
    copy.path,
    /seed_protocol\.version must be one of 2\.0, 3\.0, 4\.0, got "5\.0"/,
  );
});

Deno.test("a 4.0 seed protocol without a usable salt is refused", async () => {
  await using copy = await datasetCopy("single_split_v3_protocol");
  await editMetadata(copy.path, (meta) => meta.seed_protocol = { name: "x", version: "4.0" });
  await assertRefused(copy.path, /salt_source must be "metadata" or "env"/);
});

Deno.test("a seed_protocol without a version is read as 2.0", async () => {
  await using copy = await datasetCopy("multi_split_v3.0");
  await editMetadata(copy.path, (meta) => meta.seed_protocol = { name: "old" });
  const { metadata, rows } = await readDataset(copy.path);
  assert.equal(metadata.seedProtocolVersion, "2.0");
  assert.equal(rows[0].seed, Number(rows[0].mlpSeed));
});

Deno.test("partial bakes are refused, whole or per split", async () => {
  await using whole = await datasetCopy("single_split_v3_protocol");
  await editMetadata(whole.path, (meta) => meta.is_partial = true);
  await assertRefused(whole.path, /the dataset is a partial bake/);
  await using split = await datasetCopy("multi_split_v3.0");
  await editMetadata(split.path, (meta) => {
    (meta.splits as Record<string, Record<string, unknown>>).holdout.is_partial = true;
  });
  await assertRefused(split.path, /split 'holdout' is a partial bake/);
});

Deno.test("split names outside the official pattern are refused", async () => {
  await using copy = await datasetCopy("multi_split_v3.0");
  await editMetadata(copy.path, (meta) => {
    const splits = meta.splits as Record<string, unknown>;
    splits.Public_1 = splits.public;
  });
  await assertRefused(copy.path, /split name 'Public_1' does not match/);
});

Deno.test("an unknown split is refused with the list of known ones", async () => {
  await using copy = await datasetCopy("multi_split_v3.0");
  await assertRefused(copy.path, /has no split 'nope' \(known: public, holdout\)/, "nope");
});

Deno.test("a split whose shards are gone, or incomplete, is refused naming the shard", async () => {
  await using copy = await datasetCopy("multi_split_v3.0");
  await Deno.remove(`${copy.path}/data/holdout-00000-of-00001.parquet`);
  await assertRefused(copy.path, /missing shard data\/holdout-00000-of-NNNNN/, "holdout");
  await Deno.rename(
    `${copy.path}/data/public-00000-of-00001.parquet`,
    `${copy.path}/data/public-00000-of-00002.parquet`,
  );
  await assertRefused(copy.path, /public-00001-of-00002\.parquet: missing shard 2 of 2/);
});

Deno.test("shards are read in index order and concatenated", async () => {
  await using copy = await datasetCopy("multi_split_v3.0");
  const data = `${copy.path}/data`;
  const [publicRows, holdoutRows] = await Promise.all(
    ["public", "holdout"].map(async (split) => (await readDataset(copy.path, { split })).rows),
  );
  // Holdout becomes shard 0 and public shard 1 of one split, so name order != index order.
  await Deno.rename(
    `${data}/holdout-00000-of-00001.parquet`,
    `${data}/public-00000-of-00002.parquet`,
  );
  await Deno.rename(
    `${data}/public-00000-of-00001.parquet`,
    `${data}/public-00001-of-00002.parquet`,
  );
  await editMetadata(copy.path, (meta) => {
    meta.splits = { public: { n_mlps: 8 } };
  });
  const { rows } = await readDataset(copy.path);
  assert.deepEqual(rows.map((r) => r.name), [...holdoutRows, ...publicRows].map((r) => r.name));
});

Deno.test("a row count that disagrees with metadata.json is refused", async () => {
  await using copy = await datasetCopy("single_split_v3_protocol");
  await editMetadata(copy.path, (meta) => meta.n_mlps = 5);
  await assertRefused(copy.path, /split 'public' has 4 rows, metadata\.json says 5/);
});

Deno.test("weights whose shape disagrees with width/depth are refused, naming shard and row", async () => {
  await using wide = await datasetCopy("single_split_v3_protocol");
  await editMetadata(wide.path, (meta) => meta.width = 5);
  await assertRefused(
    wide.path,
    /public-00000-of-00001\.parquet: row 0 column 'weights': expected 5 values, got 4/,
  );
  await using deep = await datasetCopy("single_split_v3_protocol");
  await editMetadata(deep.path, (meta) => meta.depth = 3);
  await assertRefused(deep.path, /row 0 column 'weights': expected 3 layers, got 2/);
});

Deno.test("non-finite ground truth is refused", async () => {
  await using copy = await datasetCopy("single_split_v3_protocol");
  const shard = `${copy.path}/data/public-00000-of-00001.parquet`;
  // all_layer_means pages are stored uncompressed, so a value's float32 bytes appear verbatim:
  // overwrite them with NaN.
  const [row] = (await readDataset(copy.path)).rows;
  const target = new Uint8Array(Float32Array.of(row.groundTruth.allLayerMeans[0]).buffer);
  const nan = new Uint8Array(Float32Array.of(NaN).buffer);
  const bytes = await Deno.readFile(shard);
  let patched = 0;
  for (let i = 0; i + 4 <= bytes.length; i++) {
    if (target.every((b, k) => bytes[i + k] === b)) {
      bytes.set(nan, i);
      patched++;
    }
  }
  assert.ok(patched > 0, "the value's bytes were not found in the shard");
  await Deno.writeFile(shard, bytes);
  await assertRefused(copy.path, /row 0 column 'all_layer_means': non-finite value NaN at index 0/);
});

Deno.test("a truncated parquet shard is refused, naming it", async () => {
  await using copy = await datasetCopy("single_split_v3_protocol");
  const shard = `${copy.path}/data/public-00000-of-00001.parquet`;
  const bytes = await Deno.readFile(shard);
  await Deno.writeFile(shard, bytes.subarray(0, bytes.length >> 1));
  await assertRefused(copy.path, /public-00000-of-00001\.parquet: cannot read parquet/);
});
