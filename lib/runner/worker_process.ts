/**
 * One sandboxed worker process as the host sees it: how it is launched (flags, permissions,
 * environment), frames written to its stdin in order, frames read from its stdout, its stderr
 * kept for diagnostics, its memory watched, and the one reason it died.
 *
 * @module
 */
import { envVar } from "../core/env.ts";
import { fileURLToPath } from "node:url";
import { atInterrupt } from "./interrupt.ts";
import { MemoryWatch, parseMemoryMarker } from "./memory_watch.ts";
import type { WorkerMessage } from "./messages.ts";
import { encodeFrame, type Frame, FrameDecoder, type ProtocolError } from "./protocol.ts";

/** The worker's own entry module, run by the child from a checkout. */
const WORKER_ENTRY = new URL("./worker_entry.ts", import.meta.url);
/** The project's deno.json (its import map), passed to the child from a checkout. */
const CONFIG_FILE = new URL("../../deno.json", import.meta.url);
/** The project's lockfile: the child resolves exactly the host's package versions. */
const LOCK_FILE = new URL("../../deno.lock", import.meta.url);
/** The subcommand a bundle or a compiled binary spawns itself under. */
export const WORKER_COMMAND_NAME = "__worker";
/**
 * The one program the worker may "run": a path that can never exist (`/dev/null` is not a
 * directory). Deno lets any run grant call `Deno.kill`, which is all the worker's guard
 * threads need to end the process when the host goes away; the main thread revokes even this
 * before any estimator code runs, and the threads keep their own copy.
 */
export const GUARD_RUN_GRANT = "/dev/null/whest-worker-guard";
/** Lines of the worker's stderr kept for error messages. */
const STDERR_TAIL_LINES = 20;

/** How to start a worker process. */
export interface WorkerLaunch {
  /** The executable (`Deno.execPath()`). */
  readonly command: string;
  /** Its arguments. */
  readonly args: readonly string[];
  /** Its working directory. */
  readonly cwd: string;
  /** Its whole environment (the host's is not inherited). */
  readonly env: Readonly<Record<string, string>>;
}

/** What a worker may touch and how much memory it may use. */
export interface LaunchOptions {
  /** Directories the worker may read (the estimator's own directory, the scratch directory). */
  readonly readRoots: readonly string[];
  /** Directories the worker may write (the scratch directory). */
  readonly writeRoots: readonly string[];
  /** The working directory. */
  readonly cwd: string;
  /** V8's old-space cap in MB (typed arrays are capped by the host's memory watch instead). */
  readonly memoryLimitMb: number;
  /** Kernel threads the worker uses (the host's own setting). */
  readonly threads: number;
  /**
   * The BLAS file the worker's kernels open before any estimator code runs: the worker may then
   * load that one file (`--allow-ffi=<file>`), and revokes even that before the estimator loads.
   */
  readonly blasPath?: string;
  /** Whether the worker's BLAS backs np.linalg with its LAPACK too (the host's setting). */
  readonly lapack?: boolean;
}

/**
 * Whether this program runs as a `deno compile` binary: its modules are then served from the
 * binary's embedded file system, whose root directory is named `deno-compile-<binary>`.
 *
 * @param moduleUrl A module URL of this program; default this module's.
 */
export function isCompiledBinary(moduleUrl: string = import.meta.url): boolean {
  return new URL(moduleUrl).pathname.split("/").some((part) => part.startsWith("deno-compile-"));
}

/** How this program was started, which decides how it starts its worker. */
export type LaunchKind = "checkout" | "bundle" | "compiled";

/**
 * Whether this program runs as one bundled file (`deno task bundle`'s `dist/whest.js`): every
 * module then shares the bundle's URL, which is also the main module's.
 *
 * @param moduleUrl A module URL of this program; default this module's.
 * @param mainModule The main module's URL; default `Deno.mainModule`.
 */
export function isBundle(
  moduleUrl: string = import.meta.url,
  mainModule: string = Deno.mainModule,
): boolean {
  return moduleUrl === mainModule && !moduleUrl.endsWith(".ts");
}

