/**
 * Bakes a dataset (reference-behaviour §7, schema 3.0): per-MLP seeds (protocol 3.0, or 4.0
 * with a salt), weights drawn as the official bake draws them, ground truth by whest's sampler,
 * written into a temporary directory beside the output and renamed into place at the end, so a
 * failure leaves nothing half-written. A slice writes a partial bake that only merge accepts.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { basename, dirname, join } from "@std/path";
import { WhestError } from "../core/errors.ts";
import { sampleMlp } from "../contest/mlp.ts";
import { protocol3Seeds } from "../contest/seeding.ts";
import { sampleGroundTruth } from "../groundtruth/sampler.ts";
import { atInterrupt } from "../runner/interrupt.ts";
import { protocol4EstimatorSeed, saltDigest, toHex } from "./protocol4.ts";
import { SCHEMA_VERSION } from "./metadata.ts";
import { type ShardRow, ShardWriter } from "./write.ts";

/** The seed protocol a bake records. */
export interface BakeProtocol {
  /** "3.0" (estimator seed from the SeedSequence) or "4.0" (keyed BLAKE2b). */
  readonly version: "3.0" | "4.0";
  /** The 32-byte salt of a 4.0 bake. */
  readonly salt?: Uint8Array;
  /** Where a reader finds the salt: in metadata.json, or in WHEST_SEED_SALT. */
  readonly saltSource?: "metadata" | "env";
}

/** What to bake. */
export interface BakeOptions {
  /** The dataset directory to create; it must not exist. */
  readonly output: string;
  /** `mlp_seed` of every MLP of the whole bake, by mlp_id. */
  readonly mlpSeeds: readonly bigint[];
  /** The mlp_ids this bake covers, [start, end); the whole range unless sliced. */
  readonly range: readonly [number, number];
  /** Monte Carlo samples per MLP. */
  readonly nSamples: number;
  /** Neurons per layer. */
  readonly width: number;
  /** Layers. */
  readonly depth: number;
  /** Split name. */
  readonly split: string;
  /** Config name recorded in metadata, or undefined. */
  readonly config: string | undefined;
  /** `--seed` the mlp_seeds were derived from, recorded as metadata's `seed`; else undefined. */
  readonly seed?: number;
  /** MLPs per parquet shard. */
  readonly chunkSize: number;
  /** The seed protocol. */
  readonly protocol: BakeProtocol;
  /** Recorded as metadata's `hardware`. */
  readonly hardware: Readonly<Record<string, unknown>>;
  /** Called after each MLP. */
  readonly onMlp?: (done: number, total: number) => void;
}

/** SHA-256 (hex) of the whole bake's mlp_seeds as decimal text joined by commas. */
function seedsDigest(seeds: readonly bigint[]): string {
  return createHash("sha256").update(seeds.join(",")).digest("hex");
}

/** Name of MLP `id` in a whest bake. */
export function mlpName(id: number): string {
  return `mlp-${id}`;
}

function shardName(split: string, index: number, total: number): string {
  return `${split}-${String(index).padStart(5, "0")}-of-${String(total).padStart(5, "0")}.parquet`;
}

/** The `seed_protocol` object of metadata.json for a bake's protocol. */
export function seedProtocolJson(protocol: BakeProtocol): Record<string, unknown> {
  if (protocol.version === "3.0") {
    return { name: "whestbench_explicit_per_mlp_seeds", version: "3.0" };
  }
  const salt = protocol.salt!;
  const source = protocol.saltSource ?? "metadata";
  return {
    name: "whest_keyed_per_mlp_seeds",
    version: "4.0",
    kdf: "blake2b-keyed",
    salt_source: source,
    salt_digest: saltDigest(salt),
    ...(source === "metadata" ? { salt: toHex(salt) } : {}),
  };
}

/** The estimator seed of `mlpSeed` under a bake's protocol. */
function estimatorSeed(protocol: BakeProtocol, mlpSeed: bigint): number {
  return protocol.version === "3.0"
    ? protocol3Seeds(mlpSeed).estimatorSeed
    : protocol4EstimatorSeed(mlpSeed, protocol.salt!);
}

/**
 * Bakes one MLP: weights from `SeedSequence(mlp_seed).spawn(3)` child 0, ground truth from
 * child 1's inputs, the estimator seed by the protocol.
 */
export async function bakeRow(
  id: number,
  mlpSeed: bigint,
  options: Pick<BakeOptions, "width" | "depth" | "nSamples" | "protocol">,
): Promise<ShardRow> {
  const streams = protocol3Seeds(mlpSeed);
  const seed = estimatorSeed(options.protocol, mlpSeed);
  const mlp = sampleMlp(options.width, options.depth, streams.weightRng, mlpName(id), seed);
  const { truth, summary } = await sampleGroundTruth(mlp, streams.inputRng, options.nSamples);
  return {
    mlpId: id,
    mlpName: mlp.name,
    mlpSeed,
    weights: mlp.weights,
    allLayerMeans: truth.allLayerMeans,
    finalMeans: truth.finalMeans,
    avgVariance: truth.avgVariance,
    samplingBudgetBreakdown: JSON.stringify(summary),
  };
}

/**
 * A temporary directory beside `output` for an atomic write; fails with one line if `output`
 * exists already or its parent is missing.
 */
