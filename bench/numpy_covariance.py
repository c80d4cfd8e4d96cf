"""Times covariance propagation's predict in numpy: the op sequence of
estimators/covariance_propagation.ts (float32 weights, float64 state; W.T @ mu, (W.T @ Sigma) @ W,
the ReLU's Gaussian moments, the gain outer product, the diagonal), on He weights of the shape.

Usage: python3 bench/numpy_covariance.py WIDTH DEPTH
Output: {"numpy": "<version>", "seconds": <best of several predicts>}
"""

import json
import sys

import numpy as np
from numpy_common import best_time, he_weights

try:
    from scipy.special import ndtr
except ImportError:  # erf-based fallback: the cost is O(n), noise beside the O(n^3) products
    from math import erf

    ndtr = np.vectorize(lambda x: 0.5 * (1.0 + erf(x / np.sqrt(2.0))))


def relu_moments(mu_pre, var_pre):
    v = np.maximum(var_pre, 1e-12)
    sigma = np.sqrt(v)
    alpha = mu_pre / sigma
    pdf = np.exp(-0.5 * alpha * alpha) / np.sqrt(2 * np.pi)
    cdf = ndtr(alpha)
    mean = mu_pre * cdf + sigma * pdf
    ez2 = (mu_pre * mu_pre + v) * cdf + mu_pre * sigma * pdf
    variance = np.maximum(ez2 - mean * mean, 0)
    return sigma, cdf, mean, variance


def predict(weights):
    n = weights.shape[1]
    mu = np.zeros(n)
    sigma_matrix = np.eye(n)
    rows = []
    for w in weights:
        mu_pre = w.T @ mu
        sigma_pre = (w.T @ sigma_matrix) @ w
        sigma, cdf, mean, variance = relu_moments(mu_pre, np.diag(sigma_pre))
        gain = np.where(sigma > 1e-12, cdf, 0.0).astype(np.float32)
        sigma_matrix = np.outer(gain, gain) * sigma_pre
        np.fill_diagonal(sigma_matrix, variance)
        mu = mean
        rows.append(mu)
    return np.stack(rows)


def main():
    width, depth = int(sys.argv[1]), int(sys.argv[2])
    weights = he_weights(np.random.default_rng(0), width, depth)
    seconds = best_time(lambda: predict(weights), min_total=2.0, min_reps=3, max_reps=10)
    print(json.dumps({"numpy": np.__version__, "seconds": seconds}))


if __name__ == "__main__":
    main()