/** How this process was started: a `deno compile` binary, a bundle, or a checkout. */
export function launchKind(): LaunchKind {
  if (isCompiledBinary()) return "compiled";
  return isBundle() ? "bundle" : "checkout";
}

/**
 * The command line of a worker. From a checkout the child is
 * `deno run -q --no-prompt --config=<deno.json> --lock=<deno.lock> --frozen --cached-only
 * --no-remote --deny-net --allow-run=<guard> --deny-env --deny-ffi --deny-sys
 * --allow-read=<roots> --allow-write=<scratch> --v8-flags=--max-old-space-size=<MB>
 * lib/runner/worker_entry.ts --threads N --memory-limit-mb MB`; a bundle runs itself the same
 * way with `--no-config --no-lock --no-npm` and the `__worker` subcommand. Module loading needs
 * no read permission, so the roots are all it gets. A compiled binary takes no runtime flags
 * (its own are baked in), so it spawns itself with `__worker` and the worker revokes what it
 * does not need before any estimator code runs.
 *
 * @param options Roots, working directory and memory cap.
 * @param kind How this program was started; default detected ({@link launchKind}).
 * @returns The launch description.
 */
export function workerLaunch(options: LaunchOptions, kind = launchKind()): WorkerLaunch {
  const compiled = kind === "compiled";
  const env = childEnvironment(compiled);
  const workerArgs = [
    "--threads",
    String(options.threads),
    "--memory-limit-mb",
    String(options.memoryLimitMb),
    ...(options.blasPath === undefined ? [] : ["--blas", options.blasPath]),
    ...(options.blasPath !== undefined && options.lapack ? ["--lapack"] : []),
  ];
  if (compiled) {
    return {
      command: Deno.execPath(),
      args: [WORKER_COMMAND_NAME, ...workerArgs],
      cwd: options.cwd,
      env,
    };
  }
  // Nothing is resolved or fetched: a bundle imports nothing, and a checkout's worker reads the
  // host's lockfile, frozen, from the cache the host itself was loaded from.
  const resolution = kind === "bundle" ? ["--no-config", "--no-lock", "--no-remote", "--no-npm"] : [
    `--config=${fileURLToPath(CONFIG_FILE)}`,
    `--lock=${fileURLToPath(LOCK_FILE)}`,
    "--frozen",
    "--cached-only",
    "--no-remote",
  ];
  const args = [
    "run",
    "-q",
    "--no-prompt",
    ...resolution,
    "--deny-net",
    `--allow-run=${GUARD_RUN_GRANT}`,
    "--deny-env",
    options.blasPath === undefined ? "--deny-ffi" : `--allow-ffi=${options.blasPath}`,
    "--deny-sys",
  ];
  if (options.readRoots.length > 0) args.push(`--allow-read=${options.readRoots.join(",")}`);
  if (options.writeRoots.length > 0) args.push(`--allow-write=${options.writeRoots.join(",")}`);
  args.push(`--v8-flags=--max-old-space-size=${Math.max(16, Math.floor(options.memoryLimitMb))}`);
  if (kind === "bundle") args.push(Deno.mainModule, WORKER_COMMAND_NAME, ...workerArgs);
  else args.push(WORKER_ENTRY.href, ...workerArgs);
  return { command: Deno.execPath(), args, cwd: options.cwd, env };
}

/**
 * The child's environment: only what `deno run` needs to find its module cache (HOME,
 * DENO_DIR, XDG_CACHE_HOME), and NO_COLOR so runtime messages stay plain.
 */
