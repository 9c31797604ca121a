import { writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { preprocessImage, resizeTarget, toChannelsFirst } from "../../../adapters/onnx/preprocess.js";
import { PREPROCESSOR } from "../../../bench/fixtures/tiny-vlm.js";
import { DataError } from "../../../src/errors.js";
import { tempDir } from "../../helpers/tmp.js";

/** Expected value of one channel, computed here from the definition: (v/255 − mean) / std. */
const norm = (v: number, mean: number, std: number) => (v / 255 - mean) / std;

describe("resizeTarget: transformers' output size", () => {
  it.each([
    [640, 480, { shortest_edge: 336 }, 448, 336],
    [480, 640, { shortest_edge: 336 }, 336, 448],
    [500, 333, { shortest_edge: 224 }, 336, 224], // 224·500/333 = 336.3 → 336 (truncated)
    [333, 500, { shortest_edge: 224 }, 224, 336],
    [300, 300, { shortest_edge: 224 }, 224, 224],
    [300, 200, 224, 336, 224], // a bare number is a shortest edge (CLIP's older configs)
    [640, 480, { height: 384, width: 384 }, 384, 384], // SigLIP: exact size, aspect ignored
  ])("%i×%i with %j → %i×%i", (w, h, size, ew, eh) => {
    expect(resizeTarget(w, h, size)).toEqual({ width: ew, height: eh });
  });
});

describe("toChannelsFirst: rescale, normalise, HWC → CHW", () => {
  it("hand-worked 2×1 image", () => {
    const bytes = Uint8Array.from([255, 0, 51, 0, 255, 102]); // two pixels, RGB each
    const out = toChannelsFirst(bytes, 2, 1, { image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.25, 0.5] });
    expect(Array.from(out)).toEqual(
      // R: 1, 0 → ±1; G (std 0.25): 0, 1 → −2, 2; B: 0.2, 0.4 → −0.6, −0.2
      [1, -1, -2, 2, -0.6, -0.2].map((v) => expect.closeTo(v, 6)),
    );
  });

  it("do_rescale false and do_normalize false pass bytes through", () => {
    const out = toChannelsFirst(Uint8Array.from([10, 20, 30]), 1, 1, { do_rescale: false, do_normalize: false });
    expect(Array.from(out)).toEqual([10, 20, 30]);
  });
});

describe("preprocessImage: sharp following preprocessor_config.json", () => {
  it("resizes the shortest edge, centre-crops, normalises, channels first", async () => {
    // 40×20: left half red, right half blue. Shortest edge 8 → 16×8, crop 8×8 from x = 4:
    // crop columns 0–3 come from the red half, 4–7 from the blue half.
    const file = path.join(tempDir(), "halves.png");
    const half = (r: number, b: number) =>
      sharp({ create: { width: 20, height: 20, channels: 3, background: { r, g: 0, b } } })
        .png()
        .toBuffer();
    await sharp({ create: { width: 40, height: 20, channels: 3, background: "#000" } })
      .composite([
        { input: await half(255, 0), left: 0, top: 0 },
        { input: await half(0, 255), left: 20, top: 0 },
      ])
      .png()
      .toFile(file);
    const pixels = await preprocessImage(file, PREPROCESSOR);
    expect([pixels.width, pixels.height, pixels.data.length]).toEqual([8, 8, 3 * 64]);
    const at = (c: number, y: number, x: number) => pixels.data[c * 64 + y * 8 + x]!;
    for (const y of [0, 3, 7]) {
      // Columns 0 and 7 are 4 resized pixels from the edge between the halves: untouched by the filter.
      expect([at(0, y, 0), at(1, y, 0), at(2, y, 0)]).toEqual([1, -1, -1].map((v) => expect.closeTo(v, 5)));
      expect([at(0, y, 7), at(1, y, 7), at(2, y, 7)]).toEqual([-1, -1, 1].map((v) => expect.closeTo(v, 5)));
    }
  });

  it("uses CLIP's mean and std when the config gives none, and drops the alpha channel", async () => {
    const file = path.join(tempDir(), "flat.png");
    await sharp({ create: { width: 9, height: 7, channels: 4, background: { r: 128, g: 64, b: 32, alpha: 1 } } })
      .png()
      .toFile(file);
    const pixels = await preprocessImage(file, { size: { height: 4, width: 6 }, do_center_crop: false });
    expect([pixels.width, pixels.height]).toEqual([6, 4]);
    const mean = [0.48145466, 0.4578275, 0.40821073];
    const std = [0.26862954, 0.26130258, 0.27577711];
    [128, 64, 32].forEach((v, c) => {
      expect(pixels.data[c * 24 + 5]).toBeCloseTo(norm(v, mean[c]!, std[c]!), 5);
    });
  });

  it("a file sharp cannot decode is a DataError naming the sample and the path", async () => {
    const file = path.join(tempDir(), "broken.jpg");
    writeFileSync(file, "this is not a JPEG");
    const failure = preprocessImage(file, PREPROCESSOR, "pope random/3");
    await expect(failure).rejects.toThrow(DataError);
    await expect(failure).rejects.toThrow(`sample pope random/3: cannot decode image ${file}`);
  });
});
