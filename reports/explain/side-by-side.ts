import sharp from "sharp";
import { escapeHtml } from "../html/report.js";

export interface Panel {
  /** The overlay PNG. */
  png: Buffer;
  /** First caption line (the model), second (its answer). */
  title: string;
  subtitle: string;
}

const PANEL = 256;
const CAPTION = 44;
const GAP = 8;

/** The paper's Figure 2 for any set of models: the panels in a row, each scaled to 256 px high, captioned. */
export async function renderSideBySide(panels: readonly Panel[], heading: string): Promise<Buffer> {
  const scaled = await Promise.all(
    panels.map((p) => sharp(p.png).resize({ height: PANEL, kernel: "nearest" }).png().toBuffer({ resolveWithObject: true })),
  );
  const widths = scaled.map((s) => Math.max(s.info.width, 120));
  const width = widths.reduce((a, b) => a + b, 0) + GAP * (panels.length + 1);
  const height = 28 + PANEL + CAPTION + GAP;
  const composites: sharp.OverlayOptions[] = [
    { input: svgText(width, 24, [{ x: GAP, y: 18, text: heading, size: 14, bold: true }]), left: 0, top: 0 },
  ];
  let left = GAP;
  scaled.forEach((s, i) => {
    composites.push({ input: s.data, left, top: 28 });
    const lines = [
      { x: 0, y: 16, text: clip(panels[i]!.title, widths[i]!), size: 12, bold: true },
      { x: 0, y: 34, text: clip(panels[i]!.subtitle, widths[i]!), size: 12, bold: false },
    ];
    composites.push({ input: svgText(widths[i]!, CAPTION, lines), left, top: 28 + PANEL });
    left += widths[i]! + GAP;
  });
  return sharp({ create: { width, height, channels: 3, background: "#ffffff" } })
    .composite(composites)
    .png()
    .toBuffer();
}

function svgText(width: number, height: number, lines: { x: number; y: number; text: string; size: number; bold: boolean }[]): Buffer {
  const body = lines
    .map(
      (l) =>
        `<text x="${l.x}" y="${l.y}" font-family="DejaVu Sans, sans-serif" font-size="${l.size}"${l.bold ? ' font-weight="bold"' : ""} fill="#000">${escapeHtml(l.text)}</text>`,
    )
    .join("");
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`);
}

/** Shortened to roughly fit `width` pixels at 12 px (about 7 px per character). */
function clip(text: string, width: number): string {
  const room = Math.max(8, Math.floor(width / 7));
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= room ? flat : `${flat.slice(0, room - 1)}…`;
}
