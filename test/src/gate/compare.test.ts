import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gate } from "../../../src/gate/compare.js";
import { NotComparableError, protocolVersion } from "../../../src/gate/protocol.js";
import { loadRun } from "../../../src/run-folder/index.js";
import { binaryItems, type CraftedRun, writeRun } from "../../helpers/runs.js";
import { tempDir } from "../../helpers/tmp.js";

const policy = { maxDrop: 0.01, maxDropPoints: 10, alpha: 0.05, maxDropPerMetric: {} };
const pair = async (a: CraftedRun, b: CraftedRun) => {
  const dir = tempDir();
  return [await loadRun(writeRun(path.join(dir, "a"), a)), await loadRun(writeRun(path.join(dir, "b"), b))] as const;
};

describe("gate()", () => {
  it("compares on common items only and says how many each side had alone; candidate-only benchmarks are noted", async () => {
    const [a, b] = await pair(
      { benchmarks: { toy: binaryItems(12, (i) => i < 6) } },
      {
        benchmarks: {
          toy: binaryItems(10, (i) => i < 6)
            .slice(2)
            .concat([{ id: "extra", correct: 1 }]),
          fresh: binaryItems(3, () => true),
        },
      },
    );
    const report = gate(a, b, { policy });
    const [toy] = report.benchmarks;
    expect(toy).toMatchObject({ benchmark: "toy", common: 8, onlyBaseline: 4, onlyCandidate: 1 });
    // Common ids q2..q9: baseline right on q2..q5 (4/8), candidate the same → no change.
    expect(toy!.metrics[0]).toMatchObject({
      metric: "toy.item_accuracy",
      baseline: 0.5,
      candidate: 0.5,
      difference: 0,
      pDrop: 1,
      adjustedP: 1,
      status: "pass",
      detail: "0 lost, 0 gained",
    });
    expect(report.notes).toEqual([
      "fresh: only in the candidate, not gated (no baseline yet)",
      expect.stringMatching(/^prompts not compared: no predictions\.jsonl next to .*a\/results\.json$/),
      "toy: compared on the 8 common items (4 only in the baseline, 1 only in the candidate)",
    ]);
    expect(report.exitCode).toBe(0);
  });

  it("collects every reason before refusing", async () => {
    const [a, b] = await pair(
      { benchmarks: { toy: binaryItems(3, () => true, "a"), other: binaryItems(2, () => true) } },
      { harness: "vlm-bench@1.0.0", benchmarks: { toy: binaryItems(3, () => true, "b") } },
    );
    const error = (() => {
      try {
        gate(a, b, { policy });
      } catch (e) {
        return e as NotComparableError;
      }
    })();
    expect(error).toBeInstanceOf(NotComparableError);
    expect(error!.exitCode).toBe(2);
    expect(error!.reasons).toHaveLength(3);
    expect(error!.reasons.join("\n")).toMatch(/protocol 0\.1.*protocol 1\).*\ntoy: no common items.*\nthe candidate has no other results/);
  });

  it("a benchmark --bench left out is not noted as 'only in the candidate' (issue 12 item 12)", async () => {
    const [a, b] = await pair(
      { benchmarks: { toy: binaryItems(6, (i) => i < 3), gqa: binaryItems(4, () => true) } },
      { benchmarks: { toy: binaryItems(6, (i) => i < 3), gqa: binaryItems(4, () => true), fresh: binaryItems(2, () => true) } },
    );
    const report = gate(a, b, { policy, benchmarks: ["toy"] });
    expect(report.notes.filter((n) => n.includes("only in the candidate"))).toEqual([
      "fresh: only in the candidate, not gated (no baseline yet)",
    ]);
  });

  it("a candidate with no scores where the baseline has them says it was run without a judge, not 'no common items' (issue 12 item 12)", async () => {
    const dir = tempDir();
    const a = await loadRun(writeRun(path.join(dir, "a"), { benchmarks: { mmvet: binaryItems(4, () => true) } }));
    const bFile = writeRun(path.join(dir, "b"), { benchmarks: { mmvet: [] } });
    const results = JSON.parse(readFileSync(bFile, "utf8"));
    results.benchmarks.mmvet.metrics = {};
    writeFileSync(bFile, JSON.stringify(results));
    const b = await loadRun(bFile);
    const error = (() => {
      try {
        gate(a, b, { policy });
      } catch (e) {
        return e as NotComparableError;
      }
    })();
    expect(error).toBeInstanceOf(NotComparableError);
    expect(error!.reasons.join("\n")).toMatch(/mmvet: the candidate has no mmvet scores .*run without a judge/);
    expect(error!.reasons.join("\n")).not.toMatch(/no common items/);
  });

  it("items without correct/score give no metric and a note", async () => {
    const unscored = [{ id: "1" }, { id: "2" }];
    const [a, b] = await pair({ benchmarks: { mmvet: unscored } }, { benchmarks: { mmvet: unscored } });
    const report = gate(a, b, { policy });
    expect(report.benchmarks[0]!.metrics).toEqual([]);
    expect(report.notes).toContain("mmvet: items carry no correct/score (not scored?), nothing to gate");
  });

  it.each([
    ["vlm-bench@0.1.0", "0.1"],
    ["vlm-bench@0.1.9", "0.1"],
    ["vlm-bench@1.4.2", "1"],
    ["vlm-bench@2.0.0-beta.1", "2"],
    ["something else", "something else"],
  ])("protocol version of %s is %s", (harness, version) => {
    expect(protocolVersion(harness)).toBe(version);
  });
});
