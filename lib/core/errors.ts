/**
 * Errors that the command line turns into one-line messages and exit codes.
 *
 * A command throws these instead of printing and exiting itself, so that one
 * place (`main.ts`) decides how failures look and which code they exit with.
 *
 * @module
 */

/** Exit code for bad arguments, unknown commands and invalid flag values. */
export const EXIT_USAGE = 2;
/** Exit code for a failed run: an estimator raised, setup failed, or a check failed. */
export const EXIT_FAILURE = 1;

/**
 * A mistake in how the program was invoked (exit code 2).
 *
 * @example
 * ```ts
 * import { UsageError } from "./errors.ts";
 * const err = new UsageError("--width must be a positive integer, got '-3'");
 * console.log(err.exitCode); // 2
 * ```
 */
export class UsageError extends Error {
  /** The process exit code this error maps to. */
  readonly exitCode: number = EXIT_USAGE;
  /**
   * Creates a usage error.
   *
   * @param message One line naming the flag or command and the bad value.
   * @param hint An optional suggestion printed on a second line (e.g. "did you mean 'run'?").
   */
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A failure the user should see as one line, without a stack trace (exit code 1 by default).
 *
 * @example
 * ```ts
 * import { WhestError } from "./errors.ts";
 * const error = new WhestError("dataset 'x' has no metadata.json");
 * error.exitCode; // 1: main prints "whest: dataset 'x' has no metadata.json" and exits with it
 * ```
 */
export class WhestError extends Error {
  /**
   * Creates a one-line failure.
   *
   * @param message One line saying what failed and the values involved.
   * @param exitCode The process exit code; defaults to 1.
   */
  constructor(message: string, readonly exitCode: number = EXIT_FAILURE) {
    super(message);
    this.name = "WhestError";
  }
}
