import assert from "@std/assert";
import { MemoryWatch, readRssBytes } from "../../lib/runner/memory_watch.ts";

const onLinux = Deno.build.os === "linux";

Deno.test({
  name: "readRssBytes sees touched typed-array memory that V8's heap limit does not cover",
  ignore: !onLinux,
  fn() {
    const before = readRssBytes(Deno.pid)!;
    const block = new Float64Array(64 * 2 ** 17).fill(1); // 64 MiB, every page touched
    const after = readRssBytes(Deno.pid)!;
    assert.ok(after - before >= 60 * 2 ** 20, `RSS grew by ${after - before} bytes`);
    assert.equal(block[block.length - 1], 1);
  },
});

Deno.test("readRssBytes is undefined for a process that does not exist", () => {
  assert.equal(readRssBytes(2 ** 22 + 12345), undefined);
});

Deno.test({
  name: "the watch fires once when a child's resident memory passes the cap",
  ignore: !onLinux,
  async fn() {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", "const a = new Float64Array(2 ** 24).fill(1); setTimeout(() => {}, 20000);"],
      stdout: "null",
      stderr: "null",
    }).spawn();
    const fired: number[] = [];
    const watch = new MemoryWatch(child.pid, 100 * 2 ** 20, (rss) => {
      fired.push(rss);
      child.kill("SIGKILL");
    }, 10);
    assert.equal(watch.active, true);
    await child.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
    watch.stop();
    assert.equal(fired.length, 1);
    assert.ok(fired[0] > 100 * 2 ** 20);
    assert.ok(watch.peakBytes >= fired[0]);
    assert.equal(watch.active, false);
  },
});
