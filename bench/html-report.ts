import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { benchmarks } from "../datasets/index.js";
import { gridColumns } from "../reports/columns.js";
import { buildGrid } from "../reports/grid.js";
import { comparePairs } from "../reports/html/compare-data.js";
import { renderHtml } from "../reports/html/report.js";
import { collectReportData } from "../reports/html/samples.js";
import { reportSource } from "../reports/sources.js";
import { promptSha } from "../src/store.js";
import type { Sample } from "../src/types.js";
import { makeRuns } from "./fixtures/compare-runs.js";

/**
 * Issue 16's scale case: the HTML report of 8 models × 10,000 samples (POPE's 8,910 questions and
 * 1,090 GQA-like items per model, each with a two-line prompt and the model's output; no
 * thumbnails), built as `vlm-bench table --format html --samples 10000` builds it (the gate's
 * comparison of all 56 ordered pairs included), its size, and the time until headless Chromium
 * shows the first sample rows. `npm run build && node dist/bench/html-report.js`
 */
async function main(): Promise<void> {
  const models = 8;
  const perModel = 10_000;
  const runs = makeRuns(models, perModel - 8_910);
  const prompt = (id: string) =>
    `Is there a ${["dog", "car", "person", "bench"][id.length % 4]} in the image (${id})?\nAnswer the question using a single word or phrase.`;
  for (const run of runs) for (const record of run.predictions ?? []) record.prompt_sha = promptSha(prompt(record.id));
  const samples = new Map(
    ["pope", "gqa"].map((b) => [
      b,
      runs[0]!.items
        .get(b)!
        .map((item): Sample => ({ id: item.id, benchmark: b, images: [], question: "", prompt: prompt(item.id), target: null, meta: {} })),
    ]),
  );
  const findBenchmark = (name: string) => benchmarks.find((b) => b.name === name);
  const t0 = performance.now();
  const pairs = comparePairs(runs, { findBenchmark });
  const compareSeconds = (performance.now() - t0) / 1000;
  const sources = runs.map((run) => reportSource(run));
  const t1 = performance.now();
  const { data } = await collectReportData(sources, {
    benchmarks,
    limit: perModel,
    loadSamples: async (b) => samples.get(b) ?? null,
    pairs,
  });
  const collectSeconds = (performance.now() - t1) / 1000;
  const grid = buildGrid(sources, { columns: gridColumns(benchmarks) });
  const start = performance.now();
  const html = renderHtml(grid, data, { runs: runs.map((r) => r.results) });
  const renderSeconds = (performance.now() - start) / 1000;
  const file = path.join(tmpdir(), `vlm-bench-html-scale-${process.pid}.html`);
  writeFileSync(file, html);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  try {
    // The first load of a fresh browser also pays for starting its renderer; later loads are what a
    // reader opening the file sees. In-page time: navigation start to the script's mark after the
    // first page of samples is in the DOM, plus the layout that follows before the rows show.
    const loads: { wall: number; inPage: number }[] = [];
    let filter = 0;
    for (let k = 0; k < 6; k++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const t0 = performance.now();
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector("#sample-rows tr");
      const wall = (performance.now() - t0) / 1000;
      const inPage = await page.evaluate(
        () =>
          new Promise<number>((resolve) =>
            // the page's own global (this function runs in the browser; bench/ compiles without the DOM types)
            (globalThis as any).requestAnimationFrame(() =>
              resolve(performance.getEntriesByName("vlm-bench:samples-rendered")[0]!.startTime / 1000),
            ),
          ),
      );
      loads.push({ wall, inPage });
      if (k === 0) {
        const t1 = performance.now();
        await page.selectOption("#f-agree", "disagree");
        filter = (performance.now() - t1) / 1000;
      }
      await page.close();
    }
    const warm = loads.slice(1);
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} s`;
    process.stdout.write(
      `${models} models × ${perModel} samples (${data.samples.length} rows): ${(Buffer.byteLength(html) / 1e6).toFixed(1)} MB ` +
        `(${(embeddedBytes(data.pairs) / 1e6).toFixed(1)} MB of it #compare), the gate over 56 pairs ${compareSeconds.toFixed(1)} s, samples collected in ${collectSeconds.toFixed(2)} s, page built in ${renderSeconds.toFixed(2)} s; ` +
        `Chromium: first load (fresh browser) ${loads[0]!.wall.toFixed(2)} s to the first sample rows; ` +
        `${warm.length} more loads ${range(warm.map((l) => l.wall))} (in-page, navigation start to rows: ${range(warm.map((l) => l.inPage))}); ` +
        `"models disagree" filter ${filter.toFixed(2)} s (${file})\n`,
    );
  } finally {
    await browser.close();
  }
}

function embeddedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null));
}

await main();
