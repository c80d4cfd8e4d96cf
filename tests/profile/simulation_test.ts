import assert from "@std/assert";
import { WhestError } from "../../lib/core/errors.ts";
import { createJsKernels } from "../../lib/kernels/js/backend.ts";
import { kernels, useKernels } from "../../lib/kernels/seam.ts";
import {
  expandGrid,
  isPresetName,
  isProfileBackend,
  openBackends,
  PRESET_NAMES,
  PRESETS,
  type ProfilePreset,
  profileSimulation,
  PROJECTED_SAMPLES,
  threadCounts,
} from "../../lib/profile/simulation.ts";

Deno.test("threadCounts: the ends, the powers of two, or every count, up to the maximum", () => {
  assert.deepEqual(threadCounts("ends", 1), [1]);
  assert.deepEqual(threadCounts("ends", 8), [1, 8]);
  assert.deepEqual(threadCounts("powers", 1), [1]);
  assert.deepEqual(threadCounts("powers", 8), [1, 2, 4, 8]);
  assert.deepEqual(threadCounts("powers", 6), [1, 2, 4, 6]);
  assert.deepEqual(threadCounts("every", 4), [1, 2, 3, 4]);
  assert.throws(() => threadCounts("every", 0), RangeError);
  assert.throws(() => threadCounts("ends", 1.5), RangeError);
});

Deno.test("expandGrid: shape by shape, then backend, threads and samples; JS on one thread", () => {
  const cells = expandGrid(PRESETS.quick, ["js", "wasm", "blas"], 2);
  assert.equal(cells.length, 2 * (1 + 2 + 2));
  assert.deepEqual(
    cells.slice(0, 5).map((c) => [c.width, c.depth, c.backend, c.threads, c.samples]),
    [
      [256, 8, "js", 1, 8192],
      [256, 8, "wasm", 1, 8192],
      [256, 8, "wasm", 2, 8192],
      [256, 8, "blas", 1, 8192],
      [256, 8, "blas", 2, 8192],
    ],
  );
  assert.ok(cells.slice(5).every((c) => c.width === 1024 && c.depth === 16));
  assert.deepEqual(expandGrid(PRESETS["super-quick"], ["js"], 16).map((c) => c.threads), [1]);
  const standard = expandGrid(PRESETS.standard, ["wasm"], 4);
  assert.equal(standard.length, 3 * 4); // threads 1, 2, 4 × four (shape, samples) pairs
  assert.deepEqual(expandGrid(PRESETS.exhaustive, [], 4), []);
});

Deno.test("the presets: named as their keys, growing, every size a positive integer", () => {
  const work = (name: keyof typeof PRESETS) =>
    expandGrid(PRESETS[name], ["wasm"], 8).reduce(
      (sum, c) => sum + c.samples * c.width ** 2 * c.depth,
      0,
    );
  for (const name of PRESET_NAMES) {
    const preset = PRESETS[name];
    assert.equal(preset.name, name);
    for (const { width, depth, samples } of preset.shapes) {
      for (const n of [width, depth, ...samples]) assert.ok(Number.isInteger(n) && n > 0);
    }
  }
  for (let i = 1; i < PRESET_NAMES.length; i++) {
    assert.ok(work(PRESET_NAMES[i]) > work(PRESET_NAMES[i - 1]), PRESET_NAMES[i]);
  }
  assert.ok(isPresetName("quick") && !isPresetName("fast"));
  assert.ok(isProfileBackend("blas") && !isProfileBackend("auto"));
});

Deno.test("profileSimulation: positive, consistent rates per cell; the active backend restored", async () => {
  const tiny: ProfilePreset = {
    name: "super-quick",
    description: "test",
    shapes: [{ width: 8, depth: 2, samples: [64, 256] }, { width: 4, depth: 3, samples: [32] }],
    threads: "ends",
  };
  const before = createJsKernels();
  useKernels(before);
  const { makers } = openBackends(["js"]);
  const seen: number[] = [];
  const cells = await profileSimulation(
    expandGrid(tiny, ["js"], 2),
    makers,
    (_, index, total) => seen.push(index, total),
  );
  assert.strictEqual(kernels(), before);
  assert.deepEqual(seen, [0, 3, 1, 3, 2, 3]);
  assert.deepEqual(cells.map((c) => [c.width, c.samples, c.kernel]), [
    [8, 64, "js"],
    [8, 256, "js"],
    [4, 32, "js"],
  ]);
  for (const c of cells) {
    assert.ok(c.seconds > 0 && c.samples_per_s > 0 && c.flops > 0 && c.flops_per_s > 0);
    assert.ok(Math.abs(c.samples_per_s * c.seconds - c.samples) < 1e-9 * c.samples);
    assert.ok(Math.abs(c.flops_per_s * c.seconds - c.flops) < 1e-9 * c.flops);
    assert.ok(Math.abs(c.projected_s * c.samples_per_s - PROJECTED_SAMPLES) < 1e-3);
  }
  // the sampler's FLOPs grow with the samples: 2·d·n² per sample for the layer products
  assert.ok(cells[1].flops - cells[0].flops >= 2 * 2 * 8 * 8 * (256 - 64));
});

Deno.test("openBackends: a backend asked for by name must run; in the default grid it is skipped", () => {
  const saved = Deno.env.get("WHEST_BLAS");
  Deno.env.set("WHEST_BLAS", "/no/such/libblas.so");
  try {
    assert.throws(() => openBackends(["blas"]), WhestError, "--kernels blas:");
    const all = openBackends(null);
    assert.deepEqual(all.skipped.map((s) => s.backend), ["blas"]);
    assert.equal(all.blasPath, null);
    assert.ok(all.makers.some((m) => m.backend === "js"));
  } finally {
    if (saved === undefined) Deno.env.delete("WHEST_BLAS");
    else Deno.env.set("WHEST_BLAS", saved);
  }
});
