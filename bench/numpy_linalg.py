"""Times numpy's linear algebra at the shapes of bench/linalg_bench.ts and prints JSON.

Usage: python3 bench/numpy_linalg.py 1024
Output: {"numpy": "<version>", "results": [{"op": "eigh", "n": 1024, "seconds": ...}, ...]}
where seconds is the best of several timed runs on float64 inputs: a symmetric positive-definite
matrix for cholesky and eigh, a general one for svd (thin), qr (reduced) and solve (one vector).
"""

import json
import sys

import numpy as np
from numpy_common import best_time


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    rng = np.random.default_rng(0)
    general = rng.standard_normal((n, n))
    spd = general @ general.T / n + np.eye(n)
    rhs = rng.standard_normal(n)
    ops = {
        "cholesky": lambda: np.linalg.cholesky(spd),
        "solve": lambda: np.linalg.solve(general, rhs),
        "qr": lambda: np.linalg.qr(general),
        "eigh": lambda: np.linalg.eigh(spd),
        "svd": lambda: np.linalg.svd(general, full_matrices=False),
    }
    results = [{"op": op, "n": n, "seconds": best_time(fn)} for op, fn in ops.items()]
    print(json.dumps({"numpy": np.__version__, "results": results}))


if __name__ == "__main__":
    main()
