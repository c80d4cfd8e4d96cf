/**
 * Telling a sandbox refusal from an estimator's own bug: the sandbox's messages, and the hint
 * `validate` adds to a check that failed because of them.
 *
 * @module
 */

/** What the sandbox says of a `Deno` API an estimator may not use. */
export const SANDBOX_REFUSAL: string =
  "is not available in the sandbox (estimators get np, console, timers and file functions " +
  "confined to their submission and the scratch directory)";

/** Messages of failures the sandbox caused: its refusals and Deno's permission errors. */
const REFUSED =
  /is not available in the sandbox|PermissionDenied|NotCapable|access to .* is denied/;

/**
 * The hint for a failure the sandbox caused, or "" for any other failure.
 *
 * @param message A check's one-line failure.
 * @returns Text to append to the message.
 * @example
 * ```ts
 * import { sandboxHint } from "./sandbox_hint.ts";
 * sandboxHint("TypeError: Deno.env is not available in the sandbox (...)"); // " — refused by ..."
 * sandboxHint("Error: boom"); // ""
 * ```
 */
export function sandboxHint(message: string): string {
  if (!REFUSED.test(message)) return "";
  return " — refused by the sandbox, as under 'whest run' (--runner local runs it unsandboxed, " +
    "for debugging only)";
}
