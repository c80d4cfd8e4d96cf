import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { withBudget } from "../../lib/budget/context.ts";

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

Deno.test("reductions take numpy's keywords as an options object, and cost what positional calls cost", () => {
  const w = np.array([[1, 2, 3], [4, 5, 6]], "float64");
  const keyword = withBudget({ flopBudget: 1e6 }, () => np.sum(w, { axis: 0, keepdims: true }));
  const positional = withBudget({ flopBudget: 1e6 }, () => np.sum(w, 0, true));
  assert.deepEqual(keyword.value.tolist(), [[5, 7, 9]]);
  assert.deepEqual(keyword.value.tolist(), positional.value.tolist());
  assert.equal(keyword.summary.flops_used, positional.summary.flops_used);
  assert.deepEqual(np.mean(w, { axis: 1 }).tolist(), [2, 5]);
  assert.equal(np.std(np.array([1, 3]), { ddof: 1 }).item(), Math.SQRT2);
  assert.equal(np.var(np.array([1, 3]), null, false, { ddof: 1 }).item(), 2);
});

Deno.test("arrays carry numpy's reduction methods, .dot, .ravel and .flatten", () => {
  const w = np.array([[1, -2], [3, 4]], "float64");
  assert.equal(w.sum().item(), 6);
  assert.deepEqual(w.sum({ axis: 0 }).tolist(), [4, 2]);
  assert.deepEqual(w.max(1).tolist(), [1, 4]);
  assert.equal(w.min().item(), -2);
  assert.equal(w.argmax().item(), 3);
  assert.deepEqual(w.mean(0, true).shape, [1, 2]);
  assert.equal(w.prod().item(), -24);
  assert.equal(w.any().item(), 1);
  assert.deepEqual(w.dot(np.array([1, 1], "float64")).tolist(), [-1, 7]);
  assert.deepEqual(w.ravel().tolist(), [1, -2, 3, 4]);
  assert.deepEqual(w.flatten().shape, [4]);
  assert.throws(() => w.sum.call({}), /ndarray.sum called on an object that is not an np array/);
});

Deno.test("a name np lacks says so, pointing at docs/np.md, at every level", () => {
  const loose = np as unknown as Record<string, unknown> & {
    linalg: Record<string, unknown>;
    stats: { norm: Record<string, unknown> };
  };
  assert.throws(() => loose.histogram, /np\.histogram is not available in whest; see docs\/np\.md/);
  assert.throws(() => loose.linalg.eig, /np\.linalg\.eig is not available/);
  assert.throws(() => loose.stats.norm.logpdf, /np\.stats\.norm\.logpdf is not available/);
  assert.equal(loose.then, undefined, "not a thenable: awaiting np gives np");
  assert.equal(typeof np.matmul, "function");
  assert.equal(typeof np.einsum, "function");
});
