/**
 * Monte Carlo sampler throughput beside its numpy peer (bench/numpy_sampler.py), in one run:
 * the same widths, depths, sample counts and seeds, timed on the same machine.
 *
 * Usage: deno run -A bench/sampler_bench.ts [--json] [--kernels js,wasm,blas] [WIDTHxDEPTH:SAMPLES ...]
 * Default cases: 256x8:20000 and 1024x16:4096. Each case runs on the plain-JS kernels and on
 * the WASM SIMD kernels (all cores), then in numpy.
 *
 * @module
 */
import { sampleMlp } from "../lib/contest/mlp.ts";
import { contestSeeds } from "../lib/contest/seeding.ts";
import { sampleGroundTruth } from "../lib/groundtruth/sampler.ts";
import { createJsKernels, type Kernels, useKernels } from "../lib/kernels/mod.ts";
import { createWasmKernels } from "../lib/kernels/wasm/mod.ts";
import { optionalBlas } from "./_blas.ts";
import { runNumpyPeer } from "./numpy_peer.ts";

/** One benchmark case. */
export interface SamplerCase {
  readonly width: number;
  readonly depth: number;
  readonly samples: number;
}

/** Timings of one case in both programs. */
export interface SamplerTiming extends SamplerCase {
  /** The kernel backend whest ran on. */
  readonly kernels: string;
  /** whest's sampler, seconds (weights generated beforehand, not timed). */
  readonly whestS: number;
  /** numpy's loop, seconds. */
  readonly numpyS: number;
  /** whestS / numpyS: how many times slower whest is (below 1: faster). */
  readonly ratio: number;
}

async function timeWhest({ width, depth, samples }: SamplerCase, seed: number): Promise<number> {
  const [streams] = contestSeeds(seed, 1);
  const mlp = sampleMlp(width, depth, streams.weightRng);
  const started = performance.now();
  await sampleGroundTruth(mlp, streams.inputRng, samples);
  return (performance.now() - started) / 1000;
}

async function timeNumpy({ width, depth, samples }: SamplerCase, seed: number): Promise<number> {
  const args = [width, depth, samples, seed];
  return (await runNumpyPeer<{ seconds: number }>("numpy_sampler.py", args)).seconds;
}

/**
 * Times each case in whest on every backend given, then in numpy, one after the other.
 *
 * @param cases The shapes and sample counts.
 * @param backends The kernel backends to time whest on.
 * @param seed The contest-style seed both programs use.
 */
export async function benchSampler(
  cases: readonly SamplerCase[],
  backends: readonly Kernels[],
  seed = 0,
): Promise<SamplerTiming[]> {
  const timings: SamplerTiming[] = [];
  for (const c of cases) {
    const whest = [];
    for (const backend of backends) {
      useKernels(backend);
      whest.push({ kernels: backend.name, whestS: await timeWhest(c, seed) });
    }
    const numpyS = await timeNumpy(c, seed);
    for (const w of whest) timings.push({ ...c, ...w, numpyS, ratio: w.whestS / numpyS });
  }
  return timings;
}

function parseCase(text: string): SamplerCase {
  const match = /^(\d+)x(\d+):(\d+)$/.exec(text);
  if (!match) throw new Error(`bad case '${text}': expected WIDTHxDEPTH:SAMPLES, e.g. 256x8:20000`);
  return { width: Number(match[1]), depth: Number(match[2]), samples: Number(match[3]) };
}

if (import.meta.main) {
  const json = Deno.args.includes("--json");
  const at = Deno.args.indexOf("--kernels");
  // `--kernels js,wasm,blas` picks the backends to time (default all that run here)
  const only = at >= 0 ? Deno.args[at + 1].split(",") : ["js", "wasm", "blas"];
  const given = Deno.args.filter((a, i) => a !== "--json" && i !== at && i !== at + 1)
    .map(parseCase);
  const cases = given.length > 0
    ? given
    : [{ width: 256, depth: 8, samples: 20000 }, { width: 1024, depth: 16, samples: 4096 }];
  const wasm = createWasmKernels();
  const blas = only.includes("blas") ? optionalBlas(json ? () => {} : console.log) : null;
  const backends: Kernels[] = [
    ...(only.includes("js") ? [createJsKernels()] : []),
    ...(only.includes("wasm") ? [wasm] : []),
    ...(blas ? [blas] : []),
  ];
  const timings = await benchSampler(cases, backends);
  wasm.close();
  if (json) {
    console.log(JSON.stringify({ wasm_threads: wasm.threads, timings }, null, 2));
  } else {
    console.log(
      `sampler throughput, whest vs numpy on the same machine (wasm: ${wasm.threads} threads)`,
    );
    for (const t of timings) {
      const rate = (s: number) => `${Math.round(t.samples / s)} samples/s`;
      console.log(
        `${t.width}x${t.depth}, ${t.samples} samples: whest/${t.kernels} ${
          t.whestS.toFixed(2)
        } s ` +
          `(${rate(t.whestS)}), numpy ${t.numpyS.toFixed(2)} s (${rate(t.numpyS)}), ` +
          `ratio ${t.ratio.toFixed(2)}x`,
      );
    }
  }
}
