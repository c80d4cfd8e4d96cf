import assert from "@std/assert";
import { denortAvailable } from "../../build/_denort.ts";
import { parseThreads, setWasmThreads, wasmThreads } from "../../../lib/kernels/wasm/threads.ts";
import { createWasmKernels } from "../../../lib/kernels/wasm/mod.ts";

const PROBE = new URL("./_probe.ts", import.meta.url).href;

interface ProbeResult {
  name: string;
  workerJobs: number;
  same: boolean;
}

async function probe(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ProbeResult> {
  const cwd = Deno.makeTempDirSync({ prefix: "whest-threads-test-" });
  const { code, stdout, stderr } = await new Deno.Command(command, {
    args,
    env,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output().finally(() => Deno.removeSync(cwd, { recursive: true }));
  const text = new TextDecoder().decode(stdout).trim();
  assert.equal(code, 0, `probe exited ${code}: ${new TextDecoder().decode(stderr)}`);
  return JSON.parse(text);
}

const cores = Math.max(1, navigator.hardwareConcurrency || 1);

Deno.test("wasm threads: counts outside 1..256 or not integers are rejected with the value quoted", () => {
  assert.equal(parseThreads(" 4 ", "WHEST_THREADS"), 4);
  assert.throws(
    () => parseThreads("0", "WHEST_THREADS"),
    /WHEST_THREADS must be an integer from 1 to 256, got "0"/,
  );
  assert.throws(() => parseThreads("two", "WHEST_THREADS"), /got "two"/);
  assert.throws(() => parseThreads(1.5, "threads"), /threads must be an integer/);
});

Deno.test("wasm threads: the setter wins, and backends without a fixed count follow it", () => {
  const backend = createWasmKernels();
  try {
    setWasmThreads(3);
    assert.equal(wasmThreads(), 3);
    assert.equal(backend.threads, 3);
    assert.match(backend.name, /-x3$/);
    setWasmThreads(undefined);
    assert.equal(backend.threads, wasmThreads());
  } finally {
    setWasmThreads(undefined);
    backend.close();
  }
});

Deno.test("wasm threads: a sandboxed subprocess (no read, write, net, run or env) runs the workers", async () => {
  const result = await probe(Deno.execPath(), [
    "run",
    "--no-prompt",
    "--deny-read",
    "--deny-write",
    "--deny-net",
    "--deny-run",
    "--deny-env",
    PROBE,
  ], { WHEST_THREADS: "1" });
  // WHEST_THREADS is unreadable without env permission, so it counts as unset: all cores
  assert.equal(result.name.endsWith(`-x${cores}`), true, result.name);
  assert.equal(result.same, true);
  if (cores > 1) assert.ok(result.workerJobs > 0, "no job ran on a worker thread");
});

Deno.test("wasm threads: WHEST_THREADS sets the count when env permission is granted", async () => {
  const result = await probe(Deno.execPath(), [
    "run",
    "--no-prompt",
    "--allow-env=WHEST_THREADS",
    PROBE,
  ], {
    WHEST_THREADS: "1",
  });
  assert.match(result.name, /-x1$/);
  assert.equal(result.workerJobs, 0);
  assert.equal(result.same, true);
});

const LONG = Deno.env.get("WHEST_LONG_TESTS") === "1";
const canCompile = LONG && await denortAvailable();
if (LONG && !canCompile) {
  console.log("SKIPPED: the compiled-binary thread test needs denort (set DENORT_BIN)");
}

Deno.test({
  name: "wasm threads: a deno compile binary runs the workers from embedded code (long)",
  ignore: !canCompile,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "whest-threads-test-" });
    try {
      const binary = `${dir}/probe${Deno.build.os === "windows" ? ".exe" : ""}`;
      const compile = await new Deno.Command(Deno.execPath(), {
        args: ["compile", "--no-prompt", "--output", binary, PROBE],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const log = new TextDecoder().decode(compile.stderr);
      assert.equal(compile.code, 0, `deno compile failed: ${log}`);
      const result = await probe(binary, []);
      assert.match(result.name, new RegExp(`-x${cores}$`));
      assert.equal(result.same, true);
      if (cores > 1) assert.ok(result.workerJobs > 0, "no job ran on a worker thread");
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
