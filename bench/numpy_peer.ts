/**
 * Runs the benchmarks' numpy peers (bench/numpy_*.py): each prints one JSON line.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/**
 * Runs `python3 bench/<script> ARGS...` and parses what it prints as JSON.
 *
 * @param script The peer's file name in bench/, e.g. "numpy_rng.py".
 * @param args Its command-line arguments.
 * @returns The parsed output.
 * @throws Error "numpy peer failed: <stderr>" when the peer exits non-zero.
 * @example
 * ```ts
 * import { runNumpyPeer } from "./numpy_peer.ts";
 * const { seconds } = await runNumpyPeer<{ seconds: number }>("numpy_sampler.py", [256, 8, 20000]);
 * ```
 */
export async function runNumpyPeer<T>(
  script: string,
  args: readonly (string | number)[],
): Promise<T> {
  const output = await new Deno.Command("python3", {
    args: [fileURLToPath(new URL(`./${script}`, import.meta.url)), ...args.map(String)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(`numpy peer failed: ${new TextDecoder().decode(output.stderr).trim()}`);
  }
  return JSON.parse(new TextDecoder().decode(output.stdout));
}
