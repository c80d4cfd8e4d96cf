import assert from "@std/assert";
import { UsageError } from "../../lib/core/errors.ts";
import { parseRunConfig } from "../../lib/config/run_config.ts";

const EST = ["--estimator", "mean_propagation"];

function usageError(args: string[], text: string) {
  assert.throws(() => parseRunConfig([...EST, ...args], false), (e: unknown) => {
    if (!(e instanceof UsageError)) return false;
    assert.ok(e.message.includes(text), `'${e.message}' includes '${text}'`);
    return true;
  });
}

Deno.test("--dataset: split and --n-mlps are kept; without it there is no dataset", () => {
  assert.equal(parseRunConfig(EST, false).dataset, null);
  assert.deepEqual(parseRunConfig([...EST, "--dataset", "d"], false).dataset, {
    dir: "d",
    split: null,
    limit: null,
  });
  assert.deepEqual(
    parseRunConfig([...EST, "--dataset", "d", "--split", "holdout", "--n-mlps", "3"], false)
      .dataset,
    { dir: "d", split: "holdout", limit: 3 },
  );
});

Deno.test("--dataset conflicts with the flags it fixes; --split needs it", () => {
  for (const flag of ["--width", "--depth", "--n-samples", "--seed"]) {
    usageError(["--dataset", "d", flag, "4"], `${flag} 4 conflicts with --dataset`);
  }
  usageError(["--split", "public"], "--split public needs --dataset");
  usageError(["--dataset", ""], "--dataset needs a directory");
  usageError(["--dataset", "d", "--split", ""], "--split needs a split name");
  usageError(["--dataset", "d", "--n-mlps", "0"], "--n-mlps");
});
