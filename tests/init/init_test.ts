import assert from "@std/assert";
import { join } from "@std/path";
import { WhestError } from "../../lib/core/errors.ts";
import { STARTER_FILES, writeStarter } from "../../lib/init/init.ts";

Deno.test("init writes the starter estimator and guide, creating the directory", async () => {
  const root = await Deno.makeTempDir({ prefix: "whest-init-test-" });
  try {
    const dir = join(root, "nested", "mine");
    const written = await writeStarter(dir);
    assert.deepEqual(written, [join(dir, "estimator.ts"), join(dir, "README.md")]);
    for (const [name, text] of Object.entries(STARTER_FILES)) {
      assert.equal(await Deno.readTextFile(join(dir, name)), text);
    }
    assert.match(STARTER_FILES["estimator.ts"], /import \{ np \} from "whest"/);
    assert.match(STARTER_FILES["estimator.ts"], /export default class/);
    assert.match(STARTER_FILES["estimator.ts"], /np\.zeros\(\[mlp\.depth, mlp\.width\]\)/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("init never overwrites: one existing file and nothing is written", async () => {
  const dir = await Deno.makeTempDir({ prefix: "whest-init-test-" });
  try {
    await Deno.writeTextFile(join(dir, "estimator.ts"), "mine");
    await assert.rejects(
      writeStarter(dir),
      (e: unknown) => e instanceof WhestError && /already exists/.test(e.message),
    );
    assert.equal(await Deno.readTextFile(join(dir, "estimator.ts")), "mine");
    await assert.rejects(Deno.stat(join(dir, "README.md")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
