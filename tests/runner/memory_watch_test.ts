import assert from "@std/assert";
import { fileURLToPath } from "node:url";
import {
  MEMORY_MARKER,
  MemoryWatch,
  parseMemoryMarker,
  readRssBytes,
} from "../../lib/runner/memory_watch.ts";
import { tempDir } from "../cli/_helpers.ts";

// Deno lets only an --allow-all process read /proc (`deno task test` grants less): the host
// watch is tested where it can work; the worker's own watcher thread needs no permission.
const procReadable = readRssBytes(Deno.pid) !== undefined;
const MODULE = new URL("../../lib/runner/memory_watch.ts", import.meta.url).href;
const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));

Deno.test({
  name: "readRssBytes sees touched typed-array memory that V8's heap limit does not cover",
  ignore: !procReadable,
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
  name: "the host watch fires once when a child's resident memory passes the cap",
  ignore: !procReadable,
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

Deno.test("the worker's watcher thread reports a crossing on stderr, with no permission at all", async () => {
  const script = `import { startSelfWatch } from ${JSON.stringify(MODULE)};
startSelfWatch(150 * 2 ** 20, 10);
const hoard = [];
for (let i = 0; i < 40; i++) {
  hoard.push(new Float64Array(2 ** 22).fill(1)); // 32 MiB each
  const t = performance.now();
  while (performance.now() - t < 20) {}
}
Deno.exit(0);`;
  await using dir = await tempDir("whest-watch-");
  await Deno.writeTextFile(`${dir.path}/hog.ts`, script);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", `--config=${CONFIG}`, "--no-prompt", "--deny-sys", `${dir.path}/hog.ts`],
    stdout: "null",
    stderr: "piped",
  }).output();
  const lines = new TextDecoder().decode(output.stderr).split("\n");
  const markers = lines.map(parseMemoryMarker).filter((m) => m !== undefined);
  assert.equal(markers.length, 1, lines.join("\n"));
  assert.equal(markers[0].limitBytes, 150 * 2 ** 20);
  assert.ok(markers[0].rssBytes > markers[0].limitBytes);
});

Deno.test("only a whole marker line parses", () => {
  assert.deepEqual(parseMemoryMarker(`${MEMORY_MARKER} rss=12 limit=10`), {
    rssBytes: 12,
    limitBytes: 10,
  });
  assert.equal(parseMemoryMarker(`[estimator] ${MEMORY_MARKER} rss=12 limit=10`), undefined);
  assert.equal(parseMemoryMarker(`${MEMORY_MARKER} rss=12`), undefined);
});
