"""numpy peer of bench/kernels_bench.ts: `x @ w` at the same shapes, and the reference
sampler's layer loop (float32 `np.maximum(x @ w, 0)`, float64 column sums, float64 squares at
the last layer) on fixed input chunks, so only the kernels are timed (no random draws).

Usage: python3 bench/numpy_kernels.py SIZES WIDTH DEPTH SAMPLES
       e.g. python3 bench/numpy_kernels.py 256,1024 1024 16 8192
Prints one JSON line: {"numpy", "threads", "matmul": [{"n", "dtype", "seconds", "gflops"}],
"sampler": {"width", "depth", "samples", "seconds", "samples_per_s", "gflops"}}; seconds are
the best of several runs.
"""

import json
import os
import sys
import time

import numpy as np


def best_time(fn, min_total=0.5, min_reps=3, max_reps=200):
    fn()  # warm-up: thread pool and caches
    best, total, reps = float("inf"), 0.0, 0
    while (total < min_total or reps < min_reps) and reps < max_reps:
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        best, total, reps = min(best, dt), total + dt, reps + 1
    return best


def sampler_loop(weights, chunk, samples):
    d, n, _ = weights.shape
    sums = np.zeros((d, n))
    square_sums = np.zeros(n)
    done = 0
    while done < samples:
        rows = min(chunk.shape[0], samples - done)
        x = chunk[:rows]
        for layer in range(d):
            x = np.maximum(x @ weights[layer], np.float32(0))
            sums[layer] += x.sum(axis=0, dtype=np.float64)
        square_sums += (x.astype(np.float64) ** 2).sum(axis=0)
        done += rows
    return sums, square_sums


def main():
    sizes = [int(s) for s in sys.argv[1].split(",")]
    width, depth, samples = (int(a) for a in sys.argv[2:5])
    rng = np.random.default_rng(0)
    matmul = []
    for n in sizes:
        for dtype in ("float32", "float64"):
            a = rng.standard_normal((n, n)).astype(dtype)
            b = rng.standard_normal((n, n)).astype(dtype)
            seconds = best_time(lambda: a @ b)
            matmul.append({"n": n, "dtype": dtype, "seconds": seconds,
                           "gflops": 2 * n ** 3 / seconds / 1e9})
    rows = max(1024, min(16384, (2 ** 20) // width))
    weights = (rng.standard_normal((depth, width, width)) * np.sqrt(2.0 / width)).astype(np.float32)
    chunk = rng.standard_normal((rows, width), dtype=np.float32)
    seconds = best_time(lambda: sampler_loop(weights, chunk, samples), min_total=2.0, min_reps=2)
    print(json.dumps({
        "numpy": np.__version__,
        "threads": os.cpu_count(),
        "matmul": matmul,
        "sampler": {"width": width, "depth": depth, "samples": samples, "seconds": seconds,
                    "samples_per_s": samples / seconds,
                    "gflops": 2 * samples * depth * width ** 2 / seconds / 1e9},
    }))


if __name__ == "__main__":
    main()
