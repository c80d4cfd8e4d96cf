import assert from "@std/assert";
import { defaultRng, type Generator } from "../../lib/random/generator.ts";
import { PCG64 } from "../../lib/random/pcg64.ts";
import { SeedSequence } from "../../lib/random/seed_sequence.ts";
import { loadFixture, sha256Hex } from "./_fixtures.ts";

interface GeneratorCase {
  entropy: string;
  standard_normal_f64_16: number[];
  standard_normal_f32_16: number[];
  mixed_f32x3_f64x2_f32x3: number[][];
  random_f64_4: number[];
  random_f32_4: number[];
}

interface LongStreams {
  entropy: string;
  n: number;
  f64_sha256_le: string;
  f64_sum: number;
  f64_last4: number[];
  f32_sha256_le: string;
  f32_last4: number[];
}

const vectors = loadFixture<{ generator: GeneratorCase[]; long_streams: LongStreams }>(
  "numpy-rng-vectors.json",
);
const rngFor = (entropy: string) => defaultRng(BigInt(entropy));

Deno.test("standard_normal float64 and float32 match numpy for every fixture seed", () => {
  for (const c of vectors.generator) {
    assert.deepEqual([...rngFor(c.entropy).standardNormal(16)], c.standard_normal_f64_16);
    assert.deepEqual(
      [...rngFor(c.entropy).standardNormal(16, "float32")],
      c.standard_normal_f32_16,
    );
  }
});

Deno.test("mixed float32/float64 draws share numpy's buffered 32-bit half", () => {
  for (const c of vectors.generator) {
    const rng = rngFor(c.entropy);
    const got = [
      [...rng.standardNormal(3, "float32")],
      [...rng.standardNormal(2)],
      [...rng.standardNormal(3, "float32")],
    ];
    assert.deepEqual(got, c.mixed_f32x3_f64x2_f32x3, `entropy ${c.entropy}`);
  }
});

Deno.test("random float64 then float32 continue numpy's stream", () => {
  for (const c of vectors.generator) {
    const rng = rngFor(c.entropy);
    assert.deepEqual([...rng.random(4)], c.random_f64_4);
    assert.deepEqual([...rng.random(4, "float32")], c.random_f32_4);
  }
});

Deno.test("200,000-draw streams with tails match numpy by SHA-256", async () => {
  const L = vectors.long_streams;
  const f64 = rngFor(L.entropy).standardNormal(L.n);
  assert.equal(await sha256Hex(f64), L.f64_sha256_le);
  assert.deepEqual([...f64.subarray(-4)], L.f64_last4);
  const f32 = rngFor(L.entropy).standardNormal(L.n, "float32");
  assert.equal(await sha256Hex(f32), L.f32_sha256_le);
  assert.deepEqual([...f32.subarray(-4)], L.f32_last4);
});

Deno.test("chunked fills give the same stream as one fill (any chunk sizes)", async () => {
  const L = vectors.long_streams;
  const chunkSizes = [1, 2, 3, 1023, 1024, 1025, 4999, 1, 7];
  const f32 = new Float32Array(L.n);
  const f64 = new Float64Array(L.n);
  const r32 = rngFor(L.entropy);
  const r64 = rngFor(L.entropy);
  for (let off = 0, k = 0; off < L.n; k++) {
    const len = Math.min(chunkSizes[k % chunkSizes.length], L.n - off);
    r32.fillStandardNormalF32(f32.subarray(off, off + len));
    r64.fillStandardNormalF64(f64.subarray(off, off + len));
    off += len;
  }
  assert.equal(await sha256Hex(f32), L.f32_sha256_le);
  assert.equal(await sha256Hex(f64), L.f64_sha256_le);
});

Deno.test("fillScaledNormalF32 rounds float64 normal × scale once to float32", () => {
  const scale = Math.sqrt(2 / 256);
  const z = defaultRng(11).standardNormal(5000);
  const got = new Float32Array(5000);
  defaultRng(11).fillScaledNormalF32(got, scale);
  assert.deepEqual(got, Float32Array.from(z, (v) => v * scale));
});

interface Step {
  call: string;
  args: unknown[];
  values: number[];
}

const extra = loadFixture<{ cases: Record<string, { seed: number; steps: Step[] }> }>(
  "numpy-generator-extra.json",
).cases;

