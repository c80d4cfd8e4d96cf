/**
 * `dataset merge` (partial bakes → one dataset, coverage checked) and `dataset combine-splits`
 * (single-split datasets → one multi-split dataset). Both write atomically.
 *
 * @module
 */
import { join } from "@std/path";
import { WhestError } from "../core/errors.ts";
import { writeDirAtomic, writeMetadataJson, writeShards } from "./bake.ts";
import { readMetadata } from "./metadata.ts";
import { shardRowCount, shardRows } from "./rows.ts";
import { listShards } from "./shards.ts";
import type { ShardRow } from "./write.ts";

type Json = Record<string, unknown>;

interface Part {
  readonly dir: string;
  readonly meta: Json;
  readonly start: number;
  readonly end: number;
  readonly total: number;
}

async function readPartMeta(dir: string): Promise<Json> {
  const file = join(dir, "metadata.json");
  try {
    const meta = JSON.parse(await Deno.readTextFile(file));
    if (typeof meta !== "object" || meta === null) throw new Error("not a JSON object");
    return meta as Json;
  } catch (err) {
    throw new WhestError(`${file}: cannot read: ${(err as Error).message}`);
  }
}

async function readPart(dir: string): Promise<Part> {
  const meta = await readPartMeta(dir);
  const slice = meta.slice as Json | undefined;
  if (meta.is_partial !== true || typeof slice !== "object" || slice === null) {
    throw new WhestError(`${dir}: not a partial bake (no is_partial and slice in metadata.json)`);
  }
  const [start, end, total] = [slice.mlp_id_start, slice.mlp_id_end, slice.n_mlps_total];
  if (![start, end, total].every(Number.isSafeInteger)) {
    throw new WhestError(`${dir}: metadata.json slice is malformed`);
  }
  return { dir, meta, start: start as number, end: end as number, total: total as number };
}

/** The fields every part of one bake must share. */
const SHARED = ["width", "depth", "n_samples", "split", "config", "seed_protocol"] as const;

function ids(a: number, b: number): string {
  return b - a === 1 ? `mlp_id ${a}` : `mlp_ids ${a}..${b - 1}`;
}

/** Checks that the parts come from one bake and cover every mlp_id once; returns them sorted. */
function checkCoverage(parts: Part[]): Part[] {
  const first = parts[0];
  for (const part of parts) {
    for (const key of [...SHARED, "schema_version"]) {
      if (JSON.stringify(part.meta[key]) !== JSON.stringify(first.meta[key])) {
        throw new WhestError(
          `${part.dir}: '${key}' differs from ${first.dir}; the parts are not of one bake`,
        );
      }
    }
    const digest = (p: Part) => (p.meta.slice as Json).mlp_seeds_sha256;
    if (digest(part) !== digest(first)) {
      throw new WhestError(
        `${part.dir}: sliced from another seed list than ${first.dir}; the parts are not of one bake`,
      );
    }
    if (part.total !== first.total) {
      throw new WhestError(
        `${part.dir}: a bake of ${part.total} MLPs, ${first.dir} of ${first.total}`,
      );
    }
  }
  const sorted = [...parts].sort((a, b) => a.start - b.start || a.end - b.end);
  let next = 0;
  for (let i = 0; i < sorted.length; i++) {
    const part = sorted[i];
    if (i > 0 && part.start === sorted[i - 1].start && part.end === sorted[i - 1].end) {
      throw new WhestError(
        `duplicate parts: ${sorted[i - 1].dir} and ${part.dir} both hold ${
          ids(part.start, part.end)
        }`,
      );
    }
    if (part.start < next) {
      throw new WhestError(
        `overlapping parts: ${sorted[i - 1].dir} and ${part.dir} both hold ${
          ids(part.start, Math.min(next, part.end))
        }`,
      );
    }
    if (part.start > next) {
      throw new WhestError(`missing ${ids(next, part.start)}: no part holds them`);
    }
    next = part.end;
  }
  if (next < first.total) {
    throw new WhestError(`missing ${ids(next, first.total)}: no part holds them`);
  }
  return sorted;
}

async function* splitRows(
  dir: string,
  split: string,
  n: number,
  d: number,
  check: (row: ShardRow, file: string, index: number) => void,
): AsyncGenerator<ShardRow> {
  const files = (await listShards(dir)).get(split);
  if (files === undefined) throw new WhestError(`${dir}: no shards of split '${split}' in data/`);
  for (const file of files) {
    let index = 0;
    for await (const row of shardRows(file, n, d)) {
      check(row, file, index);
      index++;
      yield row;
    }
  }
}

/**
 * Merges partial bakes into one dataset at `out`: the parts must share shape, samples, split
 * and seed protocol, and cover every mlp_id exactly once; missing, overlapping or duplicate
 * MLPs (or mlp_seeds) are one `WhestError` line naming them, and nothing is written.
 *
 * @example
 * ```ts ignore
 * import { mergeParts } from "./merge.ts";
 * await mergeParts("merged", ["part1", "part2"]);
 * ```
 * @param out The dataset directory to create.
 * @param dirs The partial bakes.
 * @param chunkSize MLPs per shard of the result (default: all in one shard).
 * @returns The number of MLPs merged.
 */
