import { existsSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { writeTinyVlm } from "../../../bench/fixtures/tiny-vlm.js";
import { runCli } from "../../helpers/cli.js";
import { QUADRANT_SIZE, quadrantPope } from "../../helpers/explain-fixtures.js";
import { tempDir } from "../../helpers/tmp.js";

const BROWSER = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p !== undefined && existsSync(p));

describe("vlm-bench table --format html --explain DIR", () => {
  it("shows the overlay beside the samples that have a map, and only those (in headless Chromium)", async () => {
    const model = writeTinyVlm(tempDir(), {
      topLeft: QUADRANT_SIZE / 2,
      preprocessor: { size: { shortest_edge: QUADRANT_SIZE }, crop_size: { height: QUADRANT_SIZE, width: QUADRANT_SIZE } },
    });
    const data = await quadrantPope(tempDir());
    const root = tempDir();
    const run = await runCli([
      "run",
      "--model",
      `onnx:${model}`,
      "--bench",
      "pope",
      "--data",
      data,
      "--no-progress",
      "--out",
      path.join(root, "run"),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const explain = await runCli([
      "explain",
      "--model",
      `onnx:${model}`,
      "--bench",
      "pope",
      "--data",
      data,
      "--sample",
      "popular/1",
      "--grid",
      "2",
      "--no-progress",
      "--out",
      path.join(root, "explain"),
    ]);
    expect(explain.code, explain.stderr).toBe(0);
    const report = path.join(root, "report.html");
    const table = await runCli(["table", path.join(root, "run"), "--data", data, "--explain", path.join(root, "explain"), "--out", report]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stderr).not.toMatch(/None of the/);

    const refused = await runCli(["table", path.join(root, "run"), "--explain", path.join(root, "explain"), "--format", "md"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--explain shows relevancy overlays in the HTML report only/);

    if (BROWSER === undefined) return; // the HTML check above still ran; html-browser.test.ts prints the notice
    const browser = await chromium.launch({ executablePath: BROWSER, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${report}`);
      await page.waitForSelector("#sample-rows tr");
      const rows = await page.$$eval("#sample-rows tr", (trs) =>
        trs.map((tr) => ({ id: tr.querySelector("td.id")?.textContent, overlays: tr.querySelectorAll("img.overlay").length })),
      );
      expect(rows).toHaveLength(3);
      expect(rows.filter((r) => r.overlays === 1).map((r) => r.id)).toEqual(["popular/1"]);
      const loaded = await page.$eval("img.overlay", (img) => (img as unknown as { naturalWidth: number }).naturalWidth);
      expect(loaded).toBe(192);
    } finally {
      await browser.close();
    }
  }, 120_000); // four CLI runs and a browser: on the shared 2-core machine this takes longer than the default 30 s
});
