"""numpy peer for bench/estimators_bench.ts: the Monte Carlo ground truth of a seeded
contest (reference-behaviour.md §2-3), at sample counts whest's JS sampler would take too long
to reach on a shared 2-core machine. The draws are the reference's: SeedSequence(seed)
.spawn(3·n_mlps), child 3i seeds the weights, 3i+1 the float32 input chunks; whest's own
sampler reproduces these bit for bit (tests/groundtruth), so only the speed differs.

Usage: python3 bench/estimators_truth.py SEED WIDTH DEPTH N_MLPS SAMPLES
Prints one JSON object: {"mlps": [{"mlp_seed", "weights_sum", "all_layer_means",
"avg_variance"}], "seconds"}.
"""

import json
import sys
import time

import numpy as np
from numpy_common import he_weights, layer_statistics, normal_chunks


def main():
    seed, width, depth, n_mlps, samples = (int(a) for a in sys.argv[1:6])
    started = time.perf_counter()
    children = np.random.SeedSequence(seed).spawn(3 * n_mlps)
    mlps = []
    for i in range(n_mlps):
        w_rng = np.random.Generator(np.random.PCG64(children[3 * i]))
        weights = he_weights(w_rng, width, depth)
        x_rng = np.random.Generator(np.random.PCG64(children[3 * i + 1]))
        means, avg_variance = layer_statistics(weights, samples, normal_chunks(x_rng, width))
        mlps.append({
            "mlp_seed": int(children[3 * i + 2].generate_state(1)[0]),
            "weights_sum": float(weights.astype(np.float64).sum()),
            "all_layer_means": means.tolist(),
            "avg_variance": avg_variance,
        })
    print(json.dumps({"mlps": mlps, "seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main()
