import assert from "@std/assert";
import { UsageError } from "../../lib/core/errors.ts";
import { parseFlags } from "../../lib/config/flags.ts";

const SPEC = { width: "string", json: "boolean" } as const;

Deno.test("flags take values in both spellings, switches and positionals", () => {
  const parsed = parseFlags("run", ["--width", "-3", "dir", "--json", "--width=7"], SPEC);
  assert.deepEqual({ ...parsed.values }, { width: "7", json: true });
  assert.deepEqual(parsed.positionals, ["dir"]);
  assert.deepEqual(parseFlags("run", ["--", "--json"], SPEC).positionals, ["--json"]);
});

Deno.test("unknown flags suggest the closest name; missing values and switch values fail", () => {
  assert.throws(
    () => parseFlags("run", ["--widht", "3"], SPEC),
    (e: unknown) =>
      e instanceof UsageError && e.message === "run: unknown flag '--widht'" &&
      (e.hint ?? "").includes("--width"),
  );
  assert.throws(() => parseFlags("run", ["--width"], SPEC), /--width needs a value/);
  assert.throws(() => parseFlags("run", ["--json=1"], SPEC), /--json takes no value/);
});
