import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import type { NDArray } from "../../lib/array/ndarray.ts";
import { costOf } from "./_cost.ts";

// `seq` of the generator below: (i·3 mod 7) − 3 over the flat index, float64.
function seq(shape: readonly number[]): NDArray {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = Float64Array.from({ length: n }, (_, i) => ((i * 3) % 7) - 3);
  return np.reshape(np.array(data), shape);
}

/*
Values from numpy 2.4.6's einsum; cost = flopscope 0.12's dense charge before the dtype rate,
with opt_einsum 3.4.0's contract_path(optimize="auto") for 3+ operands. Made by
(PYTHONPATH holding opt_einsum 3.4.0) python3 gen_einsum.py:

import json, numpy as np, opt_einsum as oe
def seq(shape, dtype="float64"):
    n = int(np.prod(shape)); return ((np.arange(n) * 3 % 7) - 3).reshape(shape).astype(dtype)
def fs_cost(subs, *ops):
    # flopscope 0.12's dense einsum charge before the dtype rate
    inputs, output, _ = oe.parser.parse_einsum_input((subs,) + ops)
    terms = inputs.split(",")
    sizes = {c: d for t, o in zip(terms, ops) for c, d in zip(t, o.shape)}
    prod = lambda ls: int(np.prod([sizes[c] for c in set(ls)])) if ls else 1
    if len(ops) <= 2:
        return len(ops) * prod("".join(terms)) - prod(output)
    _, info = oe.contract_path(subs, *ops, optimize="auto")
    return sum(2 * prod(s[2].split("->")[0].replace(",", "")) - prod(s[2].split("->")[1])
               for s in info.contraction_list)
CASES = [
    ("ij,jk->ik", [(3, 4), (4, 5)]), ("ij,jk", [(3, 4), (4, 5)]), ("ij,kj->ik", [(3, 4), (5, 4)]),
    ("ii", [(4, 4)]), ("ii->i", [(4, 4)]), ("ij->ji", [(2, 3)]), ("ij->", [(2, 3)]),
    ("i,j->ij", [(3,), (4,)]), ("i,i->", [(5,), (5,)]), ("ij,ij->i", [(3, 4), (3, 4)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]), ("...ij,...jk", [(2, 3), (4, 3, 5)]),
    ("ij,...j", [(2, 3), (5, 3)]), ("iij,jk->ik", [(3, 3, 4), (4, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]), ("ij,jk,kl->il", [(9, 2), (2, 8), (8, 3)]),
    ("i,ij,j->", [(4,), (4, 6), (6,)]), ("ab,bc,cd,de->ae", [(3, 4), (4, 2), (2, 5), (5, 3)]),
    ("abc,cd,db->a", [(2, 3, 4), (4, 5), (5, 3)]), ("ij,jk,ki->", [(3, 4), (4, 5), (5, 3)]),
]
out = []
for subs, shapes in CASES:
    ops = [seq(s) for s in shapes]
    r = np.einsum(subs, *ops)
    out.append({"subs": subs, "shapes": shapes, "value": np.asarray(r).tolist(), "cost": fs_cost(subs, *ops)})
print(json.dumps(out))
*/
const CASES: { subs: string; shapes: number[][]; value: unknown; cost: number }[] = [
  {
    "subs": "ij,jk->ik",
    "shapes": [[3, 4], [4, 5]],
    "value": [[6.0, 3.0, -14.0, 4.0, -13.0], [-3.0, -9.0, 13.0, -7.0, 1.0], [
      -5.0,
      7.0,
      -9.0,
      3.0,
      8.0,
    ]],
    "cost": 105,
  },
  {
    "subs": "ij,jk",
    "shapes": [[3, 4], [4, 5]],
    "value": [[6.0, 3.0, -14.0, 4.0, -13.0], [-3.0, -9.0, 13.0, -7.0, 1.0], [
      -5.0,
      7.0,
      -9.0,
      3.0,
      8.0,
    ]],
    "cost": 105,
  },
  {
    "subs": "ij,kj->ik",
    "shapes": [[3, 4], [5, 4]],
    "value": [[19.0, 0.0, -5.0, -3.0, -1.0], [0.0, 18.0, -13.0, -9.0, 16.0], [
      -5.0,
      -13.0,
      14.0,
      6.0,
      -9.0,
    ]],
    "cost": 105,
  },
  { "subs": "ii", "shapes": [[4, 4]], "value": -6.0, "cost": 3 },
  { "subs": "ii->i", "shapes": [[4, 4]], "value": [-3.0, -2.0, -1.0, 0.0], "cost": 0 },
  {
    "subs": "ij->ji",
    "shapes": [[2, 3]],
    "value": [[-3.0, -1.0], [0.0, 2.0], [3.0, -2.0]],
    "cost": 0,
  },
  { "subs": "ij->", "shapes": [[2, 3]], "value": -1.0, "cost": 5 },
  {
    "subs": "i,j->ij",
    "shapes": [[3], [4]],
    "value": [[9.0, 0.0, -9.0, 3.0], [0.0, 0.0, 0.0, 0.0], [-9.0, 0.0, 9.0, -3.0]],
    "cost": 12,
  },
  { "subs": "i,i->", "shapes": [[5], [5]], "value": 23.0, "cost": 9 },
  { "subs": "ij,ij->i", "shapes": [[3, 4], [3, 4]], "value": [19.0, 18.0, 14.0], "cost": 21 },
  {
    "subs": "bij,bjk->bik",
    "shapes": [[2, 3, 4], [2, 4, 5]],
    "value": [[[6.0, 3.0, -14.0, 4.0, -13.0], [-3.0, -9.0, 13.0, -7.0, 1.0], [
      -5.0,
      7.0,
      -9.0,
      3.0,
      8.0,
    ]], [[-9.0, 7.0, -5.0, -3.0, -1.0], [13.0, -9.0, -3.0, 10.0, -5.0], [
      -14.0,
      3.0,
      6.0,
      9.0,
      5.0,
    ]]],
    "cost": 210,
  },
  {
    "subs": "...ij,...jk",
    "shapes": [[2, 3], [4, 3, 5]],
    "value": [[[6.0, 6.0, -15.0, 6.0, -15.0], [1.0, -2.0, -5.0, -1.0, 10.0]], [[
      6.0,
      -15.0,
      6.0,
      -15.0,
      6.0,
    ], [-2.0, -5.0, -1.0, 10.0, 0.0]], [[-15.0, 6.0, -15.0, 6.0, 6.0], [
      -5.0,
      -1.0,
      10.0,
      0.0,
      -3.0,
    ]], [[6.0, -15.0, 6.0, 6.0, 6.0], [-1.0, 10.0, 0.0, -3.0, 1.0]]],
    "cost": 200,
  },
  {
    "subs": "ij,...j",
    "shapes": [[2, 3], [5, 3]],
    "value": [[18.0, -3.0], [-3.0, 9.0], [-3.0, -7.0], [-3.0, -9.0], [-3.0, 10.0]],
    "cost": 50,
  },
  {
    "subs": "iij,jk->ik",
    "shapes": [[3, 3, 4], [4, 2]],
    "value": [[14.0, -3.0], [-10.0, 3.0], [-13.0, 9.0]],
    "cost": 42,
  },
  {
    "subs": "ij,jk,kl->il",
    "shapes": [[2, 3], [3, 4], [4, 5]],
    "value": [[-33.0, 12.0, 15.0, -3.0, 63.0], [-2.0, -35.0, 58.0, -24.0, -1.0]],
    "cost": 110,
  },
  {
    "subs": "ij,jk,kl->il",
    "shapes": [[9, 2], [2, 8], [8, 3]],
    "value": [
      [-48.0, 42.0, 69.0],
      [48.0, -56.0, -69.0],
      [32.0, -56.0, -46.0],
      [16.0, -56.0, -23.0],
      [0.0, 42.0, 0.0],
      [-16.0, 42.0, 23.0],
      [-32.0, 42.0, 46.0],
      [-48.0, 42.0, 69.0],
      [48.0, -56.0, -69.0],
    ],
    "cost": 171,
  },
  { "subs": "i,ij,j->", "shapes": [[4], [4, 6], [6]], "value": -60.0, "cost": 51 },
  {
    "subs": "ab,bc,cd,de->ae",
    "shapes": [[3, 4], [4, 2], [2, 5], [5, 3]],
    "value": [[82.0, -126.0, -187.0], [-101.0, 204.0, 68.0], [73.0, -152.0, -34.0]],
    "cost": 123,
  },
  {
    "subs": "abc,cd,db->a",
    "shapes": [[2, 3, 4], [4, 5], [5, 3]],
    "value": [-93.0, -22.0],
    "cost": 154,
  },
  { "subs": "ij,jk,ki->", "shapes": [[3, 4], [4, 5], [5, 3]], "value": -93.0, "cost": 131 },
];

