/**
 * Reading the environment where the process may not be allowed to: the sandboxed worker has
 * no env permission, and a process started without `--allow-env` would otherwise prompt.
 *
 * @module
 */

/**
 * An environment variable, or undefined where it is unset or this process may not read it
 * (the permission is queried first, so this never prompts).
 *
 * @param name The variable.
 * @example
 * ```ts
 * import { envVar } from "./env.ts";
 * envVar("WHEST_THREADS"); // "4", or undefined
 * ```
 */
export function envVar(name: string): string | undefined {
  try {
    if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
      return undefined;
    }
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
