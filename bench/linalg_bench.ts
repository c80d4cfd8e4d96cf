/**
 * Benchmark of the counted `np.linalg` ops (cholesky, solve, qr, eigh, svd) at n×n float64 on
 * the BLAS backend (its LAPACK, when the library has it) and on the plain-JS backend, against
 * numpy at the same shapes in the same run (bench/numpy_linalg.py through `python3`). The BLAS
 * backend and numpy alternate for several rounds and each keeps its best time per op, so a
 * burst of background load cannot favour one side; the slow JS backend is timed once.
 *
 * Run: deno run -A bench/linalg_bench.ts [--size 1024] [--rounds 3]
 *
 * @module
 */

import { np } from "../lib/api/mod.ts";
import type { NDArray } from "../lib/array/ndarray.ts";
import { withBudget } from "../lib/budget/mod.ts";
import { createJsKernels, type Kernels, useKernels } from "../lib/kernels/mod.ts";
import { optionalBlas } from "./_blas.ts";
import { runNumpyPeer } from "./numpy_peer.ts";

const OPS = ["cholesky", "solve", "qr", "eigh", "svd"] as const;
type Op = typeof OPS[number];

/** The ops the issue sets a target for: at least this fraction of numpy's speed with BLAS. */
const TARGETS: Partial<Record<Op, number>> = { eigh: 0.8, svd: 0.8, cholesky: 0.8 };

interface Timing {
  op: Op;
  n: number;
  seconds: number;
}

interface Inputs {
  general: NDArray;
  spd: NDArray;
  rhs: NDArray;
}

/** Inputs like numpy_linalg.py's: a general n×n matrix, G·Gᵀ/n + I, and one right-hand side. */
function inputs(n: number): Inputs {
  const values = (count: number) => Float64Array.from({ length: count }, () => Math.random() - 0.5);
  const general = np.reshape(np.array(values(n * n), "float64"), [n, n]);
  const spd = np.add(np.divide(np.matmul(general, general.T), n), np.eye(n));
  return { general, spd, rhs: np.array(values(n), "float64") };
}

function call(op: Op, x: Inputs): void {
  switch (op) {
    case "cholesky":
      np.linalg.cholesky(x.spd);
      break;
    case "solve":
      np.linalg.solve(x.general, x.rhs);
      break;
    case "qr":
      np.linalg.qr(x.general);
      break;
    case "eigh":
      np.linalg.eigh(x.spd);
      break;
    case "svd":
      np.linalg.svd(x.general, false);
      break;
  }
}

/**
 * Best wall time of the counted op, repeated until `minTotalS` has elapsed (at least once): a
 * JS run at 1024 takes seconds, so it is timed once, after a warm-up at a small size.
 */
function timeOp(op: Op, x: Inputs, n: number, warm: Inputs, minTotalS = 1): Timing {
  call(op, warm);
  let best = Infinity;
  let total = 0;
  while (total < minTotalS || best === Infinity) {
    const { summary } = withBudget({ flopBudget: Number.MAX_SAFE_INTEGER }, () => call(op, x));
    best = Math.min(best, summary.wall_time_s);
    total += summary.wall_time_s;
  }
  return { op, n, seconds: best };
}

function timeBackend(backend: Kernels, n: number): Timing[] {
  const previous = useKernels(backend);
  try {
    const x = inputs(n);
    const warm = inputs(Math.min(n, 64));
    return OPS.map((op) => timeOp(op, x, n, warm));
  } finally {
    if (previous) useKernels(previous);
  }
}

async function timeNumpy(n: number): Promise<{ version: string; results: Timing[] } | null> {
  try {
    const parsed = await runNumpyPeer<{ numpy: string; results: Timing[] }>("numpy_linalg.py", [
      n,
    ]);
    return { version: parsed.numpy, results: parsed.results };
  } catch {
    return null;
  }
}

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at < 0 ? fallback : Number(args[at + 1]);
}

/** Each op's best time over the rounds so far. */
function keepBest(best: Timing[] | null, round: Timing[] | null): Timing[] | null {
  if (best === null || round === null) return round ?? best;
  return best.map((t) => {
    const other = round.find((r) => r.op === t.op && r.n === t.n);
    return other && other.seconds < t.seconds ? other : t;
  });
}

function printTable(backend: string, ours: Timing[], numpy: { results: Timing[] } | null): void {
  console.log(`\ncounted np.linalg on backend "${backend}", float64`);
  console.log("op        n      ours ms    numpy ms   speed vs numpy  target");
  for (const t of ours) {
    const ref = numpy?.results.find((r) => r.op === t.op && r.n === t.n);
    const target = TARGETS[t.op];
    const cols = [
      t.op.padEnd(8),
      String(t.n).padEnd(5),
      (t.seconds * 1e3).toFixed(2).padStart(10),
      ref ? (ref.seconds * 1e3).toFixed(2).padStart(10) : "       n/a",
      ref ? `${(ref.seconds / t.seconds).toFixed(3)}x`.padStart(15) : "            n/a",
      target === undefined ? "" : `  >= ${target}x`,
    ];
    console.log(cols.join("  "));
  }
}

if (import.meta.main) {
  const n = flag(Deno.args, "--size", 1024);
  const rounds = flag(Deno.args, "--rounds", 3);
  const blas = optionalBlas(console.log, true);
  if (blas) {
    console.log(
      `${blas.name}: LAPACK backs ${blas.lapack.length > 0 ? blas.lapack.join(", ") : "nothing"}`,
    );
  }
  let blasTimes: Timing[] | null = null;
  let numpyTimes: Timing[] | null = null;
  let numpyVersion = "";
  for (let round = 0; round < rounds; round++) {
    if (blas) blasTimes = keepBest(blasTimes, timeBackend(blas, n));
    const peer = await timeNumpy(n);
    if (peer) {
      numpyVersion = peer.version;
      numpyTimes = keepBest(numpyTimes, peer.results);
    }
  }
  const numpy = numpyTimes ? { version: numpyVersion, results: numpyTimes } : null;
  const js = createJsKernels();
  const jsTimes = timeBackend(js, n);
  console.log(
    numpy
      ? `numpy ${numpy.version} (python3, same run); best of ${rounds} alternating rounds`
      : "numpy: python3 not found",
  );
  if (blas && blasTimes) printTable(blas.name, blasTimes, numpy);
  printTable(js.name, jsTimes, numpy);
}
