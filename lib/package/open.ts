/**
 * What `run` and `validate` do with `--estimator` before anything loads: a package is checked
 * and unpacked into a temporary directory (its files are the submission directory, its
 * manifest names the entry point and the export), and the SHA-256 of what was scored is taken
 * for `run_config.estimator_sha256` — the package file's, the estimator file's, or a
 * built-in's source text's.
 *
 * @module
 */
import { BUILTIN_ESTIMATORS } from "../../estimators/mod.ts";
import { UsageError } from "../core/errors.ts";
import { type PackageManifest, sha256Hex } from "./pack.ts";
import { isPackagePath, unpackPackage } from "./unpack.ts";

/** The estimator to load, ready for a runner. */
export interface OpenedEstimator {
  /** A file path or a built-in's name, as the runners take it. */
  readonly estimator: string;
  /** The submission directory (a package's temporary directory), or null. */
  readonly submissionDir: string | null;
  /** The export to use: `--class`, else a package's recorded export, else null. */
  readonly className: string | null;
  /** SHA-256 of the package, the file, or a built-in's source; null when unreadable. */
  readonly sha256: string | null;
  /** Whether `--estimator` named a package. */
  readonly packaged: boolean;
  /** A package's checked manifest; null for a file or built-in. */
  readonly manifest: PackageManifest | null;
  /** Removes a package's temporary directory; nothing otherwise. */
  close(): Promise<void>;
}

function fileSha256(spec: string): string | null {
  if (Object.hasOwn(BUILTIN_ESTIMATORS, spec)) return sha256Hex(BUILTIN_ESTIMATORS[spec].source);
  try {
    return sha256Hex(Deno.readFileSync(spec));
  } catch {
    return null; // the runner reports the missing file in its own words
  }
}

/**
 * Opens `--estimator`: unpacks a package, or takes a file or built-in as it is.
 *
 * @example
 * ```ts
 * import { openEstimator } from "./open.ts";
 * const opened = await openEstimator("zeros", null, null);
 * // opened.sha256: the built-in's source hash; opened.packaged === false
 * await opened.close();
 * ```
 * @param spec `--estimator`.
 * @param submissionDir `--submission-dir`, or null.
 * @param className `--class`, or null.
 * @throws {UsageError} For `--submission-dir` with a package (it brings its own).
 * @throws {WhestError} For a package that fails a check.
 */
export async function openEstimator(
  spec: string,
  submissionDir: string | null,
  className: string | null,
): Promise<OpenedEstimator> {
  if (!isPackagePath(spec)) {
    return {
      estimator: spec,
      submissionDir,
      className,
      sha256: fileSha256(spec),
      packaged: false,
      manifest: null,
      close: () => Promise.resolve(),
    };
  }
  if (submissionDir !== null) {
    throw new UsageError(
      `--submission-dir conflicts with a package ('${spec}'): its files are the submission`,
    );
  }
  const unpacked = await unpackPackage(spec);
  return {
    estimator: unpacked.estimatorPath,
    submissionDir: unpacked.dir,
    className: className ?? unpacked.checked.manifest.export_name,
    sha256: unpacked.checked.sha256,
    packaged: true,
    manifest: unpacked.checked.manifest,
    close: () => unpacked.remove(),
  };
}
