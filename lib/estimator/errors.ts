/**
 * The error a bad estimator file raises while it is read, compiled, evaluated or checked.
 *
 * One class with a `kind`, so that runners can turn any load failure into a `SETUP_ERROR`
 * and tests can assert which rule a file broke without matching message text.
 *
 * @module
 */
import { WhestError } from "../core/errors.ts";

/** Which rule of the estimator contract a file broke. */
export type EstimatorLoadErrorKind =
  /** The path does not name a readable file, or the built-in name is unknown. */
  | "missing"
  /** The source does not parse (TypeScript or JavaScript). */
  | "syntax"
  /** The file is in another language (a Python estimator for the official evaluator). */
  | "language"
  /** The module imports something other than `whest`. */
  | "import"
  /** The module's top-level code threw. */
  | "evaluate"
  /** Neither a default export nor a named `estimator` export (nor `module.exports`). */
  | "no_export"
  /** The export is not a class or an object. */
  | "bad_export"
  /** Constructing the exported class threw. */
  | "construct"
  /** `predict` is missing, not a function, or declares the wrong number of parameters. */
  | "bad_predict"
  /** `setup` or `teardown` is present but not a function of the right arity. */
  | "bad_hook";

/**
 * A one-line load failure; `traceback` holds the estimator's stack for `--debug`.
 *
 * @example
 * ```ts
 * import { EstimatorLoadError } from "./errors.ts";
 * const err = new EstimatorLoadError("missing", "estimator file 'x.ts' not found");
 * console.log(err.kind, err.exitCode); // "missing" 1
 * ```
 */
export class EstimatorLoadError extends WhestError {
  /**
   * Creates a load error of the given kind.
   *
   * @param kind The contract rule that failed.
   * @param message One line naming the file and what is wrong with it.
   * @param traceback The stack of an exception the estimator's own code raised, if any.
   */
  constructor(
    readonly kind: EstimatorLoadErrorKind,
    message: string,
    readonly traceback?: string,
  ) {
    super(message);
    this.name = "EstimatorLoadError";
  }
}
