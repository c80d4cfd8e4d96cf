/**
 * The wire format between the host and the sandboxed worker: length-prefixed binary frames.
 *
 * A frame is a 16-byte prefix (magic, header length, payload length as two 32-bit halves, all
 * little-endian), a UTF-8 JSON header, then a raw payload. The magic makes a desynchronised
 * stream fail loudly instead of being misread. The messages the frames carry, and their raw
 * float payloads, are in messages.ts.
 *
 * @module
 */

/** First word of every frame: "WHST" in ASCII, read as a little-endian uint32. */
export const FRAME_MAGIC = 0x54534857;
/** Bytes before the header: magic, header length, payload length (low, high). */
export const PREFIX_BYTES = 16;
/** Largest header accepted (logs are capped well below this by the captured console). */
export const MAX_HEADER_BYTES = 64 * 1024 * 1024;
/** Largest payload accepted: 2^40 bytes, far above any MLP's weights. */
export const MAX_PAYLOAD_BYTES = 2 ** 40;

/** One decoded frame: its parsed header and its payload (an exactly sized buffer). */
export interface Frame<T> {
  /** The parsed JSON header. */
  readonly header: T;
  /** The raw payload, in a buffer of its own (empty when the frame has none). */
  readonly payload: ArrayBuffer;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Encodes a frame as a list of chunks to write in order: the prefix with the header, then the
 * payload chunks as given (not copied, so 64 MiB of weights are never concatenated).
 *
 * @param header The JSON header.
 * @param payload Raw payload chunks (default none).
 * @returns The chunks; their concatenation is the frame.
 * @example
 * ```ts
 * import { encodeFrame } from "./protocol.ts";
 * const chunks = encodeFrame({ type: "close" });
 * console.log(chunks.length); // 1
 * ```
 */
export function encodeFrame(header: object, payload: readonly Uint8Array[] = []): Uint8Array[] {
  const json = encoder.encode(JSON.stringify(header));
  const payloadBytes = payload.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const head = new Uint8Array(PREFIX_BYTES + json.byteLength);
  writePrefix(head, json.byteLength, payloadBytes);
  head.set(json, PREFIX_BYTES);
  return [head, ...payload.filter((chunk) => chunk.byteLength > 0)];
}

/**
 * Encodes a small frame as one buffer (the worker's replies).
 *
 * @param header The JSON header.
 * @param payload Raw payload bytes (default none).
 */
export function encodeFrameBytes(header: object, payload?: Uint8Array): Uint8Array {
  const chunks = encodeFrame(header, payload ? [payload] : []);
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks[0].byteLength + chunks[1].byteLength);
  out.set(chunks[0]);
  out.set(chunks[1], chunks[0].byteLength);
  return out;
}

function writePrefix(target: Uint8Array, headerBytes: number, payloadBytes: number): void {
  const view = new DataView(target.buffer, target.byteOffset, PREFIX_BYTES);
  view.setUint32(0, FRAME_MAGIC, true);
  view.setUint32(4, headerBytes, true);
  view.setUint32(8, payloadBytes % 2 ** 32, true);
  view.setUint32(12, Math.floor(payloadBytes / 2 ** 32), true);
}

/** The header and payload lengths a prefix announces. */
export interface FramePrefix {
  /** Bytes of JSON header after the prefix. */
  readonly headerBytes: number;
  /** Bytes of raw payload after the header. */
  readonly payloadBytes: number;
}

/**
 * Reads and checks a frame prefix.
 *
 * @param bytes At least {@link PREFIX_BYTES} bytes.
 * @throws {ProtocolError} On a wrong magic or an over-large header or payload.
 */
