import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { writeTinyVlm } from "../../../bench/fixtures/tiny-vlm.js";
import { runCli } from "../../helpers/cli.js";
import { QUADRANT_SIZE, quadrantPope } from "../../helpers/explain-fixtures.js";
import { tempDir } from "../../helpers/tmp.js";

/** The tiny ONNX VLM reading only the top-left quadrant of a 64×64 image (no resizing: preprocessed size = image size). */
const regionModel = () =>
  writeTinyVlm(tempDir(), {
    topLeft: QUADRANT_SIZE / 2,
    preprocessor: { size: { shortest_edge: QUADRANT_SIZE }, crop_size: { height: QUADRANT_SIZE, width: QUADRANT_SIZE } },
  });

describe("vlm-bench explain --model onnx:DIR (the answer depends on the top-left quadrant only)", () => {
  it("puts the map's highest cell in that quadrant and every cell outside it at zero", async () => {
    const model = regionModel();
    const data = await quadrantPope(tempDir());
    const out = path.join(tempDir(), "out");
    const r = await runCli([
      "explain",
      "--model",
      `onnx:${model}`,
      "--bench",
      "pope",
      "--data",
      data,
      "--sample",
      "random/1",
      "--grid",
      "8",
      "--no-progress",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("1 sample × 1 model × 65 requests");
    const explain = JSON.parse(readFileSync(path.join(out, "explain.json"), "utf8"));
    expect(explain.version).toBe(1);
    expect(explain.maps).toHaveLength(1);
    const map = explain.maps[0];
    expect(map).toMatchObject({
      benchmark: "pope",
      sample: "random/1",
      model: `onnx:${model}`,
      method: "occlusion",
      grid: 8,
      answer: "yes",
      bounded: [],
    });
    const values: number[][] = map.values;
    expect(values).toHaveLength(8);
    let best = { value: -Infinity, row: -1, col: -1 };
    for (const [row, cells] of values.entries()) {
      expect(cells).toHaveLength(8);
      for (const [col, value] of cells.entries()) {
        if (value > best.value) best = { value, row, col };
        const inside = row < 4 && col < 4;
        if (inside) expect(value, `cell ${row},${col}`).toBeGreaterThan(0.01);
        else expect(Math.abs(value), `cell ${row},${col}`).toBeLessThan(1e-6);
      }
    }
    expect(best.row).toBeLessThan(4);
    expect(best.col).toBeLessThan(4);
    // The figures exist and are real PNGs of the image's size.
    const overlay = await sharp(path.join(out, map.overlay)).metadata();
    expect(overlay).toMatchObject({ format: "png", width: QUADRANT_SIZE, height: QUADRANT_SIZE });
    const figures = readdirSync(path.join(out, "side-by-side"));
    expect(figures).toHaveLength(1);
    expect((await sharp(path.join(out, "side-by-side", figures[0]!)).metadata()).format).toBe("png");
    expect(readFileSync(path.join(out, "explain.html"), "utf8")).toContain("Is there a red square in the image?");
    // 1 unoccluded + 64 occluded answers, one line each.
    expect(readFileSync(path.join(out, "predictions.jsonl"), "utf8").trim().split("\n")).toHaveLength(65);
  });
});
