import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { gridCells } from "../../../src/explain/grid.js";
import { checkGrid, decodeImage, meanColour, OccludedImages, occludedPng } from "../../../src/explain/occlude.js";
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

  it("writes each occluded copy on demand, once, and leaves unregistered paths alone", async () => {
    const { existsSync, statSync } = await import("node:fs");
    const image = await decodeImage(await twoColourPng(path.join(tempDir(), "a.png")), "t 1");
    const images = new OccludedImages(tempDir());
    const files = images.add(image, 2);
    expect([...files.keys()]).toEqual(["0,0", "0,1", "1,0", "1,1"]);
    expect([...files.values()].some((f) => existsSync(f))).toBe(false);
    const target = files.get("1,0")!;
    await Promise.all([images.ensure(target), images.ensure(target)]);
    expect([...files.values()].map((f) => existsSync(f))).toEqual([false, false, true, false]);
    const written = statSync(target).mtimeMs;
    await images.ensure(target);
    expect(statSync(target).mtimeMs).toBe(written);
    const { data } = await sharp(target).raw().toBuffer({ resolveWithObject: true });
    // Bottom-left cell (x 0..1, y 1) in the mean colour [128, 0, 128].
    expect([...data.subarray(12, 18)]).toEqual([128, 0, 128, 128, 0, 128]);
    await expect(images.ensure("/elsewhere/original.jpg")).resolves.toBeUndefined();
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
