/**
 * Finds a dataset's parquet shards, `data/<split>-NNNNN-of-MMMMM.parquet`, and checks that each
 * split's sequence is complete.
 *
 * @module
 */
import { join } from "@std/path";
import { WhestError } from "../core/errors.ts";

const SHARD_NAME = /^(.+)-(\d{5})-of-(\d{5})\.parquet$/;

/**
 * Every split's shard paths under `DIR/data`, each list sorted by shard index; a gap, a
 * duplicate count or a missing `data/` folder is one `WhestError` line naming the file.
 *
 * @example
 * ```ts
 * import { listShards } from "./shards.ts";
 * const shards = await listShards("tests/fixtures/whestbench-datasets/multi_split_v3.0");
 * shards.get("public"); // [".../data/public-00000-of-00001.parquet"]
 * ```
 * @param dir The dataset directory.
 */
export async function listShards(dir: string): Promise<Map<string, string[]>> {
  const dataDir = join(dir, "data");
  const found = new Map<string, { index: number; total: number; name: string }[]>();
  try {
    for await (const entry of Deno.readDir(dataDir)) {
      const match = entry.isFile ? SHARD_NAME.exec(entry.name) : null;
      if (match === null) continue;
      const [, split, index, total] = match;
      const list = found.get(split) ?? [];
      list.push({ index: Number(index), total: Number(total), name: entry.name });
      found.set(split, list);
    }
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound ? "not found" : (err as Error).message;
    throw new WhestError(`dataset '${dir}': cannot list ${dataDir}: ${why}`);
  }
  const shards = new Map<string, string[]>();
  for (const [split, list] of found) {
    list.sort((a, b) => a.index - b.index);
    const total = list[0].total;
    for (let i = 0; i < total; i++) {
      const name = `${split}-${String(i).padStart(5, "0")}-of-${String(total).padStart(5, "0")}`;
      if (list[i]?.index !== i || list[i].total !== total) {
        throw new WhestError(`${join(dataDir, name)}.parquet: missing shard ${i + 1} of ${total}`);
      }
    }
    if (list.length !== total) {
      throw new WhestError(
        `${join(dataDir, list[total].name)}: shard counts disagree for split '${split}'`,
      );
    }
    shards.set(split, list.map((s) => join(dataDir, s.name)));
  }
  return shards;
}
