/**
 * The error the linear-algebra kernels throw, named like numpy's `numpy.linalg.LinAlgError`.
 *
 * @module
 */

/**
 * A linear-algebra failure: a matrix that is singular, not positive definite, or an iteration
 * that did not converge. Messages match numpy's ("Singular matrix", ...).
 *
 * @example
 * ```ts
 * import { LinAlgError } from "./errors.ts";
 * import { solve } from "./lu.ts";
 * try {
 *   solve(new Float64Array(4), new Float64Array(2), 2, 1);
 * } catch (e) {
 *   if (e instanceof LinAlgError) console.log(e.message); // "Singular matrix"
 * }
 * ```
 */
export class LinAlgError extends Error {
  /**
   * Creates the error with numpy's message.
   *
   * @param message numpy's wording of the failure.
   */
  constructor(message: string) {
    super(message);
    this.name = "LinAlgError";
  }
}
