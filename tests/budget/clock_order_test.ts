/**
 * Issue 12, class 2: estimator code reached through an op's arguments (getters, Proxy traps) must
 * run before the op reads its first clock, so that it lands in residual time, never in the op's
 * backend or overhead time.
 */
import assert from "@std/assert";
import { np } from "../../lib/api/mod.ts";
import { withBudget } from "../../lib/budget/mod.ts";

const SPIN_MS = 40;

function spin(): void {
  const start = performance.now();
  while (performance.now() - start < SPIN_MS) {
    // estimator work
  }
}

/** [[1, 2], [3, 4]] whose first element is a spinning getter. */
function getterList(): number[][] {
  const row = [0, 2];
  Object.defineProperty(row, 0, {
    get() {
      spin();
      return 1;
    },
  });
  return [row, [3, 4]];
}

/** A Proxy of `value` whose every index read spins. */
function spinningProxy<T extends object>(value: T): T {
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) spin();
      return Reflect.get(target, key, receiver);
    },
  });
}

const a = np.ones([2, 2]);
const rng = np.random.default_rng(0);
np.matmul(a, a); // the kernels' first call builds them: not what these tests time
const cases: [string, () => unknown][] = [
  ["np.add with a getter operand", () => np.add(getterList(), 1)],
  ["np.matmul with a Proxy operand", () => np.matmul(a, spinningProxy([[1, 0], [0, 1]]))],
  ["np.array of a getter list", () => np.array(getterList())],
  ["np.transpose of a Proxy list", () => np.transpose(spinningProxy([[1, 2], [3, 4]]))],
  ["np.tile with Proxy repetitions", () => np.tile(a, spinningProxy([2, 1]))],
  ["np.stack of a Proxy list of arrays", () => np.stack(spinningProxy([a, a]))],
  ["NDArray.add with a getter operand", () => a.add(getterList() as never)],
  ["NDArray.reshape with a Proxy shape", () => a.reshape(spinningProxy([4]))],
  ["Generator.normal with a Proxy size", () => rng.normal(0, 1, spinningProxy([2, 2]))],
];

for (const [name, call] of cases) {
  Deno.test(`${name}: the estimator's code is residual time, not op time`, () => {
    const { summary } = withBudget({ flopBudget: 1e9 }, call);
    const opTime = summary.flopscope_backend_time_s + summary.flopscope_overhead_time_s;
    assert.ok(summary.residual_wall_time_s >= SPIN_MS / 1000, JSON.stringify(summary));
    assert.ok(opTime < SPIN_MS / 1000 / 2, `op time ${opTime} s`);
  });
}
