/**
 * `whest inspect`: shows a contest's MLPs (estimator seeds, weight statistics, weight hashes)
 * without scoring anything, so a user can check them against a Python pipeline.
 *
 * @module
 */
import type { Command } from "../command.ts";
import { UsageError } from "../../core/errors.ts";
import { parseFlags } from "../../config/flags.ts";
import { parseNonNegativeInteger, parsePositiveInteger } from "../../config/values.ts";
import { sampleMlp } from "../../contest/mlp.ts";
import { contestSeeds } from "../../contest/seeding.ts";
import type { MlpSpec } from "../../contract/mlp.ts";
import { layerStats, weightsSha256 } from "../../contest/weight_stats.ts";

/** The widest MLP inspect generates: one n×n float32 layer must fit a typed array. */
const MAX_WIDTH = 16384;

const USAGE =
  `usage: whest inspect [--seed S] [--n-mlps K] [--width W] [--depth D] [--json] [--weights]

  --seed S       contest seed (default: fresh entropy; every estimator seed is then 0)
  --n-mlps K     MLPs in the contest (default 10)
  --width W      neurons per layer (default 1024)
  --depth D      weight matrices per MLP (default 16)
  --json         print one JSON object instead of tables
  --weights      add every weight to the JSON, as [depth][width][width] (needs --json)`;

const FLAGS = {
  "seed": "string",
  "n-mlps": "string",
  "width": "string",
  "depth": "string",
  "json": "boolean",
  "weights": "boolean",
  "debug": "boolean",
} as const;

interface InspectOptions {
  readonly seed: number | null;
  readonly nMlps: number;
  readonly width: number;
  readonly depth: number;
  readonly json: boolean;
  readonly weights: boolean;
}

/** One layer's statistics, with the field names the JSON output uses. */
interface LayerSummary {
  readonly layer: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly spectral_norm_estimate: number;
}

/** One MLP's summary, with the field names the JSON output uses. */
interface MlpSummary {
  readonly index: number;
  readonly name: string;
  readonly estimator_seed: number;
  readonly weights_sha256_f32le: string;
  readonly layers: readonly LayerSummary[];
}

function parseOptions(args: readonly string[]): InspectOptions {
  const { values, positionals } = parseFlags("inspect", args, FLAGS, USAGE);
  if (positionals.length > 0) {
    throw new UsageError(`inspect: unexpected argument '${positionals[0]}'`, USAGE);
  }
  const text = (name: string) => values[name] as string | undefined;
  const positive = (name: string, fallback: number) => {
    const value = text(name);
    return value === undefined ? fallback : parsePositiveInteger(`--${name}`, value);
  };
  const seedText = text("seed");
  const options = {
    seed: seedText === undefined ? null : parseNonNegativeInteger("--seed", seedText),
    nMlps: positive("n-mlps", 10),
    width: positive("width", 1024),
    depth: positive("depth", 16),
    json: values.json === true,
    weights: values.weights === true,
  };
  if (options.width > MAX_WIDTH) {
    throw new UsageError(`inspect: --width must be at most ${MAX_WIDTH}, got ${options.width}`);
  }
  if (options.weights && !options.json) {
    throw new UsageError("inspect: --weights needs --json", USAGE);
  }
  return options;
}

function summarise(index: number, mlp: MlpSpec): MlpSummary {
  return {
    index,
    name: mlp.name,
    estimator_seed: mlp.seed,
    weights_sha256_f32le: weightsSha256(mlp),
    layers: mlp.weights.map((w, layer) => {
      const { mean, std, min, max, spectralNorm } = layerStats(w, mlp.width);
      return { layer, mean, std, min, max, spectral_norm_estimate: spectralNorm };
    }),
  };
}

const encoder = new TextEncoder();

/** Writes all of `text` to stdout (large `--weights` output goes out piece by piece). */
function write(text: string): void {
  const bytes = encoder.encode(text);
  for (let off = 0; off < bytes.length;) off += Deno.stdout.writeSync(bytes.subarray(off));
}

/** The MLP's weights as JSON `[[[row], ...], ...]`, written one row at a time. */
function writeWeights(mlp: MlpSpec): void {
  const n = mlp.width;
  write("[");
  mlp.weights.forEach((w, l) => {
    write(l === 0 ? "[" : ",[");
    for (let i = 0; i < n; i++) {
      write((i === 0 ? "" : ",") + JSON.stringify(Array.from(w.subarray(i * n, (i + 1) * n))));
    }
    write("]");
  });
  write("]");
}

function humanReport(summary: MlpSummary): string {
  const columns = ["mean", "std", "min", "max", "spectral est."];
  const cell = (x: number) => x.toPrecision(6).padStart(15);
  return [
    `${summary.name}  index ${summary.index}  estimator seed ${summary.estimator_seed}`,
    `  weights sha256 (float32 LE, stacked d×n×n): ${summary.weights_sha256_f32le}`,
    `  layer${columns.map((h) => h.padStart(15)).join("")}`,
    ...summary.layers.map((s) =>
      `  ${String(s.layer).padStart(5)}${
        [s.mean, s.std, s.min, s.max, s.spectral_norm_estimate].map(cell).join("")
      }`
    ),
  ].join("\n");
}

function inspect(options: InspectOptions): number {
  const { seed, nMlps, width, depth } = options;
  const streams = contestSeeds(seed, nMlps);
  const header = { seed, n_mlps: nMlps, width, depth };
  const summaries: MlpSummary[] = [];
  if (options.weights) write(JSON.stringify(header).slice(0, -1) + ',"mlps":[');
  else if (!options.json) {
    console.log(
      `whest inspect: seed ${seed ?? "none (fresh entropy)"}, ${nMlps} MLPs of width ${width}, ` +
        `depth ${depth}\n`,
    );
  }
  streams.forEach((s, i) => {
    const mlp = sampleMlp(width, depth, s.weightRng, `mlp-${i}`, s.estimatorSeed);
    const summary = summarise(i, mlp);
    if (options.weights) {
      write((i === 0 ? "" : ",") + JSON.stringify(summary).slice(0, -1) + ',"weights":');
      writeWeights(mlp);
      write("}");
    } else if (options.json) {
      summaries.push(summary);
    } else {
      console.log(humanReport(summary) + (i + 1 < nMlps ? "\n" : ""));
    }
  });
  if (options.weights) write("]}\n");
  else if (options.json) console.log(JSON.stringify({ ...header, mlps: summaries }, null, 2));
  return 0;
}

/** The `inspect` subcommand. */
export const inspectCommand: Command = {
  name: "inspect",
  summary: "Show a contest's MLPs: estimator seeds, weight statistics and SHA-256",
  usage: USAGE,
  run(args) {
    return Promise.resolve(inspect(parseOptions(args)));
  },
};
