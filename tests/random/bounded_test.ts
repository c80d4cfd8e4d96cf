import assert from "@std/assert";
import { lemire32, randomInterval, type Uint32Source } from "../../lib/random/bounded.ts";
import { defaultRng } from "../../lib/random/generator.ts";
import { PCG64 } from "../../lib/random/pcg64.ts";
import { SeedSequence } from "../../lib/random/seed_sequence.ts";

/** A source replaying fixed words, to drive the samplers through chosen draws. */
function words(...values: number[]): Uint32Source & { used: number } {
  return {
    used: 0,
    nextUint32() {
      return values[this.used++];
    },
  };
}

/** Lemire's method written from its definition with BigInt, as the naive reference. */
function lemireReference(source: Uint32Source, rng: number): number {
  const excl = BigInt(rng + 1);
  const threshold = (2n ** 32n - excl) % excl;
  for (;;) {
    const m = BigInt(source.nextUint32()) * excl;
    if ((m & 0xffffffffn) >= threshold) return Number(m >> 32n);
  }
}

Deno.test("lemire32 equals the BigInt definition, rejections included", () => {
  const bits = new PCG64(new SeedSequence(31));
  const all: number[] = Array.from({ length: 4000 }, () => bits.nextUint32());
  for (const rng of [1, 2, 6, 1000, 2 ** 31, 2 ** 32 - 3, 3_000_000_000]) {
    const a = words(...all), b = words(...all);
    for (let k = 0; k < 200; k++) assert.equal(lemire32(a, rng), lemireReference(b, rng));
    assert.equal(a.used, b.used, `same number of words for rng ${rng}`);
  }
  // rng = 3e9: (2^32 - excl) % excl = 1294967295, so a low product word below it is rejected.
  const src = words(0, 0xffffffff);
  assert.equal(lemire32(src, 3_000_000_000), Math.floor(0xffffffff * 3_000_000_001 / 2 ** 32));
  assert.equal(src.used, 2);
});

Deno.test("randomInterval masks to the next power of two and rejects above max", () => {
  const bits = new PCG64(new SeedSequence(12));
  const twin = new PCG64(new SeedSequence(12));
  for (const max of [1, 5, 8, 1000, 2 ** 31 + 5]) {
    const mask = 2 ** Math.ceil(Math.log2(max + 1)) - 1;
    const got = randomInterval(bits, max);
    let expected: number;
    do expected = (twin.nextUint32() & mask) >>> 0; while (expected > max);
    assert.equal(got, expected);
  }
  assert.equal(randomInterval(bits, 0), 0);
});

Deno.test("integers drawn in chunks equal one draw (the block stream never loses a word)", () => {
  for (const [lo, hi] of [[0, 7], [-3, 2 ** 32 - 3], [0, 2 ** 32]]) {
    const whole = defaultRng(4).integers(lo, hi, 3001);
    const rng = defaultRng(4);
    const parts: number[] = [];
    for (const n of [1, 2, 1000, 3, 1995]) parts.push(...rng.integers(lo, hi, n));
    assert.deepEqual(parts, [...whole], `range [${lo}, ${hi})`);
  }
});
