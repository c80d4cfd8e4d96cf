/**
 * Probe run in a subprocess by threads_test.ts (plain, sandboxed or compiled): builds the WASM
 * backend, runs a matmul large enough for the worker threads until one of them has taken a
 * job (or 10 s pass), checks the result against the single-thread backend and prints a JSON line.
 *
 * @module
 */

import { createWasmKernels } from "../../../lib/kernels/wasm/mod.ts";

const parallel = createWasmKernels();
const serial = createWasmKernels({ threads: 1 });
const [m, k, n] = [256, 256, 256];
const a = new Float32Array(m * k).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
const b = new Float32Array(k * n).map((_, i) => ((i * 104729) % 997) / 997 - 0.5);
const expected = new Float32Array(m * n);
serial.matmulF32(a, b, expected, m, k, n, false, false);
let same = true;
const deadline = Date.now() + 10_000;
do {
  const c = new Float32Array(m * n);
  parallel.matmulF32(a, b, c, m, k, n, false, false);
  same &&= c.every((v, i) => v === expected[i]);
  if (parallel.threads === 1 || parallel.workerJobs > 0) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
} while (Date.now() < deadline);
console.log(JSON.stringify({ name: parallel.name, workerJobs: parallel.workerJobs, same }));
