"""numpy peer for bench/estimators_bench.ts: the Monte Carlo ground truth of a seeded
contest (reference-behaviour.md §2-3), at sample counts whest's JS sampler would take too long
to reach on a shared 2-core machine. The draws are the reference's: SeedSequence(seed)
.spawn(3·n_mlps), child 3i seeds the weights, 3i+1 the float32 input chunks; whest's own
sampler reproduces these bit for bit (tests/groundtruth), so only the speed differs.

With --cache DIR every MLP's running sums, sample count and generator state are saved to
DIR every few chunks, so a long run (1024×16 at N = 10^6 is ≈3.4e13 FLOPs an MLP) survives
being stopped and resumes where it was; a finished MLP is read back, not recomputed. A
SeedSequence child depends only on its index, so raising N_MLPS reuses the MLPs already done.

Usage: python3 bench/estimators_truth.py SEED WIDTH DEPTH N_MLPS SAMPLES [--cache DIR]
Prints one JSON object: {"mlps": [{"mlp_seed", "weights_sum", "all_layer_means",
"avg_variance"}], "seconds"}.
"""

import json
import os
import sys
import time

import numpy as np
from numpy_common import chunk_rows, he_weights, layer_statistics, normal_chunks

# Chunks between two checkpoints of a cached run.
CHECKPOINT_CHUNKS = 32


def cached_statistics(path, weights, samples, rng):
    """layer_statistics resumed from and saved to `path` (an .npz of the running sums)."""
    d, n, _ = weights.shape
    sums, square_sums, done = np.zeros((d, n)), np.zeros(n), 0
    if os.path.exists(path):
        saved = np.load(path)
        sums, square_sums, done = saved["sums"], saved["square_sums"], int(saved["done"])
        rng.bit_generator.state = json.loads(str(saved["rng_state"]))
    chunk = chunk_rows(n)
    since_save = 0
    while done < samples:
        rows = min(chunk, samples - done)
        x = rng.standard_normal((rows, n), dtype=np.float32)
        for layer in range(d):
            x = np.maximum(x @ weights[layer], np.float32(0))
            sums[layer] += x.sum(axis=0, dtype=np.float64)
        square_sums += (x.astype(np.float64) ** 2).sum(axis=0)
        done += rows
        since_save += 1
        if since_save == CHECKPOINT_CHUNKS or done == samples:
            tmp = path + ".tmp.npz"
            np.savez(tmp, sums=sums, square_sums=square_sums, done=done,
                     rng_state=json.dumps(rng.bit_generator.state))
            os.replace(tmp, path)
            since_save = 0
    means = sums / samples
    return means.astype(np.float32), float(np.mean(square_sums / samples - means[-1] ** 2))


def main():
    seed, width, depth, n_mlps, samples = (int(a) for a in sys.argv[1:6])
    cache = sys.argv[7] if len(sys.argv) > 7 and sys.argv[6] == "--cache" else None
    started = time.perf_counter()
    children = np.random.SeedSequence(seed).spawn(3 * n_mlps)
    mlps = []
    for i in range(n_mlps):
        w_rng = np.random.Generator(np.random.PCG64(children[3 * i]))
        weights = he_weights(w_rng, width, depth)
        x_rng = np.random.Generator(np.random.PCG64(children[3 * i + 1]))
        if cache is None:
            means, avg_variance = layer_statistics(weights, samples, normal_chunks(x_rng, width))
        else:
            os.makedirs(cache, exist_ok=True)
            name = f"truth-s{seed}-{width}x{depth}-N{samples}-mlp{i}.npz"
            means, avg_variance = cached_statistics(os.path.join(cache, name), weights, samples,
                                                    x_rng)
        mlps.append({
            "mlp_seed": int(children[3 * i + 2].generate_state(1)[0]),
            "weights_sum": float(weights.astype(np.float64).sum()),
            "all_layer_means": means.tolist(),
            "avg_variance": avg_variance,
        })
    print(json.dumps({"mlps": mlps, "seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main()
