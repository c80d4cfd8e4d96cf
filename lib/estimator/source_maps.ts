/**
 * Maps stack-frame positions in an estimator's compiled code back to the author's source.
 *
 * The loader evaluates Sucrase's output, not the file as written: type stripping moves
 * columns, and on line 1 the CommonJS prologue and the module wrapper add many more. Each
 * compiled module records its source map here under the name its stack frames carry;
 * tracebacks look positions up only when they are formatted, so loading and predicting pay
 * nothing but the map's text.
 *
 * @module
 */
import { type EncodedSourceMap, originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";

/** A version-3 source map with VLQ-encoded `mappings`, as Sucrase returns it. */
export type RawSourceMap = EncodedSourceMap;

interface Entry {
  readonly raw: RawSourceMap;
  readonly lineOneOffset: number;
  trace?: TraceMap;
}

/** Compiled modules by the file name their stack frames show; the latest load of a name wins. */
const registry = new Map<string, Entry>();

/**
 * Records how the code evaluated under `sourceUrl` maps back to its source.
 *
 * @param sourceUrl The name stack frames show for the module (its `//# sourceURL`).
 * @param map The transpiler's source map from compiled code to source.
 * @param lineOneOffset Characters the evaluated text puts before the compiled code on its first
 *   line (the module wrapper's opening).
 */
export function registerSourceMap(
  sourceUrl: string,
  map: RawSourceMap,
  lineOneOffset: number,
): void {
  registry.set(sourceUrl, { raw: map, lineOneOffset });
}

/**
 * The author's position for a 1-based `line:column` in a stack frame of a registered module.
 *
 * @param sourceUrl The file name in the frame.
 * @param line The frame's 1-based line.
 * @param column The frame's 1-based column.
 * @returns The 1-based position in the original source, or undefined when the file is not an
 *   estimator module or the position maps to nothing the author wrote.
 *
 * @example
 * ```ts
 * import { originalPosition, registerSourceMap } from "./source_maps.ts";
 * registerSourceMap("e.ts", { version: 3, sources: ["e.ts"], names: [], mappings: "AAAA,IAAI" }, 0);
 * console.log(originalPosition("e.ts", 1, 5)); // { line: 1, column: 5 }
 * ```
 */
export function originalPosition(
  sourceUrl: string,
  line: number,
  column: number,
): { line: number; column: number } | undefined {
  const entry = registry.get(sourceUrl);
  if (entry === undefined) return undefined;
  // trace-mapping counts columns from 0; V8 counts them from 1.
  const generated = column - 1 - (line === 1 ? entry.lineOneOffset : 0);
  if (generated < 0) return undefined;
  entry.trace ??= new TraceMap(entry.raw);
  const found = originalPositionFor(entry.trace, { line, column: generated });
  if (found.line === null) return undefined;
  return { line: found.line, column: found.column + 1 };
}
