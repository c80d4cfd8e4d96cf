/**
 * Test helper: a built-in estimator's named exports (cost formulas, helpers), evaluated
 * through the same module path the loader uses for user files.
 *
 * @module
 */
import { compileModule } from "../../lib/estimator/evaluate.ts";
import { WHEST_MODULE } from "../../lib/estimator/loader.ts";
import { evaluateModule } from "../../lib/estimator/modules.ts";
import { resolveEstimator } from "../../lib/estimator/source.ts";
import { BUILTIN_SIBLINGS } from "../../estimators/mod.ts";

/** The named exports of `source`, evaluated as the loader evaluates a user's file. */
function exportsOf(
  filename: string,
  source: string,
  siblings: Readonly<Record<string, string>> | undefined,
): Record<string, unknown> {
  return evaluateModule(filename, source, {
    compile: compileModule,
    whestModule: WHEST_MODULE,
    console,
    siblings,
  });
}

/**
 * The named exports of the built-in estimator `name`.
 *
 * @param name A built-in's name, e.g. "sampling_whitened".
 */
export function builtinExports(name: string): Record<string, unknown> {
  const source = resolveEstimator(name);
  return exportsOf(source.filename, source.source, source.siblings);
}

/**
 * The named exports of a module the built-ins share (not an estimator), e.g. "strassen.ts".
 *
 * @param filename Its file name among the built-ins' siblings.
 */
export function helperExports(filename: string): Record<string, unknown> {
  return exportsOf(`estimators/${filename}`, BUILTIN_SIBLINGS[filename], BUILTIN_SIBLINGS);
}
