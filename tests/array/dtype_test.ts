import assert from "@std/assert";
import {
  binaryFloatDType,
  type DType,
  dtypeRate,
  meanDType,
  promoteTypes,
  resultType,
  sumDType,
  unaryFloatDType,
} from "../../lib/array/dtype.ts";

// numpy.promote_types for the supported dtypes (numpy documentation's promotion table).
const TABLE: [DType, DType, DType][] = [
  ["bool", "bool", "bool"],
  ["bool", "int32", "int32"],
  ["bool", "int64", "int64"],
  ["bool", "float32", "float32"],
  ["bool", "float64", "float64"],
  ["int32", "int64", "int64"],
  ["int32", "float32", "float64"],
  ["int32", "float64", "float64"],
  ["int64", "float32", "float64"],
  ["int64", "float64", "float64"],
  ["float32", "float64", "float64"],
];

Deno.test("promoteTypes follows numpy's table and is symmetric", () => {
  for (const [a, b, expected] of TABLE) {
    assert.equal(promoteTypes(a, b), expected, `${a} + ${b}`);
    assert.equal(promoteTypes(b, a), expected, `${b} + ${a}`);
  }
});

Deno.test("weak JS scalars follow NEP 50", () => {
  const arr = (dtype: DType) => ({ dtype });
  assert.equal(resultType(arr("float32"), 2.5), "float32");
  assert.equal(resultType(arr("float32"), 2), "float32");
  assert.equal(resultType(arr("int32"), 2), "int32");
  assert.equal(resultType(arr("int32"), 2.5), "float64");
  assert.equal(resultType(arr("bool"), 2), "int64");
  assert.equal(resultType(arr("bool"), 2.5), "float64");
  assert.equal(resultType(arr("bool"), true), "bool");
  assert.equal(resultType(arr("float32"), arr("float64"), 1.5), "float64");
  assert.equal(resultType(2, 3), "int64");
  assert.equal(resultType(2, 0.5), "float64");
  assert.equal(resultType(true), "bool");
});

Deno.test("rates: 64-bit types cost twice", () => {
  assert.deepEqual(
    (["bool", "int32", "int64", "float32", "float64"] as DType[]).map(dtypeRate),
    [1, 1, 2, 1, 2],
  );
});

Deno.test("loop dtypes of float-only ufuncs and reductions", () => {
  assert.equal(unaryFloatDType("int32"), "float64");
  assert.equal(unaryFloatDType("float32"), "float32");
  assert.equal(unaryFloatDType("bool"), "float32");
  assert.equal(binaryFloatDType("int64"), "float64");
  assert.equal(binaryFloatDType("float32"), "float32");
  assert.equal(sumDType("bool"), "int64");
  assert.equal(sumDType("int32"), "int64");
  assert.equal(sumDType("float32"), "float32");
  assert.equal(meanDType("int64"), "float64");
  assert.equal(meanDType("float32"), "float32");
});
