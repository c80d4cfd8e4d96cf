/**
 * Cumulant propagation to third order (estimators-sota.md §2–§3, "K = 3, SIMPLE"): besides the
 * mean and the full covariance, every layer carries the third cumulant in factored form and two
 * slices of the fourth, and closes each ReLU with a fourth-order Edgeworth (Hermite) expansion
 * around the independent Gaussian with the same means and variances.
 *
 * State after a layer's ReLU: mean μ, covariance Σ (float64; pushed through W in float32), the
 * third cumulant κ3 as a sum of symmetrised rank-one terms, and of κ4 only the slices the
 * closure uses, κ4(h_i) and κ(h_i,h_i,h_j,h_j) (regenerated every layer, never carried further).
 * A layer z = Wᵀh maps μ and Σ exactly, every κ3 factor by Wᵀ, and the κ4 slices as
 * {@link pushFourth} does (the published method keeps only κ4's radial projection c·Sym(I⊗I),
 * which does worse). The closure gives the new mean, variance,
 * covariance and the repeated-index slices κ3(h_i,h_i,h_i), κ3(h_i,h_i,h_j) exactly to this
 * order; the all-distinct part of the new κ3 is the old one scaled by Φ(α) per index plus, for
 * every hub neuron k, the two-edge path Φ_iΣ_ik·φ_k/σ_k·Σ_jkΦ_j.
 *
 * Each layer b adds one "birth" of two rank-n blocks sharing their middle factor M (born as I):
 * the hub block (A, M, A·D), D = diag(φ/σ)/3, and the repeated-slice correction (X, M, M). Later
 * layers only multiply A, X and M by Wᵀ and scale their rows by Φ(α), so a birth costs three
 * n×n products a layer to carry and three more to contribute its κ3(i,i,j) slice:
 * S21 = [2((A∘M)D)Aᵀ + ((A∘A)D + 2X∘M)Mᵀ + (M∘M)Xᵀ]/3. Factors are float32, and every birth's
 * columns sit side by side, so a layer is one product per factor and one for all the slices
 * (about 30 ops a layer rather than 25 a birth: the per-op overhead stays far under the
 * residual cap, and the kernels get large products). From width 320 on, those products use
 * Winograd's form of Strassen's algorithm (`./strassen.ts`, one level): about 7/8 of the plain
 * products' FLOPs, for some more wall time. The n×n products (the covariance and κ4 pushes)
 * stay plain: Strassen would save about 1% of B there for a third more ops, whose
 * bookkeeping is residual time.
 *
 * Dead neurons are pruned from κ3: a pre-activation `deadAlpha` (3) standard deviations below
 * zero fires for under 0.14% of inputs, so its rows of every factor (the contraction of the next
 * carry) and its columns of a new birth are dropped, and the slices are computed among live
 * neurons only. At 1024×16, where 10–20% of the deeper layers' neurons are that dead, this cuts
 * the cost by a fifth (69% to 56% of B with plain products) and moves the final means by a mean
 * square of 1e-9 (MLP 0 of seed 1), against the method's own error of ≈4e-8; at 4 standard
 * deviations it saves 9%. Where Strassen's products are used, the least dead of the pruned are
 * kept back until the live count is even, so that their quadrants need no padding.
 *
 * No birth is ever dropped: at 1024×16 (MLP 0 of seed 1) dropping births older than 8 layers, or
 * only their slices after 6, moved the final means by a mean square of 9e-8, twice the method's
 * own error there (4.7e-8); at 256×8 the same cuts multiplied the error by 1.5–2.4.
 *
 * @module
 */
import { np } from "whest";
import type { Estimator, Mlp, NDArray } from "whest";
import { STRASSEN_UNIT, strassenCost, strassenLevels, strassenMatmul } from "./strassen.ts";

/** Variances are floored here before the Hermite coefficients divide by them. */
const VARIANCE_FLOOR = 1e-10;

/**
 * The neurons kept in κ3: those less than `deadAlpha` standard deviations below zero, plus the
 * least dead of the rest up to a multiple of `unit`, so that the births' Strassen products
 * split into quadrants without zero-padding (a copy of the largest operands).
 *
 * @param alpha Pre-activation means over standard deviations.
 * @param deadAlpha The pruning depth.
 * @param unit The live count's multiple (1: no rounding).
 * @returns A bool mask and how many it keeps.
 */