/** Replays one fixture step on `rng`, by numpy method name. */
function replay(rng: Generator, step: Step): number[] {
  const a = step.args as never[];
  switch (step.call) {
    case "integers":
      return [...rng.integers(a[0], a[1], a[2], a[3] ?? false)];
    case "integers_int32":
      return [...rng.integers(a[0], a[1], a[2], false, "int32")];
    case "random_f32":
      return [...rng.random(a[0], "float32")];
    case "random_f64":
      return [...rng.random(a[0])];
    case "choice":
      return [...rng.choice(a[0], a[1])];
    case "choice_noreplace":
      return [...rng.choice(a[0], a[1], { replace: false })];
    case "choice_noreplace_noshuffle":
      return [...rng.choice(a[0], a[1], { replace: false, shuffle: false })];
    case "choice_p":
      return [...rng.choice(a[0], a[1], { p: a[2] })];
    case "choice_p_noreplace":
      return [...rng.choice(a[0], a[1], { replace: false, p: a[2] })];
    case "choice_values":
      return [...rng.choice(a[0] as number[], a[1])];
    case "permutation":
      return [...rng.permutation(a[0] as number)];
    case "permutation_values":
      return [...rng.permutation(Float64Array.from(a[0] as number[]))];
    case "shuffle_rows": {
      const rows = Float64Array.from(a[0] as number[]);
      rng.shuffle(rows, a[1]);
      return [...rows];
    }
    case "uniform":
      return [...rng.uniform(a[0], a[1], a[2])];
    case "normal":
      return [...rng.normal(a[0], a[1], a[2])];
    case "standard_normal_f32":
      return [...rng.standardNormal(a[0], "float32")];
  }
  throw new Error(`unknown fixture call ${step.call}`);
}

for (const [name, c] of Object.entries(extra)) {
  Deno.test(`numpy Generator sequence '${name}' reproduces draw for draw`, () => {
    const rng = defaultRng(c.seed);
    for (const [i, step] of c.steps.entries()) {
      assert.deepEqual(replay(rng, step), step.values, `step ${i}: ${step.call}(${step.args})`);
    }
  });
}

Deno.test("choice without replacement returns distinct indices in range", () => {
  const rng = defaultRng(5);
  for (const [pop, size] of [[10, 10], [50_000, 3000], [50_000, 10]]) {
    const idx = rng.choice(pop, size, { replace: false });
    assert.equal(new Set(idx).size, size);
    assert.ok(idx.every((v) => Number.isInteger(v) && v >= 0 && v < pop));
  }
});

Deno.test("permutation is a permutation and shuffle keeps rows together", () => {
  const rng = defaultRng(6);
  const perm = rng.permutation(1000);
  assert.deepEqual([...perm].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  const rows = Float64Array.from({ length: 30 }, (_, i) => i);
  rng.shuffle(rows, 3);
  for (let r = 0; r < 10; r++) {
    assert.equal(rows[3 * r] % 3, 0);
    assert.deepEqual([rows[3 * r + 1], rows[3 * r + 2]], [rows[3 * r] + 1, rows[3 * r] + 2]);
  }
});

Deno.test("integers stay in range at the int32 and 2^53 edges", () => {
  const rng = defaultRng(8);
  const a = rng.integers(-(2 ** 31), 2 ** 31, 1000, false, "int32");
  assert.ok(a instanceof Int32Array);
  const b = rng.integers(0, Number.MAX_SAFE_INTEGER, 1000, true);
  assert.ok(b.every((v) => Number.isSafeInteger(v) && v >= 0));
  assert.deepEqual([...rng.integers(5, null, 4)].every((v) => v >= 0 && v < 5), true);
});

Deno.test("samplers reject bad arguments with one-line messages", () => {
  const rng = defaultRng(1);
  assert.throws(() => rng.standardNormal(-1), /standard_normal: size must be/);
  assert.throws(() => rng.integers(5, 5, 1), /low 5 must be < high 5/);
  assert.throws(() => rng.integers(0, 2 ** 31 + 1, 1, false, "int32"), /out of bounds for int32/);
  assert.throws(() => rng.uniform(1, 0, 2), /high - low/);
  assert.throws(() => rng.normal(0, -1, 2), /scale must be >= 0/);
  assert.throws(() => rng.choice(3, 4, { replace: false }), /without replacement/);
  assert.throws(() => rng.choice(3, 1, { p: [0.5, 0.5, 0.5] }), /sum to 1.5/);
  assert.throws(() => rng.choice(2, 1, { p: [1.5, -0.5] }), /non-negative/);
  assert.throws(() => rng.shuffle(new Float64Array(5), 2), /does not divide/);
});

Deno.test("defaultRng accepts a SeedSequence, a PCG64 or a Generator", () => {
  const seq = new SeedSequence(77);
  const expected = defaultRng(77).random(3);
  assert.deepEqual(defaultRng(seq).random(3), expected);
  assert.deepEqual(defaultRng(new PCG64(new SeedSequence(77))).random(3), expected);
  const g = defaultRng(1);
  assert.equal(defaultRng(g), g);
});
