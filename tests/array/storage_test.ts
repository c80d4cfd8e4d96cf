import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { isNDArray, wrapStorage } from "../../lib/array/ndarray.ts";
import { copyTypedArray, typedArrayLength, typedArrayName } from "../../lib/array/storage.ts";

/** A Float32Array subclass that counts every read of its accessors. */
function countingSubclass(): { Counting: typeof Float32Array; reads: () => number } {
  let reads = 0;
  class Counting extends Float32Array {
    override get length(): number {
      reads++;
      return super.length;
    }
    override get buffer(): ArrayBuffer {
      reads++;
      return super.buffer as ArrayBuffer;
    }
  }
  return { Counting, reads: () => reads };
}

Deno.test("typed arrays are recognised by brand: a Proxy is not one, a subclass keeps its base name", () => {
  const { Counting, reads } = countingSubclass();
  assert.equal(typedArrayName(new Float64Array(1)), "Float64Array");
  assert.equal(typedArrayName(new Counting(2)), "Float32Array");
  assert.equal(typedArrayLength(new Counting(2)), 2);
  assert.equal(reads(), 0, "no accessor ran");
  let trapped = 0;
  const proxy = new Proxy(new Float32Array(2), {
    get(target, key) {
      trapped++;
      return Reflect.get(target, key);
    },
  });
  assert.equal(typedArrayName(proxy), undefined);
  assert.equal(typedArrayName([1, 2]), undefined);
  assert.equal(typedArrayName(new DataView(new ArrayBuffer(4))), undefined);
  assert.equal(trapped, 0);
});

Deno.test("copying a typed-array subclass gives the realm's base class and runs no accessor", () => {
  const { Counting, reads } = countingSubclass();
  const source = Counting.from([1, 2, 3]) as Float32Array;
  const copy = copyTypedArray(source) as Float32Array;
  assert.equal(Object.getPrototypeOf(copy), Float32Array.prototype);
  assert.deepEqual(Array.from(copy), [1, 2, 3]);
  assert.notEqual(copy.buffer, (source as unknown as { buffer: ArrayBuffer }).buffer);
  assert.equal(reads(), 1, "only the test's own buffer read above");
  assert.equal(copyTypedArray([1, 2]), undefined);
});

Deno.test("np.ndarray cannot be constructed by estimators, directly, through an array or by a subclass", () => {
  const Ctor = np.ndarray as unknown as new (...args: unknown[]) => unknown;
  const a = np.zeros([2, 2]);
  const Through = Object.getPrototypeOf(a).constructor as new (...args: unknown[]) => unknown;
  class Sub extends (np.ndarray as unknown as new (...args: unknown[]) => object) {}
  for (const build of [Ctor, Through, Sub]) {
    assert.throws(
      () => new build(new Float64Array(4), [2, 2], "float64"),
      TypeError,
      "np.ndarray cannot be constructed directly",
    );
  }
  assert.ok(a instanceof np.ndarray, "instanceof still works");
});

Deno.test("storage must be the dtype's own typed array: no subclass, Proxy or other type", () => {
  const { Counting } = countingSubclass();
  const bad: [unknown, string, RegExp][] = [
    [new Counting(4), "float32", /subclass of Float32Array/],
    [new Proxy(new Float32Array(4), {}), "float32", /got object/],
    [new Float32Array(4), "float64", /plain Float64Array, got Float32Array/],
    [[0, 0, 0, 0], "float64", /got object/],
  ];
  for (const [buffer, dtype, message] of bad) {
    assert.throws(
      () => wrapStorage(buffer as Float64Array, [4], dtype as "float64"),
      TypeError,
      undefined,
    );
    try {
      wrapStorage(buffer as Float64Array, [4], dtype as "float64");
    } catch (error) {
      assert.match((error as Error).message, message);
    }
  }
});

Deno.test("arrays are frozen and their storage sealed: no accessor can be attached later", () => {
  const a = np.ones([2, 3]);
  assert.ok(Object.isFrozen(a));
  assert.throws(() => Object.defineProperty(a, "shape", { get: () => [6] }), TypeError);
  for (const key of ["length", "buffer", "subarray", "constructor"]) {
    assert.throws(() => Object.defineProperty(a.data, key, { get: () => 0 }), TypeError, key);
  }
  assert.throws(() => Object.defineProperty(a.T.data, "length", { get: () => 0 }), TypeError);
  a.data[0] = 7;
  assert.equal(a.item(0, 0), 7, "elements stay writable");
});

Deno.test("isNDArray is a brand check: a Proxy of an array runs no trap and is not one", () => {
  let trapped = 0;
  const proxy = new Proxy(np.zeros(2), {
    getPrototypeOf(target) {
      trapped++;
      return Reflect.getPrototypeOf(target);
    },
  });
  assert.ok(isNDArray(np.zeros(2)));
  assert.ok(!isNDArray(proxy));
  assert.ok(!isNDArray({ shape: [2], dtype: "float64" }));
  assert.equal(trapped, 0);
});
