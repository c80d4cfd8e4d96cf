/**
 * The estimator loader: source text in, a checked estimator instance out.
 *
 * One code path for every runner and for the compiled binary: strip the types (Sucrase), run
 * the CommonJS body with a `require` that only knows "whest", pick the export, construct it,
 * and check the contract (`predict(mlp, budget)`, optional `setup(ctx)` and `teardown()`).
 * Built-ins go through the same path, from source text embedded in the program; they may also
 * import each other by relative path, which user files may not.
 *
 * @module
 */
import type { Estimator } from "../contract/estimator.ts";
import { captureConsole, type CapturedConsole } from "./console.ts";
import { EstimatorLoadError } from "./errors.ts";
import { compileModule, type ModuleCompiler } from "./evaluate.ts";
import { evaluateModule } from "./modules.ts";
import { cleanTraceback, describeError, describeType } from "./traceback.ts";
import { np } from "../api/mod.ts";

/** What `require("whest")` returns inside an estimator: the frozen module object `{ np }`. */
export const WHEST_MODULE: Readonly<{ np: typeof np }> = Object.freeze({ np });

/** An estimator's source text and where it came from. */
export interface EstimatorSource {
  /** Short name for reports: the built-in's name or the file's base name. */
  readonly name: string;
  /** The file name shown in errors and stack traces (the path as given, or `estimators/x.ts`). */
  readonly filename: string;
  /** The module text, TypeScript or JavaScript (picked by the filename's extension). */
  readonly source: string;
  /** Files the module may import as `./name.ts` (the built-ins' shared helpers); none for user files. */
  readonly siblings?: Readonly<Record<string, string>>;
  /**
   * `--class NAME`: the export to use (`default` is the default export); absent or null for
   * the usual choice (default export, else `estimator`, else a CommonJS estimator).
   */
  readonly exportName?: string | null;
}

/** Knobs for the sandboxed worker; the defaults are what the local runner uses. */
export interface LoadOptions {
  /** Turns CommonJS text into a function; the worker passes an SES compartment compiler. */
  readonly compile?: ModuleCompiler;
  /** The object `require("whest")` returns; defaults to `{ np }`, frozen. */
  readonly whestModule?: object;
  /** The console the estimator writes to; defaults to a fresh captured console. */
  readonly console?: CapturedConsole;
}

/** A loaded estimator: the checked instance, where it came from, and its captured console. */
export interface LoadedEstimator {
  /** Short name for reports. */
  readonly name: string;
  /** File name shown in errors. */
  readonly filename: string;
  /** The instance whose methods the executor calls. */
  readonly instance: Estimator;
  /** Lines the estimator printed since the last drain. */
  drainLogs(): string[];
}

/**
 * Loads an estimator from source: compile, evaluate, pick the export, construct, check.
 *
 * The export is, in order of preference: `export default`, a named export `estimator`, or a
 * CommonJS `module.exports` that itself has `predict`; or, with `source.exportName`, the
 * export of that name. A class is constructed with no arguments; an object is used as it is.
 *
 * @param source The estimator's text and names.
 * @param options Compiler, "whest" module and console overrides (for the sandboxed worker).
 * @returns The checked estimator.
 * @throws {EstimatorLoadError} With the kind of contract rule broken, one line, and the
 *   estimator's stack when its own code raised.
 *
 * @example
 * ```ts
 * import { loadEstimator } from "./loader.ts";
 * const loaded = loadEstimator({
 *   name: "constant",
 *   filename: "constant.js",
 *   source: "export default { predict(mlp, budget) { return [[0.5]]; } };",
 * });
 * console.log(loaded.instance.predict.length); // 2
 * ```
 */
export function loadEstimator(source: EstimatorSource, options: LoadOptions = {}): LoadedEstimator {
  const captured = options.console ?? captureConsole();
  const exports = evaluateModule(source.filename, source.source, {
    compile: options.compile ?? compileModule,
    whestModule: options.whestModule ?? WHEST_MODULE,
    console: captured.console,
    siblings: source.siblings,
  });
  const instance = instantiate(
    pickExport(exports, source.filename, source.exportName ?? null),
    source.filename,
  );
  checkContract(instance, source.filename);
  return {
    name: source.name,
    filename: source.filename,
    instance,
    drainLogs: () => captured.drain(),
  };
}