function liveNeurons(
  alpha: NDArray,
  deadAlpha: number,
  unit: number,
): { alive: NDArray; liveCount: number } {
  const n = alpha.shape[0];
  const strict = np.greater(alpha, -deadAlpha);
  const live = np.sum(strict).item();
  const keep = Math.min(n, Math.ceil(live / unit) * unit);
  if (keep === live) return { alive: strict, liveCount: live };
  const alive = np.greater_equal(alpha, np.sort(alpha).item(n - keep));
  return { alive, liveCount: np.sum(alive).item() };
}

/**
 * For each neuron, its row among the live neurons' rows, or `count` (one past the last: a zero
 * row appended by {@link expandLive}) when it is dead.
 */
function livePositions(alive: NDArray, count: number): NDArray {
  return np.where(alive, np.subtract(np.cumsum(alive), 1), count);
}

/** A live-neuron vector or square matrix put back at full size, zeros at the dead neurons. */
function expandLive(live: NDArray, positions: NDArray): NDArray {
  if (live.ndim === 1) return np.take(np.pad(live, [[0, 1]]), positions);
  return np.take(np.take(np.pad(live, [[0, 1], [0, 1]]), positions, 0), positions, 1);
}

/**
 * The third cumulant's factored blocks, every birth's columns side by side (one column per neuron
 * live at that birth, one row per neuron live at the current layer; float32), so a layer carries
 * them all with one product per factor and takes their slices with one product in all.
 */
interface Births {
  /** Hub factors A. */
  a: NDArray;
  /** Repeated-slice correction factors X. */
  x: NDArray;
  /**
   * Shared middle factors M of every birth but the newest, whose M is still the identity it is
   * born as (null while that is the only birth).
   */
  m: NDArray | null;
  /** Column scalings D as one row: the hubs' third factors are A·D. */
  d: NDArray;
}

/**
 * Counted FLOPs of {@link CumulantPropagation.predict} for width n and depth d when no neuron is
 * dead, an upper bound (within 10% from n = 16 on, closer as n grows: the products are priced
 * exactly (the births' by {@link strassenCost}) and the elementwise work is rounded up; pruning
 * only lowers the count). Layer l carries l births: the float32 covariance push (two n×n
 * products), from layer 1 the fourth cumulant's push (one n×n product, two before the last
 * layer), ≈210n² of elementwise work, ≈10n² a birth and a sort; the
 * births' hub and correction factors (n·l columns each) and shared middle factors (n·(l − 1))
 * each take one product with Wᵀ, and, before the last layer, their slices one more of inner
 * length 3n·l.
 *
 * @param n Width.
 * @param d Depth.
 * @example
 * ```ts
 * import { cumulantCost } from "./cumulant_propagation.ts";
 * cumulantCost(1024, 16) / 2 ** 41; // ≈ 0.61 of the 1024×16 budget
 * ```
 */
export function cumulantCost(n: number, d: number): number {
  // The float64 sort and mask that round the live count up for Strassen's quadrants.
  const rounding = strassenLevels(n, n, n) > 0
    ? 8 * n * Math.max(1, Math.ceil(Math.log2(n))) + 4 * n
    : 0;
  let flops = 0;
  for (let l = 0; l < d; l++) {
    flops += 2 * (2 * n - 1) * n * n + 210 * n * n + 10 * l * n * n + rounding;
    if (l === 0) continue;
    flops += (l < d - 1 ? 2 : 1) * (2 * n - 1) * n * n;
    flops += 2 * strassenCost(n, n, n * l);
    if (l > 1) flops += strassenCost(n, n, n * (l - 1));
    if (l < d - 1) flops += strassenCost(n, 3 * n * l, n);
  }
  return flops;
}

/** Elementwise product of an (n, n) matrix with the outer product of two vectors, u_i·v_j. */
function scaleOuter(matrix: NDArray, u: NDArray, v: NDArray): NDArray {
  const n = u.shape[0];
  return np.multiply(np.multiply(matrix, np.reshape(u, [n, 1])), np.reshape(v, [1, n]));
}

