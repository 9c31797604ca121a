import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { benchmarks } from "../datasets/index.js";
import { gridColumns } from "../reports/columns.js";
import { buildGrid } from "../reports/grid.js";
import { type ReportSample, renderHtml } from "../reports/html/report.js";
import { mulberry32 } from "../src/random.js";
import type { ResultsFile } from "../src/types.js";

/**
 * Issue 16's scale case: the HTML report of 8 models × 10,000 samples (POPE-like: a 120-character
 * prompt, every model's short output, no thumbnails), its size and the time until headless Chromium shows the
 * first sample rows. `npm run build && node dist/bench/html-report.js`
 */
async function main(): Promise<void> {
  const models = 8;
  const perModel = 10_000;
  const random = mulberry32(1);
  const runs: ResultsFile[] = Array.from({ length: models }, (_, m) => ({
    version: 1,
    harness: "vlm-bench@0.1.0",
    created: "2026-12-01T00:00:00.000Z",
    model: {
      adapter: "openai",
      name: `model-${m}`,
      fingerprint: `openai:model-${m}`,
      settings: { maxTokens: 128, temperature: 0, seed: 0 },
      factors: { llm: `llm-${m % 2}`, vision: `v-${m >> 2}` },
    },
    benchmarks: {
      pope: {
        n: perModel,
        failed: 0,
        unparsed: 0,
        metrics: {
          accuracy: 0.85,
          f1: 0.84,
          splits: { random: { accuracy: 0.86, precision: 0.9, recall: 0.8, f1: 0.85, yes_ratio: 0.45 } },
        },
      },
    },
  }));
  // The same 10,000 questions for every model, as in a real report: each model answers each one.
  const samples: ReportSample[] = [];
  for (let i = 0; i < perModel; i++) {
    const target = random() < 0.5 ? "yes" : "no";
    const answers = Array.from({ length: models }, () => {
      const right = random() < 0.85;
      const parsed = right ? target : target === "yes" ? "no" : "yes";
      return { o: parsed === "yes" ? "Yes" : "No", p: parsed, c: right ? (1 as const) : (0 as const) };
    });
    samples.push({
      b: 0,
      id: `random/${i}`,
      g: "random",
      img: null,
      target,
      prompt: `Is there a ${["dog", "car", "person", "bench"][i % 4]} in the image?\nAnswer the question using a single word or phrase.`,
      a: answers,
    });
  }
  const grid = buildGrid(
    runs.map((results) => ({ results })),
    { columns: gridColumns(benchmarks) },
  );
  const start = performance.now();
  const html = renderHtml(
    grid,
    { models: runs.map((r) => ({ label: r.model.name, outputs: true })), benchmarks: ["pope"], images: {}, samples },
    { runs },
  );
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
      `${models} models × ${perModel} samples: ${(Buffer.byteLength(html) / 1e6).toFixed(1)} MB, built in ${renderSeconds.toFixed(2)} s; ` +
        `Chromium: first load (fresh browser) ${loads[0]!.wall.toFixed(2)} s to the first sample rows; ` +
        `${warm.length} more loads ${range(warm.map((l) => l.wall))} (in-page, navigation start to rows: ${range(warm.map((l) => l.inPage))}); ` +
        `"models disagree" filter ${filter.toFixed(2)} s (${file})\n`,
    );
  } finally {
    await browser.close();
  }
}

await main();
