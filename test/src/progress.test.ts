import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress, rateText } from "../../src/progress.js";

function plainLines(drive: (p: ReturnType<typeof createProgress>) => void): string[] {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (d: Buffer) => (text += d.toString()));
  drive(createProgress("plain", stream));
  return text.trim().split("\n");
}

describe("progress lines (issue 12 item 16)", () => {
  it("a benchmark answered wholly from saved answers shows no rate, not 0.0/s, and says how many were resumed", () => {
    const lines = plainLines((p) => {
      p.start("pope", 216, 216);
      p.stop();
    });
    expect(lines.at(-1)).toBe("pope: 216/216 (100%) (216 resumed) –/s ETA 0s errors 0");
  });

  it("a failed sample is an error, not a done sample", () => {
    const lines = plainLines((p) => {
      p.start("gqa", 3, 0);
      p.tick(true);
      p.tick(false);
      p.stop();
    });
    expect(lines.at(-1)).toMatch(/^gqa: 1\/3 \(33%\) (?:[\d.]+|–)\/s ETA \S+ errors 1$/);
  });

  it("rateText: samples answered in this session per second, else –", () => {
    expect(rateText(10, 4)).toBe("2.5");
    expect(rateText(0, 4)).toBe("–");
    expect(rateText(5, 0)).toBe("–");
  });
});
