/**
 * What the host and the sandboxed worker say to each other over the frames of protocol.ts:
 * the message headers, and the raw payloads of an MLP's weights and of predictions (raw
 * little-endian float bytes, never JSON numbers).
 *
 * @module
 */
import { sizeOf } from "../array/shape.ts";
import type { BudgetSummary } from "../budget/summary.ts";
import type { MlpSpec } from "../contract/mlp.ts";
import type { EstimatorSource } from "../estimator/loader.ts";
import { ProtocolError } from "./protocol.ts";
import type {
  EstimatorFailure,
  InsideLimitFlag,
  PredictLimits,
  RawPredictions,
  SetupContext,
  SetupPhase,
} from "../contract/runner.ts";

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error(
    "whest's worker protocol sends raw little-endian floats: big-endian hosts are unsupported",
  );
}

/** An MLP's description without its weights (the weights are the frame's payload). */
export interface MlpHeader {
  /** Display name, e.g. "mlp-0". */
  readonly name: string;
  /** Neurons per layer (n). */
  readonly width: number;
  /** Number of weight matrices (d). */
  readonly depth: number;
  /** The estimator's seed (`mlp.seed`). */
  readonly seed: number;
}

/** Messages from the host to the worker. */
export type HostMessage =
  | {
    /** Load the estimator, confine it and run its setup. */
    readonly type: "start";
    readonly source: EstimatorSource;
    readonly ctx: SetupContext;
    readonly setupTimeoutS: number;
    /** What the estimator may read besides the scratch directory (its submission). */
    readonly readRoots: readonly string[];
    /** The scratch directory's quota in MB (`--scratch-limit-mb`). */
    readonly scratchLimitMb: number;
  }
  | {
    /** An MLP the host will ask for next; the payload holds its weights (d·n² float32). */
    readonly type: "stage";
    readonly stageId: number;
    readonly mlp: MlpHeader;
  }
  | {
    /**
     * Predict one MLP: its weights are the payload, or, when `stageId` is set, those of the
     * staged frame with that id.
     */
    readonly type: "predict";
    readonly mlp: MlpHeader;
    readonly limits: PredictLimits;
    readonly stageId?: number;
  }
  | {
    /** Run teardown and exit. */
    readonly type: "close";
  };

/** Messages from the worker to the host. */
export type WorkerMessage =
  | {
    /** The worker booted (sandbox installed) and waits for `start`. */
    readonly type: "ready";
    /** The worker's kernel backend (the host's: BLAS when the host passed it one). */
    readonly kernels: string;
  }
  | {
    /** Console lines the estimator printed; always sent before the reply they belong to. */
    readonly type: "log";
    readonly lines: readonly string[];
  }
  | {
    /** Setup finished. */
    readonly type: "started";
  }
  | {
    /** Loading or setup failed. */
    readonly type: "setup_failed";
    readonly code: "SETUP_TIMEOUT" | "SETUP_ERROR" | "SETUP_PROTOCOL_ERROR";
    readonly message: string;
    /** Whether loading the estimator or its setup failed. */
    readonly phase: SetupPhase;
    readonly traceback?: string;
  }
  | {
    /** A predict's outcome; when `predictions` is set the payload holds their values. */
    readonly type: "result";
    readonly summary?: BudgetSummary;
    readonly limitFlag?: InsideLimitFlag;
    readonly error?: EstimatorFailure;
    readonly predictions?: { readonly shape: readonly number[]; readonly dtype: FloatDType };
    /** Seconds the worker spent from receiving the request to sending this reply. */
    readonly workerTimeS: number;
  }
  | {
    /** Teardown finished (with its failure, if it raised); the worker exits next. */
    readonly type: "closed";
    readonly error?: EstimatorFailure;
  }
  | {
    /** The worker hit an internal fault and exits. */
    readonly type: "fatal";
    readonly message: string;
  };

/** Element types a payload may carry. */
export type FloatDType = "float32" | "float64";

/**
 * The raw bytes of a float array, without copying.
 *
 * @param values Float32 or float64 values.
 */
export function floatBytes(values: Float32Array | Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** The header describing an MLP (everything but its weights). */
export function mlpHeader(mlp: MlpSpec): MlpHeader {
  return { name: mlp.name, width: mlp.width, depth: mlp.depth, seed: mlp.seed };
}

/**
 * The payload chunks of an MLP's weights: one view per layer, not copied.
 *
 * @param mlp The MLP.
 */
export function weightChunks(mlp: MlpSpec): Uint8Array[] {
  return mlp.weights.map(floatBytes);
}

/**
 * Rebuilds an MLP from its header and a weights payload, as float32 views of the payload.
 *
 * @param header The MLP's header.
 * @param payload Exactly depth·width² float32 values.
 * @throws {ProtocolError} When the payload's size does not match the header.
 */
export function mlpFromPayload(header: MlpHeader, payload: ArrayBuffer): MlpSpec {
  const { width, depth } = header;
  const layer = width * width;
  if (payload.byteLength !== depth * layer * 4) {
    throw new ProtocolError(
      `weights payload of ${payload.byteLength} bytes does not hold ${depth} × ${width}² float32`,
    );
  }
  const weights = Array.from(
    { length: depth },
    (_, l) => new Float32Array(payload, l * layer * 4, layer),
  );
  return { name: header.name, width, depth, seed: header.seed, weights };
}

/**
 * Reads predictions back from a result payload.
 *
 * @param shape The shape the worker announced.
 * @param dtype The element type the worker announced.
 * @param payload The raw values.
 * @throws {ProtocolError} When the payload's size does not match the shape.
 */
export function predictionsFromPayload(
  shape: readonly number[],
  dtype: FloatDType,
  payload: ArrayBuffer,
): RawPredictions {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ProtocolError(`predictions shape ${JSON.stringify(shape)} is not a list of sizes`);
  }
  if (dtype !== "float32" && dtype !== "float64") {
    throw new ProtocolError(`predictions dtype ${JSON.stringify(dtype)} is not float32 or float64`);
  }
  const size = sizeOf(shape);
  const bytes = dtype === "float32" ? 4 : 8;
  if (payload.byteLength !== size * bytes) {
    throw new ProtocolError(
      `predictions payload of ${payload.byteLength} bytes does not hold shape (${
        shape.join(", ")
      }) ${dtype}`,
    );
  }
  const values = dtype === "float32" ? new Float32Array(payload) : new Float64Array(payload);
  return { shape: shape.slice(), values };
}
