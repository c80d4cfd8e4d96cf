import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import type { NDArray } from "../../lib/array/ndarray.ts";
import { costOf } from "./_cost.ts";

// The reference estimators op by op (estimators.md); their totals must equal the closed forms
// of cost-model.md, which proves the op-level rules they exercise.

function heWeights(n: number, d: number, seed: number): NDArray[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  const out: NDArray[] = [];
  for (let l = 0; l < d; l++) {
    const rows = Array.from({ length: n }, () => Array.from({ length: n }, () => next() * 2));
    out.push(np.array(rows, "float32"));
  }
  return out;
}

function reluMoments(muPre: NDArray, varPre: NDArray) {
  const v = np.maximum(varPre, 1e-12);
  const sigma = np.sqrt(v);
  const alpha = np.divide(muPre, sigma);
  const phi = np.stats.norm.pdf(alpha);
  const Phi = np.stats.norm.cdf(alpha);
  const mu = np.add(np.multiply(muPre, Phi), np.multiply(sigma, phi));
  const ez2 = np.add(
    np.multiply(np.add(np.multiply(muPre, muPre), v), Phi),
    np.multiply(np.multiply(muPre, sigma), phi),
  );
  const variance = np.maximum(np.subtract(ez2, np.multiply(mu, mu)), 0);
  return { sigma, Phi, mu, variance };
}

function meanPropagation(ws: NDArray[], n: number): NDArray {
  let mu = np.zeros(n);
  let v = np.ones(n);
  const rows: NDArray[] = [];
  for (const w of ws) {
    const muPre = np.matmul(w.T, mu);
    const ww = np.multiply(w, w);
    const m = reluMoments(muPre, np.matmul(ww.T, v));
    mu = m.mu;
    v = m.variance;
    rows.push(mu);
  }
  return np.stack(rows);
}

function covariancePropagation(ws: NDArray[], n: number): NDArray {
  let mu = np.zeros(n);
  let cov = np.eye(n);
  let logScale = 0;
  const rows: NDArray[] = [];
  for (const w of ws) {
    const m = np.max(np.diag(cov)).item();
    if (m > 1e100) {
      const s = np.sqrt(np.asarray(m)).item();
      mu = np.divide(mu, s);
      cov = np.divide(cov, s * s);
      logScale += np.log(np.asarray(s)).item();
    }
    const muPre = np.matmul(w.T, mu);
    const covPre = np.matmul(np.matmul(w.T, cov), w);
    const moments = reluMoments(muPre, np.diag(covPre));
    const gain = np.where(np.greater(moments.sigma, 1e-12), moments.Phi, 0.0);
    const gain32 = np.array(np.astype(gain, "float32"));
    cov = np.multiply(np.outer(gain32, gain32), covPre);
    np.fill_diagonal(cov, moments.variance);
    mu = moments.mu;
    rows.push(np.multiply(mu, np.exp(logScale)));
  }
  return np.stack(rows);
}

Deno.test("mean propagation costs 9dn² + 178dn + 2n", () => {
  for (const [n, d] of [[4, 1], [8, 3], [16, 2]]) {
    const ws = heWeights(n, d, n * 31 + d);
    assert.equal(costOf(() => meanPropagation(ws, n)), 9 * d * n * n + 178 * d * n + 2 * n);
  }
});

Deno.test("covariance propagation costs 8dn³ + (5dn² + 399dn)/2 + 30d + 2n", () => {
  for (const [n, d] of [[4, 1], [8, 3], [6, 2]]) {
    const ws = heWeights(n, d, n * 17 + d);
    const expected = 8 * d * n ** 3 + (5 * d * n * n + 399 * d * n) / 2 + 30 * d + 2 * n;
    assert.equal(costOf(() => covariancePropagation(ws, n)), expected);
  }
});

Deno.test("covariance propagation matches the spec's quoted totals' formula at 1024×16", () => {
  const n = 1024, d = 16;
  assert.equal(
    8 * d * n ** 3 + (5 * d * n * n + 399 * d * n) / 2 + 30 * d + 2 * n,
    137_484_167_648,
  );
});