function childEnvironment(compiled: boolean): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };
  if (compiled) return env;
  for (const name of ["HOME", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const value = envVar(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Why a worker stopped answering. */
export type WorkerDeath =
  | { readonly reason: "timeout"; readonly afterS: number }
  | { readonly reason: "memory"; readonly rssBytes: number; readonly limitBytes: number }
  | { readonly reason: "exited"; readonly detail: string; readonly outOfMemory: boolean }
  | { readonly reason: "protocol"; readonly detail: string }
  | { readonly reason: "broken_pipe"; readonly detail: string }
  | { readonly reason: "io"; readonly detail: string };

/** Thrown by {@link WorkerProcess} calls once the worker is dead or unusable. */
export class WorkerGone extends Error {
  /**
   * Creates the error.
   *
   * @param death Why the worker stopped.
   */
  constructor(readonly death: WorkerDeath) {
    super(`worker gone: ${death.reason}`);
    this.name = "WorkerGone";
  }
}

/**
 * One line saying why a process failed, from the tail of its stderr: Deno's last `error:`
 * message with the causes it lists below it (`    0: ...`, numbered) joined on one line.
 *
 * @param lines The stderr tail.
 * @returns At most 300 characters; empty when stderr said nothing.
 * @example
 * ```ts
 * import { stderrCause } from "./worker_process.ts";
 * stderrCause(["error: Module not found", "    0: dns error"]); // "Module not found: dns error"
 * ```
 */
export function stderrCause(lines: readonly string[]): string {
  const text = lines.map((line) => line.trim()).filter((line) => line !== "");
  const start = text.findLastIndex((line) => /^error:/i.test(line));
  let picked = start >= 0 ? text.slice(start) : text.slice(-1);
  const backtrace = picked.findIndex((line) => /^Stack backtrace:/i.test(line));
  if (backtrace >= 0) picked = picked.slice(0, backtrace);
  return picked
    .filter((line) => !/^Caused by:$/i.test(line))
    .map((line) => line.replace(/^error:\s*/i, "").replace(/^\d+:\s*/, ""))
    .join(": ")
    .slice(0, 300);
}

/** Matches what V8 prints when a heap limit stops the process. */
const V8_OOM =
  /heap out of memory|Reached heap limit|Fatal JavaScript out of memory|invalid array length/i;

/**
 * A running worker process. Frames are written in call order; replies are read one at a time
 * with a deadline, and `log` frames are handed to `onLog` as they pass.
 */
export class WorkerProcess {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #decoder = new FrameDecoder<WorkerMessage>();
  readonly #queue: Frame<WorkerMessage>[] = [];
  readonly #onLog: (lines: readonly string[]) => void;
  readonly #watch: MemoryWatch;
  readonly #stderrTail: string[] = [];
  readonly #pumps: Promise<void>[];
  readonly #releaseInterrupt: () => void;
  #wake: (() => void) | undefined;
  #writes: Promise<void> = Promise.resolve();
  #death: WorkerDeath | undefined;
  #ended = false;
  #status: Deno.CommandStatus | undefined;

  /**
   * Spawns the worker.
   *
   * @param launch The command line ({@link workerLaunch}).
   * @param memoryLimitMb The resident-memory cap enforced by polling.
   * @param onLog Receives the estimator's console lines.
   */
  constructor(
    launch: WorkerLaunch,
    memoryLimitMb: number,
    onLog: (lines: readonly string[]) => void,
  ) {
    this.#onLog = onLog;
    this.#child = new Deno.Command(launch.command, {
      args: [...launch.args],
      cwd: launch.cwd,
      env: { ...launch.env },
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#releaseInterrupt = atInterrupt(() => this.#child.kill("SIGKILL"));
    this.#writer = this.#child.stdin.getWriter();
    const limitBytes = memoryLimitMb * 2 ** 20;
    this.#watch = new MemoryWatch(this.#child.pid, limitBytes, (rssBytes) => {
      this.#kill({ reason: "memory", rssBytes, limitBytes });
    });
    this.#pumps = [this.#pumpStdout(), this.#pumpStderr()];
  }

  /** The process id. */
  get pid(): number {
    return this.#child.pid;
  }

  /** Why the worker died, once it has. */
  get death(): WorkerDeath | undefined {
    return this.#death;
  }

  /**
   * Queues a frame for the worker's stdin (payload chunks are written as given, not copied).
   *
   * @param header The message.
   * @param payload Raw payload chunks.
   * @returns Resolves once written; rejects with {@link WorkerGone} on a broken pipe.
   */
  send(header: object, payload: readonly Uint8Array[] = []): Promise<void> {
    const chunks = encodeFrame(header, payload);
    const write = this.#writes.then(async () => {
      if (this.#death) throw new WorkerGone(this.#death);
      try {
        for (const chunk of chunks) await this.#writer.write(chunk);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        const reason = /broken pipe|closed|EPIPE/i.test(detail) ? "broken_pipe" : "io";
        this.#kill({ reason, detail } as WorkerDeath);
        throw new WorkerGone(this.#death!);
      }
    });
    this.#writes = write.catch(() => {});
    return write;
  }

  /**
   * Waits for the next reply that is not a log frame.
   *
   * @param timeoutS Seconds to wait before killing the worker (its death is then "timeout").
   * @throws {WorkerGone} When the worker died, broke the protocol or timed out.
   */
  async next(timeoutS: number): Promise<Frame<WorkerMessage>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (Number.isFinite(timeoutS)) {
      timer = setTimeout(
        () => this.#kill({ reason: "timeout", afterS: timeoutS }),
        timeoutS * 1000,
      );
    }
    try {
      for (;;) {
        const frame = this.#queue.shift();
        if (frame) {
          if (frame.header.type === "log") {
            this.#onLog(Array.isArray(frame.header.lines) ? frame.header.lines.map(String) : []);
            continue;
          }
          return frame;
        }
        if (this.#death) throw new WorkerGone(this.#death);
        if (this.#ended) {
          await this.#settle();
          throw new WorkerGone(this.#death!);
        }
        await new Promise<void>((resolve) => this.#wake = resolve);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the worker (if alive), waits for it and releases its pipes; safe to call twice. */
  async close(): Promise<void> {
    if (this.#status === undefined) this.#kill(this.#death ?? { reason: "io", detail: "closed" });
    await this.#settle();
    await Promise.all(this.#pumps);
  }

  /** The last lines the worker wrote to stderr (runtime messages; estimators cannot write there). */
  get stderrTail(): string {
    return this.#stderrTail.join("\n");
  }

  #kill(death: WorkerDeath): void {
    this.#death ??= death;
    this.#watch.stop();
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // already exited
    }
    this.#notify();
  }

  /** Waits for the exit status and, when nothing else explains the death, records the exit. */
  async #settle(): Promise<void> {
    this.#status ??= await this.#child.status;
    this.#releaseInterrupt();
    this.#watch.stop();
    if (this.#death) return;
    const { code, signal } = this.#status;
    const cause = stderrCause(this.#stderrTail);
    const last = cause ? `: ${cause}` : "";
    this.#death = {
      reason: "exited",
      detail: `${signal ? `killed by ${signal}` : `exited with code ${code}`}${last}`,
      outOfMemory: V8_OOM.test(this.stderrTail),
    };
  }

  #notify(): void {
    this.#wake?.();
    this.#wake = undefined;
  }

  async #pumpStdout(): Promise<void> {
    const reader = this.#child.stdout.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        try {
          this.#queue.push(...this.#decoder.push(value));
        } catch (error) {
          this.#kill({ reason: "protocol", detail: (error as ProtocolError).message });
          break;
        }
        this.#notify();
      }
    } catch (error) {
      if (!this.#death) this.#death = { reason: "io", detail: String(error) };
    } finally {
      await reader.cancel().catch(() => {});
      if (this.#decoder.midFrame && !this.#death) {
        this.#death = { reason: "protocol", detail: "the worker's output ended mid-frame" };
      }
      this.#ended = true;
      this.#notify();
    }
  }

  async #pumpStderr(): Promise<void> {
    const decoder = new TextDecoder();
    let partial = "";
    try {
      for await (const chunk of this.#child.stderr) {
        const lines = (partial + decoder.decode(chunk, { stream: true })).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          const over = parseMemoryMarker(line);
          if (over) this.#kill({ reason: "memory", ...over });
        }
        this.#stderrTail.push(...lines);
        this.#stderrTail.splice(0, Math.max(0, this.#stderrTail.length - STDERR_TAIL_LINES));
        // keep an over-long partial line from growing without bound
        partial = partial.slice(-4096);
      }
    } catch {
      // the pipe broke with the process: the tail so far is what we have
    }
    if (partial) this.#stderrTail.push(partial);
  }
}
