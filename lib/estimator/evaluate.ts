/**
 * The one place where an estimator's compiled code becomes a running function.
 *
 * Kept tiny and swappable on purpose: the sandboxed worker replaces {@link compileModule} with
 * a compiler that evaluates the same wrapper inside a hardened SES `Compartment`, and nothing
 * else in the loader changes.
 *
 * @module
 */

/** What a CommonJS module body sees as its free variables. */
export interface ModuleEndowments {
  /** Resolves an import; estimators may only import "whest". */
  readonly require: (specifier: string) => unknown;
  /** The CommonJS module record; `module.exports` is what the file exported. */
  readonly module: { exports: Record<string, unknown> };
  /** The initial `module.exports` object. */
  readonly exports: Record<string, unknown>;
  /** The estimator's console, captured by the loader. */
  readonly console: Console;
}

/** A compiled module body, ready to run once with its endowments. */
export type ModuleFunction = (endowments: ModuleEndowments) => void;

/**
 * Compiles CommonJS code into a {@link ModuleFunction}; throws `SyntaxError` when V8 rejects it.
 * `sourceUrl` names the code in stack traces.
 */
export type ModuleCompiler = (code: string, sourceUrl: string) => ModuleFunction;

/** Names the endowments in the wrapper; the order matches {@link bindModuleBody}'s call. */
const PARAMETERS = "require, module, exports, console";

/** What {@link moduleWrapper} writes before the code on its first line. */
const WRAPPER_OPENING = `(function (${PARAMETERS}) {`;

/**
 * How many characters {@link moduleWrapper} puts before the code on its first line, so stack
 * columns on line 1 can be mapped back to the code.
 */
export const WRAPPER_LINE_ONE_OFFSET: number = WRAPPER_OPENING.length;

/**
 * Compiles CommonJS code with an indirect `eval` in the global scope (no access to the
 * loader's locals). The wrapper opens on the code's first line, so stack traces keep the
 * author's line numbers; `//# sourceURL` makes them name the file.
 *
 * @param code CommonJS code (from `toCommonJs`).
 * @param sourceUrl The file name shown in stack frames.
 * @returns A function that runs the module body with the given endowments.
 * @throws {SyntaxError} When V8 rejects code that the transpiler accepted.
 *
 * @example
 * ```ts
 * import { compileModule } from "./evaluate.ts";
 * const module = { exports: {} as Record<string, unknown> };
 * compileModule("exports.x = 1;", "x.js")({
 *   require: () => undefined, module, exports: module.exports, console,
 * });
 * console.log(module.exports.x); // 1
 * ```
 */
export const compileModule: ModuleCompiler = (code: string, sourceUrl: string): ModuleFunction => {
  // deno-lint-ignore no-eval
  return bindModuleBody((0, eval)(moduleWrapper(code, sourceUrl)));
};

/**
 * The text every compiler evaluates: a function expression over the endowments whose body is
 * the module, opening on the code's first line, with a one-line `//# sourceURL`.
 *
 * @param code CommonJS code (from `toCommonJs`).
 * @param sourceUrl The file name shown in stack frames.
 * @returns Source text that evaluates to the module function.
 */
export function moduleWrapper(code: string, sourceUrl: string): string {
  return `${WRAPPER_OPENING}${code}\n})\n//# sourceURL=${safeSourceUrl(sourceUrl)}`;
}

/**
 * Turns the function that {@link moduleWrapper}'s text evaluates to into a {@link ModuleFunction}.
 *
 * @param body The evaluated wrapper.
 * @returns A function that runs the module body with the given endowments.
 */
export function bindModuleBody(body: (...args: unknown[]) => void): ModuleFunction {
  return (e) => body.call(undefined, e.require, e.module, e.exports, e.console);
}

/** Keeps a sourceURL on one line: a newline would end the comment and inject code. */
function safeSourceUrl(name: string): string {
  return name.replace(/[\r\n\u2028\u2029]/g, "_");
}
