import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { gridCells } from "../../../src/explain/grid.js";
import { checkGrid, decodeImage, meanColour, occludedPng, writeOccluded } from "../../../src/explain/occlude.js";
import { tempDir } from "../../helpers/tmp.js";

async function twoColourPng(file: string): Promise<string> {
  // 4×2: left half (2×2) pure red, right half pure blue (a PNG: exact pixels).
  const pixels = Buffer.from([255, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255]);
  await sharp(pixels, { raw: { width: 4, height: 2, channels: 3 } })
    .png()
    .toFile(file);
  return file;
}

describe("occluded images", () => {
  it("the fill is the image's mean colour, rounded", async () => {
    const image = await decodeImage(await twoColourPng(path.join(tempDir(), "a.png")), "t 1");
    expect(meanColour(image)).toEqual([128, 0, 128]); // 127.5 rounds up
  });

  it("covers exactly the cell's pixels and leaves every other pixel as it was", async () => {
    const image = await decodeImage(await twoColourPng(path.join(tempDir(), "a.png")), "t 1");
    const cell = gridCells(4, 2, 2)[1]!; // top-right: x 2..3, y 0
    const { data } = await sharp(await occludedPng(image, cell, [9, 8, 7]))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([...data]).toEqual([255, 0, 0, 255, 0, 0, 9, 8, 7, 9, 8, 7, 255, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255]);
  });

  it("writes only the cells asked for, naming every cell's file", async () => {
    const image = await decodeImage(await twoColourPng(path.join(tempDir(), "a.png")), "t 1");
    const dir = tempDir();
    const files = await writeOccluded(image, 2, dir, (cell) => cell.row === 1);
    expect([...files.keys()]).toEqual(["0,0", "0,1", "1,0", "1,1"]);
    const { existsSync } = await import("node:fs");
    expect([...files.values()].map((f) => existsSync(f))).toEqual([false, false, true, true]);
  });

  it("refuses a grid finer than the image, naming the largest that fits", async () => {
    const image = { file: "x.png", width: 4, height: 2 };
    expect(() => checkGrid(image, 2, "pope random/1")).not.toThrow();
    expect(() => checkGrid(image, 3, "pope random/1")).toThrow(
      /--grid 3 is larger than sample pope random\/1's image x\.png \(4×2 pixels\).*--grid 2 or less/,
    );
  });

  it("an image sharp cannot decode is a DataError naming sample and file", async () => {
    const { writeFileSync } = await import("node:fs");
    const file = path.join(tempDir(), "broken.png");
    writeFileSync(file, "not a png");
    await expect(decodeImage(file, "pope random/1")).rejects.toThrow(/sample pope random\/1: cannot decode image .*broken\.png/);
  });
});
