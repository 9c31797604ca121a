import { describe, expect, it } from "vitest";
import { bandEdges, gridCells, occludedSampleId } from "../../../src/explain/grid.js";
import { editDistance, nearestIds } from "../../../src/explain/nearest.js";
import { answerToken, cellRelevance } from "../../../src/explain/relevancy.js";

const position = (token: string, logprob: number, top: [string, number][]) => [
  { token, logprob, top: top.map(([t, l]) => ({ token: t, logprob: l })) },
];

describe("occlusion grid", () => {
  it("divides each side into G bands with edges rounded to whole pixels", () => {
    expect(bandEdges(10, 4)).toEqual([0, 3, 5, 8, 10]); // 2.5 → 3 and 7.5 → 8 (Math.round)
    expect(bandEdges(64, 8)).toEqual([0, 8, 16, 24, 32, 40, 48, 56, 64]);
    expect(bandEdges(3, 3)).toEqual([0, 1, 2, 3]);
  });

  it("covers every pixel exactly once, row-major from the top row", () => {
    const cells = gridCells(10, 7, 3);
    expect(cells).toHaveLength(9);
    expect(cells[0]).toEqual({ row: 0, col: 0, left: 0, top: 0, width: 3, height: 2 });
    expect(cells[5]).toEqual({ row: 1, col: 2, left: 7, top: 2, width: 3, height: 3 });
    expect(cells.reduce((sum, c) => sum + c.width * c.height, 0)).toBe(70);
  });

  it("gives each occluded request its own cache id: sample, fill, grid and cell", () => {
    expect(occludedSampleId("random/1", "mean", 8, 2, 5)).toBe("random/1#occlude-mean-8x8@2,5");
    expect(occludedSampleId("random/1", "mean", 4, 2, 5)).not.toBe(occludedSampleId("random/1", "mean", 8, 2, 5));
  });
});

describe("cell relevance (nats)", () => {
  const answer = { token: "Yes", logprob: -0.25 };

  it("the answer's first token and its log-probability", () => {
    expect(answerToken(position("Yes", -0.25, [["Yes", -0.25]]))).toEqual(answer);
    expect(answerToken([])).toBeNull();
  });

  it("is the drop when the occluded answer starts with the same token", () => {
    expect(cellRelevance(answer, position("Yes", -1.5, []))).toEqual({ value: 1.25, bounded: false });
  });

  it("reads the token among the alternatives when the occluded answer changed", () => {
    expect(
      cellRelevance(
        answer,
        position("No", -0.5, [
          ["No", -0.5],
          ["Yes", -1],
        ]),
      ),
    ).toEqual({ value: 0.75, bounded: false });
  });

  it("can be negative: covering a cell may make the answer more likely", () => {
    expect(cellRelevance(answer, position("Yes", -0.05, []))?.value).toBeCloseTo(-0.2, 15);
    expect(cellRelevance({ token: "Yes", logprob: -1 }, position("Yes", -0.5, []))).toEqual({ value: -0.5, bounded: false });
  });

  it("uses the k-th log-probability as a bound when the token is not in the top-k, and marks it", () => {
    expect(
      cellRelevance(
        answer,
        position("No", -0.1, [
          ["No", -0.1],
          ["Maybe", -3],
          ["Perhaps", -4.25],
        ]),
      ),
    ).toEqual({ value: 4, bounded: true });
  });

  it("gives no value when there is no first token or no list to bound it by", () => {
    expect(cellRelevance(answer, [])).toBeNull();
    expect(cellRelevance(answer, position("No", -0.1, []))).toBeNull();
  });
});

describe("nearest sample ids", () => {
  it("orders by edit distance, ties in the ids' order", () => {
    expect(editDistance("random/12", "random/21")).toBe(2);
    expect(nearestIds("random/12", ["popular/12", "random/1", "random/21", "random/13", "adversarial/12"])).toEqual([
      "random/1",
      "random/13",
      "random/21",
    ]);
  });
});
