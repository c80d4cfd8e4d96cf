/**
 * The submission: which of the user's files an estimator may read, and its `ctx.submission_dir`.
 *
 * By default the submission is the estimator file alone: an estimator saved in a home
 * directory or a shared folder exposes nothing beside it. `--submission-dir DIR` names a
 * directory that holds the estimator and the files it ships (weights, tables); every file
 * under it is then readable. A directory that exposes more than a submission (the filesystem
 * root, the home directory, or a directory containing it) is refused.
 *
 * @module
 */
import { envVar } from "../core/env.ts";
import { dirname, resolve } from "@std/path";
import { BUILTIN_ESTIMATORS } from "../../estimators/mod.ts";
import { UsageError } from "../core/errors.ts";

/** What the estimator may read of the user's files. */
export interface Submission {
  /**
   * `ctx.submission_dir`: the named directory, else the estimator file's directory (of which
   * only the file itself is readable), or the working directory for a built-in.
   */
  readonly dir: string;
  /** Paths the estimator may read besides the scratch directory: the named directory, else the estimator file; none for a built-in. */
  readonly readRoots: readonly string[];
  /** Whether the user named the directory (`--submission-dir`). */
  readonly named: boolean;
}

/**
 * Resolves the submission of a run or a validation.
 *
 * @param estimator `--estimator`: a built-in name or a file path.
 * @param submissionDir `--submission-dir`, or null.
 * @param home The home directory to refuse; default `$HOME` (when readable).
 * @returns The submission directory and read roots.
 * @throws {UsageError} When the named directory is missing, not a directory, the filesystem
 *   root, the home directory or above it, or does not hold the estimator file; or when it is
 *   given with a built-in estimator.
 *
 * @example
 * ```ts
 * import { resolveSubmission } from "./submission.ts";
 * const alone = resolveSubmission("./my_estimator.ts", null);
 * // alone.readRoots: [the absolute path of my_estimator.ts]
 * ```
 */
export function resolveSubmission(
  estimator: string,
  submissionDir: string | null,
  home: string | undefined = envVar("HOME") || undefined,
): Submission {
  const builtin = Object.hasOwn(BUILTIN_ESTIMATORS, estimator);
  if (submissionDir === null) {
    if (builtin) return { dir: Deno.cwd(), readRoots: [], named: false };
    const file = resolve(estimator);
    // the root is the real file: the sandbox resolves every path it is given through symlinks
    return { dir: dirname(file), readRoots: [realPath(file)], named: false };
  }
  if (builtin) {
    throw new UsageError(
      `--submission-dir needs an estimator file; '${estimator}' is a built-in estimator`,
    );
  }
  const dir = realDirectory(submissionDir);
  refuseExposingDirectory(submissionDir, dir, home === undefined ? undefined : realPath(home));
  const file = realPath(resolve(estimator));
  if (!file.startsWith(`${dir.replace(/\/$/, "")}/`)) {
    throw new UsageError(
      `--submission-dir: the estimator '${estimator}' is not inside '${submissionDir}'; name the directory that holds it`,
    );
  }
  return { dir, readRoots: [dir], named: true };
}

/** The real path of the directory `given`, or a usage error saying why it is not one. */
function realDirectory(given: string): string {
  if (given.trim() === "") throw new UsageError("--submission-dir needs a directory, got ''");
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(given);
  } catch {
    throw new UsageError(`--submission-dir: directory '${given}' does not exist`);
  }
  if (!info.isDirectory) throw new UsageError(`--submission-dir: '${given}' is not a directory`);
  return realPath(given);
}

/** Refuses the filesystem root, the home directory and every directory above it. */
function refuseExposingDirectory(given: string, dir: string, home: string | undefined): void {
  const advice = "name a directory that holds only your submission";
  if (dir === "/") {
    throw new UsageError(`--submission-dir: '${given}' is the filesystem root; ${advice}`);
  }
  if (home === undefined) return;
  if (dir === home) {
    throw new UsageError(`--submission-dir: '${given}' is your home directory; ${advice}`);
  }
  if (home.startsWith(`${dir}/`)) {
    throw new UsageError(`--submission-dir: '${given}' contains your home directory; ${advice}`);
  }
}

function realPath(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch {
    return resolve(path);
  }
}
