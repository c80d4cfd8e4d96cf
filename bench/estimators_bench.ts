/**
 * The built-in estimators scored on seeded contests (issues 6, 18): for each setting, a table of
 * FLOPs (% of the budget), raw final-layer MSE, the noise-corrected MSE (raw − σ̄²/N) and the
 * noise-corrected adjusted score, each mean ± its standard error over the MLPs, with the number
 * of MLPs, the ground-truth samples N and the ground-truth noise σ̄²/N beside it.
 *
 * Estimators run through the same loader and executor as `whest run` and are scored by the
 * scorer (λ = 0, no wall-time caps: this measures accuracy and FLOPs, not speed); one more
 * column bills each predict's measured residual time at its round's λ, as the official score
 * does (1e11 FLOPs a second at width 256: 0.01 s is 1.5% of 256×8's budget). The ground
 * truth comes from the numpy peer `bench/estimators_truth.py` (the same draws as whest's own
 * sampler, reached faster), cached and resumable under `.bench-out/truth/` (gitignored: 10^6
 * samples at 1024×16 is ≈3.4e13 FLOPs an MLP); the MLPs' seeds and weight sums are checked
 * against whest's.
 *
 * Noise correction: the truth's own error adds σ̄²/N (σ̄² the MLP's mean final-layer variance)
 * to every expected MSE, so raw − σ̄²/N estimates the MSE against the exact means; each MLP's
 * corrected score is that times its multiplier max(0.1, C/B).
 *
 * Usage:
 *   deno run -A bench/estimators_bench.ts [--only 256x8|256x32|1024x16] [--mlps K|LABEL=K,...]
 *     [--samples N|LABEL=N,...] [--draws K|LABEL=K,...] [--estimators a,b] [--markdown FILE]
 *
 * `--draws` runs an estimator whose means depend on `mlp.seed` K times per MLP (draw 0 with the
 * contest's seed, then fresh ones) and averages: a sampler's error is heavy-tailed, so one draw
 * per MLP cannot rank two samplers (default 8 at width 256, 1 at 1024×16, where a draw of the
 * slow estimators costs minutes). An estimator that ignores the seed runs twice, not K times.
 *
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { sampleMlp } from "../lib/contest/mlp.ts";
import { contestSeeds } from "../lib/contest/seeding.ts";
import type { GroundTruth, MlpSpec } from "../lib/contract/mlp.ts";
import { runPredict } from "../lib/estimator/executor.ts";
import { loadEstimator } from "../lib/estimator/loader.ts";
import { resolveEstimator } from "../lib/estimator/source.ts";
import { scoreMlp } from "../lib/scoring/score_mlp.ts";
import { BUILTIN_ESTIMATORS } from "../estimators/mod.ts";
import { kernels } from "../lib/kernels/mod.ts";
import { ROUNDS } from "../lib/config/rounds.ts";

/** One benchmark setting. */
interface Setting {
  readonly label: string;
  readonly width: number;
  readonly depth: number;
  readonly nMlps: number;
  readonly budget: number;
  readonly samples: number;
  readonly seed: number;
  /** Runs per MLP of an estimator whose means depend on the seed (fresh seeds after the first). */
  readonly draws: number;
  /** The round's λ: FLOPs charged per second of residual wall time in its score. */
  readonly lambda: number;
}

/** 256×8 at the v1-warmup budget, 256×32 at v1-phase1's, 1024×16 at the current round's 2^41. */
const SETTINGS: readonly Setting[] = [
  {
    label: "256x8",
    width: 256,
    depth: 8,
    nMlps: 8,
    budget: ROUNDS["v1-warmup"].flopBudget,
    samples: 1e6,
    seed: 1,
    draws: 8,
    lambda: ROUNDS["v1-warmup"].lambdaFlopsPerSecond,
  },
  {
    label: "256x32",
    width: 256,
    depth: 32,
    nMlps: 8,
    budget: ROUNDS["v1-phase1"].flopBudget,
    samples: 1e6,
    seed: 1,
    draws: 8,
    lambda: ROUNDS["v1-phase1"].lambdaFlopsPerSecond,
  },
  {
    label: "1024x16",
    width: 1024,
    depth: 16,
    nMlps: 6,
    budget: ROUNDS["v2-phase2"].flopBudget,
    samples: 1e6,
    seed: 1,
    draws: 1,
    lambda: ROUNDS["v2-phase2"].lambdaFlopsPerSecond,
  },
];

/** Where the numpy peer keeps its resumable ground truth (gitignored). */
const TRUTH_CACHE = new URL("../.bench-out/truth", import.meta.url).pathname;

interface PeerTruth {
  mlps: {
    mlp_seed: number;
    weights_sum: number;
    all_layer_means: number[][];
    avg_variance: number;
  }[];
  seconds: number;
}

