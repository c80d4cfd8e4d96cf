/**
 * The shape every subcommand module exports.
 *
 * @module
 */

/** One `whest` subcommand: its name, a one-line summary for `help`, and its entry point. */
export interface Command {
  /** The word typed after `whest`. */
  readonly name: string;
  /** One line shown by `whest help`. */
  readonly summary: string;
  /** Full usage text shown by `whest help NAME` and `whest NAME --help`. */
  readonly usage: string;
  /** Internal commands (the sandboxed worker) are dispatched but not listed or suggested. */
  readonly hidden?: boolean;
  /** Other words that run it (the official evaluator's names, e.g. `smoke-test`). */
  readonly aliases?: readonly string[];
  /**
   * Runs the command with the arguments after its name.
   * Resolves to the process exit code; throws `UsageError`/`WhestError` for failures.
   */
  run(args: string[]): Promise<number>;
}
