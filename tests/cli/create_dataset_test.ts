import assert from "@std/assert";
import { runCli } from "./_helpers.ts";

Deno.test("create-dataset refuses with exit 2 and names 'dataset bake', as whestbench 0.16 does", async () => {
  const { code, stdout, stderr } = await runCli(["create-dataset", "--n-mlps", "3"]);
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(stderr, /'whest create-dataset' has been replaced by 'whest dataset bake'/);
});
