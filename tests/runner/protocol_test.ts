import assert from "@std/assert";
import {
  mlpFromPayload,
  mlpHeader,
  predictionsFromPayload,
  weightChunks,
} from "../../lib/runner/messages.ts";
import {
  encodeFrame,
  encodeFrameBytes,
  FRAME_MAGIC,
  FrameDecoder,
  PREFIX_BYTES,
  ProtocolError,
} from "../../lib/runner/protocol.ts";
import type { MlpSpec } from "../../lib/contract/mlp.ts";

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

function testMlp(width: number, depth: number): MlpSpec {
  const weights = Array.from({ length: depth }, (_, l) => {
    const w = new Float32Array(width * width);
    for (let i = 0; i < w.length; i++) w[i] = Math.fround((i - l * 7) / 3 + 0.1);
    return w;
  });
  return { name: "mlp-3", width, depth, seed: 4242, weights };
}

Deno.test("the prefix is magic, header length and payload length, little-endian", () => {
  const frame = encodeFrameBytes({ type: "x" }, new Uint8Array(5));
  const view = new DataView(frame.buffer);
  assert.equal(view.getUint32(0, true), FRAME_MAGIC);
  assert.equal(new TextDecoder().decode(frame.subarray(0, 4)), "WHST");
  const headerBytes = view.getUint32(4, true);
  assert.equal(headerBytes, '{"type":"x"}'.length);
  assert.equal(view.getUint32(8, true), 5);
  assert.equal(view.getUint32(12, true), 0);
  assert.equal(frame.byteLength, PREFIX_BYTES + headerBytes + 5);
});

Deno.test("weights travel as raw float32 bytes and come back bit for bit, without JSON numbers", () => {
  const mlp = testMlp(5, 3);
  const chunks = encodeFrame({ type: "predict", mlp: mlpHeader(mlp) }, weightChunks(mlp));
  // the payload chunks are views of the weights themselves, not copies
  assert.equal(chunks[1].buffer, mlp.weights[0].buffer);
  const bytes = concat(chunks);
  const header = new TextDecoder().decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + 100));
  assert.ok(!header.includes(String(mlp.weights[0][1])), "weights must not appear as JSON");
  const [frame] = new FrameDecoder<{ type: string; mlp: ReturnType<typeof mlpHeader> }>().push(
    bytes,
  );
  const back = mlpFromPayload(frame.header.mlp, frame.payload);
  assert.deepEqual({ ...back, weights: [] }, { ...mlp, weights: [] });
  for (let l = 0; l < 3; l++) assert.deepEqual(back.weights[l], mlp.weights[l]);
});

Deno.test("the decoder reassembles frames split at every byte boundary", () => {
  const values = new Float64Array([1.5, -0, NaN, Infinity, 1e-310]);
  const stream = concat([
    encodeFrameBytes({ type: "log", lines: ["a", "ü"] }),
    encodeFrameBytes(
      { type: "result", predictions: { shape: [5], dtype: "float64" } },
      new Uint8Array(values.buffer),
    ),
    encodeFrameBytes({ type: "closed" }),
  ]);
  for (let cut = 1; cut < stream.byteLength; cut++) {
    const decoder = new FrameDecoder<{ type: string }>();
    const frames = [
      ...decoder.push(stream.subarray(0, cut)),
      ...decoder.push(stream.subarray(cut)),
    ];
    assert.deepEqual(frames.map((f) => f.header.type), ["log", "result", "closed"]);
    const back = predictionsFromPayload([5], "float64", frames[1].payload).values;
    assert.deepEqual(
      Array.from(new Uint8Array(back.buffer)),
      Array.from(new Uint8Array(values.buffer)),
    );
    assert.equal(decoder.midFrame, false);
  }
});

Deno.test("payloads are exact-size buffers, so float views over them are aligned", () => {
  const stream = concat([
    encodeFrameBytes({ type: "a" }, new Uint8Array(3)),
    encodeFrameBytes({ type: "bb" }, new Uint8Array(new Float32Array([1, 2]).buffer)),
  ]);
  const frames = new FrameDecoder<{ type: string }>().push(stream);
  assert.equal(frames[1].payload.byteLength, 8);
  assert.deepEqual(Array.from(new Float32Array(frames[1].payload)), [1, 2]);
});

Deno.test("a stream that is not frames is refused at once", () => {
  const decoder = new FrameDecoder();
  assert.throws(
    () => decoder.push(new TextEncoder().encode("hello, this is not a frame")),
    ProtocolError,
  );
  const bad = encodeFrameBytes({ type: "x" });
  bad[PREFIX_BYTES] = "[".charCodeAt(0);
  assert.throws(() => new FrameDecoder().push(bad), /not JSON/);
  assert.throws(() => new FrameDecoder().push(encodeFrameBytes({ kind: "x" })), /'type'/);
});

Deno.test("a partial frame is visible as midFrame (EOF there is a protocol error)", () => {
  const decoder = new FrameDecoder();
  const frame = encodeFrameBytes({ type: "x" }, new Uint8Array(10));
  assert.deepEqual(decoder.push(frame.subarray(0, frame.byteLength - 1)), []);
  assert.equal(decoder.midFrame, true);
});
