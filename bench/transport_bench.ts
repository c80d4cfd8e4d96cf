/**
 * What the subprocess runner's process boundary costs per MLP at 1024×16, next to the
 * mean-propagation predict it carries.
 *
 * For each MLP: the host's round trip for `predict` (weights out as raw float32 frames,
 * predictions back) minus the predict's own metered wall time is the transport cost. It is
 * measured with the weights sent inline, and with the next MLP staged by `prefetch` while the
 * current one runs (the order `scoreContest` uses). The ratio to the mean-propagation predict
 * time must stay under 5%. The local runner's overhead is printed as the floor.
 *
 * Usage: deno run -A bench/transport_bench.ts [--mlps N] [--width N] [--depth N] [--json]
 *
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { sampleMlp } from "../lib/contest/mlp.ts";
import type { MlpSpec } from "../lib/contract/mlp.ts";
import { defaultRng } from "../lib/random/generator.ts";
import { LocalRunner } from "../lib/runner/local.ts";
import { SubprocessRunner } from "../lib/runner/subprocess.ts";
import type { Runner } from "../lib/contract/runner.ts";

/** Per-MLP timings of one way of running, in milliseconds (medians over the MLPs). */
export interface TransportTiming {
  readonly mode: string;
  /** The estimator's metered predict time (summary.wall_time_s). */
  readonly predictMs: number;
  /** Host round trip minus predict time. */
  readonly overheadMs: number;
  /** overheadMs / predictMs. */
  readonly ratio: number;
}

const LIMITS = { flopBudget: 2 ** 41, wallTimeLimitS: 600 };

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times each predict after the first (a warm-up) the way scoreContest calls the runner. */
async function timeRunner(
  mode: string,
  runner: Runner,
  mlps: readonly MlpSpec[],
  prefetch: boolean,
): Promise<TransportTiming> {
  const scratch = await Deno.makeTempDir({ prefix: "whest-bench-" });
  const predictMs: number[] = [];
  const overheadMs: number[] = [];
  try {
    await runner.start({
      width: mlps[0].width,
      depth: mlps[0].depth,
      flop_budget: LIMITS.flopBudget,
      api_version: "bench",
      scratch_dir: scratch,
      submission_dir: Deno.cwd(),
      seed: 0,
    }, 60);
    for (let i = 0; i < mlps.length; i++) {
      const t0 = performance.now();
      const pending = runner.predict(mlps[i], LIMITS);
      if (prefetch && i + 1 < mlps.length) runner.prefetch?.(mlps[i + 1]);
      const outcome = await pending;
      const roundTripMs = performance.now() - t0;
      if (!outcome.summary) throw new Error(`${mode}: predict failed: ${outcome.error?.message}`);
      if (i === 0) continue;
      const metered = outcome.summary.wall_time_s * 1000;
      predictMs.push(metered);
      overheadMs.push(roundTripMs - metered);
    }
  } finally {
    await runner.close();
    await Deno.remove(scratch, { recursive: true });
  }
  const predict = median(predictMs);
  const overhead = median(overheadMs);
  return { mode, predictMs: predict, overheadMs: overhead, ratio: overhead / predict };
}

/**
 * Runs the three modes on the same MLPs.
 *
 * @param width Neurons per layer.
 * @param depth Layers.
 * @param count MLPs per mode (the first is a warm-up and not counted).
 */
export async function transportBench(
  width: number,
  depth: number,
  count: number,
): Promise<TransportTiming[]> {
  const rng = defaultRng(2024);
  const mlps = Array.from({ length: count }, (_, i) => sampleMlp(width, depth, rng, `mlp-${i}`));
  return [
    await timeRunner("local (no boundary)", new LocalRunner("mean_propagation"), mlps, false),
    await timeRunner("subprocess, inline", new SubprocessRunner("mean_propagation"), mlps, false),
    await timeRunner(
      "subprocess, prefetched",
      new SubprocessRunner("mean_propagation"),
      mlps,
      true,
    ),
  ];
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      mlps: { type: "string", default: "6" },
      width: { type: "string", default: "1024" },
      depth: { type: "string", default: "16" },
      json: { type: "boolean", default: false },
    },
  });
  const width = Number(values.width);
  const depth = Number(values.depth);
  const timings = await transportBench(width, depth, Number(values.mlps));
  if (values.json) {
    console.log(JSON.stringify({ width, depth, timings }, null, 2));
  } else {
    const mib = (width * width * depth * 4 / 2 ** 20).toFixed(0);
    console.log(`transport per MLP at ${width}x${depth} (${mib} MiB of float32 weights), medians`);
    console.log("mode                       predict ms  overhead ms  overhead/predict");
    for (const t of timings) {
      console.log(
        `${t.mode.padEnd(26)} ${t.predictMs.toFixed(1).padStart(10)} ${
          t.overheadMs.toFixed(1).padStart(12)
        } ${(100 * t.ratio).toFixed(2).padStart(15)}%`,
      );
    }
  }
}
