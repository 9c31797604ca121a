import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writePopeDataset } from "../../datasets/pope/make-mini.js";
import { THUMBNAIL_PX } from "../../reports/html/report.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** Debian's chromium (installed by .ci/run); CHROMIUM_PATH points elsewhere. */
const BROWSER = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p !== undefined && existsSync(p));
if (BROWSER === undefined) {
  process.stderr.write(
    "\n*** NOTICE: no Chromium found (/usr/bin/chromium or $CHROMIUM_PATH): the HTML report browser tests are SKIPPED. Install it with `apt-get install -y chromium`. ***\n\n",
  );
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
  let runYesDir: string;
  let runNoDir: string;

  beforeAll(async () => {
    const root = tempDir();
    const data = path.join(root, "data");
    await writePopeDataset(path.join(data, "pope"), { images: 2, seed: 7, size: 320 }); // larger than a thumbnail
    const runYes = path.join(root, "yes");
    const runNo = path.join(root, "no");
    [runYesDir, runNoDir] = [runYes, runNo];
    const settings = { yes: ["--max-tokens", "7", "--seed", "3"], no: [] as string[] };
    for (const [model, out, factor, extra] of [
      ["baseline:yes", runYes, "llm=<b>bold</b>", settings.yes],
      ["baseline:no", runNo, "llm=plain", settings.no],
    ] as const) {
      const run = await runCli(["run", "--model", model, "--data", data, "--out", out, "--no-progress", "--factor", factor!, ...extra]);
      expect(run.code, run.stderr).toBe(0);
    }
    // Raw outputs a hostile or broken model could give: they must show as text.
    const predictions = path.join(runYes, "predictions.jsonl");
    const records = readFileSync(predictions, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    records[0].text = XSS;
    records[1].text = BREAKOUT;
    writeFileSync(predictions, records.map((r) => JSON.stringify(r)).join("\n") + "\n");

    report = path.join(root, "report.html");
    const table = await runCli(["table", runYes, runNo, "--data", data, "--out", report]);
    expect(table.code, table.stderr).toBe(0);
    // the page always has intervals; only `table --ci` writes them into results.json
    expect(JSON.parse(readFileSync(path.join(runYes, "results.json"), "utf8")).benchmarks.pope.ci).toBeUndefined();

    browser = await chromium.launch({
      executablePath: BROWSER!,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
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
    expect(await page.locator('table.grid td[data-best="true"] .value').allTextContents()).toContain("0.667");
  });

  it("lists every scored sample once, with its prompt, target, thumbnail and both models' outputs and answers", async () => {
    expect(await rowCount()).toBe(36); // 3 splits × 12 questions, each answered by both models
    expect(await page.locator("#sample-count").textContent()).toBe("Showing 36 of 36 matching samples (36 in the report).");
    const first = page.locator("#sample-rows tr").nth(0);
    expect(await first.locator("td.prompt").textContent()).toMatch(/\nAnswer the question using a single word or phrase\.$/);
    expect(await first.locator(".answers .model").allTextContents()).toEqual(["baseline:yes", "baseline:no"]);
    expect(await first.locator(".answers .parsed").allTextContents()).toEqual(["yes", "no"]);
    expect(await first.locator('li[data-model="1"] .output').textContent()).toBe("No");
    const thumbs = page.locator("#sample-rows img.thumb");
    expect(await thumbs.count()).toBe(36);
    expect(
      await thumbs
        .nth(0)
        .evaluate(
          (img) =>
            (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
            (img as unknown as { naturalWidth: number }).naturalWidth > 0,
        ),
    ).toBe(true);
    // encoded at the size the page shows it: a larger thumbnail only makes the file bigger
    const size = await thumbs
      .nth(0)
      .evaluate((img) =>
        Math.max((img as unknown as { naturalWidth: number }).naturalWidth, (img as unknown as { naturalHeight: number }).naturalHeight),
      );
    expect(size).toBe(THUMBNAIL_PX);
  });

  it("renders a model output of HTML as text: no element is created and no script runs", async () => {
    await page.fill("#f-search", "onerror");
    expect(await rowCount()).toBe(1);
    expect(await page.locator('#sample-rows li[data-model="0"] .output').textContent()).toBe(XSS);
    await page.fill("#f-search", "alert(2)");
    expect(await page.locator('#sample-rows li[data-model="0"] .output').textContent()).toBe(BREAKOUT);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator("script").count()).toBe(2); // the data block and the page's own script
    await page.waitForTimeout(200); // give a (wrongly) injected onerror the chance to fire
    expect(dialogs).toEqual([]);
    await page.fill("#f-search", "");
  });

  it("filters by model, benchmark, result, split, agreement and text", async () => {
    await choose("#f-model", "1");
    expect(await rowCount()).toBe(36);
    expect(new Set(await page.locator("#sample-rows .answers .model").allTextContents())).toEqual(new Set(["baseline:no"]));
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
    // every model right: always-yes and always-no never agree, so no sample
    expect(await rowCount()).toBe(0);
    await choose("#f-correct", "incorrect");
    expect(await rowCount()).toBe(12); // some model wrong: every adversarial question
    await choose("#f-correct", "");
    await page.fill("#f-search", "");
    expect(await rowCount()).toBe(36);
    // split filter from items.jsonl's meta; always-yes and always-no disagree on every question, so none is all wrong
    expect(await page.locator("#f-group option").allTextContents()).toEqual(["all", "pope: adversarial", "pope: popular", "pope: random"]);
    await choose("#f-group", "pope: adversarial");
    expect(await rowCount()).toBe(12);
    expect(new Set(await page.locator("#sample-rows tr td.id").allTextContents()).size).toBe(12);
    await choose("#f-agree", "disagree");
    expect(await rowCount()).toBe(12);
    await choose("#f-agree", "allwrong");
    expect(await rowCount()).toBe(0);
    await choose("#f-group", "");
    await choose("#f-agree", "");
    await choose("#f-bench", "");
    expect(await rowCount()).toBe(36);
    expect(consoleErrors).toEqual([]);
  });

  it("#compare: the page's counts and p-values for a pair are those `vlm-bench gate` prints for it, and lists the flipped samples", async () => {
    const junit = path.join(path.dirname(report), "gate.xml");
    const gate = await runCli(["gate", "--baseline", runYesDir, "--candidate", runNoDir, "--junit", junit]);
    expect(gate.code, gate.stderr).toBe(1); // always-no loses F1 against always-yes
    const xml = readFileSync(junit, "utf8");
    const cli = new Map<string, Record<string, string>>();
    for (const m of xml.matchAll(/<testcase classname="[^"]*" name="([^"]+)"[^>]*>([\s\S]*?)<\/testcase>/g)) {
      cli.set(m[1]!, Object.fromEntries([...m[2]!.matchAll(/<property name="([^"]+)" value="([^"]*)"\/>/g)].map((p) => [p[1]!, p[2]!])));
    }
    expect([...cli.keys()].sort()).toEqual(["pope.accuracy", "pope.f1"]);

    expect(await page.locator("#cmp-a").inputValue()).toBe("0");
    expect(await page.locator("#cmp-b").inputValue()).toBe("1");
    const rows = page.locator('#compare .pair-benchmark[data-benchmark="pope"] tr.metric');
    expect(await rows.count()).toBe(2);
    for (let r = 0; r < 2; r++) {
      const row = rows.nth(r);
      const metric = (await row.getAttribute("data-metric"))!;
      const props = cli.get(metric)!;
      const cells = await row.locator("td").allTextContents();
      expect(cells[2], metric).toBe(props.n);
      expect(cells[6], metric).toBe(props.lost);
      expect(cells[7], metric).toBe(props.gained);
      expect(cells[11], metric).toBe(props.status);
      const p = await row
        .locator("td[data-p]")
        .evaluateAll((tds) => tds.map((td) => (td as unknown as { dataset: { p: string } }).dataset.p));
      expect(Number(p[0]), metric).toBe(Number(props.p_one_sided));
      expect(Number(p[2]), metric).toBe(Number(props.p_holm));
    }
    // always-yes and always-no differ on every question: 36 flipped, half each way
    const count = page.locator('#compare .pair-benchmark[data-benchmark="pope"] .flip-count');
    expect(await count.getAttribute("data-total")).toBe("36");
    expect(await count.getAttribute("data-baseline-better")).toBe("18");
    expect(await count.getAttribute("data-candidate-better")).toBe("18");
    const flipped = page.locator('#compare .pair-benchmark[data-benchmark="pope"] table.flipped tbody tr');
    expect(await flipped.count()).toBe(36);
    await page.locator('#compare .pair-benchmark[data-benchmark="pope"] details.flipped summary').click();
    expect(await flipped.nth(0).locator(".answers .model").allTextContents()).toEqual(["baseline:yes", "baseline:no"]);
    expect(await flipped.nth(0).locator("img.thumb").count()).toBe(1);
    expect(await flipped.nth(0).locator("td.prompt").textContent()).toMatch(/^Is there a/);
    expect(await page.locator("#compare p.command code").textContent()).toContain("vlm-bench gate --baseline");

    // the reversed pair: lost and gained swap, as the gate's do
    await page.selectOption("#cmp-a", "1");
    await page.selectOption("#cmp-b", "0");
    const reversed = page.locator('#compare .pair-benchmark[data-benchmark="pope"] tr.metric[data-metric="pope.accuracy"] td');
    const forward = cli.get("pope.accuracy")!;
    expect((await reversed.allTextContents()).slice(6, 8)).toEqual([forward.gained, forward.lost]);
    await page.selectOption("#cmp-b", "1");
    expect(await page.locator("#compare-body").textContent()).toBe("Choose two different models.");
    await page.selectOption("#cmp-a", "0");
    expect(consoleErrors).toEqual([]);
  });

  it("is titled by the models compared, and links to its sections by stable ids", async () => {
    expect(await page.title()).toBe("vlm-bench: baseline:yes vs baseline:no");
    for (const id of ["grid", "manifest", "effects", "breakdowns", "compare", "samples"])
      expect(await page.locator(`section#${id}`).count(), id).toBe(1);
  });

  it("shows 95% bootstrap intervals in the grid although table ran without --ci", async () => {
    const intervals = await page.locator("table.grid td .ci").allTextContents();
    expect(intervals.length).toBe(4); // 2 models × POPE Acc. and F1
    for (const text of intervals) expect(text).toMatch(/^\[\d\.\d{3}, \d\.\d{3}\]$/);
    const cell = await page.locator("table.grid tbody tr").nth(1).locator("td").nth(2).textContent();
    const [value, lo, hi] = cell!.match(/[\d.]+/g)!.map(Number);
    expect(lo! <= value! && value! <= hi!).toBe(true);
  });

  it("has a manifest card per model with the settings actually used, escaped", async () => {
    const cards = page.locator("#manifest article.card");
    expect(await cards.count()).toBe(2);
    const fact = (card: number, key: string) => cards.nth(card).locator(`dd[data-key="${key}"]`).textContent();
    expect(await fact(0, "max tokens")).toBe("7");
    expect(await fact(0, "seed")).toBe("3");
    expect(await fact(1, "seed")).toBe("0");
    expect(await fact(0, "adapter")).toBe("baseline");
    expect(await fact(0, "model")).toBe("yes");
    expect(await fact(0, "factors")).toBe("llm=<b>bold</b>");
    expect(await fact(0, "endpoints")).toBe("1");
    expect(await fact(0, "judge")).toBe("none");
    expect(await fact(0, "harness")).toMatch(/^vlm-bench@\d/);
    expect(await page.locator("#manifest b").count()).toBe(0);
    const pope = cards.nth(0).locator('tr[data-benchmark="pope"] td');
    expect(await pope.allTextContents()).toEqual(expect.arrayContaining(["pope", "36", "0"]));
    expect(await pope.nth(4).textContent()).toMatch(/^official; 36 samples, set sha256:[0-9a-f]{12}; files /);
    expect(await pope.nth(5).textContent()).toBe("95%, 1000 resamples, seed 0");
  });

  it("draws the design-effects plot over the factor that varies (llm), its level names escaped", async () => {
    const svg = page.locator("#effects svg");
    expect(await svg.count()).toBe(1);
    expect(await svg.locator("text.panel-title").allTextContents()).toEqual(["pope"]);
    expect(await svg.locator("text.label").allTextContents()).toContain("llm=plain");
    expect(await page.locator("#effects b").count()).toBe(0);
  });

  it("draws the breakdown charts across models and leaves baseline rows out of the speed chart", async () => {
    const pope = page.locator('#breakdowns .breakdown[data-benchmark="pope"] svg');
    const titles = await pope.locator("text.chart-title").allTextContents();
    expect(titles).toEqual(["overall", "splits · accuracy", "splits · precision", "splits · recall", "splits · f1", "splits · yes_ratio"]);
    // yes-ratio per split: always-yes 1, always-no 0 (a bar of the minimal width)
    const yesRatio = pope.nth(5).locator("rect title");
    expect(await yesRatio.allTextContents()).toEqual(["1.000", "0.000", "1.000", "0.000", "1.000", "0.000"]);
    expect(await page.locator("#speed").count()).toBe(0);
  });

  it("writes screenshots at 1400 px and 800 px wide", async () => {
    const dir = path.resolve(".vitest-tmp", "html-report");
    mkdirSync(dir, { recursive: true });
    for (const width of [1400, 800]) {
      await page.setViewportSize({ width, height: 1000 });
      const file = path.join(dir, `report-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(statSync(file).size).toBeGreaterThan(10_000);
      // nothing wider than the page at this width but the grid/sample tables' own scrolling
      const overflow = await page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      );
      expect(overflow).toBeLessThanOrEqual(width + 1);
    }
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
