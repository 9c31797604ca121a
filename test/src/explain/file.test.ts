import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type ExplainMap, readExplainFile, writeExplainFile } from "../../../src/explain/file.js";
import { tempDir } from "../../helpers/tmp.js";

const map: ExplainMap = {
  benchmark: "pope",
  sample: "random/1",
  model: "openai:m",
  method: "occlusion",
  grid: 2,
  values: [
    [0.5, 0],
    [-0.25, 1e-12],
  ],
  answer: "Yes",
  bounded: [[1, 0]],
  overlay: "overlays/x.png",
};

describe("explain.json", () => {
  it("round-trips version 1 with full-precision values", () => {
    const dir = tempDir();
    writeExplainFile(dir, [map]);
    expect(readExplainFile(dir).explain).toEqual({ version: 1, maps: [map] });
  });

  it.each([
    [{ version: 2, maps: [] }, /not an explain\.json version 1/],
    [{ version: 1, maps: [{ ...map, method: "gradcam" }] }, /\/maps\/0 has method "gradcam"/],
    [{ version: 1, maps: [{ ...map, grid: 3 }] }, /\/maps\/0 "values" does not have "grid" \(3\) rows/],
    [
      {
        version: 1,
        maps: [
          {
            ...map,
            values: [
              [1, 2],
              [3, null],
            ],
          },
        ],
      },
      /\/maps\/0 "values" is not rows of equal length of finite numbers/,
    ],
    [{ version: 1, maps: [{ ...map, sample: 7 }] }, /\/maps\/0 has no string "sample"/],
  ])("a damaged file is a DataError naming the map: %j", (content, message) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "explain.json"), JSON.stringify(content));
    expect(() => readExplainFile(dir)).toThrow(message);
  });

  it("a folder without explain.json says what --explain expects", () => {
    expect(() => readExplainFile(tempDir())).toThrow(
      /cannot read an explain\.json .*point --explain at a `vlm-bench explain` output folder/,
    );
  });
});
