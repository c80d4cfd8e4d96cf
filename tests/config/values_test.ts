import assert from "@std/assert";
import { UsageError } from "../../lib/core/errors.ts";
import {
  parseFlopBudget,
  parseNonNegativeInteger,
  parseNonNegativeNumber,
  parsePositiveInteger,
  parsePositiveNumber,
} from "../../lib/config/values.ts";

function rejects(fn: () => unknown, flag: string, value: string) {
  assert.throws(fn, (e: unknown) => {
    if (!(e instanceof UsageError)) return false;
    assert.ok(e.message.includes(flag), `message names ${flag}: ${e.message}`);
    assert.ok(e.message.includes(`'${value}'`), `message quotes '${value}': ${e.message}`);
    return true;
  });
}

Deno.test("flop budget accepts powers, scientific notation and integers", () => {
  assert.equal(parseFlopBudget("--flop-budget", "2^41"), 2 ** 41);
  assert.equal(parseFlopBudget("--flop-budget", "2**41"), 2 ** 41);
  assert.equal(parseFlopBudget("--flop-budget", "2.72e11"), 272_000_000_000);
  assert.equal(parseFlopBudget("--flop-budget", "6.8e10"), 68_000_000_000);
  assert.equal(parseFlopBudget("--flop-budget", "100"), 100);
});

Deno.test("flop budget rejects fractions, zero, negatives, overflow and words", () => {
  for (const bad of ["1.5", "0", "-3", "2^60", "abc", "", "1e400", "0x10"]) {
    rejects(() => parseFlopBudget("--flop-budget", bad), "--flop-budget", bad);
  }
});

Deno.test("positive integers accept whole scientific values and reject the rest", () => {
  assert.equal(parsePositiveInteger("--n-samples", "1e9"), 1_000_000_000);
  assert.equal(parsePositiveInteger("--width", "32"), 32);
  for (const bad of ["0", "-3", "2.5", "ten", "", "Infinity", "NaN"]) {
    rejects(() => parsePositiveInteger("--width", bad), "--width", bad);
  }
});

Deno.test("seeds are non-negative integers written in digits", () => {
  assert.equal(parseNonNegativeInteger("--seed", "0"), 0);
  assert.equal(parseNonNegativeInteger("--seed", "4294967296"), 4294967296);
  for (const bad of ["-1", "1e3", "1.0", "x", "9007199254740993"]) {
    rejects(() => parseNonNegativeInteger("--seed", bad), "--seed", bad);
  }
});

Deno.test("time limits are positive; lambda may be zero", () => {
  assert.equal(parsePositiveNumber("--wall-time-limit", "0.4"), 0.4);
  assert.equal(parseNonNegativeNumber("--lambda-flops-per-second", "0"), 0);
  assert.equal(parseNonNegativeNumber("--lambda-flops-per-second", "1e11"), 1e11);
  rejects(() => parsePositiveNumber("--wall-time-limit", "0"), "--wall-time-limit", "0");
  rejects(() => parsePositiveNumber("--setup-timeout", "-1"), "--setup-timeout", "-1");
  rejects(() => parseNonNegativeNumber("--lambda-flops-per-second", "-1"), "--lambda", "-1");
});
