import path from "node:path";
import { performance } from "node:perf_hooks";
import { DataError, UsageError } from "../../src/errors.js";
import type { GRAPHS, ModelLayout } from "./layout.js";
import {
  type DecoderRoles,
  decoderRoles,
  type EmbedRoles,
  embedRoles,
  type SessionSignature,
  type VisionRoles,
  visionRoles,
} from "./roles.js";
import type { Ort, OrtTensor, Session } from "./runtime.js";

export interface SessionOptions {
  /** onnxruntime execution provider name (cpu, cuda, dml, coreml, …). Default cpu. */
  executionProvider?: string;
  /** Intra-op threads; onnxruntime's default when unset. */
  threads?: number;
}

/** Time inside session.run, kept so the benchmark can show the harness is not what is slow. */
export interface RunClock {
  runs: number;
  ms: number;
}

/** A session with the roles of its inputs and outputs; `run` is timed on the shared clock. */
export interface Graph<Roles> {
  file: string;
  roles: Roles;
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

export interface Graphs {
  vision: Graph<VisionRoles>;
  embed: Graph<EmbedRoles>;
  decoder: Graph<DecoderRoles>;
}

/** Opens the three sessions once per run and maps their actual input and output names to roles. */
export async function openGraphs(ort: Ort, layout: ModelLayout, options: SessionOptions, clock: RunClock): Promise<Graphs> {
  const open = async <Roles>(graph: (typeof GRAPHS)[number], toRoles: (s: SessionSignature) => Roles): Promise<Graph<Roles>> => {
    const file = layout.graphs[graph].file;
    const session = await createSession(ort, file, options);
    let roles: Roles;
    try {
      roles = toRoles({
        file,
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        inputMetadata: session.inputMetadata?.map((m) => ({
          name: m.name,
          isTensor: m.isTensor,
          ...(m.isTensor ? { type: m.type, shape: m.shape } : {}),
        })),
      });
    } catch (error) {
      await session.release();
      throw error;
    }
    return {
      file,
      roles,
      async run(feeds) {
        const started = performance.now();
        try {
          return (await session.run(feeds)) as Record<string, OrtTensor>;
        } finally {
          clock.ms += performance.now() - started;
          clock.runs++;
        }
      },
      release: () => session.release(),
    };
  };
  const vision = await open("vision_encoder", visionRoles);
  const embed = await open("embed_tokens", embedRoles).catch(async (e) => {
    await vision.release();
    throw e;
  });
  const decoder = await open("decoder_model_merged", decoderRoles).catch(async (e) => {
    await Promise.all([vision.release(), embed.release()]);
    throw e;
  });
  return { vision, embed, decoder };
}

async function createSession(ort: Ort, file: string, options: SessionOptions): Promise<Session> {
  const provider = options.executionProvider ?? "cpu";
  try {
    return await ort.InferenceSession.create(file, {
      executionProviders: [provider],
      graphOptimizationLevel: "all",
      ...(options.threads === undefined ? {} : { intraOpNumThreads: options.threads }),
    });
  } catch (error) {
    const message = (error as Error).message;
    if (provider !== "cpu" && /provider|backend|cuda|not (supported|available)|library/i.test(message)) {
      throw new UsageError(
        `--onnx-ep ${provider}: onnxruntime-node could not use it (${message}). ` +
          `Install the onnxruntime build for that device (e.g. the CUDA build with CUDA and cuDNN), or use --onnx-ep cpu.`,
        { cause: error },
      );
    }
    throw new DataError(`${file}: onnxruntime cannot load it (${message}). Re-export or re-download ${path.basename(file)}.`, {
      file,
      cause: error,
    });
  }
}
