import assert from "@std/assert";
import { createJsKernels } from "../../lib/kernels/js/backend.ts";
import { COMPUTE_KERNEL_NAMES, type Kernels } from "../../lib/kernels/seam.ts";
import { createWasmKernels } from "../../lib/kernels/wasm/backend.ts";

function assertComplete(backend: Kernels): void {
  for (
    const name of [...COMPUTE_KERNEL_NAMES, "matmulF32", "matmulF64", "reluMatmulColumnSumsF32"]
  ) {
    assert.equal(typeof (backend as unknown as Record<string, unknown>)[name], "function", name);
  }
}

Deno.test("every backend registers the complete kernel set", () => {
  assertComplete(createJsKernels());
  const wasm = createWasmKernels({ threads: 1 });
  try {
    assertComplete(wasm);
    assert.match(wasm.name, /^wasm-/);
  } finally {
    wasm.close();
  }
});

Deno.test("a compute kernel through the seam computes what the JS kernel does", () => {
  const wasm = createWasmKernels({ threads: 1 });
  try {
    for (const backend of [createJsKernels(), wasm]) {
      const out = new Float64Array(3);
      backend.applyUnary("negative", new Float64Array([1, -2, 0.5]), out, 3);
      assert.deepEqual([...out], [-1, 2, -0.5]);
      const sums = new Float64Array(2);
      backend.sumAxis(new Float64Array([1, 2, 3, 4]), sums, 1, 2, 2);
      assert.deepEqual([...sums], [4, 6]);
    }
  } finally {
    wasm.close();
  }
});
