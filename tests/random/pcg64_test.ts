import assert from "@std/assert";
import { PCG64 } from "../../lib/random/pcg64.ts";
import { SeedSequence } from "../../lib/random/seed_sequence.ts";
import { hex, loadFixture } from "./_fixtures.ts";

interface PcgCase {
  entropy: string;
  state_after_seeding: string;
  inc: string;
  first_raw_u64: string[];
}

const cases = loadFixture<{ pcg64: PcgCase[] }>("numpy-rng-vectors.json").pcg64;
const MULT = 0x2360ed051fc65da44385df649fccf645n;
const MASK128 = (1n << 128n) - 1n;

/** A BigInt PCG64 (XSL-RR) written from the definition, as the naive reference. */
function referenceDraws(state: bigint, inc: bigint, n: number): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    state = (state * MULT + inc) & MASK128;
    const x = ((state >> 64n) ^ state) & 0xffffffffffffffffn;
    const rot = state >> 122n;
    out.push(((x >> rot) | (x << ((64n - rot) & 63n))) & 0xffffffffffffffffn);
  }
  return out;
}

Deno.test("PCG64 seeding matches numpy's state and increment", () => {
  for (const c of cases) {
    const { state, inc, hasUint32 } = new PCG64(new SeedSequence(BigInt(c.entropy))).state;
    assert.equal(hex(state), c.state_after_seeding, `state for ${c.entropy}`);
    assert.equal(hex(inc), c.inc);
    assert.equal(hasUint32, false);
  }
});

Deno.test("PCG64 raw outputs match numpy's first draws", () => {
  for (const c of cases) {
    const bits = new PCG64(new SeedSequence(BigInt(c.entropy)));
    const raw = c.first_raw_u64.map(() => hex(bits.nextUint64()));
    assert.deepEqual(raw, c.first_raw_u64, `raw draws for ${c.entropy}`);
  }
});

Deno.test("fillRaw agrees with the BigInt definition over 100,000 draws (carry edge cases)", () => {
  // The fast carry estimate falls back to an exact step about once per 10^4 draws; this many
  // draws exercises that path several times.
  const bits = new PCG64(new SeedSequence(2024));
  const { state, inc } = bits.state;
  const n = 100_000;
  const words = new Int32Array(2 * n);
  bits.fillRaw(words, n);
  const expected = referenceDraws(state, inc, n);
  for (let k = 0; k < n; k++) {
    const got = (BigInt(words[2 * k + 1] >>> 0) << 32n) | BigInt(words[2 * k] >>> 0);
    if (got !== expected[k]) assert.fail(`draw ${k}: ${hex(got)} != ${hex(expected[k])}`);
  }
  assert.equal(
    bits.state.state,
    (() => {
      let s = state;
      for (let i = 0; i < n; i++) s = (s * MULT + inc) & MASK128;
      return s;
    })(),
  );
});

Deno.test("nextUint32 hands out the low half, then the buffered high half", () => {
  const a = new PCG64(new SeedSequence(1));
  const b = new PCG64(new SeedSequence(1));
  const raw = a.nextUint64();
  assert.equal(b.nextUint32(), Number(raw & 0xffffffffn));
  assert.deepEqual(b.state.hasUint32, true);
  assert.equal(b.nextUint32(), Number(raw >> 32n));
  assert.equal(b.state.hasUint32, false);
});

Deno.test("the uint32 buffer survives 64-bit draws in between", () => {
  const a = new PCG64(new SeedSequence(3));
  const b = new PCG64(new SeedSequence(3));
  const first = a.nextUint64();
  const second = a.nextUint64();
  assert.equal(b.nextUint32(), Number(first & 0xffffffffn));
  assert.equal(b.nextUint64(), second);
  assert.equal(b.nextUint32(), Number(first >> 32n));
});

Deno.test("nextDouble and nextFloat follow numpy's bit recipes", () => {
  const a = new PCG64(new SeedSequence(9));
  const b = new PCG64(new SeedSequence(9));
  const raw = a.nextUint64();
  assert.equal(b.nextDouble(), Number(raw >> 11n) * 2 ** -53);
  const c = new PCG64(new SeedSequence(9));
  assert.equal(c.nextFloat(), (Number(raw & 0xffffffffn) >>> 8) * 2 ** -24);
  assert.equal(c.nextFloat(), Number(raw >> 40n) * 2 ** -24);
});
