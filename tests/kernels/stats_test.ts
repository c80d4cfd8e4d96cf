import assert from "@std/assert";
import { normCdf, normPdf, normPpf } from "../../lib/kernels/js/stats.ts";

/** mpmath references written by tests/fixtures/gen_stats_fixture.py: [x, pdf, cdf] / [p, ppf]. */
const fixture: { central: number[][]; tails: number[][]; ppf: number[][] } = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/normal-reference.json", import.meta.url)),
);

function apply(f: (x: Float64Array, out: Float64Array) => void, xs: ArrayLike<number>) {
  const x = Float64Array.from(xs);
  const out = new Float64Array(x.length);
  f(x, out);
  return out;
}

/** Asserts every computed value is within `tolerance` relative error of its reference. */
function assertRelative(
  name: string,
  inputs: number[],
  got: Float64Array,
  want: number[],
  tolerance: number,
) {
  for (let i = 0; i < inputs.length; i++) {
    const error = want[i] === 0 ? Math.abs(got[i]) : Math.abs(got[i] - want[i]) / Math.abs(want[i]);
    assert.ok(
      error <= tolerance,
      `${name}(${inputs[i]}) = ${got[i]}, reference ${
        want[i]
      }, relative error ${error} > ${tolerance}`,
    );
  }
}

Deno.test("normPdf and normCdf match mpmath within 2e-15 relative on [-8, 8]", () => {
  const xs = fixture.central.map((r) => r[0]);
  assertRelative("pdf", xs, apply(normPdf, xs), fixture.central.map((r) => r[1]), 2e-15);
  assertRelative("cdf", xs, apply(normCdf, xs), fixture.central.map((r) => r[2]), 2e-15);
});

Deno.test("normPdf and normCdf match mpmath within 1e-14 relative in the tails to -37", () => {
  const rows = fixture.tails.filter((r) => r[0] >= -37);
  const xs = rows.map((r) => r[0]);
  assert.ok(xs.includes(-37));
  assertRelative("pdf", xs, apply(normPdf, xs), rows.map((r) => r[1]), 1e-14);
  assertRelative("cdf", xs, apply(normCdf, xs), rows.map((r) => r[2]), 1e-14);
});

Deno.test("normPpf matches mpmath within 2e-15 relative, subnormal probabilities included", () => {
  const ps = fixture.ppf.map((r) => r[0]);
  assert.ok(ps.includes(5e-324));
  assertRelative("ppf", ps, apply(normPpf, ps), fixture.ppf.map((r) => r[1]), 2e-15);
});

Deno.test("normCdf(x) + normCdf(-x) = 1 to rounding", () => {
  const xs = Array.from({ length: 2001 }, (_, i) => -10 + i / 100);
  const lower = apply(normCdf, xs);
  const upper = apply(normCdf, xs.map((x) => -x));
  for (let i = 0; i < xs.length; i++) {
    assert.ok(Math.abs(lower[i] + upper[i] - 1) <= 4.5e-16, `x = ${xs[i]}`);
  }
});

Deno.test("normPpf inverts normCdf from the far lower tail to just above the centre", () => {
  const xs = Array.from({ length: 376 }, (_, i) => -37 + i / 10);
  const back = apply(normPpf, apply(normCdf, xs));
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    assert.ok(Math.abs(back[i] - x) <= 1e-15 * Math.max(1, Math.abs(x)), `x = ${x}: ${back[i]}`);
  }
  const ps = Array.from({ length: 400 }, (_, i) => 10 ** (-i * 0.75));
  const again = apply(normCdf, apply(normPpf, ps));
  for (let i = 0; i < ps.length; i++) {
    // Φ(x(1+ε)) = p(1 + ε·x·φ/Φ) ≈ p(1 + ε·x²): the round trip widens with x².
    const x = apply(normPpf, [ps[i]])[0];
    assert.ok(Math.abs(again[i] - ps[i]) <= 1e-15 * (1 + x * x) * ps[i], `p = ${ps[i]}`);
  }
});

Deno.test("normPpf is odd about 1/2: ppf(p) = -ppf(1 - p)", () => {
  const ps = Array.from({ length: 500 }, (_, i) => 0.5 + i / 1000);
  const upper = apply(normPpf, ps);
  const lower = apply(normPpf, ps.map((p) => 1 - p));
  for (let i = 0; i < ps.length; i++) assert.ok(upper[i] === -lower[i], `p = ${ps[i]}`);
});

Deno.test("normPpf edge values: 0, 1, outside [0, 1] and NaN", () => {
  const got = apply(normPpf, [0, 1, -0, -1e-300, 1 + 2 ** -52, -Infinity, Infinity, NaN, 0.5]);
  assert.deepEqual(Array.from(got), [
    -Infinity,
    Infinity,
    -Infinity,
    NaN,
    NaN,
    NaN,
    NaN,
    NaN,
    0,
  ]);
});

Deno.test("normPdf and normCdf at infinities, NaN and huge arguments", () => {
  const xs = [-Infinity, Infinity, NaN, -1e308, 1e308, -50, 50, 0];
  assert.deepEqual(Array.from(apply(normPdf, xs)), [
    0,
    0,
    NaN,
    0,
    0,
    0,
    0,
    1 / Math.sqrt(2 * Math.PI),
  ]);
  assert.deepEqual(Array.from(apply(normCdf, xs)), [0, 1, NaN, 0, 1, 0, 1, 0.5]);
});

Deno.test("the norm kernels leave their input alone and may write over it", () => {
  const x = Float64Array.from([-3, 0.25, 4]);
  const copy = x.slice();
  const separate = new Float64Array(3);
  normCdf(x, separate);
  assert.deepEqual(x, copy);
  normCdf(x, x);
  assert.deepEqual(x, separate);
  const p = Float64Array.from([0.1, 0.5, 0.9]);
  const ppfSeparate = new Float64Array(3);
  normPpf(p, ppfSeparate);
  normPpf(p, p);
  assert.deepEqual(p, ppfSeparate);
  const pdfInput = Float64Array.from([-1, 2]);
  const pdfSeparate = new Float64Array(2);
  normPdf(pdfInput, pdfSeparate);
  normPdf(pdfInput, pdfInput);
  assert.deepEqual(pdfInput, pdfSeparate);
});
