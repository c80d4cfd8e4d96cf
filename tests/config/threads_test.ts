import assert from "@std/assert";
import { UsageError } from "../../lib/core/errors.ts";
import { applyThreads, parseThreadCount } from "../../lib/config/threads.ts";
import { MAX_THREADS, setWasmThreads, wasmThreads } from "../../lib/kernels/wasm/threads.ts";

function rejects(text: string, rule: RegExp) {
  assert.throws(() => parseThreadCount("--threads", text), (e: unknown) => {
    if (!(e instanceof UsageError)) return false;
    assert.match(e.message, /^--threads must be /);
    assert.match(e.message, rule);
    assert.ok(e.message.includes(`'${text}'`), `'${e.message}' quotes the value`);
    assert.equal(e.exitCode, 2);
    return true;
  });
}

Deno.test("thread counts are positive integers up to the kernels' maximum", () => {
  assert.equal(parseThreadCount("--threads", "1"), 1);
  assert.equal(parseThreadCount("--threads", " 4 "), 4);
  assert.equal(parseThreadCount("--threads", String(MAX_THREADS)), MAX_THREADS);
  rejects("0", /positive integer/);
  rejects("-2", /positive integer/);
  rejects("1.5", /positive integer/);
  rejects("two", /positive integer/);
  rejects("", /positive integer/);
  rejects(String(MAX_THREADS + 1), new RegExp(`at most ${MAX_THREADS}`));
});

Deno.test("applying a count sets the kernels' thread count; null returns to the default", () => {
  try {
    assert.equal(applyThreads(3), 3);
    assert.equal(wasmThreads(), 3);
    assert.equal(applyThreads(1), 1);
    assert.equal(wasmThreads(), 1);
    const fallback = applyThreads(null);
    assert.equal(fallback, wasmThreads());
    assert.ok(Number.isInteger(fallback) && fallback >= 1 && fallback <= MAX_THREADS);
  } finally {
    setWasmThreads(undefined);
  }
});
