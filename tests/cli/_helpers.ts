/** Runs the CLI as a subprocess, the way a user does. */
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What one CLI invocation produced. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `deno run -A main.ts ...args` from the repository root.
 *
 * @param args Arguments after `main.ts`.
 * @param env Extra environment variables.
 */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  // Deno's cache lives under HOME unless DENO_DIR says where: a test that moves HOME keeps it
  const cache: Record<string, string> = "HOME" in env && !("DENO_DIR" in env)
    ? { DENO_DIR: await denoDir() }
    : {};
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...cache, ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

let cachedDenoDir: string | undefined;

/** The Deno cache directory this process uses (`DENO_DIR`, else Deno's default under HOME). */
export async function denoDir(): Promise<string> {
  if (cachedDenoDir !== undefined) return cachedDenoDir;
  const info = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stderr: "null" })
    .output();
  cachedDenoDir =
    (JSON.parse(new TextDecoder().decode(info.stdout)) as { denoDir: string }).denoDir;
  return cachedDenoDir;
}

/**
 * The named variables of this process's environment that are set, for a child started with
 * `clearEnv` (as from a shell, without what the suite's own task set).
 *
 * @param names The variables to keep.
 */
export function passThroughEnv(names: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * Whether `unshare -n` can start a process in a network namespace with nothing in it (root on
 * Linux): the offline checks run only then, and say so in a line otherwise.
 */
export async function canUnshareNetwork(): Promise<boolean> {
  if (Deno.build.os !== "linux") return false;
  return await new Deno.Command("unshare", { args: ["-n", "true"], stdout: "null", stderr: "null" })
    .output().then((o) => o.success, () => false);
}

/** A temporary directory that `await using` removes, with everything in it, at scope exit. */
export interface TempDir extends AsyncDisposable {
  /** The directory's path. */
  readonly path: string;
}

/**
 * Creates a temporary directory that is removed when the `await using` binding goes out of
 * scope, whether the test passed or threw.
 *
 * @example
 * ```ts
 * import { tempDir } from "./_helpers.ts";
 * await using dir = await tempDir();
 * await Deno.writeTextFile(`${dir.path}/x.txt`, "x");
 * ```
 * @param prefix The directory name's prefix (shows whose leftover it is, should one remain).
 */
export async function tempDir(prefix = "whest-test-"): Promise<TempDir> {
  const path = await Deno.makeTempDir({ prefix });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

/** An estimator file in a temporary directory that `await using` removes. */
export interface TempEstimator extends AsyncDisposable {
  /** The estimator file's path. */
  readonly path: string;
}

/**
 * Writes an estimator file into a fresh temporary directory; disposing removes the directory.
 *
 * @example
 * ```ts
 * import { estimatorFile } from "./_helpers.ts";
 * await using estimator = await estimatorFile("export default class { predict() { return [[0]]; } }");
 * // pass estimator.path to `whest run --estimator`
 * ```
 * @param source The estimator's TypeScript text.
 * @param prefix The temporary directory name's prefix.
 */
export async function estimatorFile(
  source: string,
  prefix = "whest-cli-test-",
): Promise<TempEstimator> {
  const dir = await tempDir(prefix);
  const path = `${dir.path}/estimator.ts`;
  try {
    await Deno.writeTextFile(path, source);
  } catch (error) {
    await dir[Symbol.asyncDispose]();
    throw error;
  }
  return { path, [Symbol.asyncDispose]: () => dir[Symbol.asyncDispose]() };
}
