/**
 * `whest dataset info`: summarises an official dataset (metadata, splits, row counts) and
 * prints each split's weight SHA-256, so a user can check a download against its source.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { parseFlags } from "../../config/flags.ts";
import { weightsSha256 } from "../../contest/weight_stats.ts";
import { readMetadata } from "../../dataset/metadata.ts";
import { type DatasetStream, openDataset } from "../../dataset/read.ts";
import {
  BAKE_USAGE,
  bakeCommand,
  COMBINE_USAGE,
  combineCommand,
  MERGE_USAGE,
  mergeCommand,
} from "./dataset_bake.ts";

const INFO_USAGE = `usage: whest dataset info DIR [--split S] [--json]

  DIR         a dataset directory (metadata.json and data/<split>-NNNNN-of-MMMMM.parquet)
  --split S   summarise only split S (default: every split)
  --json      print one JSON object instead of text`;

const USAGE = [INFO_USAGE, BAKE_USAGE, MERGE_USAGE, COMBINE_USAGE].join("\n\n");

const FLAGS = { "split": "string", "json": "boolean", "debug": "boolean" } as const;

interface InfoOptions {
  readonly dir: string;
  readonly split: string | undefined;
  readonly json: boolean;
}

/** One MLP's line of the JSON output. */
interface MlpSummary {
  readonly mlp_id: number;
  readonly name: string;
  readonly mlp_seed: number | string;
  readonly estimator_seed: number;
  readonly weights_sha256_f32le: string;
}

/** One split's part of the JSON output. */
interface SplitSummary {
  readonly name: string;
  readonly n_mlps: number;
  readonly created_at_utc: string | null;
  readonly weights_sha256_f32le: string;
  readonly mlps: readonly MlpSummary[];
}

function parseOptions(args: readonly string[]): InfoOptions {
  const { values, positionals } = parseFlags("dataset", args, FLAGS, USAGE);
  const [action, dir, extra] = positionals;
  if (action !== "info") {
    throw new UsageError(
      action === undefined
        ? "dataset: missing action (info, bake, merge or combine-splits)"
        : `dataset: unknown action '${action}' (info, bake, merge or combine-splits)`,
      USAGE,
    );
  }
  if (dir === undefined) throw new UsageError("dataset info: missing DIR", USAGE);
  if (extra !== undefined) {
    throw new UsageError(`dataset info: unexpected argument '${extra}'`, USAGE);
  }
  return { dir, split: values.split as string | undefined, json: values.json === true };
}

/**
 * One split's summary, read row by row: the split's SHA-256 covers every weight, stacked
 * (n_mlps, d, n, n) as little-endian float32 (numpy's
 * `hashlib.sha256(np.stack(all_weights).astype("<f4").tobytes())`), and only the per-MLP lines
 * are kept, so memory holds a few rows whatever the split's size.
 */
async function summariseSplit(dataset: DatasetStream): Promise<SplitSummary> {
  const info = dataset.metadata.splits.find((s) => s.name === dataset.split);
  const hash = createHash("sha256");
  const mlps: MlpSummary[] = [];
  for await (const row of dataset.rows) {
    for (const w of row.weights) hash.update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
    mlps.push({
      mlp_id: row.mlpId,
      name: row.name,
      mlp_seed: typeof row.mlpSeed === "bigint" ? row.mlpSeed.toString() : row.mlpSeed,
      estimator_seed: row.seed,
      weights_sha256_f32le: weightsSha256(row),
    });
  }
  return {
    name: dataset.split,
    n_mlps: mlps.length,
    created_at_utc: info?.createdAt ?? null,
    weights_sha256_f32le: hash.digest("hex"),
    mlps,
  };
}

async function info(options: InfoOptions): Promise<number> {
  const metadata = await readMetadata(options.dir);
  const names = options.split === undefined ? metadata.splits.map((s) => s.name) : [options.split];
  const splits: SplitSummary[] = [];
  for (const split of names) {
    splits.push(await summariseSplit(await openDataset(options.dir, { split })));
  }
  const header = {
    dir: options.dir,
    schema_version: metadata.schemaVersion,
    seed_protocol: { name: metadata.seedProtocolName, version: metadata.seedProtocolVersion },
    n_samples: metadata.nSamples,
    width: metadata.width,
    depth: metadata.depth,
    created_at_utc: metadata.createdAt ?? null,
    default_split: metadata.defaultSplit ?? null,
  };
  if (options.json) {
    console.log(JSON.stringify({ ...header, splits }, null, 2));
    return 0;
  }
  const nameWidth = Math.max(5, ...splits.map((s) => s.name.length + 1));
  console.log(
    [
      `dataset ${options.dir}`,
      `  schema ${header.schema_version}, seed protocol ${
        header.seed_protocol.name || "(unnamed)"
      } ` +
      `${header.seed_protocol.version}`,
      `  ${header.n_samples} samples, width ${header.width}, depth ${header.depth}, created ` +
      `${header.created_at_utc ?? "(not recorded)"}`,
      "",
      `  ${"split".padEnd(nameWidth)}  ${"rows".padStart(6)}  weights sha256 ` +
      "(float32 LE, stacked rows×d×n×n)",
      ...splits.map((s) =>
        `  ${(s.name + (s.name === header.default_split ? "*" : "")).padEnd(nameWidth)}  ` +
        `${String(s.n_mlps).padStart(6)}  ${s.weights_sha256_f32le}`
      ),
      ...(header.default_split === null ? [] : ["", "  * default split"]),
    ].join("\n"),
  );
  return 0;
}

const ACTIONS: Readonly<Record<string, (args: readonly string[]) => Promise<number>>> = {
  bake: bakeCommand,
  merge: mergeCommand,
  "combine-splits": combineCommand,
};

/** The `dataset` subcommand (`dataset info | bake | merge | combine-splits`). */
export const datasetCommand: Command = {
  name: "dataset",
  summary: "Summarise, bake, merge or combine datasets (schema 3.0)",
  usage: USAGE,
  run(args) {
    const action = args.find((a) => !a.startsWith("--"));
    const handler = action === undefined ? undefined : ACTIONS[action];
    if (handler !== undefined) {
      const at = args.indexOf(action!);
      return handler([...args.slice(0, at), ...args.slice(at + 1)]);
    }
    return info(parseOptions(args));
  },
};
