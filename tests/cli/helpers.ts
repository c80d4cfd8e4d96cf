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
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
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

/**
 * Writes an estimator file into a fresh temporary directory and returns its path.
 *
 * @param source The estimator's TypeScript text.
 */
export async function estimatorFile(source: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "whest-cli-test-" });
  const path = `${dir}/estimator.ts`;
  await Deno.writeTextFile(path, source);
  return path;
}