Deno.test("einsum matches numpy's values and flopscope's charge (float64: rate 2)", () => {
  for (const { subs, shapes, value, cost } of CASES) {
    const operands = shapes.map(seq);
    const result = np.einsum(subs, ...operands);
    assert.deepEqual(result.tolist(), value, subs);
    assert.equal(
      costOf(() => np.einsum(subs, ...operands)),
      2 * cost,
      `${subs} ${JSON.stringify(shapes)}`,
    );
  }
});

Deno.test("einsum: dtype is the operands' promotion, billed at its rate", () => {
  const i32 = np.array([[1, 2], [3, 4]], "int32");
  const f32 = np.array([[1, 0], [0, 1]], "float32");
  assert.equal(np.einsum("ij,jk->ik", i32, np.copy(i32)).dtype, "int32");
  assert.equal(np.einsum("ij,jk->ik", f32, np.copy(f32)).dtype, "float32");
  assert.equal(np.einsum("ij,jk->ik", i32, f32).dtype, "float64");
  // 2x2 @ 2x2: 2·8 − 4 = 12, at rate 1 (float32), 2 (float64)
  assert.equal(costOf(() => np.einsum("ij,jk->ik", f32, np.ones([2, 2], "float32"))) - 4, 12);
  assert.equal(costOf(() => np.einsum("ij,jk->ik", i32, f32)), 24);
  const b = np.array([true, false, true]);
  // numpy: einsum("i,i", [T, F, T], [T, T, F]) is True (a bool sum is an OR)
  assert.deepEqual(np.einsum("i,i", b, np.array([true, true, false])).tolist(), true);
});

