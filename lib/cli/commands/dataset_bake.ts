/**
 * `whest dataset bake` and `whest dataset merge` / `combine-splits`: the argument handling;
 * the work lives in lib/dataset/bake.ts and lib/dataset/merge.ts.
 *
 * @module
 */
import { sliceFromEnvironment } from "../../dataset/slice_env.ts";
import { UsageError, WhestError } from "../../core/errors.ts";
import { parseFlags } from "../../config/flags.ts";
import { parseKernelChoice } from "../../config/run_config.ts";
import { applyThreads, parseThreadCount } from "../../config/threads.ts";
import { parsePositiveInteger } from "../../config/values.ts";
import { selectKernels } from "../../kernels/select.ts";
import { SeedSequence } from "../../random/seed_sequence.ts";
import { bakeDataset, type BakeProtocol } from "../../dataset/bake.ts";
import { combineSplits, mergeParts } from "../../dataset/merge.ts";
import { SPLIT_NAME } from "../../dataset/metadata.ts";
import { parseSalt, SALT_BYTES, SALT_ENV } from "../../dataset/protocol4.ts";
import { collectHost } from "../../report/host.ts";

/** Usage of `dataset bake`. */
export const BAKE_USAGE =
  `usage: whest dataset bake --output DIR [--n-mlps N] [--n-samples S] [--width N]
                          [--depth D] [--seed S | --mlp-seeds FILE] [--split NAME]
                          [--config NAME] [--chunk-size M] [--slice K/N | --mlp-range A-B]
                          [--seed-protocol 3.0|4.0] [--salt-source metadata|env]
                          [--kernels auto|blas|wasm|js] [--threads T]

  --output DIR        the dataset directory to create (must not exist)
  --n-mlps N          MLPs to bake (default 10, or the number of seeds in --mlp-seeds)
  --n-samples S       Monte Carlo samples per MLP (default 200000)
  --width N, --depth D  MLP shape (default 1024 × 16)
  --seed S            mlp_seed of MLP i is SeedSequence(S).generate_state(N, uint64)[i] >> 1
  --mlp-seeds FILE    the mlp_seeds, one integer per line or a JSON list (distinct)
  --split NAME        split name (default public); --config NAME recorded in metadata
  --chunk-size M      MLPs per parquet shard (default: all in one shard)
  --slice K/N         bake only slice K of N (1-based) as a partial bake for 'dataset merge'
  --slice env         the slice of this array job: Slurm (SLURM_ARRAY_TASK_ID/_MIN/_COUNT) or a
                      Kubernetes Indexed Job (JOB_COMPLETION_INDEX, WHEST_SLICE_COUNT); a slice
                      rerun into the same --output after it completed does nothing
  --mlp-range A-B     bake only mlp_ids A ≤ id < B as a partial bake
  --seed-protocol V   3.0 (default) or 4.0 (keyed BLAKE2b; salt from ${SALT_ENV}, else random)
  --salt-source S     4.0: store the salt in metadata.json (default) or leave it to ${SALT_ENV}
  --kernels K, --threads T  the sampler's kernel backend and threads, as for 'whest run'
  --json              print one JSON line (what was written) instead of text`;

const BAKE_FLAGS = {
  "output": "string",
  "n-mlps": "string",
  "n-samples": "string",
  "width": "string",
  "depth": "string",
  "seed": "string",
  "mlp-seeds": "string",
  "split": "string",
  "config": "string",
  "chunk-size": "string",
  "slice": "string",
  "mlp-range": "string",
  "seed-protocol": "string",
  "salt-source": "string",
  "kernels": "string",
  "threads": "string",
  "json": "boolean",
  "debug": "boolean",
} as const;

const MAX_SEED = (1n << 63n) - 1n;

/** Reads `--mlp-seeds FILE`: integers separated by whitespace or commas, or a JSON list. */
async function readSeedFile(file: string): Promise<bigint[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (err) {
    throw new WhestError(`--mlp-seeds ${file}: cannot read: ${(err as Error).message}`);
  }
  const tokens = text.replace(/[[\],]/g, " ").trim().split(/\s+/).filter((t) => t !== "");
  if (tokens.length === 0) throw new WhestError(`--mlp-seeds ${file}: holds no seeds`);
  const seen = new Map<bigint, number>();
  return tokens.map((token, i) => {
    if (!/^\d+$/.test(token) || BigInt(token) > MAX_SEED) {
      throw new WhestError(
        `--mlp-seeds ${file}: seed ${i + 1} '${token}' is not an integer in [0, 2^63)`,
      );
    }
    const seed = BigInt(token);
    const before = seen.get(seed);
    if (before !== undefined) {
      throw new WhestError(
        `--mlp-seeds ${file}: duplicate seed ${token} (seeds ${before + 1} and ${i + 1})`,
      );
    }
    seen.set(seed, i);
    return seed;
  });
}

