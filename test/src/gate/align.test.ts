import { describe, expect, it } from "vitest";
import { pairItems } from "../../../src/gate/align.js";

const items = (ids: string[], run: string) => ids.map((id) => ({ id, run }));

describe("pairItems", () => {
  it("the same ids in the same order pair position by position", () => {
    const { base, cand } = pairItems(items(["a", "b", "c"], "B"), items(["a", "b", "c"], "C"));
    expect(base.map((i) => `${i.id}${i.run}`)).toEqual(["aB", "bB", "cB"]);
    expect(cand.map((i) => `${i.id}${i.run}`)).toEqual(["aC", "bC", "cC"]);
  });

  it("another order or other ids: the baseline's common items in its order, each with the candidate's item of that id", () => {
    const { base, cand } = pairItems(items(["a", "b", "c", "d"], "B"), items(["d", "x", "b", "a"], "C"));
    expect(base.map((i) => i.id)).toEqual(["a", "b", "d"]);
    expect(cand.map((i) => `${i.id}${i.run}`)).toEqual(["aC", "bC", "dC"]);
  });

  it("the same length but one id changed is not taken for the same list", () => {
    const { base, cand } = pairItems(items(["a", "b"], "B"), items(["a", "z"], "C"));
    expect([base.map((i) => i.id), cand.map((i) => i.id)]).toEqual([["a"], ["a"]]);
  });
});
