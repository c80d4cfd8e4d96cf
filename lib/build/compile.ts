/**
 * `deno task compile`: builds the one-binary `whest` with `deno compile` from `main.ts`, the
 * same entry as the bundle. `deno compile` needs Deno's runtime (`denort`) for the target,
 * which it downloads from Deno's servers unless `DENORT_BIN` names a local copy; when that
 * download fails, this says so in one line and names `DENORT_BIN`, instead of a backtrace.
 *
 * Usage: `deno run -A lib/build/compile.ts [--output PATH] [--target TRIPLE]`.
 *
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { fileURLToPath } from "node:url";

/** The permissions baked into the binary: those `deno task whest` grants. */
export const BINARY_PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
  "--allow-sys",
  "--allow-ffi",
] as const;

/** Where `deno compile`'s failure to fetch the runtime shows in its output. */
const RUNTIME_DOWNLOAD = /denort|Setting up base binary/i;

/**
 * The one line to print when `deno compile` failed, from its stderr.
 *
 * @param stderr What `deno compile` wrote.
 * @param denortBin The `DENORT_BIN` in force, if any.
 * @example
 * ```ts
 * import { compileFailure } from "./compile.ts";
 * compileFailure("error: ... Setting up base binary ... dns error", undefined);
 * // "whest: deno compile could not fetch Deno's runtime (denort) ..."
 * ```
 */
export function compileFailure(stderr: string, denortBin: string | undefined): string {
  // deno-lint-ignore no-control-regex -- Deno colours its errors with ANSI escapes (ESC [ ... m)
  const plain = stderr.replace(/\x1b\[[0-9;]*m/g, "");
  if (RUNTIME_DOWNLOAD.test(plain)) {
    return denortBin
      ? `whest: deno compile could not use DENORT_BIN=${denortBin}: is it the denort of this Deno (${Deno.version.deno}) and target?`
      : `whest: deno compile could not fetch Deno's runtime (denort ${Deno.version.deno}) from Deno's servers; ` +
        "on a machine without access, download denort-<target>.zip for this Deno version elsewhere, " +
        "unzip it and set DENORT_BIN=/path/to/denort";
  }
  const error = plain.split("\n").find((line) => /^error:/.test(line.trim()));
  return `whest: deno compile failed: ${(error ?? plain.trim().split("\n").pop() ?? "").trim()}`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { output: { type: "string", default: "whest" }, target: { type: "string" } },
  });
  const main = fileURLToPath(new URL("../../main.ts", import.meta.url));
  const args = ["compile", ...BINARY_PERMISSIONS, "--output", values.output!];
  if (values.target) args.push("--target", values.target);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...args, main],
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (!out.success) {
    console.error(compileFailure(new TextDecoder().decode(out.stderr), Deno.env.get("DENORT_BIN")));
    Deno.exit(1);
  }
  console.error(`whest: wrote ${values.output}`);
}