/** mlp_seeds derived from `--seed S` (or OS entropy): 63-bit words of SeedSequence(S). */
function derivedSeeds(seed: bigint | undefined, n: number): bigint[] {
  const words = new SeedSequence(seed).generateState(n, "uint64");
  const seeds = Array.from(words, (w) => w >> 1n);
  if (new Set(seeds).size !== seeds.length) {
    throw new WhestError("derived mlp_seeds collide; choose another --seed");
  }
  return seeds;
}

function parseRange(values: Record<string, string | true>, n: number): [number, number] {
  const given = values.slice as string | undefined;
  // `env`: the slice the scheduler's array job assigns (Slurm, Kubernetes Indexed Job)
  const slice = given === "env" ? sliceFromEnvironment() : given;
  const range = values["mlp-range"] as string | undefined;
  if (slice !== undefined && range !== undefined) {
    throw new UsageError("dataset bake: give --slice or --mlp-range, not both", BAKE_USAGE);
  }
  if (slice !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(slice);
    const k = Number(m?.[1]);
    const parts = Number(m?.[2]);
    if (m === null || parts < 1 || k < 1 || k > parts) {
      throw new UsageError(`--slice must be K/N with 1 ≤ K ≤ N, got '${slice}'`, BAKE_USAGE);
    }
    if (parts > n) throw new UsageError(`--slice ${slice}: more slices than MLPs (${n})`);
    return [Math.floor((k - 1) * n / parts), Math.floor(k * n / parts)];
  }
  if (range !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(range);
    const a = Number(m?.[1]);
    const b = Number(m?.[2]);
    if (m === null || a >= b || b > n) {
      throw new UsageError(
        `--mlp-range must be A-B with 0 ≤ A < B ≤ ${n} (ids A ≤ id < B), got '${range}'`,
        BAKE_USAGE,
      );
    }
    return [a, b];
  }
  return [0, n];
}

function parseProtocol(values: Record<string, string | true>, partial: boolean): BakeProtocol {
  const version = (values["seed-protocol"] as string | undefined) ?? "3.0";
  const source = values["salt-source"] as string | undefined;
  if (version !== "3.0" && version !== "4.0") {
    throw new UsageError(`--seed-protocol must be 3.0 or 4.0, got '${version}'`, BAKE_USAGE);
  }
  if (source !== undefined && source !== "metadata" && source !== "env") {
    throw new UsageError(`--salt-source must be metadata or env, got '${source}'`, BAKE_USAGE);
  }
  if (version === "3.0") {
    if (source !== undefined) throw new UsageError("--salt-source needs --seed-protocol 4.0");
    return { version };
  }
  const env = Deno.env.get(SALT_ENV);
  if ((env === undefined || env === "") && (partial || source === "env")) {
    throw new WhestError(
      `--seed-protocol 4.0: ${
        partial ? "a sliced bake" : "--salt-source env"
      } needs an explicit salt in ${SALT_ENV} (${SALT_BYTES * 2} hex digits)`,
    );
  }
  const salt = env === undefined || env === ""
    ? crypto.getRandomValues(new Uint8Array(SALT_BYTES))
    : parseSalt(env, SALT_ENV);
  return { version, salt, saltSource: source === "env" ? "env" : "metadata" };
}

/**
 * Runs `whest dataset bake ARGS`; resolves to the exit code.
 *
 * @param args The arguments after `bake`.
 * @returns 0 on success.
 */
