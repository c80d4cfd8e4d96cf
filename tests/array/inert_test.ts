import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { inert, inertArgs, MAX_NESTING } from "../../lib/array/inert.ts";

Deno.test("inert copies arrays and options into fresh data, reading each getter once", () => {
  let reads = 0;
  const row = [0, 2];
  Object.defineProperty(row, 0, {
    get() {
      reads++;
      return 1;
    },
  });
  const options = {
    get axis() {
      reads++;
      return 0;
    },
    keepdims: true,
  };
  const [list, copied] = inertArgs([[row, [3, 4]], options], "op") as [number[][], object];
  assert.equal(reads, 2);
  assert.deepEqual(list, [[1, 2], [3, 4]]);
  assert.deepEqual(Object.getOwnPropertyDescriptor(copied, "axis")?.value, 0);
  assert.equal(Object.getPrototypeOf(copied), null);
  void (list[0][0] + (copied as { axis: number }).axis);
  assert.equal(reads, 2, "reading the copies runs nothing");
});

Deno.test("arrays built by whest and primitives pass as they are; typed arrays are copied", () => {
  const a = np.zeros(3);
  assert.equal(inert(a, "op"), a);
  for (const value of [1, "float32", true, null, undefined, 2n]) {
    assert.equal(inert(value, "op"), value);
  }
  class Sub extends Float64Array {}
  const typed = new Sub([1, 2]);
  const copy = inert(typed, "op") as Float64Array;
  assert.notEqual(copy, typed);
  assert.equal(Object.getPrototypeOf(copy), Float64Array.prototype);
  assert.deepEqual(Array.from(copy), [1, 2]);
  assert.deepEqual(inert([a, [a]], "op"), [a, [a]]);
});

Deno.test("functions, class instances and Proxies of arrays built by whest are refused", () => {
  let trapped = 0;
  const proxied = new Proxy(np.zeros(2), {
    get(target, key) {
      trapped++;
      return Reflect.get(target, key, target);
    },
  });
  const refused = [
    () => 1,
    { valueOf: () => 2 },
    proxied,
    new Map(),
    new (class Point {})(),
    new DataView(new ArrayBuffer(8)),
  ];
  for (const value of refused) assert.throws(() => inert(value, "np.add"), TypeError, "np.add");
  assert.equal(trapped, 0, "the Proxy's get trap never ran");
});

Deno.test("a Proxy array is read (its traps run here, before any op) into a plain copy", () => {
  const keys: string[] = [];
  const proxy = new Proxy([1, 2], {
    get(target, key, receiver) {
      keys.push(String(key));
      return Reflect.get(target, key, receiver);
    },
  });
  const copy = inert(proxy, "op") as number[];
  assert.deepEqual(copy, [1, 2]);
  assert.ok(Array.isArray(copy) && Object.getPrototypeOf(copy) === Array.prototype);
  assert.deepEqual(keys, ["length", "0", "1"]);
});

Deno.test("nesting deeper than numpy's 64 dimensions is refused (a cycle cannot recurse forever)", () => {
  const cycle: unknown[] = [];
  cycle.push(cycle);
  assert.throws(() => inert(cycle, "np.array"), TypeError, `${MAX_NESTING} levels`);
});

Deno.test("np functions, array methods and generator methods all pass their arguments through", () => {
  const fn = () => 1;
  const rng = np.random.default_rng(1);
  const a = np.ones(2);
  const calls: (() => unknown)[] = [
    () => np.add(a, fn as never),
    () => np.linalg.norm(fn as never),
    () => a.add(fn as never),
    () => a.reshape(fn as never),
    () => rng.normal(0, 1, fn as never),
  ];
  for (const call of calls) assert.throws(call, TypeError, "a function is not");
  const generatorNormal = Object.getPrototypeOf(rng).normal as (...args: unknown[]) => unknown;
  assert.throws(() => generatorNormal.call({}, 0, 1, 2), TypeError, "not one of its instances");
  const add = Object.getPrototypeOf(a).add as (other: unknown) => unknown;
  assert.throws(() => add.call(new Proxy(a, {}), 1), TypeError);
  assert.deepEqual(np.add([1, 2], 1).tolist(), [2, 3], "plain data still works");
});
