/**
 * The scratch quota: usage counted in 4 KiB blocks from what the directory holds, followed
 * through writes, overwrites, mkdir and removal, and a write over the cap refused before any
 * byte is written.
 */
import assert from "@std/assert";
import {
  chargeOf,
  QUOTA_BLOCK_BYTES,
  QuotaExceeded,
  ScratchQuota,
  usageOf,
} from "../../lib/runner/scratch_quota.ts";

const BLOCK = QUOTA_BLOCK_BYTES;

async function scratch(): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.realPath(await Deno.makeTempDir({ prefix: "whest-quota-" }));
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

function write(quota: ScratchQuota, path: string, bytes: number): void {
  quota.write(path, bytes, () => Deno.writeFileSync(path, new Uint8Array(bytes)));
}

Deno.test("every entry costs at least one block; sizes round up to blocks", () => {
  assert.equal(chargeOf(0), BLOCK);
  assert.equal(chargeOf(1), BLOCK);
  assert.equal(chargeOf(BLOCK), BLOCK);
  assert.equal(chargeOf(BLOCK + 1), 2 * BLOCK);
});

Deno.test("the count starts from what the directory holds and follows each operation", async () => {
  await using dir = await scratch();
  Deno.writeFileSync(`${dir.path}/left.bin`, new Uint8Array(10_000)); // a previous worker's
  const quota = new ScratchQuota([dir.path], 1 << 20);
  assert.equal(quota.usedBytes, BLOCK + 3 * BLOCK);
  assert.equal(quota.usedBytes, usageOf(dir.path));
  write(quota, `${dir.path}/a.bin`, 5000);
  assert.equal(quota.usedBytes, 6 * BLOCK);
  write(quota, `${dir.path}/a.bin`, 100); // an overwrite replaces the old charge
  assert.equal(quota.usedBytes, 5 * BLOCK);
  quota.mkdir(`${dir.path}/x/y/z`, () => Deno.mkdirSync(`${dir.path}/x/y/z`, { recursive: true }));
  assert.equal(quota.usedBytes, 8 * BLOCK);
  write(quota, `${dir.path}/x/y/z/b.bin`, 1);
  assert.equal(quota.usedBytes, usageOf(dir.path));
  quota.remove(`${dir.path}/x`, () => Deno.removeSync(`${dir.path}/x`, { recursive: true }));
  assert.equal(quota.usedBytes, 5 * BLOCK);
  assert.equal(quota.usedBytes, usageOf(dir.path));
});

Deno.test("a write over the cap throws QuotaExceeded naming the cap, and writes nothing", async () => {
  await using dir = await scratch();
  const quota = new ScratchQuota([dir.path], 2 ** 20);
  write(quota, `${dir.path}/half.bin`, 2 ** 19);
  let performed = false;
  const error = (() => {
    try {
      quota.write(`${dir.path}/more.bin`, 2 ** 19, () => performed = true);
    } catch (thrown) {
      return thrown;
    }
  })();
  if (!(error instanceof QuotaExceeded)) throw new Error(`expected QuotaExceeded, got ${error}`);
  assert.equal(error.name, "QuotaExceeded");
  assert.match(
    error.message,
    /^writing 524288 bytes to ".*more\.bin" would bring the scratch directory to 1\.00 MB, over the scratch limit of 1 MB \(--scratch-limit-mb\)$/,
  );
  assert.equal(performed, false);
  assert.equal(quota.usedBytes, usageOf(dir.path));
  // shrinking what is there always fits, even at the cap
  write(quota, `${dir.path}/half.bin`, 10);
  assert.equal(quota.usedBytes, 2 * BLOCK);
});

Deno.test("many empty directories cannot slip under the cap", async () => {
  await using dir = await scratch();
  const quota = new ScratchQuota([dir.path], 8 * BLOCK);
  const mkdir = (name: string) =>
    quota.mkdir(`${dir.path}/${name}`, () => Deno.mkdirSync(`${dir.path}/${name}`));
  for (let i = 0; i < 7; i++) mkdir(`d${i}`);
  assert.throws(() => mkdir("d7"), QuotaExceeded, "creating");
});
