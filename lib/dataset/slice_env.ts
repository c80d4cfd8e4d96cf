/**
 * `dataset bake --slice env`: the slice a scheduler's array job assigns, so a bake scales out on
 * an existing scheduler instead of a home-made one. Slurm array jobs set
 * `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_MIN` and `SLURM_ARRAY_TASK_COUNT`; a Kubernetes
 * Indexed Job sets `JOB_COMPLETION_INDEX` (from 0), with the slice count given as
 * `WHEST_SLICE_COUNT` (the Job's `completions`).
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";

/**
 * The `K/N` slice (K from 1) the environment names.
 *
 * @param env Reads a variable (default `Deno.env.get`).
 * @throws {UsageError} When neither scheduler's variables are set, or they are not integers.
 * @example
 * ```ts
 * import { sliceFromEnvironment } from "./slice_env.ts";
 * const vars: Record<string, string> = { SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_MIN: "4", SLURM_ARRAY_TASK_COUNT: "4" };
 * sliceFromEnvironment((name) => vars[name]); // "2/4"
 * ```
 */
export function sliceFromEnvironment(
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): string {
  const number = (name: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || value === "" || !Number.isSafeInteger(n) || n < 0) {
      throw new UsageError(`--slice env: ${name} must be a non-negative integer, got '${value}'`);
    }
    return n;
  };
  const task = env("SLURM_ARRAY_TASK_ID");
  if (task !== undefined) {
    const id = number("SLURM_ARRAY_TASK_ID", task);
    const min = number("SLURM_ARRAY_TASK_MIN", env("SLURM_ARRAY_TASK_MIN") ?? "0");
    const count = number("SLURM_ARRAY_TASK_COUNT", env("SLURM_ARRAY_TASK_COUNT"));
    return `${id - min + 1}/${count}`;
  }
  const index = env("JOB_COMPLETION_INDEX");
  if (index !== undefined) {
    const k = number("JOB_COMPLETION_INDEX", index);
    return `${k + 1}/${number("WHEST_SLICE_COUNT", env("WHEST_SLICE_COUNT"))}`;
  }
  throw new UsageError(
    "--slice env: no array job here (set by Slurm: SLURM_ARRAY_TASK_ID and _COUNT; by a " +
      "Kubernetes Indexed Job: JOB_COMPLETION_INDEX, with WHEST_SLICE_COUNT)",
  );
}