export function parsePrefix(bytes: Uint8Array): FramePrefix {
  const view = new DataView(bytes.buffer, bytes.byteOffset, PREFIX_BYTES);
  const magic = view.getUint32(0, true);
  if (magic !== FRAME_MAGIC) {
    throw new ProtocolError(
      `frame starts with 0x${magic.toString(16).padStart(8, "0")}, not the magic 0x${
        FRAME_MAGIC.toString(16)
      }`,
    );
  }
  const headerBytes = view.getUint32(4, true);
  const payloadBytes = view.getUint32(8, true) + view.getUint32(12, true) * 2 ** 32;
  if (headerBytes > MAX_HEADER_BYTES) {
    throw new ProtocolError(`frame header of ${headerBytes} bytes exceeds ${MAX_HEADER_BYTES}`);
  }
  if (payloadBytes > MAX_PAYLOAD_BYTES) {
    throw new ProtocolError(`frame payload of ${payloadBytes} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  }
  return { headerBytes, payloadBytes };
}

/**
 * Parses a header's JSON into an object with a string `type`.
 *
 * @param bytes The header bytes.
 * @throws {ProtocolError} When it is not JSON or has no `type`.
 */
export function parseHeader<T>(bytes: Uint8Array): T {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw new ProtocolError(`frame header is not JSON: ${(error as Error).message}`);
  }
  if (
    typeof value !== "object" || value === null ||
    typeof (value as { type?: unknown }).type !== "string"
  ) {
    throw new ProtocolError("frame header has no string 'type'");
  }
  return value as T;
}

/** The stream broke the frame format; the connection cannot be trusted any more. */
export class ProtocolError extends Error {
  /**
   * Creates the error.
   *
   * @param message One line saying what was wrong.
   */
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

/**
 * Incremental frame decoder for a byte stream that arrives in arbitrary chunks (the host's
 * view of the worker's stdout). A payload is copied once, straight into its own buffer.
 *
 * @example
 * ```ts
 * import { encodeFrameBytes, FrameDecoder } from "./protocol.ts";
 * const frames = new FrameDecoder<{ type: string }>().push(encodeFrameBytes({ type: "ready" }));
 * console.log(frames[0].header.type); // "ready"
 * ```
 */
export class FrameDecoder<T> {
  #pending: Uint8Array = new Uint8Array(0);
  #prefix: FramePrefix | undefined;
  #header: T | undefined;
  #payload: Uint8Array | undefined;
  #filled = 0;

  /**
   * Feeds bytes in; returns every frame they complete, in order.
   *
   * @param chunk The next bytes of the stream.
   * @throws {ProtocolError} When the stream breaks the format.
   */
  push(chunk: Uint8Array): Frame<T>[] {
    const frames: Frame<T>[] = [];
    let input = chunk;
    while (input.byteLength > 0) {
      if (this.#payload !== undefined) {
        const take = Math.min(input.byteLength, this.#payload.byteLength - this.#filled);
        this.#payload.set(input.subarray(0, take), this.#filled);
        this.#filled += take;
        input = input.subarray(take);
        if (this.#filled === this.#payload.byteLength) frames.push(this.#finish());
        continue;
      }
      this.#pending = concat(this.#pending, input);
      input = new Uint8Array(0);
      frames.push(...this.#drainPending());
    }
    return frames;
  }

  /** Whether a frame is partly received (EOF now would cut it). */
  get midFrame(): boolean {
    return this.#pending.byteLength > 0 || this.#payload !== undefined;
  }

  #drainPending(): Frame<T>[] {
    const frames: Frame<T>[] = [];
    for (;;) {
      if (this.#prefix === undefined) {
        if (this.#pending.byteLength < PREFIX_BYTES) return frames;
        this.#prefix = parsePrefix(this.#pending);
        this.#pending = this.#pending.subarray(PREFIX_BYTES);
      }
      if (this.#pending.byteLength < this.#prefix.headerBytes) return frames;
      this.#header = parseHeader<T>(this.#pending.subarray(0, this.#prefix.headerBytes));
      this.#pending = this.#pending.subarray(this.#prefix.headerBytes);
      this.#payload = new Uint8Array(this.#prefix.payloadBytes);
      const take = Math.min(this.#pending.byteLength, this.#payload.byteLength);
      this.#payload.set(this.#pending.subarray(0, take));
      this.#filled = take;
      this.#pending = this.#pending.slice(take);
      if (this.#filled < this.#payload.byteLength) {
        // the rest of a large payload is copied straight into place by push()
        return frames;
      }
      frames.push(this.#finish());
    }
  }

  #finish(): Frame<T> {
    const frame = { header: this.#header as T, payload: this.#payload!.buffer as ArrayBuffer };
    this.#prefix = undefined;
    this.#header = undefined;
    this.#payload = undefined;
    this.#filled = 0;
    return frame;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b.slice();
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}
