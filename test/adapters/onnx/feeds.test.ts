import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { ReusedInputs } from "../../../adapters/onnx/feeds.js";
import type { OrtTensor } from "../../../adapters/onnx/runtime.js";

const cache = { heads: 2, headDim: 8, type: "float32" };
const values = (tensor: OrtTensor) => Array.from(tensor.data as BigInt64Array, Number);

describe("ReusedInputs: the decoder's small inputs, made once and shared", () => {
  it.each([
    [1, [1]],
    [3, [1, 1, 1]],
    [70, new Array(70).fill(1)],
  ])("attention_mask for %i positions is [1, n] of ones", (total, expected) => {
    const mask = new ReusedInputs(ort, cache).attentionMask(total);
    expect(mask.type).toBe("int64");
    expect(mask.dims).toEqual([1, total]);
    expect(values(mask)).toEqual(expected);
  });

  it("a mask made before the ones buffer grew still holds exactly its own ones", () => {
    const inputs = new ReusedInputs(ort, cache);
    const short = inputs.attentionMask(5);
    const long = inputs.attentionMask(300); // replaces the shared buffer
    expect(values(short)).toEqual([1, 1, 1, 1, 1]);
    expect(values(long)).toHaveLength(300);
    expect(values(long).every((v) => v === 1)).toBe(true);
    expect(inputs.attentionMask(5)).toBe(short);
  });

  it.each([
    [0, 4, [0, 1, 2, 3]],
    [17, 1, [17]],
    [5, 3, [5, 6, 7]],
  ])("position_ids from %i for %i tokens", (start, count, expected) => {
    const positions = new ReusedInputs(ort, cache).positionIds(start, count);
    expect(positions.dims).toEqual([1, count]);
    expect(values(positions)).toEqual(expected);
  });

  it("interleaved requests for different positions each get their own, unchanged values", () => {
    const inputs = new ReusedInputs(ort, cache);
    const prefill = inputs.positionIds(0, 3);
    const step = inputs.positionIds(3, 1);
    const otherPrefill = inputs.positionIds(0, 5);
    expect(inputs.positionIds(0, 3)).toBe(prefill);
    expect(values(prefill)).toEqual([0, 1, 2]);
    expect(values(step)).toEqual([3]);
    expect(values(otherPrefill)).toEqual([0, 1, 2, 3, 4]);
    // (start 1, count 0) and (start 0, count 1) are different entries.
    expect(values(inputs.positionIds(1, 0))).toEqual([]);
    expect(values(inputs.positionIds(0, 1))).toEqual([0]);
  });

  it("one token's input_ids, and the use_cache_branch flags", () => {
    const inputs = new ReusedInputs(ort, cache);
    expect(inputs.token(4).dims).toEqual([1, 1]);
    expect(values(inputs.token(4))).toEqual([4]);
    expect(values(inputs.token(5))).toEqual([5]);
    expect(inputs.token(4)).toBe(inputs.token(4));
    expect([...(inputs.useCacheBranch(false).data as Uint8Array)]).toEqual([0]);
    expect([...(inputs.useCacheBranch(true).data as Uint8Array)]).toEqual([1]);
  });

  it.each([
    ["float32", Float32Array],
    ["float16", Uint16Array],
  ] as const)("the empty %s cache is [1, heads, 0, headDim]", (type, array) => {
    const empty = new ReusedInputs(ort, { heads: 2, headDim: 8, type }).emptyPast;
    expect(empty.type).toBe(type);
    expect(empty.dims).toEqual([1, 2, 0, 8]);
    expect(empty.data).toBeInstanceOf(array);
  });

  it("past 4,096 distinct lengths the table starts over and still answers correctly", () => {
    const inputs = new ReusedInputs(ort, cache);
    for (let n = 1; n <= 4100; n++) inputs.positionIds(n, 1);
    expect(values(inputs.positionIds(2, 1))).toEqual([2]);
    expect(values(inputs.positionIds(4100, 1))).toEqual([4100]);
  });
});
