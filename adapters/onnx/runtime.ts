import { UsageError } from "../../src/errors.js";

/*
 * The part of onnxruntime-node the adapter uses, declared here rather than imported: it is an
 * optional peer dependency, and published type declarations that name it fail to compile (TS2307)
 * for every user who does not install it. loadOrt checks the real module against these types.
 */

export interface OrtTensor {
  readonly type: string;
  /** A typed array matching `type` (callers narrow it after checking `type`). */
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** The `Tensor` constructor, for the element types the adapter creates. */
export interface OrtTensorConstructor {
  new (type: "float32", data: Float32Array, dims: readonly number[]): OrtTensor;
  new (type: "int64", data: BigInt64Array, dims: readonly number[]): OrtTensor;
  new (type: "bool", data: Uint8Array, dims: readonly number[]): OrtTensor;
}

/** One input's declared name, element type and shape (symbolic dimensions as strings). */
export interface OrtValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

export interface Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly OrtValueMetadata[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, unknown>>;
  release(): Promise<void>;
}

export interface SessionCreateOptions {
  executionProviders: string[];
  graphOptimizationLevel: "all";
  intraOpNumThreads?: number;
}

/** The onnxruntime-node module as the adapter uses it; loaded only when `onnx:` is used. */
export interface Ort {
  readonly Tensor: OrtTensorConstructor;
  readonly InferenceSession: { create(path: string, options: SessionCreateOptions): Promise<Session> };
}

const loaded = new Map<string, Promise<Ort>>();

/**
 * onnxruntime-node is an optional peer dependency: users who only evaluate HTTP models never
 * install its ~100 MB of native binaries. It is imported on first use, and its absence is a
 * usage error that says what to install.
 */
export function loadOrt(moduleName = "onnxruntime-node"): Promise<Ort> {
  let promise = loaded.get(moduleName);
  if (promise === undefined) {
    // Typed through the dev dependency inside this body only (so the declarations do not name it):
    // the real module must fit the structural `Ort` above, or the build fails.
    type RealOrt = typeof import("onnxruntime-node");
    promise = (import(moduleName) as Promise<RealOrt & { default?: RealOrt }>).then(
      (module): Ort => (module.InferenceSession === undefined && module.default !== undefined ? module.default : module),
      (error: unknown) => {
        loaded.delete(moduleName);
        throw new UsageError(
          `the onnx: adapter needs ${moduleName}, which is not installed (it is an optional peer dependency). ` +
            `Install it next to vlm-bench: npm install onnxruntime-node ` +
            `(GPU: see onnxruntime.ai for the CUDA build, then --onnx-ep cuda). Cause: ${(error as Error).message}`,
          { exitCode: 2, cause: error },
        );
      },
    );
    loaded.set(moduleName, promise);
  }
  return promise;
}
