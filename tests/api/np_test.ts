import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";

const NAMES = `zeros empty ones full eye identity array asarray arange linspace zeros_like ones_like
full_like empty_like reshape transpose swapaxes squeeze expand_dims ravel broadcast_to stack
concatenate hstack vstack tile repeat diag copy astype add subtract multiply divide negative abs
sign sqrt square reciprocal floor ceil maximum minimum clip where exp expm1 log log1p log2 log10
tanh sin cos power arctan2 hypot mod floor_divide greater greater_equal less less_equal equal
not_equal logical_and logical_or logical_not sum prod mean var std max min argmax argmin any all
cumsum cumprod matmul dot outer trace fill_diagonal sort argsort namespace`.split(/\s+/);

Deno.test("np exposes every name of the api spec", () => {
  const api = np as unknown as Record<string, unknown>;
  for (const name of NAMES) assert.equal(typeof api[name], "function", name);
  for (
    const name of ["cholesky", "solve", "inv", "eigh", "eigvalsh", "svd", "svdvals", "qr", "norm"]
  ) {
    assert.equal(typeof (np.linalg as Record<string, unknown>)[name], "function", `linalg.${name}`);
  }
  assert.equal(typeof np.random.default_rng, "function");
  for (const name of ["pdf", "cdf", "ppf"]) {
    assert.equal(typeof (np.stats.norm as Record<string, unknown>)[name], "function");
  }
});

Deno.test("np is deep-frozen and keeps working frozen", () => {
  assert.ok(Object.isFrozen(np));
  assert.ok(Object.isFrozen(np.linalg));
  assert.ok(Object.isFrozen(np.stats.norm));
  assert.ok(Object.isFrozen(np.add));
  assert.ok(Object.isFrozen(np.ndarray.prototype));
  assert.ok(!Object.isFrozen(Object.prototype), "the realm's prototypes are left alone");
  assert.ok(!Object.isFrozen(Error.prototype));
  class Custom extends Error {
    constructor() {
      super("still assignable");
      this.name = "Custom";
    }
  }
  assert.equal(new Custom().name, "Custom");
  assert.throws(() => {
    (np as unknown as Record<string, unknown>).add = () => 0;
  }, TypeError);
  const a = np.ones([2, 2], "float32");
  assert.deepEqual(np.matmul(a.T, a).tolist(), [[2, 2], [2, 2]]);
});
