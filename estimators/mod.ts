/**
 * The built-in estimators, selectable by name with `--estimator NAME`.
 *
 * Each is embedded as source text (a text import, compiled into the binary) and loaded
 * through the same loader as a user's file; none is imported here as code.
 *
 * @module
 */
import best from "./best.ts" with { type: "text" };
import combined from "./combined.ts" with { type: "text" };
import covariancePropagation from "./covariance_propagation.ts" with { type: "text" };
import cumulantPropagation from "./cumulant_propagation.ts" with { type: "text" };
import hybrid from "./hybrid.ts" with { type: "text" };
import meanPropagation from "./mean_propagation.ts" with { type: "text" };
import sampling from "./sampling.ts" with { type: "text" };
import samplingWhitened from "./sampling_whitened.ts" with { type: "text" };
import samplingStructured from "./sampling_structured.ts" with { type: "text" };
import strassen from "./strassen.ts" with { type: "text" };
import zeros from "./zeros.ts" with { type: "text" };

/** One built-in estimator: its source text and a line for listings. */
export interface BuiltinEstimator {
  /** The module text, as a user's file would hold it. */
  readonly source: string;
  /** One line: what it does. */
  readonly summary: string;
}

/** Built-in estimators by name, in the order listings show them. */
export const BUILTIN_ESTIMATORS: Readonly<Record<string, BuiltinEstimator>> = Object.freeze({
  zeros: { source: zeros, summary: "predicts 0 everywhere, at no cost (the baseline)" },
  mean_propagation: {
    source: meanPropagation,
    summary: "independent Gaussian neurons: means and variances in closed form (reference)",
  },
  covariance_propagation: {
    source: covariancePropagation,
    summary: "joint Gaussian: means and full covariance, gain shortcut (reference)",
  },
  combined: {
    source: combined,
    summary: "covariance propagation when budget >= 30·n², else mean propagation (reference)",
  },
  cumulant_propagation: {
    source: cumulantPropagation,
    summary:
      "third-order cumulant propagation: factored κ3, κ4 slices, fourth-order Edgeworth ReLU",
  },
  sampling: {
    source: sampling,
    summary: "Monte Carlo: per-layer sample means, spending 10% of the budget",
  },
  sampling_whitened: {
    source: samplingWhitened,
    summary: "Monte Carlo with a whitened antithetic sample block, spending 10% of the budget",
  },
  sampling_structured: {
    source: samplingStructured,
    summary:
      "whitened antithetic Monte Carlo that skips the ReLU's exact zeros and repairs layer 1's moments; 10% of B",
  },
  best: {
    source: best,
    summary:
      "the strongest built-in: cumulant propagation where shape and budget allow, else structured MC",
  },
  hybrid: {
    source: hybrid,
    summary:
      "0.85 × covariance propagation + 0.15 × Monte Carlo where too few samples to whiten, else whitened MC; ≤ 10% of B",
  },
});

/**
 * The file name a built-in reports in errors and stack traces.
 *
 * @param name A key of {@link BUILTIN_ESTIMATORS}.
 * @returns `estimators/NAME.ts`.
 */
export function builtinFilename(name: string): string {
  return `estimators/${name}.ts`;
}

/** Modules the built-ins share that are not estimators themselves, keyed by file name. */
const BUILTIN_HELPERS: Readonly<Record<string, string>> = Object.freeze({
  "strassen.ts": strassen,
});

/**
 * Every built-in's source and every shared helper's, keyed by file name, so built-ins can
 * import one another (`./mean_propagation.ts`, `./strassen.ts`) through the loader.
 */
export const BUILTIN_SIBLINGS: Readonly<Record<string, string>> = Object.freeze({
  ...Object.fromEntries(
    Object.entries(BUILTIN_ESTIMATORS).map(([name, builtin]) => [`${name}.ts`, builtin.source]),
  ),
  ...BUILTIN_HELPERS,
});
