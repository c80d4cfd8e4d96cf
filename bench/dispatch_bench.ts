/**
 * Benchmark of the counting layer's own cost: per-op dispatch overhead on small arrays, and the
 * overhead share of one 256-wide mean-propagation layer (the reference estimator's op
 * sequence). Counted and uncounted runs alternate so that machine noise hits both alike.
 *
 * Run: deno run -A bench/dispatch_bench.ts
 *
 * @module
 */

import { np } from "../lib/api/mod.ts";
import type { NDArray } from "../lib/array/ndarray.ts";
import { BudgetContext, type BudgetSummary } from "../lib/budget/mod.ts";
import { reluMoments } from "../estimators/mean_propagation.ts";

interface Paired {
  /** Median seconds without a budget context. */
  plain: number;
  /** Median seconds inside a budget context. */
  counted: number;
  /** Summaries of the counted rounds. */
  summaries: BudgetSummary[];
}

function median(xs: number[]): number {
  const sorted = xs.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Times `fn` alternately without and with an active budget context. */
function paired(fn: () => void, rounds = 21): Paired {
  const plain: number[] = [];
  const counted: number[] = [];
  const summaries: BudgetSummary[] = [];
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    fn();
    plain.push((performance.now() - t0) / 1000);
    const ctx = new BudgetContext({ flopBudget: Number.MAX_SAFE_INTEGER }).enter();
    t0 = performance.now();
    fn();
    counted.push((performance.now() - t0) / 1000);
    summaries.push(ctx.exit());
  }
  return { plain: median(plain), counted: median(counted), summaries };
}

/** One layer of the built-in mean propagation, op for op. */
function meanPropagationLayer(w: NDArray, mu: NDArray, v: NDArray): void {
  const muPre = np.matmul(w.T, mu);
  const ww = np.multiply(w, w);
  reluMoments(muPre, np.matmul(ww.T, v));
}

function benchSmallOps(): void {
  const reps = 5_000;
  const a = np.ones(16);
  const b = np.ones(16);
  const run = () => {
    for (let i = 0; i < reps; i++) np.add(a, b);
  };
  for (let w = 0; w < 20; w++) run();
  const t = paired(run);
  console.log("per-op dispatch, add on float64[16]:");
  console.log(
    `  uncounted ${(t.plain / reps * 1e6).toFixed(3)} us/op, counted ${
      (t.counted / reps * 1e6).toFixed(3)
    } us/op, counting adds ${((t.counted - t.plain) / reps * 1e6).toFixed(3)} us/op`,
  );
}

function benchLayer(n: number): void {
  const data = new Float64Array(n * n);
  for (let i = 0; i < data.length; i++) data[i] = (Math.random() * 2 - 1) * Math.sqrt(3 / n);
  const w = np.reshape(np.array(data, "float32"), [n, n]);
  const mu = np.full(n, 0.1);
  const v = np.ones(n);
  const loops = 10;
  const run = () => {
    for (let i = 0; i < loops; i++) meanPropagationLayer(w, mu, v);
  };
  for (let i = 0; i < 20; i++) run();
  const t = paired(run);
  const opsPerLayer = Object.values(t.summaries[0].operations).reduce((s, o) => s + o.calls, 0) /
    loops;
  const shares = t.summaries.map((s) => s.flopscope_overhead_time_s / s.wall_time_s);
  console.log(`mean-propagation layer, n = ${n} (${opsPerLayer} ops):`);
  console.log(
    `  uncounted ${(t.plain / loops * 1e6).toFixed(1)} us, counted ${
      (t.counted / loops * 1e6).toFixed(1)
    } us: counting costs ${(100 * (t.counted - t.plain) / t.counted).toFixed(2)}% of the layer`,
  );
  console.log(
    `  summary overhead share (flopscope_overhead_time_s / wall_time_s): ${
      (100 * median(shares)).toFixed(2)
    }% (target < 5%)`,
  );
}

if (import.meta.main) {
  benchSmallOps();
  benchLayer(256);
}
