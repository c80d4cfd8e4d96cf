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


def sample_layer_statistics(weights, rng, n_samples):
    d, n, _ = weights.shape
    chunk = max(1024, min(16384, (2**20) // n))
    sums = np.zeros((d, n))
    square_sums = np.zeros(n)
    done = 0
    while done < n_samples:
        rows = min(chunk, n_samples - done)
        x = rng.standard_normal((rows, n), dtype=np.float32)
        for layer in range(d):
            x = np.maximum(x @ weights[layer], np.float32(0))
            sums[layer] += x.sum(axis=0, dtype=np.float64)
        square_sums += (x.astype(np.float64) ** 2).sum(axis=0)
        done += rows
    means = sums / n_samples
    return means.astype(np.float32), float(np.mean(square_sums / n_samples - means[-1] ** 2))


def main():
    width, depth, samples = (int(a) for a in sys.argv[1:4])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    children = np.random.SeedSequence(seed).spawn(3)
    w_rng = np.random.Generator(np.random.PCG64(children[0]))
    weights = (w_rng.standard_normal((depth, width, width)) * np.sqrt(2.0 / width)).astype(np.float32)
    rng = np.random.Generator(np.random.PCG64(children[1]))
    start = time.perf_counter()
    sample_layer_statistics(weights, rng, samples)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "width": width, "depth": depth, "samples": samples, "seconds": seconds,
        "samples_per_s": samples / seconds, "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
