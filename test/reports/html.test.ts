import { describe, expect, it } from "vitest";
import { benchmarks, findBenchmark } from "../../datasets/index.js";
import { gridColumns } from "../../reports/columns.js";
import { buildGrid } from "../../reports/grid.js";
import { breakdownCharts } from "../../reports/html/breakdowns.js";
import { embedJson, escapeHtml, renderHtml } from "../../reports/html/report.js";
import { collectReportData } from "../../reports/html/samples.js";
import type { PredictionRecord } from "../../src/run-folder/index.js";
import { promptSha } from "../../src/store.js";
import type { Sample } from "../../src/types.js";
import { resultsFile } from "../helpers/results-files.js";

describe("HTML escaping", () => {
  it.each([
    ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    [`a & "b" 'c'`, "a &amp; &quot;b&quot; &#39;c&#39;"],
  ])("escapeHtml(%j)", (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped);
  });

  it("embedJson leaves no <, > or & that could end the script element, and parses back to the same value", () => {
    const value = { output: "</script><script>alert(1)</script> & <!-- \u2028", n: 1 };
    const embedded = embedJson(value);
    expect(embedded).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(embedded)).toEqual(value);
  });

  it("the page allows only its own script (by hash), inline styles and data: images", () => {
    const html = renderHtml(
      buildGrid([{ results: resultsFile({ name: "</title><script>x</script>" }, { pope: { metrics: { accuracy: 1, f1: 1 } } }) }], {
        columns: gridColumns(benchmarks),
      }),
      {
        models: [{ label: "m" }],
        benchmarks: ["pope"],
        images: {},
        samples: [],
      },
    );
    expect(html).toMatch(/content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/=]+'"/);
    expect(html).toContain("<td>openai:&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</td>");
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});

describe("targets in words (each benchmark's describeTarget)", () => {
  const sample = (choices: string[]): Sample => ({
    id: "1",
    benchmark: "x",
    images: [],
    question: "",
    prompt: "",
    choices,
    target: null,
    meta: {},
  });
  it.each([
    ["pope", "yes", undefined, "yes"],
    ["mme", "no", undefined, "no"],
    ["gqa", { answer: "left", structural: "choose" }, undefined, "left (choose question)"],
    ["mmvp", "b", sample(["Open", "Closed"]), "(b) Closed"],
    ["mmvp", "b", undefined, "(b)"],
    ["scienceqa", { answer: 1, choices: 3 }, sample(["cat", "dog", "owl"]), "B. dog (of 3 choices)"],
    ["scienceqa", { answer: 0, choices: 2 }, undefined, "A (of 2 choices)"],
    [
      "vqav2",
      { answers: ["2", "two", "2", "2", "3", "2", "2", "two", "2", "2"], answer_type: "number", question_type: "how many" },
      undefined,
      "2 ×7, two ×2, 3 ×1",
    ],
    ["vqav2", null, undefined, "(no annotation: test-dev)"],
    ["mmvet", "4<OR>four", undefined, "4<OR>four"],
  ])("%s: %j → %j", (name, target, withSample, text) => {
    expect(findBenchmark(name).describeTarget!(target, withSample)).toBe(text);
  });

  it("the sample browser carries them, falls back to JSON for a target of another shape, and flags runs without raw outputs", async () => {
    const results = resultsFile({ name: "m" }, { gqa: { metrics: { accuracy: 1 } }, vqav2: { metrics: { accuracy: 1 } } });
    const items = [
      { benchmark: "gqa", id: "g1", parsed: "left", correct: 1 as const, target: { answer: "left", structural: "choose" } },
      { benchmark: "vqav2", id: "v1", parsed: "2", score: 1, target: { answers: "not a list" } },
    ];
    const { data } = await collectReportData([{ file: "r/results.json", results, items }], { benchmarks });
    expect(data.samples.map((s) => s.target)).toEqual(["left (choose question)", '{"answers":"not a list"}']);
    expect(data.samples.map((s) => s.a.map((a) => a?.o))).toEqual([[null], [null]]);
    expect(data.models).toEqual([{ label: "openai:m", outputs: false }]);
  });
});

