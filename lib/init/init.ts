/**
 * `whest init`'s work: write a starter estimator and a short guide into a directory, never
 * overwriting a file that exists.
 *
 * @module
 */
import { join } from "@std/path";
import { WhestError } from "../core/errors.ts";
import guide from "./starter/README.md" with { type: "text" };
import estimator from "./starter/estimator.ts" with { type: "text" };

/** The files `init` writes, by name. */
export const STARTER_FILES: Readonly<Record<string, string>> = Object.freeze({
  "estimator.ts": estimator,
  "README.md": guide,
});

/**
 * Writes the starter files into `dir` (created if missing). Refuses, writing nothing, when
 * any of them already exists.
 *
 * @example
 * ```ts
 * import { writeStarter } from "./init.ts";
 * const dir = `${await Deno.makeTempDir()}/my-estimator`;
 * const written = await writeStarter(dir);
 * // [`${dir}/estimator.ts`, `${dir}/README.md`]
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @param dir Target directory.
 * @returns The paths written.
 * @throws {WhestError} When a starter file exists already or the directory cannot be written.
 */
export async function writeStarter(dir: string): Promise<string[]> {
  const paths = Object.keys(STARTER_FILES).map((name) => join(dir, name));
  for (const path of paths) {
    if (await exists(path)) {
      throw new WhestError(
        `init: '${path}' already exists; nothing was written (init never overwrites)`,
      );
    }
  }
  try {
    await Deno.mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(STARTER_FILES)) {
      await Deno.writeTextFile(join(dir, name), text, { createNew: true });
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WhestError(`init: cannot write into '${dir}': ${reason}`);
  }
  return paths;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