/**
 * The fourth cumulant of z = Wᵀh from the two kinds of κ4 slices the closure gives h: the
 * diagonal κ4(h_a) and the (2,2) slices K22_ab = κ(h_a,h_a,h_b,h_b); h's other κ4 entries are
 * taken as 0. With U = W∘W and K = K22 + diag(κ4(h)), two float32 products:
 *
 *   κ4(z_i)          = Σ_a U_ai²κ4(h_a) + 3Σ_{a≠b} U_ai K22_ab U_bi = 3·Σ_a (U∘KU)_ai − 2·Σ_a U_ai²κ4(h_a)
 *   κ(z_i,z_i,z_j,z_j) ≈ (UᵀKU)_ij
 *
 * The pair value leaves out 2Σ_{a≠b} K22_ab W_ai W_bi W_aj W_bj, a sum of terms of random sign
 * (at 1024×16, adding its mean-K22 estimate moved nothing). Keeping the slices themselves, rather
 * than projecting κ4 on the one radial tensor c·Sym(I⊗I) as the published method does, lowered
 * the noise-corrected MSE at every shape measured (docs/estimators.md gives the figures).
 *
 * @param w The layer's (n, n) float32 weights.
 * @param k4 κ4(h_a), float64 (n).
 * @param k22 κ(h_a,h_a,h_b,h_b), float64 (n, n), zero diagonal.
 * @param withPairs Also return the pair slices (not needed after the last layer).
 */
export function pushFourth(
  w: NDArray,
  k4: NDArray,
  k22: NDArray,
  withPairs: boolean,
): { diag: NDArray; pairs: NDArray | null } {
  const n = k4.shape[0];
  const u = np.multiply(w, w);
  const k4Single = np.astype(k4, "float32");
  const k = np.astype(k22, "float32");
  np.fill_diagonal(k, k4Single);
  const ku = np.matmul(k, u);
  const diag = np.subtract(
    np.multiply(np.sum(np.multiply(u, ku), 0), 3),
    np.multiply(np.sum(np.multiply(np.multiply(u, u), np.reshape(k4Single, [n, 1])), 0), 2),
  );
  return {
    diag: np.astype(diag, "float64"),
    pairs: withPairs ? np.astype(np.matmul(u.T, ku), "float64") : null,
  };
}

/** The per-neuron quantities of one ReLU closure (all float64 vectors). */
export interface Marginals {
  /** Edgeworth mean E[relu z]. */
  readonly mean: NDArray;
  /** Second raw moment. */
  readonly m2: NDArray;
  /** Variance (Gaussian value where the corrected one is not positive). */
  readonly variance: NDArray;
  /** Third cumulant of relu z. */
  readonly k3: NDArray;
  /** Fourth cumulant of relu z. */
  readonly k4: NDArray;
  /** Gaussian E[relu z] = μΦ + σφ (the Wick coefficient e_0). */
  readonly e0: NDArray;
  /** Gaussian E[relu' z] = Φ(α) (e_1). */
  readonly e1: NDArray;
  /** Gaussian E[relu'' z] = φ(α)/σ (e_2). */
  readonly e2: NDArray;
}

/**
 * ReLU marginals of z with mean μ, variance v, third cumulant κ3 and fourth κ4, to fourth
 * order in the Edgeworth expansion (estimators-sota.md §3.1–3.2).
 *
 * @param mu Means.
 * @param varPre Variances (floored at 1e-10 here).
 * @param k3 Third cumulants κ3(z_i, z_i, z_i).
 * @param k4 Fourth cumulants κ4(z_i, z_i, z_i, z_i).
 * @param meanOnly Stop after the mean (the last layer); the other moments are then the mean.
 */
