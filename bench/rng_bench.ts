/**
 * Random-stream throughput beside its numpy peer (bench/numpy_rng.py), in one run: one
 * 1024×16 contest MLP (the acceptance case: whest must take at most 2× numpy's time) and
 * 16.8M float32 / float64 standard normals. The two programs alternate for several rounds and
 * each keeps its best run, so a burst of background load cannot favour one side.
 *
 * Usage: deno run -A bench/rng_bench.ts [--json] [--repeats N] [--rounds R]
 *
 * @module
 */
import { sampleMlp } from "../lib/contest/mlp.ts";
import { contestSeeds } from "../lib/contest/seeding.ts";
import type { Generator } from "../lib/random/generator.ts";
import { runNumpyPeer } from "./numpy_peer.ts";

/** One benchmark case: a name the numpy peer knows and its integer arguments. */
export interface RngCase {
  readonly name: "mlp" | "normal_f32" | "normal_f64";
  readonly args: readonly number[];
}

/** Timings of one case in both programs. */
export interface RngTiming extends RngCase {
  /** whest, best run, seconds. */
  readonly whestS: number;
  /** numpy, best run, seconds. */
  readonly numpyS: number;
  /** whestS / numpyS: how many times slower whest is (below 1: faster). */
  readonly ratio: number;
}

const SEED = 5;

/** The default cases: the acceptance MLP and the sampler's input draw at the same volume. */
export const DEFAULT_CASES: readonly RngCase[] = [
  { name: "mlp", args: [1024, 16] },
  { name: "normal_f32", args: [1024 * 1024 * 16] },
  { name: "normal_f64", args: [1024 * 1024 * 16] },
];

function draw(rng: Generator, { name, args }: RngCase): unknown {
  if (name === "mlp") return sampleMlp(args[0], args[1], rng);
  return rng.standardNormal(args[0], name === "normal_f32" ? "float32" : "float64");
}

function timeWhest(c: RngCase, repeats: number): number {
  let best = Infinity;
  for (let run = 0; run <= repeats; run++) {
    const rng = contestSeeds(SEED, 1)[0].weightRng;
    const started = performance.now();
    draw(rng, c);
    const seconds = (performance.now() - started) / 1000;
    if (run > 0) best = Math.min(best, seconds);
  }
  return best;
}

async function timeNumpy(c: RngCase, repeats: number): Promise<number> {
  const args = [repeats, SEED, c.name, ...c.args];
  return (await runNumpyPeer<{ seconds: number }>("numpy_rng.py", args)).seconds;
}

/**
 * Times each case in whest and in numpy on the same machine, alternating the two programs
 * `rounds` times so both see the same background load; each side keeps its best run.
 *
 * @param cases The draws to time; default {@linkcode DEFAULT_CASES}.
 * @param repeats Timed runs per program per round, after one warm-up (the best counts); default 2.
 * @param rounds Alternations of whest and numpy; default 3.
 */
export async function benchRng(
  cases: readonly RngCase[] = DEFAULT_CASES,
  repeats = 2,
  rounds = 3,
): Promise<RngTiming[]> {
  const timings: RngTiming[] = [];
  for (const c of cases) {
    let whestS = Infinity, numpyS = Infinity;
    for (let round = 0; round < rounds; round++) {
      whestS = Math.min(whestS, timeWhest(c, repeats));
      numpyS = Math.min(numpyS, await timeNumpy(c, repeats));
    }
    timings.push({ ...c, whestS, numpyS, ratio: whestS / numpyS });
  }
  return timings;
}

if (import.meta.main) {
  const json = Deno.args.includes("--json");
  const flag = (name: string, fallback: number) => {
    const at = Deno.args.indexOf(name);
    return at >= 0 ? Number(Deno.args[at + 1]) : fallback;
  };
  const repeats = flag("--repeats", 2), rounds = flag("--rounds", 3);
  const timings = await benchRng(DEFAULT_CASES, repeats, rounds);
  if (json) {
    console.log(JSON.stringify({ repeats, rounds, timings }, null, 2));
  } else {
    console.log(
      `random streams, whest vs numpy, best of ${rounds}×${repeats} alternating runs, same machine`,
    );
    for (const t of timings) {
      console.log(
        `${t.name}(${t.args.join(", ")}): whest ${(t.whestS * 1000).toFixed(0)} ms, ` +
          `numpy ${(t.numpyS * 1000).toFixed(0)} ms, ratio ${t.ratio.toFixed(2)}x`,
      );
    }
  }
}