describe("the sample browser's rows: one per sample, every model's answer in it", () => {
  const mmvpSample: Sample = {
    id: "1",
    benchmark: "mmvp",
    images: [],
    question: "q",
    prompt: "the prompt",
    choices: ["Open", "Closed"],
    target: "b",
    meta: {},
  };
  const record = (text: string, sha: string): PredictionRecord => ({
    benchmark: "mmvp",
    id: "1",
    adapter: "a",
    prompt_sha: sha,
    text,
    time: "t",
  });
  const source = (name: string, text: string, sha: string) => ({
    file: `${name}/results.json`,
    results: resultsFile({ name }, { mmvp: { metrics: { pair_accuracy: 0 } } }),
    items: [{ benchmark: "mmvp", id: "1", parsed: text.toLowerCase(), correct: (text === "b" ? 1 : 0) as 0 | 1, target: "b" }],
    outputs: new Map([["mmvp\u00001", record(text, sha)]]),
  });

  it("shares the prompt and target, and takes them from the first model whose answer was for the data's prompt", async () => {
    const { data, notes } = await collectReportData(
      [source("old", "a", promptSha("an older prompt")), source("new", "b", promptSha("the prompt"))],
      { benchmarks, loadSamples: async () => [mmvpSample] },
    );
    expect(data.samples).toHaveLength(1);
    const [row] = data.samples;
    expect(row).toMatchObject({ id: "1", prompt: "the prompt", target: "(b) Closed" });
    expect(row!.a.map((a) => [a?.o, a?.c, a?.t])).toEqual([
      ["a", 0, undefined],
      ["b", 1, undefined],
    ]);
    expect(notes).toContain(
      "1 answers were given for a different prompt than the data folder now makes: their prompts and images are not shown.",
    );
  });
});

describe("the report page's sections", () => {
  const hostile = "<img src=x onerror=alert(1)>";
  const results = resultsFile(
    { name: hostile, factors: { llm: hostile } },
    {
      mme: {
        metrics: { perception: 1500, tasks: { OCR: { acc: 0.5, acc_plus: 0.25, score: 75 }, color: { acc: 1, acc_plus: 1, score: 200 } } },
        n: 8,
        failed: 1,
        unparsed: 2,
      },
      mmvet: { metrics: {}, note: "MM-Vet needs a judge: run with --judge" },
    },
  );
  const grid = buildGrid([{ results }], { columns: gridColumns(benchmarks) });
  const html = renderHtml(grid, { models: [{ label: hostile }], benchmarks: ["mme"], images: {}, samples: [] }, { runs: [results] });

  it("escapes every model-supplied string of the manifest, breakdowns and title", () => {
    expect(html).not.toContain(hostile);
    expect(html).toContain(`<title>vlm-bench: openai:&lt;img src=x onerror=alert(1)&gt;</title>`);
    expect(html).toContain(`<dd data-key="factors">llm=&lt;img src=x onerror=alert(1)&gt;</dd>`);
  });

  it("records n, failed, unparsed and the benchmark's note (MM-Vet without a judge says why)", () => {
    expect(html).toContain(
      '<tr data-benchmark="mme"><td>mme</td><td class="num">8</td><td class="num">1</td><td class="num">2</td><td class="prov">not recorded</td>',
    );
    expect(html).toContain("<td>MM-Vet needs a judge: run with --judge</td>");
  });

  it("breaks MME into per-task charts: acc, acc+ and score across tasks, totals as their own chart", () => {
    const charts = breakdownCharts([results]).filter((c) => c.benchmark === "mme");
    expect(charts.map((c) => [c.title, [...c.rows.keys()]])).toEqual([
      ["overall", ["perception"]],
      ["tasks · acc", ["OCR", "color"]],
      ["tasks · acc_plus", ["OCR", "color"]],
      ["tasks · score", ["OCR", "color"]],
    ]);
    expect(charts[3]!.rows.get("color")).toEqual([200]);
  });
});

describe("the page script", () => {
  it("holds no control character: the HTML parser would change it and the CSP hash would no longer match", async () => {
    const { BROWSER_SCRIPT } = await import("../../reports/html/browser-script.js");
    expect(BROWSER_SCRIPT).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