export function reluMarginals(
  mu: NDArray,
  varPre: NDArray,
  k3: NDArray,
  k4: NDArray,
  meanOnly = false,
): Marginals {
  const v = np.maximum(varPre, VARIANCE_FLOOR);
  const s = np.sqrt(v);
  const a = np.divide(mu, s);
  const pdf = np.stats.norm.pdf(a);
  const cdf = np.stats.norm.cdf(a);
  const a2 = np.multiply(a, a);
  const e0 = np.add(np.multiply(mu, cdf), np.multiply(s, pdf));
  const e2 = np.divide(pdf, s);
  // e_3 = −αφ/σ², e_4 = (α²−1)φ/σ³; M1 = e_0 + κ3·e_3/6 + κ4·e_4/24.
  const e3 = np.negative(np.divide(np.multiply(a, pdf), v));
  const e4 = np.divide(np.multiply(np.subtract(a2, 1), pdf), np.multiply(v, s));
  const mean = np.add(
    e0,
    np.add(np.multiply(np.divide(k3, 6), e3), np.multiply(np.divide(k4, 24), e4)),
  );
  if (meanOnly) {
    return { mean, m2: mean, variance: mean, k3: mean, k4: mean, e0, e1: cdf, e2 };
  }
  const m2Gauss = np.add(
    np.multiply(np.add(np.multiply(mu, mu), v), cdf),
    np.multiply(np.multiply(mu, s), pdf),
  );
  const m2 = np.add(
    m2Gauss,
    np.add(np.multiply(np.divide(k3, 3), e2), np.multiply(np.divide(k4, 12), e3)),
  );
  const corrected = np.subtract(m2, np.multiply(mean, mean));
  const gaussian = np.maximum(np.subtract(m2Gauss, np.multiply(e0, e0)), 0);
  // Near-dead neurons can get a non-positive corrected variance: fall back to the Gaussian one.
  const variance = np.where(np.greater(corrected, VARIANCE_FLOOR), corrected, gaussian);
  const vs = np.multiply(v, s);
  const m3 = np.add(
    np.multiply(
      vs,
      np.add(
        np.multiply(np.add(np.multiply(a2, a), np.multiply(a, 3)), cdf),
        np.multiply(np.add(a2, 2), pdf),
      ),
    ),
    np.add(np.multiply(k3, cdf), np.multiply(np.divide(k4, 4), e2)),
  );
  const a4 = np.multiply(a2, a2);
  const m4 = np.add(
    np.multiply(
      np.multiply(v, v),
      np.add(
        np.multiply(np.add(np.add(a4, np.multiply(a2, 6)), 3), cdf),
        np.multiply(np.add(np.multiply(a2, a), np.multiply(a, 5)), pdf),
      ),
    ),
    np.add(np.multiply(np.multiply(k3, 4), e0), np.multiply(k4, cdf)),
  );
  const m1sq = np.multiply(mean, mean);
  // Raw moments to cumulants: κ3 = M3 − 3M2M1 + 2M1³, κ4 = M4 − 4M3M1 − 3M2² + 12M2M1² − 6M1⁴.
  const k3Out = np.add(
    np.subtract(m3, np.multiply(np.multiply(m2, mean), 3)),
    np.multiply(np.multiply(m1sq, mean), 2),
  );
  const k4Out = np.subtract(
    np.add(
      np.subtract(
        np.subtract(m4, np.multiply(np.multiply(m3, mean), 4)),
        np.multiply(np.multiply(m2, m2), 3),
      ),
      np.multiply(np.multiply(m2, m1sq), 12),
    ),
    np.multiply(np.multiply(m1sq, m1sq), 6),
  );
  return { mean, m2, variance, k3: k3Out, k4: k4Out, e0, e1: cdf, e2 };
}

/** The pair terms of {@link pairSum}, each (n, n), their ½ and ¼ already applied. */
export interface PairTerms {
  /** Σ̃: the pre-activation covariance with zero diagonal. */
  readonly off: NDArray;
  /** ½Σ̃² (elementwise). */
  readonly offSq: NDArray;
  /** ½κ3(z_i, z_i, z_j). */
  readonly s21: NDArray;
  /** ½κ3(z_i, z_j, z_j) (the transpose of `s21`). */
  readonly s21T: NDArray;
  /** ¼κ4(z_i, z_i, z_j, z_j). */
  readonly k4: NDArray;
}

/**
 * The two-neuron connected sum of relu(z_i)^p·relu(z_j)^q to third order (§3.3), for i ≠ j:
 * Σ̃∘(u⊗v) + ½Σ̃²∘(u'⊗v') + ½κ3(i,j,j)∘(u⊗v') + ½κ3(i,i,j)∘(u'⊗v) + ¼κ4(i,i,j,j)∘(u'⊗v'),
 * where u, u' are the first and second Wick coefficients of the p-th power at i and v, v' those
 * of the q-th power at j. With p = q = 1 (u = Φ, u' = φ/σ) it is Cov(relu z_i, relu z_j); its
 * Gaussian part is the Mehler series of the exact bivariate-Gaussian covariance cut after Σ̃².
 *
 * @param terms The pair matrices.
 * @param u First coefficients at i (rows).
 * @param u2 Second coefficients at i.
 * @param v First coefficients at j (columns).
 * @param v2 Second coefficients at j.
 * @returns (n, n); its diagonal is meaningless.
 */
