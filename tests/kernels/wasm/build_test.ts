import assert from "@std/assert";
import { EMBEDDED_PATH, embeddedSource } from "../../../lib/kernels/wasm/build.ts";
import { assembleAll } from "../../../lib/kernels/wasm/assemble.ts";
import { wasmBytes } from "../../../lib/kernels/wasm/loader.ts";
import { WASM_VARIANTS } from "../../../lib/kernels/wasm/wat.ts";

Deno.test("wasm build: the committed embedded binaries equal a fresh build of the generator", async () => {
  const committed = await Deno.readTextFile(EMBEDDED_PATH);
  assert.ok(
    committed === await embeddedSource(),
    "lib/kernels/wasm/embedded.ts is stale: run `deno task build:wasm`",
  );
});

Deno.test("wasm build: assembling twice gives the same bytes, and the loader decodes them", async () => {
  const [first, second] = [await assembleAll(), await assembleAll()];
  for (const variant of WASM_VARIANTS) {
    assert.deepEqual(first[variant], second[variant], variant);
    assert.deepEqual(wasmBytes(variant), first[variant], variant);
  }
});
