"""What the numpy benchmark peers share: the reference's Monte Carlo layer loop, contest-style
He weights, best-of-several timing and the square-matmul timings. The peers import it from
their own folder (`python3 bench/<peer>.py` puts bench/ on the module path).
"""

import time

import numpy as np


def chunk_rows(width):
    """Rows per Monte Carlo chunk, as the reference: max(1024, min(16384, 2^20 // width))."""
    return max(1024, min(16384, (2**20) // width))


def he_weights(rng, width, depth):
    """A contest MLP's weights: (standard_normal((d, n, n)) * sqrt(2/n)).astype(float32)."""
    return (rng.standard_normal((depth, width, width)) * np.sqrt(2.0 / width)).astype(np.float32)


def normal_chunks(rng, width):
    """Input rows for layer_statistics drawn as the reference draws them: float32 normals."""
    return lambda rows: rng.standard_normal((rows, width), dtype=np.float32)


def layer_statistics(weights, n_samples, next_chunk):
    """The reference's sample_layer_statistics loop without the FLOP meter.

    Float32 `np.maximum(x @ W, 0)` per layer, float64 column sums, float64 squares at the last
    layer, over chunks of chunk_rows(n) rows that next_chunk(rows) supplies. Returns the float32
    per-layer means and the mean last-layer variance.
    """
    d, n, _ = weights.shape
    chunk = chunk_rows(n)
    sums = np.zeros((d, n))
    square_sums = np.zeros(n)
    done = 0
    while done < n_samples:
        rows = min(chunk, n_samples - done)
        x = next_chunk(rows)
        for layer in range(d):
            x = np.maximum(x @ weights[layer], np.float32(0))
            sums[layer] += x.sum(axis=0, dtype=np.float64)
        square_sums += (x.astype(np.float64) ** 2).sum(axis=0)
        done += rows
    means = sums / n_samples
    return means.astype(np.float32), float(np.mean(square_sums / n_samples - means[-1] ** 2))


def best_time(fn, min_total=0.5, min_reps=3, max_reps=200):
    """Best seconds of fn() after one warm-up run (thread pool, caches), timed until min_total
    seconds and min_reps runs have passed, or max_reps runs."""
    fn()
    best, total, reps = float("inf"), 0.0, 0
    while (total < min_total or reps < min_reps) and reps < max_reps:
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        best, total, reps = min(best, dt), total + dt, reps + 1
    return best


def time_matmuls(rng, sizes):
    """Best time of an (n×n) @ (n×n) in float32 then float64 per size, operands drawn from rng:
    [{"n", "dtype", "seconds", "gflops"}]."""
    results = []
    for n in sizes:
        for dtype in ("float32", "float64"):
            a = rng.standard_normal((n, n)).astype(dtype)
            b = rng.standard_normal((n, n)).astype(dtype)
            seconds = best_time(lambda: a @ b)
            results.append({"n": n, "dtype": dtype, "seconds": seconds,
                            "gflops": 2 * n ** 3 / seconds / 1e9})
    return results
