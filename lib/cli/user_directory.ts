/**
 * The user's working directory, however whest was started. `deno task` runs its command in
 * the project's directory, so the `whest` and `smoke` tasks pass the directory the user typed
 * the command in as `WHEST_CWD`; whest moves there before reading any path, so `--estimator`,
 * `--output`, `init DIR` and `dataset info DIR` mean what they say.
 *
 * @module
 */

/** The variable the tasks set to the user's directory (`$INIT_CWD`). */
export const USER_CWD_VARIABLE = "WHEST_CWD";

/**
 * Moves into the directory named by `WHEST_CWD`, when set, and removes the variable so that
 * no child process inherits it.
 *
 * @returns The working directory now in force.
 * @example
 * ```ts
 * import { enterUserDirectory } from "./user_directory.ts";
 * enterUserDirectory(); // under `deno task whest`: the directory the user ran it from
 * ```
 */
export function enterUserDirectory(): string {
  const dir = Deno.env.get(USER_CWD_VARIABLE);
  if (dir !== undefined) {
    Deno.env.delete(USER_CWD_VARIABLE);
    if (dir !== "") Deno.chdir(dir);
  }
  return Deno.cwd();
}
