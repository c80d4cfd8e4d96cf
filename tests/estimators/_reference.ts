/**
 * The numpy reference cases the built-in estimators are checked against, with their MLPs.
 *
 * @module
 */
import type { MlpSpec } from "../../lib/contest/types.ts";
import { normCdf, normPdf } from "../../lib/kernels/js/stats.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url);

/** One reference case: the MLP and what the numpy reference estimators returned for it. */
export interface ReferenceCase {
  readonly label: string;
  readonly mlp: MlpSpec;
  readonly meanPropagation: number[][];
  readonly covariancePropagation: number[][];
  readonly allLayerMeans: number[][];
  readonly avgVariance: number;
  readonly nSamples: number;
}

interface PipelineCase {
  seed: number;
  index: number;
  width: number;
  depth: number;
  n_samples: number;
  estimator_seed: number;
  all_layer_means_f32: number[][];
  avg_variance: number;
  mean_propagation: number[][];
  covariance_propagation: number[][];
}

/**
 * The pipeline cases whose full weights are stored in the RNG fixture (the 8×2 contest at
 * seed 42), so that no other stage of whest is needed to rebuild them.
 */
export function storedWeightCases(): ReferenceCase[] {
  const pipeline = JSON.parse(
    Deno.readTextFileSync(new URL("numpy-reference-pipeline.json", FIXTURES)),
  ) as { cases: PipelineCase[] };
  const vectors = JSON.parse(
    Deno.readTextFileSync(new URL("numpy-rng-vectors.json", FIXTURES)),
  ) as {
    mlps: Record<
      string,
      { seed: number; width: number; mlps: { weights?: number[][][]; estimator_seed: number }[] }
    >;
  };
  const out: ReferenceCase[] = [];
  for (const c of pipeline.cases) {
    const contest = Object.values(vectors.mlps).find((m) =>
      m.seed === c.seed && m.width === c.width && m.mlps?.[c.index]?.weights !== undefined
    );
    if (!contest) continue;
    const stored = contest.mlps[c.index];
    out.push({
      label: `seed ${c.seed} mlp ${c.index} (${c.width}×${c.depth})`,
      mlp: {
        name: `mlp-${c.index}`,
        width: c.width,
        depth: c.depth,
        weights: stored.weights!.map((w) => Float32Array.from(w.flat())),
        seed: stored.estimator_seed,
      },
      meanPropagation: c.mean_propagation,
      covariancePropagation: c.covariance_propagation,
      allLayerMeans: c.all_layer_means_f32,
      avgVariance: c.avg_variance,
      nSamples: c.n_samples,
    });
  }
  return out;
}

/** Closed-form FLOPs of mean propagation (cost-model.md): 9dn² + 178dn + 2n. */
export function meanPropagationFlops(n: number, d: number): number {
  return 9 * d * n * n + 178 * d * n + 2 * n;
}

/** Closed-form FLOPs of covariance propagation (cost-model.md): 8dn³ + (5dn² + 399dn)/2 + 30d + 2n. */
export function covariancePropagationFlops(n: number, d: number): number {
  return 8 * d * n ** 3 + (5 * d * n * n + 399 * d * n) / 2 + 30 * d + 2 * n;
}

/**
 * Mean propagation written out plainly in float64 loops (estimators.md, steps 1-8), for
 * checking the built-in against; `squareInFloat32` rounds W∘W to float32 as the reference's
 * `W * W` on float32 weights does.
 *
 * @param mlp The network.
 * @param squareInFloat32 Round each W_ij² to float32 (true) or keep it in float64.
 * @returns The (d, n) means, row-major.
 */
export function naiveMeanPropagation(mlp: MlpSpec, squareInFloat32: boolean): Float64Array {
  const n = mlp.width;
  let mu = new Float64Array(n);
  let v = new Float64Array(n).fill(1);
  const out = new Float64Array(mlp.depth * n);
  mlp.weights.forEach((w, l) => {
    const muPre = new Float64Array(n);
    const vPre = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const wij = w[i * n + j];
        muPre[j] += wij * mu[i];
        vPre[j] += (squareInFloat32 ? Math.fround(wij * wij) : wij * wij) * v[i];
      }
    }
    const sigma = vPre.map((x) => Math.sqrt(Math.max(x, 1e-12)));
    const alpha = muPre.map((m, j) => m / sigma[j]);
    const pdf = new Float64Array(n);
    const cdf = new Float64Array(n);
    normPdf(alpha, pdf);
    normCdf(alpha, cdf);
    const nextMu = new Float64Array(n);
    const nextV = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const vj = Math.max(vPre[j], 1e-12);
      nextMu[j] = muPre[j] * cdf[j] + sigma[j] * pdf[j];
      const ez2 = (muPre[j] * muPre[j] + vj) * cdf[j] + muPre[j] * sigma[j] * pdf[j];
      nextV[j] = Math.max(ez2 - nextMu[j] * nextMu[j], 0);
    }
    mu = nextMu;
    v = nextV;
    out.set(mu, l * n);
  });
  return out;
}
