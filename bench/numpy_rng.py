"""numpy peer of whest's random-stream benchmark (bench/rng_bench.ts): the same draws, timed
the same way (best of REPEATS after one warm-up run).

Cases:
  mlp WIDTH DEPTH   one contest MLP: per layer (standard_normal((n, n)) * sqrt(2/n)).astype(float32)
  normal_f32 N      standard_normal(N, dtype=float32) (the Monte Carlo input draw)
  normal_f64 N      standard_normal(N)

Usage: python3 bench/numpy_rng.py REPEATS SEED CASE ARGS...
Prints one JSON line: {"case", "args", "seconds", "numpy"}.
"""

import json
import sys
import time

import numpy as np


def mlp(rng, width, depth):
    scale = np.sqrt(2.0 / width)
    return [(rng.standard_normal((width, width)) * scale).astype(np.float32) for _ in range(depth)]


CASES = {
    "mlp": lambda rng, width, depth: mlp(rng, width, depth),
    "normal_f32": lambda rng, n: rng.standard_normal(n, dtype=np.float32),
    "normal_f64": lambda rng, n: rng.standard_normal(n),
}


def main():
    repeats, seed, case = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    args = [int(a) for a in sys.argv[4:]]
    draw = CASES[case]
    best = float("inf")
    for run in range(repeats + 1):
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed).spawn(3)[0]))
        start = time.perf_counter()
        draw(rng, *args)
        seconds = time.perf_counter() - start
        if run > 0:
            best = min(best, seconds)
    print(json.dumps({"case": case, "args": args, "seconds": best, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
