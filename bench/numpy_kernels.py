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

import numpy as np
from numpy_common import best_time, chunk_rows, he_weights, layer_statistics, time_matmuls


def main():
    sizes = [int(s) for s in sys.argv[1].split(",")]
    width, depth, samples = (int(a) for a in sys.argv[2:5])
    rng = np.random.default_rng(0)
    matmul = time_matmuls(rng, sizes)
    weights = he_weights(rng, width, depth)
    chunk = rng.standard_normal((chunk_rows(width), width), dtype=np.float32)
    seconds = best_time(
        lambda: layer_statistics(weights, samples, lambda rows: chunk[:rows]),
        min_total=2.0,
        min_reps=2,
    )
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