export async function stagingDir(output: string): Promise<string> {
  try {
    await Deno.lstat(output);
    throw new WhestError(`output '${output}' exists already; choose a new directory`);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  const parent = dirname(output);
  try {
    return await Deno.makeTempDir({ dir: parent, prefix: `.${basename(output)}.partial-` });
  } catch (err) {
    throw new WhestError(`cannot create a directory in '${parent}': ${(err as Error).message}`);
  }
}

/**
 * Runs `fill(tmp)` in a staging directory beside `output` and renames it to `output` when it
 * succeeds; on any failure the staging directory is removed and the error rethrown.
 */
export async function writeDirAtomic(
  output: string,
  fill: (tmp: string) => Promise<void>,
): Promise<void> {
  const tmp = await stagingDir(output);
  // Ctrl-C part-way removes the staging directory too (the sampler yields to signals)
  const forget = atInterrupt(() => Deno.removeSync(tmp, { recursive: true }));
  try {
    await fill(tmp);
    await Deno.chmod(tmp, 0o755).catch(() => {}); // makeTempDir's 0700 is not a dataset's mode
    await Deno.rename(tmp, output);
  } catch (err) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw err;
  } finally {
    forget();
  }
}

/**
 * Writes `rows` into `dir/data` as shards of `chunkSize` rows named for `split`.
 * Accepts an async iterable so rows are written as they are made.
 */
export async function writeShards(
  dir: string,
  split: string,
  count: number,
  chunkSize: number,
  rows: AsyncIterable<ShardRow> | Iterable<ShardRow>,
): Promise<void> {
  await Deno.mkdir(join(dir, "data"), { recursive: true });
  const total = Math.max(1, Math.ceil(count / chunkSize));
  let shard = 0;
  let writer: ShardWriter | undefined;
  for await (const row of rows) {
    if (writer === undefined) {
      const path = join(dir, "data", shardName(split, shard, total));
      writer = new ShardWriter(path, row.finalMeans.length, row.weights.length);
    }
    writer.write(row);
    if (writer.rows === chunkSize) {
      writer.finish();
      writer = undefined;
      shard++;
    }
  }
  if (writer !== undefined) {
    writer.finish();
    shard++;
  }
  if (shard !== total) {
    throw new WhestError(`wrote ${shard} shards of split '${split}', expected ${total}`);
  }
}

/**
 * Writes metadata.json into `dir`.
 */
export async function writeMetadataJson(dir: string, meta: Record<string, unknown>): Promise<void> {
  await Deno.writeTextFile(join(dir, "metadata.json"), JSON.stringify(meta, null, 2) + "\n");
}

/**
 * Bakes the MLPs `options.range` covers and writes the dataset to `options.output` atomically.
 *
 * @example
 * ```ts ignore
 * import { bakeDataset } from "./bake.ts";
 * await bakeDataset({ output: "out", mlpSeeds: [1n, 2n], range: [0, 2], nSamples: 100,
 *   width: 8, depth: 2, split: "public", config: undefined, chunkSize: 1000,
 *   protocol: { version: "3.0" }, hardware: {} });
 * ```
 * @param options What to bake and where.
 */
export async function bakeDataset(options: BakeOptions): Promise<"written" | "already"> {
  const [start, end] = options.range;
  const total = options.mlpSeeds.length;
  const partial = start !== 0 || end !== total;
  const count = end - start;
  // only a slice carries the digest of its seed list, so only a slice can be known identical
  if (partial && await sameBakeExists(options)) return "already";
  async function* rows(): AsyncGenerator<ShardRow> {
    for (let id = start; id < end; id++) {
      yield await bakeRow(id, options.mlpSeeds[id], options);
      options.onMlp?.(id - start + 1, count);
    }
  }
  const createdAt = new Date().toISOString().replace("Z", "+00:00");
  const meta: Record<string, unknown> = {
    schema_version: SCHEMA_VERSION,
    format: "hf-datasets-parquet",
    backend: "whest",
    seed_protocol: seedProtocolJson(options.protocol),
    created_at_utc: createdAt,
    split: options.split,
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    n_mlps: count,
    n_samples: options.nSamples,
    width: options.width,
    depth: options.depth,
    hardware: options.hardware,
    ...(partial
      ? {
        is_partial: true,
        slice: {
          mlp_id_start: start,
          mlp_id_end: end,
          n_mlps_total: total,
          // every slice of one bake derives the same seed list: merge refuses mixed bakes
          mlp_seeds_sha256: seedsDigest(options.mlpSeeds),
        },
      }
      : {}),
  };
  await writeDirAtomic(options.output, async (tmp) => {
    await writeShards(tmp, options.split, count, options.chunkSize, rows());
    await writeMetadataJson(tmp, meta);
  });
  return "written";
}

/**
 * Whether `options.output` already holds this very slice (same seed list, range, shape, samples
 * and split): a rerun of a completed slice, as a scheduler's requeue makes, is then a no-op. A
 * bake is written atomically, so a directory that exists is whole.
 */
async function sameBakeExists(options: BakeOptions): Promise<boolean> {
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(await Deno.readTextFile(join(options.output, "metadata.json")));
  } catch {
    return false;
  }
  const [start, end] = options.range;
  const total = options.mlpSeeds.length;
  const slice = (meta.slice ?? {}) as Record<string, unknown>;
  return meta.is_partial === true && meta.split === options.split &&
    meta.n_samples === options.nSamples && meta.width === options.width &&
    meta.depth === options.depth && meta.n_mlps === end - start &&
    slice.mlp_id_start === start && slice.mlp_id_end === end && slice.n_mlps_total === total &&
    slice.mlp_seeds_sha256 === seedsDigest(options.mlpSeeds);
}
