/**
 * The worker's stdin reader: a thread of its own that reads host frames into fresh buffers and
 * hands them to the main thread without copying (the buffers are transferred).
 *
 * Reading on a separate thread lets the next MLP's weights arrive while the estimator is still
 * busy with the current one, so staging them costs the run no wall time. The thread is started
 * from a `data:` URL before the sandbox is installed: it needs no permission and no file, and
 * works the same under `deno run` and in the compiled binary. When stdin ends (the host closed
 * it, or died) or breaks, the thread ends the whole process after {@link EXIT_GRACE_MS}, so no
 * estimator outlives its host.
 *
 * @module
 */
import type { HostMessage } from "./messages.ts";
import {
  type Frame,
  FRAME_MAGIC,
  MAX_HEADER_BYTES,
  MAX_PAYLOAD_BYTES,
  parseHeader,
  PREFIX_BYTES,
  ProtocolError,
} from "./protocol.ts";

/** What the reader thread posts: a frame's raw parts, the end of input, or a fault. */
type ReaderMessage =
  | { readonly kind: "frame"; readonly header: Uint8Array; readonly payload: ArrayBuffer }
  | { readonly kind: "eof" }
  | { readonly kind: "error"; readonly message: string };

/**
 * Milliseconds the process may live on once its stdin has ended: enough for the main thread to
 * finish and exit on its own, short enough that a worker whose host died (stdin ends with the
 * host) is gone within 2 s even while an estimator spins on the main thread.
 */
export const EXIT_GRACE_MS = 1000;

/** The thread's body; runs in the reader thread, so it may only use its argument and globals. */
function readerMain(limits: {
  PREFIX_BYTES: number;
  FRAME_MAGIC: number;
  MAX_HEADER_BYTES: number;
  MAX_PAYLOAD_BYTES: number;
  EXIT_GRACE_MS: number;
}): void {
  const postMessage = (message: unknown, transfer: Transferable[] = []) =>
    (self as unknown as Worker).postMessage(message, transfer);
  // The end of stdin is the end of the host: whatever the main thread is doing, the process
  // goes. The thread kept the run grant it was started with (the main thread revokes its own
  // before estimator code runs), which is what Deno.kill needs.
  const post = (message: ReaderMessage, transfer: Transferable[] = []) => {
    postMessage(message, transfer);
    if (message.kind === "frame") return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, limits.EXIT_GRACE_MS);
    try {
      Deno.kill(Deno.pid, "SIGKILL");
    } catch {
      // nothing more this thread can do; the parent watch is the second line
    }
  };
  const readExact = (target: Uint8Array): number => {
    let got = 0;
    while (got < target.byteLength) {
      let n: number | null;
      try {
        n = Deno.stdin.readSync(target.subarray(got));
      } catch {
        n = null;
      }
      if (n === null) return got;
      got += n;
    }
    return got;
  };
  for (;;) {
    const prefix = new Uint8Array(limits.PREFIX_BYTES);
    const got = readExact(prefix);
    if (got === 0) return post({ kind: "eof" });
    if (got < prefix.byteLength) return post({ kind: "error", message: "stdin ended mid-frame" });
    const view = new DataView(prefix.buffer);
    const magic = view.getUint32(0, true);
    const headerBytes = view.getUint32(4, true);
    const payloadBytes = view.getUint32(8, true) + view.getUint32(12, true) * 2 ** 32;
    if (magic !== limits.FRAME_MAGIC) {
      return post({ kind: "error", message: `host frame has magic 0x${magic.toString(16)}` });
    }
    if (headerBytes > limits.MAX_HEADER_BYTES || payloadBytes > limits.MAX_PAYLOAD_BYTES) {
      return post({
        kind: "error",
        message: `host frame of ${headerBytes} + ${payloadBytes} bytes is too large`,
      });
    }
    const header = new Uint8Array(headerBytes);
    const payload = new ArrayBuffer(payloadBytes);
    const body = new Uint8Array(payload);
    if (readExact(header) < headerBytes || readExact(body) < payloadBytes) {
      return post({ kind: "error", message: "stdin ended mid-frame" });
    }
    post({ kind: "frame", header, payload }, [header.buffer, payload]);
  }
}

/** The reader thread's module source. */
export function readerSource(): string {
  const limits = { PREFIX_BYTES, FRAME_MAGIC, MAX_HEADER_BYTES, MAX_PAYLOAD_BYTES, EXIT_GRACE_MS };
  return `(${readerMain.toString()})(${JSON.stringify(limits)});`;
}

/**
 * Host frames as they arrive, one at a time. Only a worker process may start the reader: when
 * its stdin ends, the thread ends the whole process, so this example is not run as a test.
 *
 * @example
 * ```ts ignore
 * import { startStdinReader } from "./stdin_reader.ts";
 * const frames = startStdinReader();
 * const first = await frames.next(); // null at the end of input
 * ```
 */
export interface FrameSource {
  /**
   * The next frame, or null once stdin has ended.
   *
   * @throws {ProtocolError} When the host broke the format (the stream is then unusable).
   */
  next(): Promise<Frame<HostMessage> | null>;
}

/**
 * Starts the reader thread on this process's stdin. Call once, before the sandbox is installed.
 *
 * @returns The frame source.
 */
export function startStdinReader(): FrameSource {
  const queue: (Frame<HostMessage> | null | ProtocolError)[] = [];
  let waiter: (() => void) | undefined;
  const bytes = new TextEncoder().encode(readerSource());
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  const thread = new Worker(`data:text/javascript;base64,${btoa(binary)}`, { type: "module" });
  const push = (item: Frame<HostMessage> | null | ProtocolError) => {
    queue.push(item);
    waiter?.();
    waiter = undefined;
  };
  thread.onmessage = (event: MessageEvent<ReaderMessage>) => {
    const message = event.data;
    if (message.kind === "eof") return push(null);
    if (message.kind === "error") return push(new ProtocolError(message.message));
    try {
      push({ header: parseHeader<HostMessage>(message.header), payload: message.payload });
    } catch (error) {
      push(error as ProtocolError);
    }
  };
  thread.onerror = (event) => {
    event.preventDefault();
    push(new ProtocolError(`stdin reader thread failed: ${event.message}`));
  };
  return {
    async next() {
      while (queue.length === 0) await new Promise<void>((resolve) => waiter = resolve);
      const item = queue.shift()!;
      if (item instanceof ProtocolError) throw item;
      return item;
    },
  };
}
