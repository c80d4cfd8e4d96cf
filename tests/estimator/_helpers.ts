/**
 * Helpers shared by the estimator tests.
 *
 * @module
 */
import { EstimatorLoadError } from "../../lib/estimator/errors.ts";

/**
 * Runs `fn`, which must throw an {@link EstimatorLoadError}, and returns that error.
 *
 * @param fn The call expected to fail.
 */
export function loadError(fn: () => unknown): EstimatorLoadError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EstimatorLoadError) return error;
    throw error;
  }
  throw new Error("expected an EstimatorLoadError, but nothing was thrown");
}

/** The estimator fixtures directory. */
export const FIXTURES = new URL("../fixtures/estimators/", import.meta.url);

/**
 * Path of a fixture file, relative to the working directory when possible.
 *
 * @param name Path under tests/fixtures/estimators/.
 */
export function fixturePath(name: string): string {
  return new URL(name, FIXTURES).pathname;
}
