/**
 * Finds an estimator's source text: a built-in by name, or a user file by path.
 *
 * @module
 */
import { basename, extname } from "@std/path";
import { BUILTIN_ESTIMATORS, BUILTIN_SIBLINGS, builtinFilename } from "../../estimators/mod.ts";
import { closest } from "../core/suggest.ts";
import { EstimatorLoadError } from "./errors.ts";
import type { EstimatorSource } from "./loader.ts";

/**
 * Resolves `--estimator VALUE`: a built-in name (`zeros`, `mean_propagation`, ...) or the path
 * of a `.ts`/`.js` file. A value that names a built-in is the built-in; a value with a path
 * separator or an extension is always a file.
 *
 * @param spec The flag's value.
 * @returns The source text and its names.
 * @throws {EstimatorLoadError} kind "missing" for an unknown name or an unreadable file.
 *
 * @example
 * ```ts
 * import { resolveEstimator } from "./source.ts";
 * console.log(resolveEstimator("zeros").filename); // "estimators/zeros.ts"
 * ```
 */
export function resolveEstimator(spec: string): EstimatorSource {
  const builtin = BUILTIN_ESTIMATORS[spec];
  if (builtin !== undefined && Object.hasOwn(BUILTIN_ESTIMATORS, spec)) {
    return {
      name: spec,
      filename: builtinFilename(spec),
      source: builtin.source,
      siblings: BUILTIN_SIBLINGS,
    };
  }
  if (!/[\\/.]/.test(spec) && !fileExists(spec)) {
    const names = Object.keys(BUILTIN_ESTIMATORS);
    const near = closest(spec, names);
    throw new EstimatorLoadError(
      "missing",
      `unknown estimator '${spec}': not a built-in (${names.join(", ")}) and no such file` +
        (near ? `; did you mean '${near}'?` : ""),
    );
  }
  return readEstimatorFile(spec);
}

/**
 * Reads a user's estimator file.
 *
 * @param path The path as the user gave it (it names the file in errors and stack traces).
 * @returns The text, and the file's base name without extension as `name`.
 * @throws {EstimatorLoadError} kind "missing" when the path is absent, a directory or unreadable;
 *   kind "language" for a Python file.
 */
export function readEstimatorFile(path: string): EstimatorSource {
  if (/\.pyw?$/i.test(path)) {
    throw new EstimatorLoadError(
      "language",
      `whest runs TypeScript or JavaScript estimators; '${path}' is Python (the official ` +
        "evaluator's format): port it to whest's np, line by line (docs/estimators.md, " +
        "\"Porting a numpy estimator\"), or start from 'whest init'",
    );
  }
  let source: string;
  try {
    source = Deno.readTextFileSync(path);
  } catch (error) {
    throw new EstimatorLoadError("missing", `estimator file '${path}' ${readFailure(error)}`);
  }
  return {
    name: basename(path, extname(path)),
    filename: path,
    source,
  };
}

function readFailure(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "not found";
  if (error instanceof Deno.errors.IsADirectory) return "is a directory, not a file";
  if (error instanceof Deno.errors.PermissionDenied) return "cannot be read (permission denied)";
  return `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
