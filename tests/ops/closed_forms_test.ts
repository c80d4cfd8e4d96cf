import assert from "@std/assert";
import type { Mlp } from "../../lib/contract/estimator.ts";
import { makeMlp } from "../../lib/estimator/mlp.ts";
import CovariancePropagation from "../../estimators/covariance_propagation.ts";
import MeanPropagation from "../../estimators/mean_propagation.ts";
import { lcg } from "../_random.ts";
import { covariancePropagationFlops, meanPropagationFlops } from "../estimators/_reference.ts";
import { costOf } from "./_cost.ts";

// The built-in reference estimators follow estimators.md op by op; their totals must equal the
// closed forms of cost-model.md, which proves the op-level rules they exercise.

/** An MLP with uniform [-1, 1) float32 weights (not He-scaled: only the cost matters here). */
function testMlp(n: number, d: number, seed: number): Mlp {
  const next = lcg(seed);
  const weights = Array.from(
    { length: d },
    () => Float32Array.from({ length: n * n }, () => (next() - 0.5) * 2),
  );
  return makeMlp({ name: "closed-form", width: n, depth: d, seed, weights });
}

Deno.test("mean propagation costs 9dn² + 178dn + 2n", () => {
  for (const [n, d] of [[4, 1], [8, 3], [16, 2]]) {
    const mlp = testMlp(n, d, n * 31 + d);
    assert.equal(costOf(() => new MeanPropagation().predict(mlp, 0)), meanPropagationFlops(n, d));
  }
});

Deno.test("covariance propagation costs 8dn³ + (5dn² + 399dn)/2 + 30d + 2n", () => {
  for (const [n, d] of [[4, 1], [8, 3], [6, 2]]) {
    const mlp = testMlp(n, d, n * 17 + d);
    assert.equal(
      costOf(() => new CovariancePropagation().predict(mlp, 0)),
      covariancePropagationFlops(n, d),
    );
  }
});

Deno.test("covariance propagation matches the spec's quoted totals' formula at 1024×16", () => {
  assert.equal(covariancePropagationFlops(1024, 16), 137_484_167_648);
});
