"""Times numpy's matmul at the shapes of bench/matmul_bench.ts and prints JSON.

Usage: python3 bench/numpy_matmul.py 256 1024
Output: {"numpy": "<version>", "results": [{"n": 256, "dtype": "float32", "seconds": ...,
"gflops": ...}, ...]} where seconds is the best of several timed runs of a (n×n)@(n×n).
"""

import json
import sys

import numpy as np
from numpy_common import time_matmuls


def main():
    sizes = [int(s) for s in sys.argv[1:]] or [256, 1024]
    rng = np.random.default_rng(0)
    print(json.dumps({"numpy": np.__version__, "results": time_matmuls(rng, sizes)}))


if __name__ == "__main__":
    main()