Deno.test("einsum: a transpose or a diagonal view costs 0; a fresh buffer is returned", () => {
  const a = seq([2, 3]);
  assert.equal(costOf(() => np.einsum("ij->ij", a)), 0);
  const same = np.einsum("ij->ij", a);
  assert.notEqual(same.data, a.data);
  assert.deepEqual(same.tolist(), a.tolist());
});

Deno.test("einsum refuses what it cannot charge as flopscope does, in one line", () => {
  const v = seq([3]);
  const m = seq([3, 3]);
  const refusals: [() => unknown, RegExp][] = [
    [() => np.einsum("i,i,i,i,i->", v, seq([3]), seq([3]), seq([3]), seq([3])), /5 operands/],
    [() => np.einsum("ik,jk->ij", m, m), /same array is operands 0 and 1/],
    [() => np.einsum("i,ij,j->", v, m, v), /same array/],
    [() => np.einsum("ij,jk", m, seq([4, 2])), /extents 3 and 4/],
    [() => np.einsum("ij,j", m, seq([1])), /extents 3 and 1/],
    [() => np.einsum("i1", m), /invalid subscript '1'/],
    [() => np.einsum("ij->k", m), /'k' is not in any input/],
    [() => np.einsum("ij,jk", m), /2 subscript terms for 1 operands/],
    [() => np.einsum("...i->i", m), /drops the '...' axes/],
    [() => np.einsum("ijk", m), /3 labels for operand 0/],
  ];
  for (const [call, message] of refusals) {
    assert.throws(
      call,
      (error: Error) => message.test(error.message) && !error.message.includes("\n"),
    );
  }
  assert.throws(
    () => np.einsum("i", v, { out: v } as never),
    (e: Error) => /unknown keyword 'out'/.test(e.message),
  );
  assert.deepEqual(
    np.einsum("i->", v, { optimize: "greedy" }).tolist(),
    np.einsum("i->", v).tolist(),
  );
  // the same array under the same subscripts is no symmetry: charged dense (2·3 − 1 = 5, rate 2)
  assert.equal(costOf(() => np.einsum("i,i->", v, v)), 10);
  // nor is A·A (the swap i→j→k is no relabelling): 2·27 − 9 = 45
  assert.equal(costOf(() => np.einsum("ij,jk->ik", m, m)), 90);
  assert.deepEqual(np.einsum("ij,jk->ik", m, m).tolist(), np.matmul(m, m).tolist());
  // but trace(A·A) ("ij,ji->", i↔j) is one: refused
  assert.throws(() => np.einsum("ij,ji->", m, m), (e: Error) => /same array/.test(e.message));
});

Deno.test("einsum's 3- and 4-operand charge follows opt_einsum's optimal path (80 random cases)", () => {
  // tests/fixtures/gen_einsum_paths_fixture.py, from opt_einsum 3.4.0's own contract_path
  const cases: { subs: string; shapes: number[][]; cost: number }[] = JSON.parse(
    Deno.readTextFileSync(new URL("../fixtures/opt-einsum-paths.json", import.meta.url)),
  );
  for (const { subs, shapes, cost } of cases) {
    const operands = shapes.map((s) => np.ones(s, "float32"));
    assert.equal(
      costOf(() => np.einsum(subs, ...operands)),
      cost,
      `${subs} ${JSON.stringify(shapes)}`,
    );
  }
});