export function pairSum(
  terms: PairTerms,
  u: NDArray,
  u2: NDArray,
  v: NDArray,
  v2: NDArray,
): NDArray {
  return np.add(
    np.add(
      np.add(scaleOuter(terms.off, u, v), scaleOuter(terms.offSq, u2, v2)),
      np.add(scaleOuter(terms.s21T, u, v2), scaleOuter(terms.s21, u2, v)),
    ),
    scaleOuter(terms.k4, u2, v2),
  );
}

/** Third-order cumulant propagation; float64 mean and covariance, float32 κ3 factors. */
export default class CumulantPropagation implements Estimator {
  /**
   * Pre-activations more than this many standard deviations below zero count as dead and are
   * pruned from κ3 (Infinity keeps every neuron).
   */
  deadAlpha = 3;

  /**
   * Multiply large float32 products by Strassen's recursion (`./strassen.ts`); false uses plain
   * products: the same means up to float32 rounding, more FLOPs, less wall time.
   */
  strassen = true;

  /**
   * Pushes the mean, covariance, factored third cumulant and the fourth cumulant's slices through
   * every layer and returns each layer's post-ReLU Edgeworth means.
   *
   * @param mlp The network.
   * @param _budget Unused: the cost is fixed by the shape ({@link cumulantCost}).
   * @returns (depth, width) float64 means.
   */
  predict(mlp: Mlp, _budget: number): NDArray {
    const n = mlp.width;
    const depth = mlp.depth;
    const product = this.strassen
      ? strassenMatmul
      : (a: NDArray, b: NDArray, transposeB = false) => np.matmul(a, transposeB ? b.T : b);
    const unit = this.strassen && strassenLevels(n, n, n) > 0 ? STRASSEN_UNIT : 1;
    let mu = np.zeros(n);
    let sigma = np.eye(n);
    // The fourth cumulant's diagonal κ4(h_i) and (2,2) slices κ(h_i,h_i,h_j,h_j) (zero diagonal).
    let fourth: { k4: NDArray; k22: NDArray } | null = null;
    let births: Births | null = null;
    const rows: NDArray[] = [];
    let prevAlive: NDArray | null = null;
    for (let l = 0; l < depth; l++) {
      const w = mlp.weights[l];
      const wt = w.T;
      const last = l === depth - 1;
      const muZ = np.matmul(wt, mu);
      // WᵀΣW in float32 (half the float64 price): its rounding, ~1e-7 of Σ, is far below the
      // closure's error.
      const sigmaZ = np.astype(
        np.matmul(np.matmul(wt, np.astype(sigma, "float32")), w),
        "float64",
      );
      const alpha = np.divide(muZ, np.sqrt(np.maximum(np.diag(sigmaZ), VARIANCE_FLOOR)));
      const { alive, liveCount } = liveNeurons(alpha, this.deadAlpha, unit);
      let s3 = np.zeros(n);
      let s21: NDArray | null = null;
      if (births !== null) {
        // The map from the last layer's live neurons to this layer's: W restricted both ways.
        const wcT = np.compress(alive, np.compress(prevAlive as NDArray, w, 0), 1).T;
        const a = product(wcT, births.a);
        const x = product(wcT, births.x);
        const m: NDArray = births.m === null
          ? wcT
          : np.concatenate([product(wcT, births.m), wcT], 1);
        const d: NDArray = births.d;
        births = { a, x, m, d };
        const am = np.multiply(a, m);
        const ad = np.multiply(a, d);
        const xm = np.multiply(x, m);
        const positions = livePositions(alive, liveCount);
        s3 = expandLive(np.sum(np.add(np.multiply(am, ad), np.multiply(xm, m)), 1), positions);
        if (!last) {
          // Σ_births 2((A∘M)D)Aᵀ + ((A∘A)D + 2X∘M)Mᵀ + (M∘M)Xᵀ as one product.
          const left = np.concatenate([
            np.multiply(am, np.multiply(d, 2)),
            np.add(np.multiply(a, ad), np.multiply(xm, 2)),
            np.multiply(m, m),
          ], 1);
          s21 = expandLive(product(left, np.concatenate([a, m, x], 1), true), positions);
        }
      }
      const k4Z = fourth === null ? null : pushFourth(w, fourth.k4, fourth.k22, !last);
      const marg = reluMarginals(muZ, np.diag(sigmaZ), s3, k4Z?.diag ?? np.zeros(n), last);
      rows.push(marg.mean);
      if (last) break;

      const { mean, e0, e1, e2 } = marg;
      const off = np.copy(sigmaZ);
      np.fill_diagonal(off, 0);
      const offSq = np.multiply(off, off);
      // The births' sums are 3·κ3(z_i, z_i, z_j).
      const s21Pre = s21 === null ? np.zeros([n, n]) : np.divide(np.astype(s21, "float64"), 3);
      const s21Half = np.divide(s21Pre, 2);
      const terms: PairTerms = {
        off,
        offSq: np.divide(offSq, 2),
        s21: s21Half,
        s21T: s21Half.T,
        k4: k4Z?.pairs ? np.divide(k4Z.pairs, 4) : np.zeros([n, n]),
      };
      const cov = pairSum(terms, e1, e2, e1, e2);
      // Powers p = 2: E[(relu²)'] = 2e_0, E[(relu²)''] = 2Φ.
      const f1 = np.multiply(e0, 2);
      const f2 = np.multiply(e1, 2);
      const c21 = pairSum(terms, f1, f2, e1, e2);
      const s21Out = np.subtract(c21, np.multiply(np.multiply(np.reshape(mean, [n, 1]), cov), 2));
      np.fill_diagonal(s21Out, 0);
      const c22 = pairSum(terms, f1, f2, f1, f2);
      // κ(h_i,h_i,h_j,h_j) = C22 − 2M1_j·κ(i,i,j) − 2M1_i·κ(i,j,j) − 4M1_iM1_j·Cov − 2Cov².
      const k22 = np.subtract(
        np.subtract(
          np.subtract(
            c22,
            np.multiply(np.multiply(s21Out, np.reshape(mean, [1, n])), 2),
          ),
          np.multiply(np.multiply(s21Out.T, np.reshape(mean, [n, 1])), 2),
        ),
        np.add(np.multiply(scaleOuter(cov, mean, mean), 4), np.multiply(np.multiply(cov, cov), 2)),
      );
      np.fill_diagonal(k22, 0);
      fourth = { k4: marg.k4, k22 };

      sigma = cov;
      np.fill_diagonal(sigma, marg.variance);
      mu = mean;

      // The Gaussian-order κ3 slices the carried blocks now hold: old ones scaled by Φ_i²Φ_j,
      // plus the new hub's Φ_i²·Σ̃_ij²·φ_j/σ_j; the correction block makes up the rest.
      const rowScale = np.reshape(np.astype(np.compress(alive, e1), "float32"), [liveCount, 1]);
      const e1sq = np.multiply(e1, e1);
      const s3Carried = np.multiply(np.multiply(s3, e1sq), e1);
      let s21Carried = scaleOuter(offSq, e1sq, e2);
      if (s21 !== null) s21Carried = np.add(s21Carried, scaleOuter(s21Pre, e1sq, e1));
      const x = np.multiply(np.subtract(s21Out, s21Carried).T, 3);
      np.fill_diagonal(x, np.subtract(marg.k3, s3Carried));
      const live = (matrix: NDArray) => np.compress(alive, np.compress(alive, matrix, 0), 1);
      const born = {
        a: np.astype(np.multiply(np.multiply(live(off), rowScale), 3), "float32"),
        x: np.astype(live(x), "float32"),
        d: np.reshape(np.astype(np.divide(np.compress(alive, e2), 3), "float32"), [1, liveCount]),
      };
      births = births === null ? { ...born, m: null } : {
        a: np.concatenate([np.multiply(births.a, rowScale), born.a], 1),
        x: np.concatenate([np.multiply(births.x, rowScale), born.x], 1),
        m: np.multiply(births.m as NDArray, rowScale),
        d: np.concatenate([births.d, born.d], 1),
      };
      prevAlive = alive;
    }
    return np.stack(rows);
  }
}