export async function bakeCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags("dataset bake", args, BAKE_FLAGS, BAKE_USAGE);
  if (positionals.length > 0) {
    throw new UsageError(`dataset bake: unexpected argument '${positionals[0]}'`, BAKE_USAGE);
  }
  const text = (name: string) => values[name] as string | undefined;
  const int = (name: string, fallback: number) =>
    text(name) === undefined ? fallback : parsePositiveInteger(`--${name}`, text(name)!);
  const output = text("output");
  if (output === undefined) {
    throw new UsageError("dataset bake: --output DIR is required", BAKE_USAGE);
  }
  const split = text("split") ?? "public";
  if (!SPLIT_NAME.test(split)) {
    throw new UsageError(`--split '${split}' does not match ${SPLIT_NAME.source}`, BAKE_USAGE);
  }
  const kernels = parseKernelChoice(text("kernels"));
  if (text("seed") !== undefined && text("mlp-seeds") !== undefined) {
    throw new UsageError("dataset bake: give --seed or --mlp-seeds, not both", BAKE_USAGE);
  }
  const seedText = text("seed");
  if (seedText !== undefined && !/^\d+$/.test(seedText)) {
    throw new UsageError(`--seed must be a non-negative integer, got '${seedText}'`, BAKE_USAGE);
  }
  const width = int("width", 1024);
  const depth = int("depth", 16);
  const nSamples = int("n-samples", 200_000);
  const threadText = text("threads");
  const threadCount = threadText === undefined ? null : parseThreadCount("--threads", threadText);
  let mlpSeeds: bigint[];
  if (text("mlp-seeds") !== undefined) {
    mlpSeeds = await readSeedFile(text("mlp-seeds")!);
    if (text("n-mlps") !== undefined && int("n-mlps", 0) !== mlpSeeds.length) {
      throw new UsageError(
        `--n-mlps ${text("n-mlps")} disagrees with the ${mlpSeeds.length} seeds in --mlp-seeds`,
      );
    }
  } else {
    mlpSeeds = derivedSeeds(
      seedText === undefined ? undefined : BigInt(seedText),
      int("n-mlps", 10),
    );
  }
  const range = parseRange(values, mlpSeeds.length);
  const partial = range[0] !== 0 || range[1] !== mlpSeeds.length;
  if (partial && seedText === undefined && text("mlp-seeds") === undefined) {
    throw new UsageError(
      "dataset bake: a sliced bake needs --seed or --mlp-seeds (entropy seeds differ per slice)",
      BAKE_USAGE,
    );
  }
  const protocol = parseProtocol(values, partial);
  const threads = applyThreads(threadCount);
  const backend = selectKernels(kernels, threads).backend.name;
  const hardware = collectHost(backend, threads) as unknown as Record<string, unknown>;
  const written = await bakeDataset({
    output,
    mlpSeeds,
    range,
    nSamples,
    width,
    depth,
    split,
    config: text("config"),
    seed: seedText === undefined || !Number.isSafeInteger(Number(seedText))
      ? undefined
      : Number(seedText),
    chunkSize: int("chunk-size", Math.max(1, range[1] - range[0])),
    protocol,
    hardware,
    onMlp: values.json === true
      ? undefined
      : (done, total) => console.error(`whest: baked MLP ${done}/${total}`),
  });
  if (written === "already") {
    // a requeued array task: the same slice is there, whole (it was written atomically)
    console.error(`whest: ${output} already holds this bake; nothing to do`);
  }
  if (values.json === true) {
    console.log(JSON.stringify({
      output,
      split,
      n_mlps: range[1] - range[0],
      is_partial: partial,
      mlp_id_start: range[0],
      mlp_id_end: range[1],
      seed_protocol: protocol.version,
    }));
    return 0;
  }
  const what = partial ? `partial bake of mlp_ids ${range[0]}..${range[1] - 1}` : "dataset";
  console.log(`whest: wrote ${what} (${range[1] - range[0]} MLPs, split '${split}') to ${output}`);
  return 0;
}

/** Usage of `dataset merge`. */
export const MERGE_USAGE = `usage: whest dataset merge OUT PART... [--chunk-size M]
       whest dataset merge --output OUT PART... [--chunk-size M]   (whestbench's spelling)

  OUT   the dataset directory to create from the partial bakes (must not exist)
  PART  partial bakes of one dataset ('dataset bake --slice' or '--mlp-range'),
        together covering every mlp_id once`;

/**
 * Runs `whest dataset merge OUT PART...`.
 *
 * @param args The arguments after `merge`.
 * @returns 0 on success.
 */
export async function mergeCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    "dataset merge",
    args,
    { "chunk-size": "string", "output": "string", "debug": "boolean" },
    MERGE_USAGE,
  );
  const [out, ...parts] = outputFirst(values.output as string | undefined, positionals);
  if (out === undefined || parts.length === 0) {
    throw new UsageError("dataset merge: needs OUT and at least one PART", MERGE_USAGE);
  }
  const chunk = values["chunk-size"] as string | undefined;
  const n = await mergeParts(
    out,
    parts,
    chunk === undefined ? undefined : parsePositiveInteger("--chunk-size", chunk),
  );
  console.log(`whest: merged ${parts.length} partial bakes (${n} MLPs) into ${out}`);
  return 0;
}

/** The output directory first, then the inputs: `--output OUT` (whestbench's spelling) or OUT. */
function outputFirst(output: string | undefined, positionals: readonly string[]): string[] {
  return output === undefined ? [...positionals] : [output, ...positionals];
}

/** Usage of `dataset combine-splits`. */
export const COMBINE_USAGE = `usage: whest dataset combine-splits OUT DIR... [--default-split NAME]
       whest dataset combine-splits --output OUT DIR... [--default-split NAME]

  OUT   the multi-split dataset directory to create (must not exist)
  DIR   single-split datasets of one shape and sample count, with distinct split names`;

/**
 * Runs `whest dataset combine-splits OUT DIR...`.
 *
 * @param args The arguments after `combine-splits`.
 * @returns 0 on success.
 */
export async function combineCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    "dataset combine-splits",
    args,
    { "default-split": "string", "output": "string", "debug": "boolean" },
    COMBINE_USAGE,
  );
  const [out, ...dirs] = outputFirst(values.output as string | undefined, positionals);
  if (out === undefined || dirs.length === 0) {
    throw new UsageError("dataset combine-splits: needs OUT and at least one DIR", COMBINE_USAGE);
  }
  const names = await combineSplits(out, dirs, values["default-split"] as string | undefined);
  console.log(`whest: combined splits ${names.join(", ")} into ${out}`);
  return 0;
}