export async function mergeParts(
  out: string,
  dirs: readonly string[],
  chunkSize?: number,
): Promise<number> {
  const parts = checkCoverage(await Promise.all(dirs.map(readPart)));
  const meta = { ...parts[0].meta };
  const total = parts[0].total;
  const [n, d, split] = [meta.width as number, meta.depth as number, meta.split as string];
  const seeds = new Map<bigint, number>();
  async function* rows(): AsyncGenerator<ShardRow> {
    for (const part of parts) {
      let count = 0;
      const check = (row: ShardRow, file: string, index: number) => {
        if (row.mlpId !== part.start + count) {
          throw new WhestError(
            `${file}: row ${index} has mlp_id ${row.mlpId}, expected ${part.start + count}`,
          );
        }
        const before = seeds.get(row.mlpSeed);
        if (before !== undefined) {
          throw new WhestError(
            `duplicate mlp_seed ${row.mlpSeed}: mlp_ids ${before} and ${row.mlpId}`,
          );
        }
        seeds.set(row.mlpSeed, row.mlpId);
        count++;
      };
      yield* splitRows(part.dir, split, n, d, check);
      if (count !== part.end - part.start) {
        throw new WhestError(
          `${part.dir}: holds ${count} rows, its slice says ${part.end - part.start}`,
        );
      }
    }
  }
  delete meta.is_partial;
  delete meta.slice;
  meta.n_mlps = total;
  await writeDirAtomic(out, async (tmp) => {
    await writeShards(tmp, split, total, chunkSize ?? total, rows());
    await writeMetadataJson(tmp, meta);
  });
  return total;
}

/** Rows of a split by its shards' parquet footers (metadata.json's n_mlps may be absent). */
async function splitRowCount(dir: string, split: string): Promise<number> {
  let count = 0;
  for (const file of (await listShards(dir)).get(split) ?? []) count += await shardRowCount(file);
  return count;
}

/**
 * Combines single-split datasets into one multi-split dataset at `out` (their rows copied,
 * metadata's `splits` built from each); they must share shape, samples and seed protocol and
 * have distinct split names.
 *
 * @example
 * ```ts ignore
 * import { combineSplits } from "./merge.ts";
 * await combineSplits("both", ["public", "holdout"], "public");
 * ```
 * @param out The dataset directory to create.
 * @param dirs Single-split datasets.
 * @param defaultSplit `default_split` of the result, or undefined for the first split.
 * @returns The split names, in order.
 */
export async function combineSplits(
  out: string,
  dirs: readonly string[],
  defaultSplit?: string,
): Promise<string[]> {
  const metas = await Promise.all(dirs.map(readMetadata));
  const first = metas[0];
  const names: string[] = [];
  metas.forEach((meta, i) => {
    if (meta.raw.splits !== undefined) {
      throw new WhestError(`${dirs[i]}: already a multi-split dataset; give single-split ones`);
    }
    for (const key of ["width", "depth", "n_samples", "seed_protocol"]) {
      if (JSON.stringify(meta.raw[key]) !== JSON.stringify(first.raw[key])) {
        throw new WhestError(`${dirs[i]}: '${key}' differs from ${dirs[0]}`);
      }
    }
    const name = meta.splits[0].name;
    if (names.includes(name)) {
      throw new WhestError(
        `${dirs[i]}: split '${name}' given twice (also ${dirs[names.indexOf(name)]})`,
      );
    }
    names.push(name);
  });
  if (defaultSplit !== undefined && !names.includes(defaultSplit)) {
    throw new WhestError(`--default-split '${defaultSplit}' is none of ${names.join(", ")}`);
  }
  const splits: Json = {};
  metas.forEach((meta, i) => {
    const raw = meta.raw;
    splits[names[i]] = {
      n_mlps: raw.n_mlps,
      created_at_utc: raw.created_at_utc,
      ...(raw.config === undefined ? {} : { config: raw.config }),
      ...(raw.seed === undefined ? {} : { seed: raw.seed }),
      hardware_fingerprints: [raw.hardware ?? {}],
    };
  });
  const { split: _s, n_mlps: _n, config: _c, seed: _seed, ...shared } = first.raw;
  const meta: Json = { ...shared, splits, default_split: defaultSplit ?? names[0] };
  await writeDirAtomic(out, async (tmp) => {
    for (let i = 0; i < dirs.length; i++) {
      const count = await splitRowCount(dirs[i], names[i]);
      await writeShards(
        tmp,
        names[i],
        count,
        Math.max(1, count),
        splitRows(dirs[i], names[i], first.width, first.depth, () => {}),
      );
    }
    await writeMetadataJson(tmp, meta);
  });
  return names;
}