/** A mean over MLPs and its standard error. */
interface Stat {
  readonly mean: number;
  readonly se: number;
}

/** One estimator over a setting's MLPs. */
interface Row {
  readonly estimator: string;
  readonly flopsFraction: number;
  readonly mse: Stat;
  readonly correctedMse: Stat;
  readonly correctedScore: Stat;
  /** The corrected score with the residual time billed at the round's λ. */
  readonly roundScore: Stat;
  readonly seconds: number;
  readonly failed: number;
}

function stat(values: readonly number[]): Stat {
  const k = values.length;
  const mean = values.reduce((a, x) => a + x, 0) / k;
  const ss = values.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, se: k > 1 ? Math.sqrt(ss / (k - 1) / k) : NaN };
}

async function peerTruth(s: Setting): Promise<PeerTruth> {
  const args = [
    ...[s.seed, s.width, s.depth, s.nMlps, s.samples].map(String),
    "--cache",
    TRUTH_CACHE,
  ];
  const script = new URL("./estimators_truth.py", import.meta.url).pathname;
  const output = await new Deno.Command("python3", { args: [script, ...args] }).output();
  if (!output.success) throw new Error(new TextDecoder().decode(output.stderr));
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

function contestMlps(s: Setting, peer: PeerTruth): MlpSpec[] {
  const streams = contestSeeds(s.seed, s.nMlps);
  return peer.mlps.map((p, i) => {
    const { weightRng, estimatorSeed: seed } = streams[i];
    const { weights } = sampleMlp(s.width, s.depth, weightRng, `mlp-${i}`, seed);
    const sum = weights.reduce((acc, w) => w.reduce((a, x) => a + x, acc), 0);
    if (
      seed !== p.mlp_seed || Math.abs(sum - p.weights_sum) > 1e-9 * Math.abs(p.weights_sum) + 1e-9
    ) {
      throw new Error(
        `MLP ${i}: whest and numpy disagree (seed ${seed} vs ${p.mlp_seed}, sum ${sum} vs ${p.weights_sum})`,
      );
    }
    return { name: `mlp-${i}`, width: s.width, depth: s.depth, weights, seed };
  });
}

function truthOf(p: PeerTruth["mlps"][number], samples: number): GroundTruth {
  const allLayerMeans = Float32Array.from(p.all_layer_means.flat());
  const n = p.all_layer_means[0].length;
  return {
    allLayerMeans,
    finalMeans: allLayerMeans.slice(allLayerMeans.length - n),
    avgVariance: p.avg_variance,
    nSamples: samples,
  };
}

/**
 * The estimator seed of draw `draw` of an MLP: draw 0 is the contest's own, later draws are
 * fresh seeds, so a randomised estimator is averaged over several runs per MLP.
 */
function drawSeed(seed: number, draw: number): number {
  return draw === 0 ? seed : (seed + Math.imul(draw, 0x9e3779b1)) >>> 0;
}

function benchEstimator(
  name: string,
  s: Setting,
  mlps: MlpSpec[],
  truths: GroundTruth[],
): Row {
  const loaded = loadEstimator(resolveEstimator(name));
  const limits = { flopBudget: s.budget, wallTimeLimitS: Number.MAX_SAFE_INTEGER };
  const scoring = {
    flopBudget: s.budget,
    lambdaFlopsPerSecond: 0,
    wallTimeLimitS: Infinity,
    residualWallTimeLimitS: null,
  };
  let flops = 0, seconds = 0, failed = 0, runs = 0;
  const mse: number[] = [], correctedMse: number[] = [], correctedScore: number[] = [];
  const roundScore: number[] = [];
  mlps.forEach((mlp, index) => {
    const noise = truths[index].avgVariance / truths[index].nSamples;
    let first: Float32Array | Float64Array | undefined;
    const perDraw = { mse: 0, corrected: 0, score: 0, roundScore: 0, draws: 0 };
    for (let draw = 0; draw < s.draws; draw++) {
      const outcome = runPredict(loaded, { ...mlp, seed: drawSeed(mlp.seed, draw) }, limits);
      const values = outcome.predictions?.values;
      // An estimator that ignores the seed gives the same means every draw: one is enough.
      if (draw === 1 && first !== undefined && values !== undefined && sameValues(first, values)) {
        break;
      }
      first ??= values;
      const row = scoreMlp(
        { index, name: mlp.name, depth: s.depth, width: s.width, truth: truths[index], outcome },
        scoring,
      );
      const multiplier = Math.max(0.1, row.flops_used / s.budget);
      perDraw.mse += row.final_layer_mse;
      perDraw.corrected += row.final_layer_mse - noise;
      perDraw.score += (row.final_layer_mse - noise) * multiplier;
      const billed = row.flops_used + s.lambda * row.residual_wall_time_s;
      perDraw.roundScore += (row.final_layer_mse - noise) * Math.max(0.1, billed / s.budget);
      perDraw.draws++;
      flops += row.flops_used;
      seconds += row.wall_time_s;
      runs++;
      if (row.error_code !== undefined || row.budget_exhausted) failed++;
    }
    mse.push(perDraw.mse / perDraw.draws);
    correctedMse.push(perDraw.corrected / perDraw.draws);
    correctedScore.push(perDraw.score / perDraw.draws);
    roundScore.push(perDraw.roundScore / perDraw.draws);
  });
  return {
    estimator: name,
    flopsFraction: flops / runs / s.budget,
    mse: stat(mse),
    correctedMse: stat(correctedMse),
    correctedScore: stat(correctedScore),
    roundScore: stat(roundScore),
    seconds: seconds / runs,
    failed,
  };
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function cell(x: Stat): string {
  return `${x.mean.toExponential(2)} ± ${x.se.toExponential(1)}`;
}

function table(s: Setting, rows: Row[], noise: number, truthSeconds: number): string {
  const lines = [
    `#### ${s.width}×${s.depth}: ${s.nMlps} MLPs (seed ${s.seed})${
      s.draws > 1 ? `, ${s.draws} draws of a randomised estimator per MLP` : ""
    }, B = ${s.budget.toExponential(2)}, ` +
    `ground truth N = ${s.samples.toLocaleString("en-US")} samples, σ̄²/N = ${
      noise.toExponential(2)
    }`,
    "",
    "| estimator | FLOPs (% of B) | raw final-layer MSE | noise-corrected MSE | " +
    `noise-corrected score | with residual at λ = ${s.lambda.toExponential(0)} | ` +
    `predict s (${kernels().name}) |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((r) =>
      `| \`${r.estimator}\` | ${(100 * r.flopsFraction).toPrecision(3)}% | ${cell(r.mse)} | ` +
      `${cell(r.correctedMse)} | ${cell(r.correctedScore)} | ${cell(r.roundScore)} | ` +
      `${r.seconds.toFixed(2)}${r.failed ? ` (${r.failed} failed)` : ""} |`
    ),
    "",
    `(mean ± standard error over the MLPs${
      s.draws > 1 ? ", each MLP's value the mean over its draws" : ""
    }; noise-corrected = raw − σ̄²/N, score = that × ` +
    `max(0.1, C/B) with C the FLOPs, and with C = FLOPs + λ·residual seconds, the round's ` +
    `λ, in the next column; ground truth by the numpy peer, ${truthSeconds.toFixed(0)} s this run)`,
  ];
  return lines.join("\n");
}

/**
 * A flag's value for one setting: `K` for every setting, or `LABEL=K,LABEL=K` per setting
 * (undefined where the setting is not named).
 */
function perSetting(flag: string | undefined, label: string): number | undefined {
  if (flag === undefined) return undefined;
  if (!flag.includes("=")) return Number(flag);
  const pair = flag.split(",").map((p) => p.split("=")).find(([l]) => l === label);
  return pair === undefined ? undefined : Number(pair[1]);
}

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      only: { type: "string" },
      mlps: { type: "string" },
      draws: { type: "string" },
      samples: { type: "string" },
      estimators: { type: "string" },
      markdown: { type: "string" },
    },
  });
  const names: string[] = values.estimators?.split(",") ?? Object.keys(BUILTIN_ESTIMATORS);
  const out: string[] = [];
  for (const base of SETTINGS.filter((s) => !values.only || s.label === values.only)) {
    const s: Setting = {
      ...base,
      nMlps: perSetting(values.mlps, base.label) ?? base.nMlps,
      samples: perSetting(values.samples, base.label) ?? base.samples,
      draws: perSetting(values.draws, base.label) ?? base.draws,
    };
    const peer = await peerTruth(s);
    const mlps = contestMlps(s, peer);
    const truths = peer.mlps.map((p) => truthOf(p, s.samples));
    const noise = truths.reduce((a, t) => a + t.avgVariance, 0) / truths.length / s.samples;
    const rows = names.map((name) => {
      const row = benchEstimator(name, s, mlps, truths);
      console.error(
        `${s.label} ${name}: corrected score ${row.correctedScore.mean.toExponential(2)}, ${
          row.seconds.toFixed(1)
        } s/MLP`,
      );
      return row;
    });
    const text = table(s, rows, noise, peer.seconds);
    console.log(text + "\n");
    out.push(text);
  }
  if (values.markdown) {
    const command = ["deno run -A bench/estimators_bench.ts", ...Deno.args].join(" ");
    const stamp = `Made by \`${command}\` on ${new Date().toISOString().slice(0, 10)}.`;
    Deno.writeTextFileSync(values.markdown, [stamp, ...out].join("\n\n") + "\n");
  }
}

if (import.meta.main) await main();
