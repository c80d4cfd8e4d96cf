"""Times numpy's matmul at the shapes of bench/matmul_bench.ts and prints JSON.

Usage: python3 bench/numpy_matmul.py 256 1024
Output: {"numpy": "<version>", "results": [{"n": 256, "dtype": "float32", "seconds": ...,
"gflops": ...}, ...]} where seconds is the best of several timed runs of a (n×n)@(n×n).
"""

import json
import sys
import time

import numpy as np


def best_time(a, b, min_total=0.5, max_reps=200):
    a @ b  # warm-up: thread pool and caches
    best = float("inf")
    total = 0.0
    reps = 0
    while (total < min_total or reps < 3) and reps < max_reps:
        t0 = time.perf_counter()
        a @ b
        dt = time.perf_counter() - t0
        best = min(best, dt)
        total += dt
        reps += 1
    return best


def main():
    sizes = [int(s) for s in sys.argv[1:]] or [256, 1024]
    rng = np.random.default_rng(0)
    results = []
    for n in sizes:
        for dtype in ("float32", "float64"):
            a = rng.standard_normal((n, n)).astype(dtype)
            b = rng.standard_normal((n, n)).astype(dtype)
            seconds = best_time(a, b)
            results.append({"n": n, "dtype": dtype, "seconds": seconds,
                            "gflops": 2 * n ** 3 / seconds / 1e9})
    print(json.dumps({"numpy": np.__version__, "results": results}))


if __name__ == "__main__":
    main()
