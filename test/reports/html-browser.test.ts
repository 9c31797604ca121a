import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writePopeDataset } from "../../datasets/pope/make-mini.js";
import { THUMBNAIL_PX } from "../../reports/html/report.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** Debian's chromium (installed by .ci/run); CHROMIUM_PATH points elsewhere. */
const BROWSER = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p !== undefined && existsSync(p));
if (BROWSER === undefined) {
  process.stderr.write("\n*** NOTICE: no Chromium found (/usr/bin/chromium or $CHROMIUM_PATH): the HTML report browser tests are SKIPPED. Install it with `apt-get install -y chromium`. ***\n\n");
}

const XSS = "<img src=x onerror=alert(1)>";
const BREAKOUT = "</script><script>alert(2)</script>";

describe.skipIf(BROWSER === undefined)("the HTML report in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];
  const requests: string[] = [];
  let report: string;

  beforeAll(async () => {
    const root = tempDir();
    const data = path.join(root, "data");
    await writePopeDataset(path.join(data, "pope"), { images: 2, seed: 7, size: 320 }); // larger than a thumbnail
    const runYes = path.join(root, "yes");
    const runNo = path.join(root, "no");
    for (const [model, out, factor] of [["baseline:yes", runYes, "llm=<b>bold</b>"], ["baseline:no", runNo, "llm=plain"]] as const) {
      const run = await runCli(["run", "--model", model, "--data", data, "--out", out, "--no-progress", "--factor", factor!]);
      expect(run.code, run.stderr).toBe(0);
    }
    // Raw outputs a hostile or broken model could give: they must show as text.
    const predictions = path.join(runYes, "predictions.jsonl");
    const records = readFileSync(predictions, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    records[0].text = XSS;
    records[1].text = BREAKOUT;
    writeFileSync(predictions, records.map((r) => JSON.stringify(r)).join("\n") + "\n");

    report = path.join(root, "report.html");
    const table = await runCli(["table", runYes, runNo, "--data", data, "--out", report]);
    expect(table.code, table.stderr).toBe(0);

    browser = await chromium.launch({
      executablePath: BROWSER!,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage();
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    page.on("dialog", (d) => (dialogs.push(d.message()), void d.dismiss()));
    page.on("request", (r) => !/^(file|data):/.test(r.url()) && requests.push(r.url()));
    await page.goto(pathToFileURL(report).href);
    await page.waitForSelector("#sample-rows tr");
  });

  afterAll(async () => {
    await browser?.close();
  });

  const rowCount = () => page.locator("#sample-rows tr").count();
  const choose = async (id: string, value: string) => {
    await page.selectOption(id, value);
  };

  it("loads with no console error, no dialog and no request leaving the file", async () => {
    expect(consoleErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
  });

  it("shows the grid with both models, escaped, and the best cell flagged", async () => {
    const rows = page.locator("table.grid tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator("td").nth(1).textContent()).toBe("<b>bold</b>");
    expect(await page.locator("table.grid b").count()).toBe(0);
    // always-yes has F1 2/3, always-no 0
    expect(await page.locator('table.grid td[data-best="true"]').allTextContents()).toContain("0.667");
  });

  it("lists every scored sample of both models with prompt, output, answer, target and thumbnail", async () => {
    expect(await rowCount()).toBe(72); // 2 models × 3 splits × 12 questions
    expect(await page.locator("#sample-count").textContent()).toBe("Showing 72 of 72 matching samples (72 in the report).");
    const first = page.locator("#sample-rows tr").nth(0).locator("td");
    expect(await first.nth(4).textContent()).toMatch(/\nAnswer the question using a single word or phrase\.$/);
    const thumbs = page.locator("#sample-rows img.thumb");
    expect(await thumbs.count()).toBe(72);
    expect(await thumbs.nth(0).evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0)).toBe(true);
    // encoded at the size the page shows it: a larger thumbnail only makes the file bigger
    const size = await thumbs.nth(0).evaluate((img) => Math.max((img as unknown as { naturalWidth: number }).naturalWidth, (img as unknown as { naturalHeight: number }).naturalHeight));
    expect(size).toBe(THUMBNAIL_PX);
  });

  it("renders a model output of HTML as text: no element is created and no script runs", async () => {
    await page.fill("#f-search", "onerror");
    expect(await rowCount()).toBe(1);
    expect(await page.locator("#sample-rows tr td.output").textContent()).toBe(XSS);
    await page.fill("#f-search", "alert(2)");
    expect(await page.locator("#sample-rows tr td.output").textContent()).toBe(BREAKOUT);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator("script").count()).toBe(2); // the data block and the page's own script
    await page.waitForTimeout(200); // give a (wrongly) injected onerror the chance to fire
    expect(dialogs).toEqual([]);
    await page.fill("#f-search", "");
  });

  it("filters by model, benchmark, result and text", async () => {
    await choose("#f-model", "1");
    expect(await rowCount()).toBe(36);
    expect(new Set(await page.locator("#sample-rows tr td:first-child").allTextContents())).toEqual(new Set(["baseline:no"]));
    await choose("#f-correct", "incorrect");
    // always "no" is wrong exactly on the yes-labelled half
    expect(await rowCount()).toBe(18);
    expect(new Set(await page.locator("#sample-rows tr td.target").allTextContents())).toEqual(new Set(["yes"]));
    await choose("#f-correct", "correct");
    expect(await rowCount()).toBe(18);
    await page.fill("#f-search", "adversarial/");
    expect(await rowCount()).toBe(6);
    await choose("#f-bench", "pope");
    expect(await rowCount()).toBe(6);
    await choose("#f-model", "");
    await choose("#f-correct", "");
    await page.fill("#f-search", "");
    expect(await rowCount()).toBe(72);
    expect(consoleErrors).toEqual([]);
  });
});
