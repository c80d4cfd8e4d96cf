import assert from "@std/assert";
import { UsageError } from "../../lib/core/errors.ts";
import { sliceFromEnvironment } from "../../lib/dataset/slice_env.ts";

const from = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("--slice env reads a Slurm array task or a Kubernetes Indexed Job", () => {
  assert.equal(
    sliceFromEnvironment(from({ SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "4" })),
    "1/4",
  );
  assert.equal(
    sliceFromEnvironment(from({
      SLURM_ARRAY_TASK_ID: "7",
      SLURM_ARRAY_TASK_MIN: "4",
      SLURM_ARRAY_TASK_COUNT: "4",
    })),
    "4/4",
  );
  assert.equal(
    sliceFromEnvironment(from({ JOB_COMPLETION_INDEX: "2", WHEST_SLICE_COUNT: "3" })),
    "3/3",
  );
  assert.throws(() => sliceFromEnvironment(from({})), UsageError, "no array job here");
  assert.throws(
    () => sliceFromEnvironment(from({ JOB_COMPLETION_INDEX: "1" })),
    UsageError,
    "WHEST_SLICE_COUNT",
  );
  assert.throws(
    () => sliceFromEnvironment(from({ SLURM_ARRAY_TASK_ID: "x", SLURM_ARRAY_TASK_COUNT: "2" })),
    UsageError,
    "SLURM_ARRAY_TASK_ID",
  );
});