function pickExport(
  exports: Record<string, unknown>,
  filename: string,
  exportName: string | null,
): unknown {
  if (exports === null || (typeof exports !== "object" && typeof exports !== "function")) {
    throw noExport(filename, `module.exports is ${describeType(exports)}`);
  }
  if (exportName !== null) return namedExport(exports, filename, exportName);
  if (exports.default !== undefined) return exports.default;
  if (exports.estimator !== undefined) return exports.estimator;
  if (typeof exports.predict === "function" || typeof exports === "function") return exports;
  const names = Object.keys(exports).filter((k) => k !== "__esModule");
  throw noExport(filename, names.length ? `found only: ${names.join(", ")}` : "found no exports");
}

/** `--class NAME`: that export, or one line naming the exports there are. */
function namedExport(exports: Record<string, unknown>, filename: string, name: string): unknown {
  if (Object.hasOwn(exports, name) && exports[name] !== undefined) return exports[name];
  const names = Object.keys(exports).filter((k) => k !== "__esModule" && exports[k] !== undefined);
  throw new EstimatorLoadError(
    "no_export",
    `--class ${name}: ${filename} has no export named '${name}' (its exports: ${
      names.length ? names.join(", ") : "none"
    })`,
  );
}

function noExport(filename: string, found: string): EstimatorLoadError {
  return new EstimatorLoadError(
    "no_export",
    `${filename} exports no estimator (${found}): add 'export default class { predict(mlp, budget) { ... } }' or a named export 'estimator'`,
  );
}

/** Any function value, as `typeof x === "function"` finds it. */
type AnyFunction = { readonly name: string; readonly prototype?: unknown };

function instantiate(exported: unknown, filename: string): Estimator {
  if (typeof exported === "function") {
    if (!isConstructible(exported)) {
      throw new EstimatorLoadError(
        "bad_export",
        `${filename} exports a plain function '${
          exported.name || "anonymous"
        }': export a class or an object with predict(mlp, budget)`,
      );
    }
    try {
      return new (exported as new () => Estimator)();
    } catch (error) {
      throw new EstimatorLoadError(
        "construct",
        `constructing ${exported.name || "the estimator class"} from ${filename} raised: ${
          describeError(error)
        }`,
        cleanTraceback(error),
      );
    }
  }
  if (typeof exported !== "object" || exported === null) {
    throw new EstimatorLoadError(
      "bad_export",
      `${filename} exports ${
        describeType(exported)
      } as its estimator: export a class or an object with predict(mlp, budget)`,
    );
  }
  return exported as Estimator;
}

/** True for classes and old-style constructors whose prototype carries `predict`. */
function isConstructible(fn: AnyFunction): boolean {
  const text = Function.prototype.toString.call(fn);
  if (/^class[\s{]/.test(text)) return true;
  return typeof (fn.prototype as { predict?: unknown } | undefined)?.predict === "function";
}

function checkContract(instance: Estimator, filename: string): void {
  const predict = (instance as unknown as Record<string, unknown>).predict;
  if (predict === undefined) {
    throw new EstimatorLoadError(
      "bad_predict",
      `the estimator in ${filename} has no predict method: define predict(mlp, budget)`,
    );
  }
  if (typeof predict !== "function") {
    throw new EstimatorLoadError(
      "bad_predict",
      `predict in ${filename} is ${
        describeType(predict)
      }, not a function: define predict(mlp, budget)`,
    );
  }
  if (predict.length < 1 || predict.length > 2) {
    throw new EstimatorLoadError(
      "bad_predict",
      `predict in ${filename} declares ${predict.length} parameters; the contract calls predict(mlp, budget)`,
    );
  }
  const kind = predict.constructor?.name;
  if (
    kind === "AsyncFunction" || kind === "GeneratorFunction" || kind === "AsyncGeneratorFunction"
  ) {
    throw new EstimatorLoadError(
      "bad_predict",
      `predict in ${filename} is an ${kind}: predict must return its (depth, width) array synchronously`,
    );
  }
  checkHook(instance, "setup", 1, filename);
  checkHook(instance, "teardown", 0, filename);
}

function checkHook(
  instance: Estimator,
  hook: "setup" | "teardown",
  most: number,
  filename: string,
) {
  const fn = (instance as unknown as Record<string, unknown>)[hook];
  if (fn === undefined) return;
  const signature = hook === "setup" ? "setup(ctx)" : "teardown()";
  if (typeof fn !== "function") {
    throw new EstimatorLoadError(
      "bad_hook",
      `${hook} in ${filename} is ${
        describeType(fn)
      }, not a function: define ${signature} or leave it out`,
    );
  }
  if (fn.length > most) {
    throw new EstimatorLoadError(
      "bad_hook",
      `${hook} in ${filename} declares ${fn.length} parameters; the contract calls ${signature}`,
    );
  }
}
