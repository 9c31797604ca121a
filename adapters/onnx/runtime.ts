import { UsageError } from "../../src/errors.js";

/** The onnxruntime-node module, typed through its dev-dependency; loaded only when `onnx:` is used. */
export type Ort = typeof import("onnxruntime-node");
export type Session = import("onnxruntime-node").InferenceSession;
export type OrtTensor = import("onnxruntime-node").Tensor;

const loaded = new Map<string, Promise<Ort>>();

/**
 * onnxruntime-node is an optional peer dependency: users who only evaluate HTTP models never
 * install its ~100 MB of native binaries. It is imported on first use, and its absence is a
 * usage error that says what to install.
 */
export function loadOrt(moduleName = "onnxruntime-node"): Promise<Ort> {
  let promise = loaded.get(moduleName);
  if (promise === undefined) {
    promise = (import(moduleName) as Promise<Ort & { default?: Ort }>).then(
      (module) => (module.InferenceSession === undefined && module.default !== undefined ? module.default : module),
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
