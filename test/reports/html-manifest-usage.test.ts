import { describe, expect, it } from "vitest";
import { benchmarks } from "../../datasets/index.js";
import { gridColumns } from "../../reports/columns.js";
import { buildGrid } from "../../reports/grid.js";
import { usd } from "../../reports/html/manifest-usage.js";
import { renderHtml } from "../../reports/html/report.js";
import type { ResultsFile } from "../../src/types.js";
import { resultsFile } from "../helpers/results-files.js";

const page = (runs: ResultsFile[]) =>
  renderHtml(
    buildGrid(
      runs.map((results) => ({ results })),
      { columns: gridColumns(benchmarks) },
    ),
    { models: runs.map(() => ({ label: "m" })), benchmarks: [], images: {}, samples: [] },
    { runs },
  );

/** The text of each cell of the usage table row `name` (tags stripped). */
function usageRow(html: string, name: string): string[] {
  const row = html.match(new RegExp(`<tr (?:class="total" )?data-usage="${name}">(.*?)</tr>`))?.[1];
  expect(row, name).toBeDefined();
  return [...row!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!);
}

describe("#manifest token usage and cost", () => {
  const priced = resultsFile(
    { name: "vlm" },
    {
      pope: { metrics: { accuracy: 1 }, usage: { calls: 216, reported: 216, prompt_tokens: 216_000, completion_tokens: 648 } },
      mmvet: {
        metrics: { total: 0.5 },
        usage: { calls: 16, reported: 16, prompt_tokens: 16_000, completion_tokens: 3_200 },
        judge: {
          model: "openai:gpt-4",
          fingerprint: "openai:gpt-4|max_tokens=3|temperature=0|seed=0",
          runs: 1,
          calls: 12,
          cached: 4,
          usage: { calls: 12, reported: 12, prompt_tokens: 6_000, completion_tokens: 24 },
          cached_usage: { calls: 4, reported: 4, prompt_tokens: 2_000, completion_tokens: 8 },
          prices: { input: 10, output: 30 },
        },
      },
    },
  );
  priced.model.prices = { input: 0.5, output: 1.5 };
  const html = page([priced]);

  it("shows per benchmark the model's tokens and cost, the judge's (fresh and cached together), and the total", () => {
    // pope: 216,000 × $0.50/1M + 648 × $1.50/1M = $0.108 + $0.000972 = $0.108972
    expect(usageRow(html, "pope")).toEqual(["pope", "216,000", "648", "$0.109", "–", "–", "–", "$0.109"]);
    // mmvet model: 16,000 × 0.5/1M + 3,200 × 1.5/1M = $0.008 + $0.0048 = $0.0128
    // judge: (6,000 + 2,000) × 10/1M + (24 + 8) × 30/1M = $0.08 + $0.00096 = $0.08096; total $0.09376
    expect(usageRow(html, "mmvet")).toEqual(["mmvet", "16,000", "3,200", "$0.0128", "8,000", "32", "$0.081", "$0.0938"]);
    // total: model 232,000 / 3,848 → $0.116 + $0.005772 = $0.121772; judge as mmvet; all $0.202732
    expect(usageRow(html, "total")).toEqual(["total", "232,000", "3,848", "$0.122", "8,000", "32", "$0.081", "$0.203"]);
    expect(html).toContain("Prices per 1M prompt / completion tokens: model $0.50 / $1.50; judge openai:gpt-4: $10.00 / $30.00");
    expect(html).toContain("mmvet: 4 of the judge&#39;s 16 replies came from its cache (judge.jsonl), paid when first asked.");
    expect(html).not.toContain("Token usage: not recorded");
  });

  it("without prices: tokens, and no cost (never a partial sum read as the whole)", () => {
    const unpriced = structuredClone(priced);
    delete unpriced.model.prices;
    delete unpriced.benchmarks.mmvet!.judge!.prices;
    const text = page([unpriced]);
    expect(usageRow(text, "mmvet")).toEqual(["mmvet", "16,000", "3,200", "no prices", "8,000", "32", "no prices", "–"]);
    expect(text).toContain("model not given; judge openai:gpt-4: not given");
  });

  it('says "not reported by the adapter" when no call reported usage, and counts a partial report', () => {
    const results = resultsFile(
      { name: "quiet" },
      {
        pope: { metrics: { accuracy: 1 }, usage: { calls: 216, reported: 0, prompt_tokens: 0, completion_tokens: 0 } },
        gqa: { metrics: { accuracy: 1 }, usage: { calls: 10, reported: 8, prompt_tokens: 800, completion_tokens: 16 } },
      },
    );
    results.model.prices = { input: 1, output: 2 };
    const text = page([results]);
    expect(usageRow(text, "pope")).toEqual(["pope", "not reported by the adapter", "–", "–", "–", "–", "–"]);
    // 800 × $1/1M + 16 × $2/1M = $0.000832
    expect(usageRow(text, "gqa")).toEqual(["gqa", "800", "16", "$0.000832", "–", "–", "–", "$0.000832"]);
    expect(text).toContain("gqa: 8 of 10 answers reported usage; the model&#39;s tokens and cost cover those only.");
    // 800 tokens of pope's and gqa's 226 answers: the total says what it covers
    expect(usageRow(text, "total")).toEqual(["total", "800", "16", "$0.000832", "–", "–", "–", "$0.000832"]);
    expect(text).toContain("total: 8 of 226 answers reported usage; the model&#39;s total tokens and cost cover those only.");
  });

  it("an older results.json (no usage recorded) says so instead of a table", () => {
    const text = page([resultsFile({ name: "old" }, { pope: { metrics: { accuracy: 1 } } })]);
    expect(text).toContain("Token usage: not recorded in results.json");
    expect(text).not.toContain('class="manifest-usage"');
  });

  it.each([
    [0, "$0.00"],
    [0.5, "$0.50"],
    [0.081, "$0.081"],
    [0.000832, "$0.000832"],
    [0.108972, "$0.109"],
    [1, "$1.00"],
    [1234.567, "$1,234.57"],
  ])("usd(%d) = %s", (value, text) => {
    expect(usd(value)).toBe(text);
  });
});
