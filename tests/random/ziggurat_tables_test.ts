import assert from "@std/assert";
import * as tables from "../../lib/random/ziggurat_tables.ts";
import { loadFixture } from "./_fixtures.ts";

const fixture = loadFixture<Record<string, (string | number)[] | number>>(
  "numpy-ziggurat-tables.json",
);

/** Fixture entries are numbers or 0x-prefixed integers. */
const toNumbers = (values: (string | number)[]) => values.map((v) => Number(v));

Deno.test("embedded ziggurat tables equal numpy's (regenerate with gen_ziggurat_tables.ts)", () => {
  const pairs: [keyof typeof tables, string][] = [
    ["KI_DOUBLE", "ki_double"],
    ["WI_DOUBLE", "wi_double"],
    ["FI_DOUBLE", "fi_double"],
    ["KI_FLOAT", "ki_float"],
    ["WI_FLOAT", "wi_float"],
    ["FI_FLOAT", "fi_float"],
  ];
  for (const [name, key] of pairs) {
    const table = tables[name] as ArrayLike<number>;
    assert.deepEqual(Array.from(table), toNumbers(fixture[key] as (string | number)[]), name);
  }
  assert.equal(tables.ZIGGURAT_NOR_R, fixture.ziggurat_nor_r);
  assert.equal(tables.ZIGGURAT_NOR_INV_R, fixture.ziggurat_nor_inv_r);
  assert.equal(tables.ZIGGURAT_NOR_R_F, fixture.ziggurat_nor_r_f);
  assert.equal(tables.ZIGGURAT_NOR_INV_R_F, fixture.ziggurat_nor_inv_r_f);
});
