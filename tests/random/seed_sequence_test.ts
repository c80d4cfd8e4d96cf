import assert from "@std/assert";
import { SeedSequence } from "../../lib/random/seed_sequence.ts";
import { hex, loadFixture } from "./_fixtures.ts";

interface SeedCase {
  entropy: string;
  pool: string[];
  state_u32_x4: string[];
  state_u64_x4: string[];
  spawn3_state_u32_x1: string[];
  spawn3_state_u64_x4: string[][];
}

const cases = loadFixture<{ seed_sequence: SeedCase[] }>("numpy-rng-vectors.json").seed_sequence;

Deno.test("SeedSequence reproduces numpy's pools and states for every fixture seed", () => {
  for (const c of cases) {
    const seq = new SeedSequence(BigInt(c.entropy));
    assert.deepEqual([...seq.pool].map(hex), c.pool, `pool for ${c.entropy}`);
    assert.deepEqual([...seq.generateState(4, "uint32")].map(hex), c.state_u32_x4);
    assert.deepEqual([...seq.generateState(4, "uint64")].map(hex), c.state_u64_x4);
  }
});

Deno.test("SeedSequence.spawn reproduces numpy's children", () => {
  for (const c of cases) {
    const children = new SeedSequence(BigInt(c.entropy)).spawn(3);
    assert.deepEqual(
      children.map((k) => hex(k.generateState(1, "uint32")[0])),
      c.spawn3_state_u32_x1,
    );
    assert.deepEqual(
      children.map((k) => [...k.generateState(4, "uint64")].map(hex)),
      c.spawn3_state_u64_x4,
    );
  }
});

Deno.test("SeedSequence takes safe-integer numbers and bigints alike", () => {
  const a = new SeedSequence(123456789012345);
  const b = new SeedSequence(123456789012345n);
  assert.deepEqual(a.pool, b.pool);
});

Deno.test("spawn continues numbering after earlier spawns, as numpy's n_children_spawned", () => {
  const root = new SeedSequence(42);
  const [, , third] = new SeedSequence(42).spawn(3);
  root.spawn(2);
  const [next] = root.spawn(1);
  assert.equal(root.nChildrenSpawned, 3);
  assert.deepEqual(next.spawnKey, [2n]);
  assert.deepEqual(next.generateState(4, "uint32"), third.generateState(4, "uint32"));
});

Deno.test("a list of words seeds as their concatenation (numpy's sequence entropy)", () => {
  // 4294967301 = 5 + 1·2^32, whose words are [5, 1].
  assert.deepEqual(new SeedSequence([5, 1]).pool, new SeedSequence(4294967301).pool);
});

Deno.test("without entropy SeedSequence draws 128 bits from the OS", () => {
  const a = new SeedSequence(undefined);
  const b = new SeedSequence(undefined);
  assert.equal(typeof a.entropy, "bigint");
  assert.ok((a.entropy as bigint) < 1n << 128n);
  assert.notDeepEqual(a.pool, b.pool);
});

Deno.test("SeedSequence rejects negative, fractional and unsafe entropy", () => {
  assert.throws(() => new SeedSequence(-1), /non-negative/);
  assert.throws(() => new SeedSequence(1.5), /safe integer/);
  assert.throws(() => new SeedSequence(2 ** 60), /safe integer/);
  assert.throws(() => new SeedSequence(-3n), /non-negative/);
  assert.throws(() => new SeedSequence(1, { poolSize: 2 }), /poolSize/);
});
