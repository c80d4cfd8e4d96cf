/**
 * Standard normal pdf, cdf and ppf kernels, accurate to about 1e-15 relative everywhere,
 * deep tails included.
 *
 * - cdf: W. J. Cody's rational Chebyshev approximations (ACM TOMS 715, ANORM). The Gaussian
 *   factor exp(-x²/2) is evaluated as exp(-h²/2)·exp(-(x-h)(x+h)/2) with h = x rounded
 *   down to a multiple of 1/16, so h² is exact and the rounding of x² never reaches the
 *   exponent (it would cost ~x²·2⁻⁵³ relative, 1.5e-13 at x = -37).
 * - pdf: the same split exponential.
 * - ppf: M. J. Wichura's AS 241 (PPND16), then one Newton step against the cdf above; in
 *   the tails the step runs on log Φ, which needs no exp and so cannot overflow or
 *   underflow, even for subnormal probabilities.
 *
 * @module
 */

const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
const SQRT_2PI = 2.5066282746310002;
const CENTRAL_LIMIT = 0.67448975; // Φ⁻¹(3/4): edge of Cody's first interval
const SQRT_32 = 5.656854249492381; // edge of Cody's second interval
/** Beyond this |x| the pdf and the lower cdf are 0 in double precision (exp(-800) = 0). */
const ZERO_BEYOND = 40;

/** exp(-y²/2) for y >= 0 without the rounding of y² entering the exponent. */
function gaussianFactor(y: number): number {
  const head = Math.trunc(y * 16) / 16;
  const rest = (y - head) * (y + head);
  return Math.exp(-head * head * 0.5) * Math.exp(-rest * 0.5);
}

/** -y²/2 for y >= 0, the exponent of {@link gaussianFactor}, without cancellation. */
function gaussianExponent(y: number): number {
  const head = Math.trunc(y * 16) / 16;
  return -head * head * 0.5 - (y - head) * (y + head) * 0.5;
}

/** Φ(x) - 1/2 for |x| <= CENTRAL_LIMIT (Cody's first interval, rational in x²). */
function centralOffset(x: number): number {
  const s = x * x;
  const num = (((0.065682337918207449113 * s + 2.2352520354606839287) * s +
            161.02823106855587881) * s + 1067.6894854603709582) * s + 18154.981253343561249;
  const den = (((s + 47.20258190468824187) * s + 976.09855173777669322) * s +
        10260.932208618978205) * s + 45507.789335026729956;
  return x * num / den;
}

/**
 * Φ(-y)/exp(-y²/2) for y > CENTRAL_LIMIT: Cody's second (rational in y) and third (rational
 * in 1/y²) intervals. Multiplying by {@link gaussianFactor} gives the lower tail Φ(-y).
 */
function tailRatio(y: number): number {
  if (y <= SQRT_32) {
    const num = (((((((1.0765576773720192317e-8 * y + 0.39894151208813466764) * y +
                              8.8831497943883759412) * y + 93.506656132177855979) * y +
                      597.27027639480026226) * y +
                  2494.5375852903726711) * y + 6848.1904505362823326) * y + 11602.651437647350124) *
        y +
      9842.7148383839780218;
    const den = (((((((y + 22.266688044328115691) * y + 235.38790178262499861) * y +
                          1519.377599407554805) * y + 6485.558298266760755) * y +
                  18615.571640885098091) * y +
              34900.952721145977266) * y + 38912.003286093271411) * y + 19685.429676859990727;
    return num / den;
  }
  const s = 1 / (y * y);
  const num = ((((0.02307344176494017303 * s + 0.21589853405795699) * s +
                0.1274011611602473639) * s + 0.022235277870649807) * s + 0.001421619193227893466) *
      s +
    2.9112874951168792e-5;
  const den = ((((s + 1.28426009614491121) * s + 0.468238212480865118) * s +
            0.0659881378689285515) * s + 0.00378239633202758244) * s + 7.29751555083966205e-5;
  return (INV_SQRT_2PI - s * num / den) / y;
}

/** Φ(x) for one value. */
function cdfOne(x: number): number {
  const y = Math.abs(x);
  if (y <= CENTRAL_LIMIT) return 0.5 + centralOffset(x);
  if (!(y <= ZERO_BEYOND)) return x !== x ? x : x > 0 ? 1 : 0;
  const lower = gaussianFactor(y) * tailRatio(y);
  return x > 0 ? 1 - lower : lower;
}

