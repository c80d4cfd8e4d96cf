/**
 * Issue 12, class 1: nothing the estimator controls runs after its budget context closes. What
 * predict returned or threw is read while the meter runs, and the values that leave runPredict
 * are fresh base-class arrays that the worker can serialise without running estimator code.
 */
import assert from "@std/assert";
import { isCounting } from "../../lib/budget/mod.ts";
import type { MlpSpec } from "../../lib/contract/mlp.ts";
import { runPredict } from "../../lib/estimator/executor.ts";
import type { LoadedEstimator } from "../../lib/estimator/loader.ts";
import { floatBytes } from "../../lib/runner/messages.ts";

const SPEC: MlpSpec = {
  name: "mlp-0",
  width: 3,
  depth: 2,
  weights: [new Float32Array(9), new Float32Array(9)],
  seed: 1,
};
const LIMITS = { flopBudget: 1e6, wallTimeLimitS: 60 };

function loadedWith(predict: () => unknown): LoadedEstimator {
  return {
    name: "inline",
    filename: "inline.ts",
    instance: { predict: (_mlp, _budget) => predict() as never },
    drainLogs: () => [],
  };
}

/** A Float32Array subclass recording, for each accessor read, whether the meter was running. */
function recordingSubclass(seen: boolean[]): typeof Float32Array {
  return class Recording extends Float32Array {
    override get buffer(): ArrayBuffer {
      seen.push(isCounting());
      return super.buffer as ArrayBuffer;
    }
    override get byteOffset(): number {
      seen.push(isCounting());
      return super.byteOffset;
    }
    override get byteLength(): number {
      seen.push(isCounting());
      return super.byteLength;
    }
    override get length(): number {
      seen.push(isCounting());
      return super.length;
    }
  };
}

Deno.test("typed-array subclass returns are copied into base-class arrays while the meter runs", () => {
  const seen: boolean[] = [];
  const Recording = recordingSubclass(seen);
  const returns: [unknown, Float32ArrayConstructor | Float64ArrayConstructor][] = [
    [[new Recording(3), new Recording(3)], Float64Array],
    [new Recording(6), Float32Array],
  ];
  for (const [value, base] of returns) {
    const outcome = runPredict(loadedWith(() => value), SPEC, LIMITS);
    const values = outcome.predictions!.values;
    assert.equal(Object.getPrototypeOf(values), base.prototype);
    floatBytes(values); // what the worker does after the context has closed
  }
  assert.ok(seen.length > 0, "the nested rows' lengths are read");
  assert.ok(seen.every((counting) => counting), `reads outside the meter: ${seen}`);
});

Deno.test("a thrown value is classified and described while the meter runs", () => {
  const seen: boolean[] = [];
  const record = () => seen.push(isCounting());
  const proxied = new Proxy(new Error("from a Proxy"), {
    get(target, key) {
      record();
      return Reflect.get(target, key, target);
    },
    getPrototypeOf(target) {
      record();
      return Reflect.getPrototypeOf(target);
    },
  });
  const outcome = runPredict(
    loadedWith(() => {
      throw proxied;
    }),
    SPEC,
    LIMITS,
  );
  assert.equal(outcome.error?.code, "PREDICT_ERROR");
  assert.match(outcome.error?.message ?? "", /from a Proxy/);
  assert.ok(seen.length > 0 && seen.every((counting) => counting), `${seen}`);

  const unreadable = Object.create(Error.prototype, {
    message: {
      get() {
        throw new Error("no");
      },
    },
  });
  const failed = runPredict(
    loadedWith(() => {
      throw unreadable;
    }),
    SPEC,
    LIMITS,
  );
  assert.equal(failed.error?.message, "predict raised a value that cannot be described");
});
