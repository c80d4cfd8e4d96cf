/**
 * How much uncounted work the residual cap buys (issue 12, class 8): plain-JS multiply-adds on
 * an array's raw storage (`.data`) within 0.4 s, the default `--residual-wall-time-limit`. The
 * loop is the one an estimator would write for a matrix-vector product over a 1024×1024
 * float32 weight (float64 accumulators, row-major, inner loop contiguous), the form V8 runs
 * fastest. Rounds alternate with nothing else, so the best round is the machine's rate.
 *
 * Run: deno run -A bench/residual_bench.ts
 *
 * @module
 */

import { np } from "../lib/api/mod.ts";

const N = 1024;
const CAP_S = 0.4;
const ROUNDS = 5;

/** Multiply-adds done in `seconds` of matrix-vector products y += x·W over `w`'s storage. */
function multiplyAddsIn(w: Float32Array, seconds: number): number {
  let x = new Float64Array(N).fill(1 / N);
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    const y = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const xi = x[i];
      const row = i * N;
      for (let j = 0; j < N; j++) y[j] += xi * w[row + j];
    }
    x = y;
    count += N * N;
  }
  return count;
}

if (import.meta.main) {
  const w = np.random.default_rng(0).standard_normal([N, N], "float32").data as Float32Array;
  multiplyAddsIn(w, 0.2); // warm-up: let V8 optimise the loop
  const counts: number[] = [];
  for (let r = 0; r < ROUNDS; r++) counts.push(multiplyAddsIn(w, CAP_S));
  counts.sort((a, b) => a - b);
  const best = counts[counts.length - 1];
  const median = counts[Math.floor(counts.length / 2)];
  const meanPropagation = 2 * 16 * N * N; // two matrix-vector products per layer at 1024×16
  const covariancePropagation = 2 * 16 * N ** 3; // two matrix products per layer
  console.log(`plain-JS multiply-adds in ${CAP_S} s (1024×1024 float32 .data, ${ROUNDS} rounds):`);
  console.log(`  best ${best.toExponential(2)}, median ${median.toExponential(2)}`);
  console.log(
    `  = ${(best / meanPropagation).toFixed(1)}× mean propagation's products at 1024×16 ` +
      `(${meanPropagation.toExponential(2)}), ` +
      `${(100 * best / covariancePropagation).toFixed(3)}% of covariance propagation's ` +
      `(${covariancePropagation.toExponential(2)})`,
  );
}
