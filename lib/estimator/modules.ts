/**
 * Runs an estimator file as a CommonJS module whose `require` knows only "whest" (and, for
 * the built-ins, their sibling files), and returns what it exported.
 *
 * @module
 */
import { EstimatorLoadError } from "./errors.ts";
import { type ModuleCompiler, type ModuleFunction, WRAPPER_LINE_ONE_OFFSET } from "./evaluate.ts";
import { registerSourceMap } from "./source_maps.ts";
import { cleanTraceback, describeError } from "./traceback.ts";
import { toCommonJs } from "./transpile.ts";

/** The only module specifier a user's estimator may import. */
export const WHEST_SPECIFIER = "whest";

/** What {@link evaluateModule} needs besides the entry file. */
export interface ModuleEnvironment {
  /** Turns CommonJS text into a function (the SES seam). */
  readonly compile: ModuleCompiler;
  /** What `require("whest")` returns. */
  readonly whestModule: object;
  /** The console every module of this estimator writes to. */
  readonly console: Console;
  /**
   * Files the entry may import by relative path (`./name.ts`), keyed by file name
   * (`name.ts`); used by the built-ins, which share helpers. Empty for user files.
   */
  readonly siblings?: Readonly<Record<string, string>>;
}

/**
 * Compiles and runs one module (and any sibling it imports, once each).
 *
 * @param filename Names the file in errors and stack traces; siblings are named beside it.
 * @param source The module text.
 * @param env Compiler, "whest" module, console and siblings.
 * @returns The module's `module.exports`.
 * @throws {EstimatorLoadError} kind "syntax", "import" or "evaluate".
 *
 * @example
 * ```ts
 * import { evaluateModule } from "./modules.ts";
 * import { compileModule } from "./evaluate.ts";
 * const exports = evaluateModule("k.ts", "export const k: number = 3;", {
 *   compile: compileModule, whestModule: {}, console,
 * });
 * console.log(exports.k); // 3
 * ```
 */
export function evaluateModule(
  filename: string,
  source: string,
  env: ModuleEnvironment,
): Record<string, unknown> {
  const cache = new Map<string, { exports: Record<string, unknown> }>();
  const directory = filename.slice(0, filename.lastIndexOf("/") + 1);
  const run = (name: string, text: string, module: { exports: Record<string, unknown> }) => {
    const body = compile(name, text, env.compile);
    const require = (specifier: string): unknown => {
      if (specifier === WHEST_SPECIFIER) return env.whestModule;
      const key = siblingKey(specifier);
      if (key !== undefined && env.siblings && Object.hasOwn(env.siblings, key)) {
        const cached = cache.get(key);
        if (cached) return cached.exports;
        const sibling = { exports: {} as Record<string, unknown> };
        cache.set(key, sibling);
        run(directory + key, env.siblings[key], sibling);
        return sibling.exports;
      }
      throw new EstimatorLoadError(
        "import",
        `${name} imports '${specifier}': estimators may only import '${WHEST_SPECIFIER}'`,
      );
    };
    try {
      body({ require, module, exports: module.exports, console: env.console });
    } catch (error) {
      if (error instanceof EstimatorLoadError) throw error;
      throw new EstimatorLoadError(
        "evaluate",
        `${name} raised while loading: ${describeError(error)}`,
        cleanTraceback(error),
      );
    }
  };
  const entry = { exports: {} as Record<string, unknown> };
  run(filename, source, entry);
  return entry.exports;
}

function compile(filename: string, source: string, compiler: ModuleCompiler): ModuleFunction {
  const { code, sourceMap } = toCommonJs(source, filename);
  // Every compiler evaluates moduleWrapper's text, so line 1 is shifted by its opening.
  registerSourceMap(filename, sourceMap, WRAPPER_LINE_ONE_OFFSET);
  try {
    return compiler(code, filename);
  } catch (error) {
    const reason = describeError(error).replace(/^SyntaxError: /, "");
    throw new EstimatorLoadError("syntax", `syntax error in ${filename}: ${reason}`);
  }
}

/** "./name.ts" -> "name.ts"; "./name" and "./name.js" -> "name.ts"; anything else undefined. */
function siblingKey(specifier: string): string | undefined {
  const match = /^\.\/([A-Za-z0-9_]+)(\.ts|\.js)?$/.exec(specifier);
  return match ? `${match[1]}.ts` : undefined;
}
