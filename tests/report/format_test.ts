import assert from "@std/assert";
import { formatFlops, formatMse, formatRatio } from "../../lib/report/format.ts";

// Expected strings are Python's "%.2e" / "%.8f" output for the same values.
Deno.test("MSE uses C's %.2e with a two-digit exponent", () => {
  const cases: [number, string][] = [
    [0.000123456, "1.23e-04"],
    [2 ** 41, "2.20e+12"],
    [0.004377781413495541, "4.38e-03"],
    [1e-300, "1.00e-300"],
    [0, "0.00e+00"],
    [1, "1.00e+00"],
    [123456789, "1.23e+08"],
    [9.995e-5, "1.00e-04"],
  ];
  for (const [value, expected] of cases) assert.equal(formatMse(value), expected, String(value));
  assert.equal(formatMse(Infinity), "inf");
  assert.equal(formatMse(NaN), "nan");
});

Deno.test("ratios use %.8f", () => {
  assert.equal(formatRatio(0.1), "0.10000000");
  assert.equal(formatRatio(1 / 3), "0.33333333");
  assert.equal(formatRatio(0), "0.00000000");
  assert.equal(formatRatio(2.5e-9), "0.00000000");
});

Deno.test("FLOPs are comma-grouped below 1e6 and %.2e from 1e6", () => {
  assert.equal(formatFlops(0), "0");
  assert.equal(formatFlops(999), "999");
  assert.equal(formatFlops(59712), "59,712");
  assert.equal(formatFlops(999_999), "999,999");
  assert.equal(formatFlops(1_000_000), "1.00e+06");
  assert.equal(formatFlops(2 ** 41), "2.20e+12");
});
