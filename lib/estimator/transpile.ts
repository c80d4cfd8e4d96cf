/**
 * Turns an estimator's TypeScript or JavaScript module text into a CommonJS function body.
 *
 * Sucrase strips the types and rewrites `import`/`export` into `require`/`exports`, keeping
 * every line where it was, so stack traces and syntax errors point at the author's own lines;
 * its source map lets tracebacks point at the author's columns too.
 * It runs in plain JS, the same in `deno run`, in the sandboxed worker and in the compiled
 * binary.
 *
 * @module
 */
import { transform } from "sucrase";
import { EstimatorLoadError } from "./errors.ts";
import type { RawSourceMap } from "./source_maps.ts";

/** File extensions read as TypeScript; anything else is read as JavaScript. */
const TYPESCRIPT_EXTENSIONS = [".ts", ".mts", ".cts"];

/** A compiled module and the map from its positions back to the source. */
export interface TranspiledModule {
  /** CommonJS code, line-for-line aligned with the source. */
  readonly code: string;
  /** Maps compiled positions to source positions (columns move where types were stripped). */
  readonly sourceMap: RawSourceMap;
}

/**
 * Compiles an estimator module to CommonJS: types stripped (for `.ts`), imports turned into
 * `require(...)` calls, exports into `exports.x = ...`. Modern syntax (class fields, `?.`)
 * is left for V8 as written.
 *
 * @param source The module text.
 * @param filename The file's name or path; its extension picks TypeScript or JavaScript and it
 *   names the file in errors.
 * @returns CommonJS code, line-for-line aligned with `source`, and its source map.
 * @throws {EstimatorLoadError} kind "syntax", with `file:line:col` of the first parse error.
 *
 * @example
 * ```ts
 * import { toCommonJs } from "./transpile.ts";
 * const { code } = toCommonJs("export default { predict(m: unknown, b: number) { return [] } };", "e.ts");
 * console.log(code.includes("exports. default")); // true
 * ```
 */
export function toCommonJs(source: string, filename: string): TranspiledModule {
  const typescript = TYPESCRIPT_EXTENSIONS.some((ext) => filename.endsWith(ext));
  try {
    const { code, sourceMap } = transform(source, {
      transforms: typescript ? ["typescript", "imports"] : ["imports"],
      disableESTransforms: true,
      production: true,
      filePath: filename,
      sourceMapOptions: { compiledFilename: filename },
    });
    return { code, sourceMap: sourceMap as RawSourceMap };
  } catch (error) {
    throw syntaxError(error, filename);
  }
}

/** Rewrites Sucrase's "Unexpected token (3:14)" into "syntax error in FILE:3:14: Unexpected token". */
function syntaxError(error: unknown, filename: string): EstimatorLoadError {
  const message = error instanceof Error ? error.message : String(error);
  const loc = (error as { loc?: { line: number; column: number } }).loc;
  if (loc === undefined) {
    return new EstimatorLoadError("syntax", `syntax error in ${filename}: ${message}`);
  }
  const reason = message
    .replace(`Error transforming ${filename}: `, "")
    .replace(/\s*\(\d+:\d+\)\s*$/, "");
  return new EstimatorLoadError(
    "syntax",
    `syntax error in ${filename}:${loc.line}:${loc.column}: ${reason}`,
  );
}
