import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { viridis } from "../../../reports/explain/colormap.js";
import { renderExplainHtml } from "../../../reports/explain/html.js";
import { renderOverlay } from "../../../reports/explain/overlay.js";
import { renderSideBySide } from "../../../reports/explain/side-by-side.js";

const grey = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 100, g: 100, b: 100 } } })
    .png()
    .toBuffer();

describe("viridis", () => {
  it("runs from dark purple to yellow through its stops, clamped", () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(viridis(3 / 7)).toEqual([0x27, 0x7f, 0x8e]);
    expect(viridis(-1)).toEqual(viridis(0));
    expect(viridis(2)).toEqual(viridis(1));
    expect(viridis(Number.NaN)).toEqual(viridis(0));
  });

  it("gets lighter as the value grows (perceptually ordered)", () => {
    const lightness = (t: number) => {
      const [r, g, b] = viridis(t);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let t = 0; t < 1; t += 0.05) expect(lightness(t + 0.05)).toBeGreaterThan(lightness(t));
  });
});

describe("overlay PNG", () => {
  it("tints each cell with viridis at value / max, blended half over the image, cell edges as the grid's", async () => {
    const png = await renderOverlay(
      await grey(10, 10),
      [
        [0, 2],
        [1, -3],
      ],
      { max: 2 },
    );
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 10, height: 10, channels: 3 });
    const at = (x: number, y: number) => [...data.subarray((y * 10 + x) * 3, (y * 10 + x) * 3 + 3)];
    const blend = (t: number) => viridis(t).map((c) => Math.round(0.5 * 100 + 0.5 * c));
    expect(at(0, 0)).toEqual(blend(0));
    expect(at(4, 4)).toEqual(blend(0));
    expect(at(5, 0)).toEqual(blend(1));
    expect(at(9, 4)).toEqual(blend(1));
    expect(at(0, 5)).toEqual(blend(0.5));
    expect(at(9, 9)).toEqual(blend(0)); // negative values show as the bottom of the scale
  });

  it("outlines bounded cells in white", async () => {
    const png = await renderOverlay(
      await grey(8, 8),
      [
        [1, 1],
        [1, 1],
      ],
      { outline: [[1, 1]] },
    );
    const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray((4 * 8 + 4) * 3, (4 * 8 + 4) * 3 + 3)]).toEqual([255, 255, 255]);
    expect([...data.subarray((5 * 8 + 5) * 3, (5 * 8 + 5) * 3 + 3)]).not.toEqual([255, 255, 255]);
  });

  it("the side-by-side figure puts panels in a row under a heading", async () => {
    const panel = await renderOverlay(await grey(20, 10), [[1]]);
    const png = await renderSideBySide(
      [
        { png: panel, title: "a", subtitle: "answer: Yes" },
        { png: panel, title: "b", subtitle: "answer: No" },
      ],
      "pope 1",
    );
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe("png");
    expect(meta.height).toBe(28 + 256 + 44 + 8);
    expect(meta.width).toBe(2 * 512 + 3 * 8);
  });

  it("explain.html escapes questions and answers", () => {
    const html = renderExplainHtml([
      {
        benchmark: "pope",
        sample: "r/1",
        question: "<script>x</script>",
        sideBySide: "s.png",
        maps: [{ model: "m", method: "occlusion", answer: "a&b", overlay: "o.png", max: 1.5, bounded: 2 }],
      },
    ]);
    expect(html).not.toContain("<script>x");
    expect(html).toContain("&lt;script&gt;x");
    expect(html).toContain("a&amp;b");
    expect(html).toContain("1.500 nats (2 bounded cells)");
  });
});
