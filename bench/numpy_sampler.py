"""numpy peer of whest's Monte Carlo sampler (bench/sampler_bench.ts): the reference's
sample_layer_statistics loop without the FLOP meter — float32 standard-normal chunks of
max(1024, min(16384, 2^20 // n)) rows, float32 x @ W and ReLU per layer, float64 column
sums, squares at the last layer.

Usage: python3 bench/numpy_sampler.py WIDTH DEPTH SAMPLES [SEED]
Prints one JSON line: {"width", "depth", "samples", "seconds", "samples_per_s", "numpy"}.
"""

import json
import sys
import time

import numpy as np
from numpy_common import he_weights, layer_statistics, normal_chunks


def main():
    width, depth, samples = (int(a) for a in sys.argv[1:4])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    children = np.random.SeedSequence(seed).spawn(3)
    w_rng = np.random.Generator(np.random.PCG64(children[0]))
    weights = he_weights(w_rng, width, depth)
    rng = np.random.Generator(np.random.PCG64(children[1]))
    start = time.perf_counter()
    layer_statistics(weights, samples, normal_chunks(rng, width))
    seconds = time.perf_counter() - start
    print(json.dumps({
        "width": width, "depth": depth, "samples": samples, "seconds": seconds,
        "samples_per_s": samples / seconds, "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