/**
 * Standard normal density φ(x) = exp(-x²/2)/√(2π), elementwise; NaN stays NaN.
 *
 * @param x Points to evaluate (not modified).
 * @param out Receives φ(x[i]); may be `x` itself.
 * @example
 * ```ts
 * const out = new Float64Array(1);
 * normPdf(new Float64Array([0]), out); // out[0] = 0.3989422804014327
 * ```
 */
export function normPdf(x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const y = Math.abs(x[i]);
    out[i] = y <= ZERO_BEYOND ? gaussianFactor(y) * INV_SQRT_2PI : y === y ? 0 : y;
  }
}

/**
 * Standard normal distribution function Φ(x), elementwise, with relative accuracy near
 * 1e-15 down to the underflow at x ≈ -37.5; Φ(-∞) = 0, Φ(∞) = 1, NaN stays NaN.
 *
 * @param x Points to evaluate (not modified).
 * @param out Receives Φ(x[i]); may be `x` itself.
 * @example
 * ```ts
 * const out = new Float64Array(2);
 * normCdf(new Float64Array([0, -37]), out); // [0.5, 5.725571222524577e-300]
 * ```
 */
export function normCdf(x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = cdfOne(x[i]);
}

/** Wichura's AS 241 (PPND16) for 0 < p <= 1/2, with q = p - 1/2 (exact there). */
function as241Lower(p: number, q: number): number {
  if (q >= -0.425) {
    const r = 0.180625 - q * q;
    const num = ((((((2509.0809287301226727 * r + 33430.575583588128105) * r +
                          67265.770927008700853) * r + 45921.953931549871457) * r +
                  13731.693765509461125) * r +
              1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608;
    const den = ((((((5226.495278852854561 * r + 28729.085735721942674) * r +
                          39307.89580009271061) * r + 21213.794301586595867) * r +
                  5394.1960214247511077) * r +
              687.1870074920579083) * r + 42.313330701600911252) * r + 1;
    return q * num / den;
  }
  let r = Math.sqrt(-Math.log(p));
  if (r <= 5) {
    r -= 1.6;
    const num = ((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r +
                          0.24178072517745061177) * r + 1.27045825245236838258) * r +
                  3.64784832476320460504) * r +
              5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734;
    const den = ((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r +
                          0.0151986665636164571966) * r + 0.14810397642748007459) * r +
                  0.68976733498510000455) *
                r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1;
    return -num / den;
  }
  r -= 5;
  const num = ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
                        0.0012426609473880784386) * r + 0.026532189526576123093) * r +
                0.29656057182850489123) *
              r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772;
  const den = ((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r +
                        1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
                0.0148753612908506148525) *
              r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1;
  return -num / den;
}

/**
 * Φ⁻¹(p) for 0 < p <= 1/2: AS 241, then one Newton step. Near the centre the step compares
 * Φ(x) - 1/2 with p - 1/2 (both exact-ish, so small x keeps its relative accuracy); in the
 * tail it solves log Φ(x) = log p, where log Φ(x) = -x²/2 + log(tailRatio) is exp-free.
 */
function ppfLower(p: number): number {
  const q = p - 0.5;
  const x = as241Lower(p, q);
  if (x >= -CENTRAL_LIMIT) {
    return x - (centralOffset(x) - q) / (gaussianFactor(-x) * INV_SQRT_2PI);
  }
  const y = -x;
  const ratio = tailRatio(y);
  const logCdf = gaussianExponent(y) + Math.log(ratio);
  // d(log Φ)/dx = φ/Φ = 1/(√(2π)·ratio).
  return x - (logCdf - Math.log(p)) * ratio * SQRT_2PI;
}

/**
 * Standard normal quantile Φ⁻¹(p), elementwise: ppf(0) = -∞, ppf(1) = ∞, NaN or p outside
 * [0, 1] gives NaN. Relative accuracy about 1e-15, subnormal p included.
 *
 * @param p Probabilities (not modified).
 * @param out Receives Φ⁻¹(p[i]); may be `p` itself.
 * @example
 * ```ts
 * const out = new Float64Array(2);
 * normPpf(new Float64Array([0.975, 0]), out); // [1.9599639845400538, -Infinity]
 * ```
 */
export function normPpf(p: Float64Array, out: Float64Array): void {
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (v > 0 && v < 1) {
      // 1 - v is exact for v >= 1/2, and Φ⁻¹(v) = -Φ⁻¹(1 - v).
      out[i] = v <= 0.5 ? ppfLower(v) : -ppfLower(1 - v);
    } else if (v === 0) out[i] = -Infinity;
    else if (v === 1) out[i] = Infinity;
    else out[i] = NaN;
  }
}
