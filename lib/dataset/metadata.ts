/**
 * Reads and checks a dataset's `metadata.json` (reference-behaviour §7, schema 3.0): the
 * shared MLP shape, the seed protocol, and the splits, in single-split or multi-split form.
 *
 * @module
 */
import { join } from "@std/path";
import { WhestError } from "../core/errors.ts";
import { resolveSalt } from "./protocol4.ts";
import { listShards } from "./shards.ts";

/** The only dataset schema this reader accepts. */
export const SCHEMA_VERSION = "3.0";

/** Seed protocols whose `mlp_seed` column this reader can turn into an estimator seed. */
export const SEED_PROTOCOLS = ["2.0", "3.0", "4.0"] as const;

/** A seed protocol version this reader supports. */
export type SeedProtocolVersion = typeof SEED_PROTOCOLS[number];

/** Split names the official format allows, e.g. "public", "holdout", "round-1". */
export const SPLIT_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** One split as metadata.json describes it. */
export interface SplitInfo {
  /** The split's name, as used in shard file names. */
  readonly name: string;
  /** Rows the metadata promises, or undefined where it does not say. */
  readonly nMlps: number | undefined;
  /** When the split was baked (ISO 8601), or undefined where it does not say. */
  readonly createdAt: string | undefined;
}

/** A dataset's checked metadata. */
export interface DatasetMetadata {
  /** Always "3.0". */
  readonly schemaVersion: string;
  /** The seed protocol's name, e.g. "whestbench_explicit_per_mlp_seeds". */
  readonly seedProtocolName: string;
  /** How `mlp_seed` becomes the estimator seed. */
  readonly seedProtocolVersion: SeedProtocolVersion;
  /** Monte Carlo samples behind the ground truth. */
  readonly nSamples: number;
  /** Neurons per layer of every MLP. */
  readonly width: number;
  /** Weight matrices of every MLP. */
  readonly depth: number;
  /** When the dataset was created (ISO 8601), or undefined where it does not say. */
  readonly createdAt: string | undefined;
  /**
   * The splits metadata.json lists, in its order; a single-split dataset that does not name
   * its split takes the name from its shard files.
   */
  readonly splits: readonly SplitInfo[];
  /** `default_split` of a multi-split dataset, or the single split's name; else undefined. */
  readonly defaultSplit: string | undefined;
  /** The protocol 4.0 salt (from metadata or WHEST_SEED_SALT, digest checked); else undefined. */
  readonly salt: Uint8Array | undefined;
  /** metadata.json as parsed, for fields this reader does not interpret. */
  readonly raw: Readonly<Record<string, unknown>>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function positiveInteger(file: string, obj: Json, key: string): number {
  const value = obj[key];
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new WhestError(
      `${file}: '${key}' must be a positive integer, got ${JSON.stringify(value)}`,
    );
  }
  return value as number;
}

function optionalString(obj: Json, key: string): string | undefined {
  return typeof obj[key] === "string" ? obj[key] as string : undefined;
}

function checkSplitName(file: string, name: string): void {
  if (!SPLIT_NAME.test(name)) {
    throw new WhestError(`${file}: split name '${name}' does not match ${SPLIT_NAME.source}`);
  }
}

function refusePartial(file: string, obj: Json, where: string): void {
  if (obj.is_partial === true) {
    throw new WhestError(`${file}: ${where} is a partial bake (is_partial); merge it first`);
  }
}

/** The one split name the shard files use, for a single-split metadata.json that names none. */
async function splitFromShards(dir: string, file: string): Promise<string> {
  const names = [...(await listShards(dir)).keys()];
  if (names.length !== 1) {
    throw new WhestError(
      `${file}: names no split, and data/ holds shards of ${names.length} splits (${
        names.join(", ") || "none"
      }), not one`,
    );
  }
  return names[0];
}

async function readSplits(
  dir: string,
  file: string,
  meta: Json,
): Promise<{ splits: SplitInfo[]; defaultSplit?: string }> {
  const nMlps = (obj: Json) =>
    obj.n_mlps === undefined ? undefined : positiveInteger(file, obj, "n_mlps");
  if (meta.splits === undefined) {
    const name = optionalString(meta, "split") ?? await splitFromShards(dir, file);
    checkSplitName(file, name);
    return {
      splits: [{ name, nMlps: nMlps(meta), createdAt: optionalString(meta, "created_at_utc") }],
      defaultSplit: name,
    };
  }
  if (!isObject(meta.splits) || Object.keys(meta.splits).length === 0) {
    throw new WhestError(`${file}: 'splits' must be a non-empty object of split name to details`);
  }
  const splits = Object.entries(meta.splits).map(([name, info]) => {
    checkSplitName(file, name);
    if (!isObject(info)) throw new WhestError(`${file}: split '${name}' must be an object`);
    refusePartial(file, info, `split '${name}'`);
    return { name, nMlps: nMlps(info), createdAt: optionalString(info, "created_at_utc") };
  });
  const defaultSplit = optionalString(meta, "default_split");
  if (defaultSplit !== undefined && !splits.some((s) => s.name === defaultSplit)) {
    throw new WhestError(
      `${file}: default_split '${defaultSplit}' is not among the splits (${
        splits.map((s) => s.name).join(", ")
      })`,
    );
  }
  return { splits, defaultSplit };
}

/**
 * Reads `DIR/metadata.json` and checks the fields the reader relies on; any problem is one
 * `WhestError` line naming the file.
 *
 * @example
 * ```ts
 * import { readMetadata } from "./metadata.ts";
 * const meta = await readMetadata("tests/fixtures/whestbench-datasets/multi_split_v3.0");
 * meta.splits.map((s) => s.name); // ["public", "holdout"]
 * ```
 * @param dir The dataset directory.
 */
export async function readMetadata(dir: string): Promise<DatasetMetadata> {
  const file = join(dir, "metadata.json");
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound ? "not found" : (err as Error).message;
    throw new WhestError(`dataset '${dir}' has no readable metadata.json: ${why}`);
  }
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch (err) {
    throw new WhestError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(meta)) throw new WhestError(`${file}: must hold a JSON object`);
  if (meta.schema_version !== SCHEMA_VERSION) {
    throw new WhestError(
      `${file}: schema_version must be "${SCHEMA_VERSION}", got ${
        JSON.stringify(meta.schema_version)
      }`,
    );
  }
  refusePartial(file, meta, "the dataset");
  const protocol = isObject(meta.seed_protocol) ? meta.seed_protocol : {};
  // a seed_protocol without a version predates the field: protocol 2.0 (reference §2)
  const version = protocol.version === undefined ? "2.0" : protocol.version;
  if (!SEED_PROTOCOLS.includes(version as SeedProtocolVersion)) {
    throw new WhestError(
      `${file}: seed_protocol.version must be one of ${SEED_PROTOCOLS.join(", ")}, got ${
        JSON.stringify(version)
      }`,
    );
  }
  const { splits, defaultSplit } = await readSplits(dir, file, meta);
  return {
    schemaVersion: SCHEMA_VERSION,
    seedProtocolName: optionalString(protocol, "name") ?? "",
    seedProtocolVersion: version as SeedProtocolVersion,
    salt: version === "4.0" ? resolveSalt(protocol, file) : undefined,
    nSamples: positiveInteger(file, meta, "n_samples"),
    width: positiveInteger(file, meta, "width"),
    depth: positiveInteger(file, meta, "depth"),
    createdAt: optionalString(meta, "created_at_utc"),
    splits,
    defaultSplit,
    raw: meta,
  };
}
