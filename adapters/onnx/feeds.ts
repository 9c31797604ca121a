import type { Ort, OrtTensor } from "./runtime.js";

/** Past this many entries a table is cleared and refilled, so odd prompt lengths cannot grow it without bound. */
const MAX_ENTRIES = 4096;

/**
 * The decoder's and embedder's small int64/bool inputs repeat from sample to sample (the same
 * prompt length, the same positions, the same answer tokens). Building them anew for every
 * call cost more than a small model's forward pass, so each distinct one is made once and
 * reused. onnxruntime only reads its inputs, so a shared tensor cannot carry one sample's
 * state into the next; nothing here is ever written after it is made.
 */
export class ReusedInputs {
  /** All ones; attention masks are views of its start. Replaced (never written) when too short. */
  private ones = new BigInt64Array(0);
  private readonly masks = new Map<number, OrtTensor>();
  private readonly positions = new Map<number, OrtTensor>();
  private readonly tokens = new Map<number, OrtTensor>();
  private readonly flags: [OrtTensor, OrtTensor];
  /** The empty cache [1, heads, 0, headDim] every layer starts a sample with. */
  readonly emptyPast: OrtTensor;

  constructor(
    private readonly ort: Ort,
    cache: { heads: number; headDim: number; type: string },
  ) {
    this.flags = [new ort.Tensor("bool", new Uint8Array([0]), [1]), new ort.Tensor("bool", new Uint8Array([1]), [1])];
    const empty = cache.type === "float16" ? new Uint16Array(0) : new Float32Array(0);
    this.emptyPast = new ort.Tensor(cache.type as "float32", empty as Float32Array, [1, cache.heads, 0, cache.headDim]);
  }

  /** attention_mask [1, total], all ones (one sequence, no padding). */
  attentionMask(total: number): OrtTensor {
    let tensor = this.masks.get(total);
    if (tensor === undefined) {
      if (this.ones.length < total) this.ones = new BigInt64Array(Math.max(total, 2 * this.ones.length, 64)).fill(1n);
      tensor = new this.ort.Tensor("int64", this.ones.subarray(0, total), [1, total]);
      remember(this.masks, total, tensor);
    }
    return tensor;
  }

  /** position_ids [1, count]: start, start + 1, …, start + count − 1. */
  positionIds(start: number, count: number): OrtTensor {
    // Exact as a number key while count < 2^20 and start < 2^32; beyond that, not cached.
    const cacheable = count < 2 ** 20 && start < 2 ** 32;
    const key = start * 2 ** 20 + count;
    let tensor = cacheable ? this.positions.get(key) : undefined;
    if (tensor === undefined) {
      const ids = new BigInt64Array(count);
      for (let i = 0; i < count; i++) ids[i] = BigInt(start + i);
      tensor = new this.ort.Tensor("int64", ids, [1, count]);
      if (cacheable) remember(this.positions, key, tensor);
    }
    return tensor;
  }

  /** input_ids [1, 1] holding one token, for embedding the token just generated. */
  token(id: number): OrtTensor {
    let tensor = this.tokens.get(id);
    if (tensor === undefined) {
      tensor = new this.ort.Tensor("int64", BigInt64Array.of(BigInt(id)), [1, 1]);
      remember(this.tokens, id, tensor);
    }
    return tensor;
  }

  /** use_cache_branch: false for the prefill, true for the steps on the cache. */
  useCacheBranch(onCache: boolean): OrtTensor {
    return this.flags[onCache ? 1 : 0];
  }
}

function remember<K>(table: Map<K, OrtTensor>, key: K, tensor: OrtTensor): void {
  if (table.size >= MAX_ENTRIES) table.clear();
  table.set(key, tensor);
}
