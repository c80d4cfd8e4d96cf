/**
 * Reading row by row: `openDataset` and `run --dataset --n-mlps K` read no further than they
 * need (a bad row past K is never decoded), and a failed atomic write leaves nothing behind.
 */
import assert from "@std/assert";
import { join } from "@std/path";
import { bakeRow, writeDirAtomic, writeMetadataJson } from "../../lib/dataset/bake.ts";
import { contestFromDataset } from "../../lib/dataset/contest.ts";
import { openDataset, readDataset } from "../../lib/dataset/read.ts";
import { ShardWriter } from "../../lib/dataset/write.ts";
import { useKernels } from "../../lib/kernels/seam.ts";
import { createJsKernels } from "../../lib/kernels/js/backend.ts";
import { WhestError } from "../../lib/core/errors.ts";
import { tempDir } from "../cli/_helpers.ts";

const SHAPE = { width: 4, depth: 2, nSamples: 32, protocol: { version: "3.0" } } as const;

/** A 3-row dataset whose last row's final_means is one value short. */
async function badTail(dir: string): Promise<void> {
  useKernels(createJsKernels());
  await Deno.mkdir(join(dir, "data"));
  const writer = new ShardWriter(join(dir, "data", "public-00000-of-00001.parquet"), 4, 2);
  for (let id = 0; id < 3; id++) {
    const row = await bakeRow(id, BigInt(100 + id), SHAPE);
    writer.write(id < 2 ? row : { ...row, finalMeans: row.finalMeans.subarray(0, 3) });
  }
  writer.finish();
  await writeMetadataJson(dir, {
    schema_version: "3.0",
    seed_protocol: { name: "x", version: "3.0" },
    split: "public",
    n_mlps: 3,
    n_samples: 32,
    width: 4,
    depth: 2,
  });
}

Deno.test("openDataset and --n-mlps K read only as far as they need", async () => {
  await using tmp = await tempDir("whest-stream-test-");
  await badTail(tmp.path);
  const { rows } = await openDataset(tmp.path);
  assert.equal((await rows.next()).value?.mlpId, 0);
  assert.equal((await rows.next()).value?.mlpId, 1);
  await assert.rejects(() => rows.next(), /row 2 column 'final_means'/);
  const contest = await contestFromDataset(tmp.path, { limit: 2 });
  assert.equal(contest.source.size, 2);
  await assert.rejects(() => readDataset(tmp.path), /row 2 column 'final_means'/);
});

Deno.test("writeDirAtomic: a failure part-way leaves neither the output nor the staging dir", async () => {
  await using tmp = await tempDir("whest-stream-test-");
  const out = join(tmp.path, "ds");
  await assert.rejects(
    () =>
      writeDirAtomic(out, async (dir) => {
        await Deno.writeTextFile(join(dir, "half.txt"), "half");
        throw new WhestError("disk full");
      }),
    /disk full/,
  );
  assert.deepEqual([...Deno.readDirSync(tmp.path)], []);
});
