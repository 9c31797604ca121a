import { describe, expect, it } from "vitest";
import { benchmarks } from "../../datasets/index.js";
import { formatMetric, gridColumns } from "../../reports/columns.js";
import { renderCsv } from "../../reports/csv.js";
import { buildGrid, type GridSource, speedTexts } from "../../reports/grid.js";
import { renderJson } from "../../reports/json.js";
import { escapeLatex, renderLatex } from "../../reports/latex.js";
import { renderMarkdown } from "../../reports/markdown.js";
import { speedStats } from "../../src/speed.js";
import type { PredictionRecord } from "../../src/store.js";
import { resultsFile } from "../helpers/results-files.js";

const pope = (accuracy: number, f1: number, extra = {}) => ({ pope: { metrics: { accuracy, f1 }, ...extra } });
/** The registry's columns, as the CLI hands them to the reports. */
const columns = gridColumns(benchmarks);
const src = (results: ReturnType<typeof resultsFile>, extra: Partial<GridSource> = {}): GridSource => ({ results, ...extra });

describe("display conventions (reports/columns.ts)", () => {
  it.each([
    [0.5314, "fraction", "0.531"],
    [0.85, "fraction", "0.850"],
    [0.177, "percent", "17.7"],
    [0.7065, "percent", "70.7"],
    [1130.4, "points", "1130"],
    [235.5, "points", "236"],
    [undefined, "fraction", "–"],
    [Number.NaN, "points", "–"],
  ] as const)("%s as %s prints %s", (value, display, text) => {
    expect(formatMetric(value, display)).toBe(text);
  });
});

describe("gridColumns (from the benchmark registry)", () => {
  it("lists every registered benchmark's declared columns in the paper's order (SPEC §6), with their result keys", () => {
    expect(columns.map((c) => [c.label, `${c.benchmark}.${c.path.join(".")}`, c.display])).toEqual([
      ["GQA", "gqa.accuracy", "fraction"],
      ["MME Cog.", "mme.cognition", "points"],
      ["MME Per.", "mme.perception", "points"],
      ["MM-Vet", "mmvet.total", "percent"],
      ["POPE Acc.", "pope.accuracy", "fraction"],
      ["POPE F1", "pope.f1", "fraction"],
      ["VQAv2", "vqav2.accuracy", "percent"],
      ["MMVP", "mmvp.accuracy", "fraction"],
      ["ScienceQA-IMG", "scienceqa.accuracy", "fraction"],
    ]);
  });

  it("places a new benchmark's columns by their order, keeps registry order on ties, and skips benchmarks without columns", () => {
    const extra = [
      { name: "zeta", columns: [{ label: "Zeta", path: ["score"], unit: "fraction", display: "fraction", order: 2.5 }] },
      { name: "nocols" },
      { name: "alpha", columns: [{ label: "Alpha", path: ["a"], unit: "fraction", display: "percent", order: 1 }] },
    ] as const;
    const labels = gridColumns([...benchmarks, ...extra]).map((c) => c.label);
    expect(labels.slice(0, 5)).toEqual(["GQA", "Alpha", "MME Cog.", "Zeta", "MME Per."]);
    expect(labels).toHaveLength(11);
  });
});

describe("buildGrid", () => {
  it("puts factor columns first (in order of appearance), metric columns in paper order, and '–' for what is missing", () => {
    const a = resultsFile({ name: "a", factors: { llm: "gemma-2b", vision: "clip" } }, { ...pope(0.8, 0.7), mmvet: { metrics: {} } });
    const b = resultsFile({ name: "b", factors: { vision: "dino", pretrain: "no" } }, { gqa: { metrics: { accuracy: 0.5 } } });
    const grid = buildGrid([src(a), src(b)], { columns });
    expect(grid.factorKeys).toEqual(["llm", "vision", "pretrain"]);
    expect(grid.columns.map((c) => c.label)).toEqual(["GQA", "MM-Vet", "POPE Acc.", "POPE F1"]);
    expect(grid.rows[0]!.cells.map((c) => c.text)).toEqual(["–", "–", "0.800", "0.700"]);
    expect(grid.rows[1]!.cells.map((c) => c.text)).toEqual(["0.500", "–", "–", "–"]);
    const md = renderMarkdown(grid);
    expect(md).toContain("| openai:a | gemma-2b | clip | – | – | – | 0.800 | 0.700 |");
    expect(md).toContain("| openai:b | – | dino | no | 0.500 | – | – | – |");
  });

  it("shows all nine columns with allColumns", () => {
    const grid = buildGrid([src(resultsFile({ name: "a" }, pope(0.8, 0.7)))], { columns, allColumns: true });
    expect(grid.columns.map((c) => c.label)).toEqual([
      "GQA",
      "MME Cog.",
      "MME Per.",
      "MM-Vet",
      "POPE Acc.",
      "POPE F1",
      "VQAv2",
      "MMVP",
      "ScienceQA-IMG",
    ]);
  });

  it("marks no best where the rows scored different items or sample sets: they are not comparable", () => {
    const ids = (list: string[]) => new Map([["pope", new Set(list)]]);
    const differentIds = [
      src(resultsFile({ name: "a" }, pope(0.9, 0.8)), { itemIds: ids(["1", "2"]) }),
      src(resultsFile({ name: "b" }, pope(0.7, 0.6)), { itemIds: ids(["1", "3"]) }),
    ];
    expect(buildGrid(differentIds, { columns }).rows.flatMap((r) => r.cells.map((c) => c.best))).toEqual([false, false, false, false]);
    const differentN = [
      src(resultsFile({ name: "a" }, pope(0.9, 0.8, { n: 10 }))),
      src(resultsFile({ name: "b" }, pope(0.7, 0.6, { n: 12 }))),
    ];
    expect(buildGrid(differentN, { columns }).rows.flatMap((r) => r.cells.map((c) => c.best))).toEqual([false, false, false, false]);
    const sampleSet = (sha256: string) => ({ provenance: { layout: "official" as const, files: [], sample_set: { n: 10, sha256 } } });
    const differentSets = [
      src(resultsFile({ name: "a" }, pope(0.9, 0.8, sampleSet("aa")))),
      src(resultsFile({ name: "b" }, pope(0.7, 0.6, sampleSet("bb")))),
    ];
    expect(buildGrid(differentSets, { columns }).rows.flatMap((r) => r.cells.map((c) => c.best))).toEqual([false, false, false, false]);
    const same = [
      src(resultsFile({ name: "a" }, pope(0.9, 0.8, sampleSet("aa"))), { itemIds: ids(["1"]) }),
      src(resultsFile({ name: "b" }, pope(0.7, 0.6, sampleSet("aa"))), { itemIds: ids(["1"]) }),
    ];
    expect(buildGrid(same, { columns }).rows.flatMap((r) => r.cells.map((c) => c.best))).toEqual([true, true, false, false]);
  });

  it("marks the best per column only among 2+ values, and every value that prints the same as the best", () => {
    const rows = [pope(0.8504, 0.6), pope(0.8496, 0.7), pope(0.7, 0.65)].map((b, i) => src(resultsFile({ name: `m${i}` }, b)));
    const grid = buildGrid(rows, { columns });
    expect(grid.rows.map((r) => r.cells.map((c) => c.best))).toEqual([
      [true, false],
      [true, true],
      [false, false],
    ]);
    expect(buildGrid([rows[0]!], { columns }).rows[0]!.cells.some((c) => c.best)).toBe(false);
  });

  it("aggregates speed over benchmarks as all samples over all time and relates it to the fastest row", () => {
    const a = resultsFile(
      { name: "2b" },
      {
        gqa: { n: 100, metrics: { accuracy: 0.5 }, speed: { samples_per_s: 10, latency_ms_p50: 80, latency_ms_p95: 150 } },
        pope: { n: 100, metrics: { accuracy: 0.5, f1: 0.5 }, speed: { samples_per_s: 50, latency_ms_p50: 40, latency_ms_p95: 90 } },
      },
    );
    const b = resultsFile({ name: "7b" }, { gqa: { n: 100, metrics: { accuracy: 0.6 }, speed: { samples_per_s: 200 / 12 / 4 } } });
    const grid = buildGrid([src(a, { latenciesMs: [10, 20, 30, 40, 1000] }), src(b)], { columns });
    expect(grid.rows[0]!.speed.samplesPerS).toBeCloseTo(200 / 12, 12); // 100 in 10 s + 100 in 2 s
    // the same percentiles as `run` writes for one benchmark (src/speed.ts speedStats)
    const own = speedStats(
      [10, 20, 30, 40, 1000].map((latency_ms) => ({ latency_ms }) as PredictionRecord),
      0,
      0,
    );
    expect(grid.rows[0]!.speed).toMatchObject({ latencyP50: 30, latencyP95: own.latency_ms_p95, relative: 1 });
    expect(own.latency_ms_p95).toBeGreaterThan(40);
    expect(grid.rows[1]!.speed.relative).toBeCloseTo(0.25, 12);
    expect(speedTexts(grid.rows[1]!.speed)).toEqual(["4.17", "–", "–", "0.25×"]);
    expect(grid.notes).toEqual([]);
    const approx = buildGrid([src(a)], { columns });
    expect(approx.rows[0]!.speed).toMatchObject({ latencyP50: 60, latencyP95: 120 });
    expect(approx.notes.join()).toMatch(/openai:2b: latency percentiles are n-weighted means/);
  });

  it("leaves the speed columns out when no row has speed", () => {
    const grid = buildGrid([src(resultsFile({ name: "a" }, pope(0.8, 0.7)))], { columns });
    expect(grid.hasSpeed).toBe(false);
    expect(renderMarkdown(grid)).not.toContain("samples/s");
  });

  it("warns in a footnote when rows come from different harness versions", () => {
    const grid = buildGrid(
      [
        src(resultsFile({ name: "a" }, pope(0.8, 0.7), "vlm-bench@0.1.0")),
        src(resultsFile({ name: "b" }, pope(0.8, 0.7), "vlm-bench@0.2.0")),
        src(resultsFile({ name: "c" }, pope(0.8, 0.7), "vlm-bench@0.1.0")),
      ],
      { columns },
    );
    expect(grid.notes).toEqual([
      "The rows come from different harness versions (vlm-bench@0.1.0: openai:a, openai:c; vlm-bench@0.2.0: openai:b); prompts or scoring may differ between versions.",
    ]);
    expect(renderMarkdown(grid)).toMatch(/\nNotes:\n- The rows come from different harness versions/);
    expect(renderLatex(grid)).toMatch(/\\multicolumn\{3\}\{l\}\{\\footnotesize Note: The rows come from different harness versions/);
  });

  it("warns when rows scored different items, by id when items.jsonl was read, else by count", () => {
    const ids = (...xs: string[]) => new Map([["pope", new Set(xs)]]);
    const same = buildGrid(
      [
        src(resultsFile({ name: "a" }, pope(0.8, 0.7)), { itemIds: ids("r/1", "r/2") }),
        src(resultsFile({ name: "b" }, pope(0.8, 0.7)), { itemIds: ids("r/2", "r/1") }),
      ],
      { columns },
    );
    expect(same.notes).toEqual([]);
    const different = buildGrid(
      [
        src(resultsFile({ name: "a" }, pope(0.8, 0.7)), { itemIds: ids("r/1", "r/2") }),
        src(resultsFile({ name: "b" }, pope(0.8, 0.7)), { itemIds: ids("r/1", "r/3") }),
      ],
      { columns },
    );
    expect(different.notes).toEqual([
      "pope: the rows were scored on different items (openai:a: 2, openai:b: 2; 1 in common), so their numbers are not comparable.",
    ]);
    const counts = buildGrid(
      [
        src(resultsFile({ name: "a" }, { pope: { n: 10, metrics: { accuracy: 1, f1: 1 } } })),
        src(resultsFile({ name: "b" }, { pope: { n: 12, metrics: { accuracy: 1, f1: 1 } } })),
      ],
      { columns },
    );
    expect(counts.notes).toEqual([
      "pope: the rows were scored on different numbers of items (openai:a: n=10, openai:b: n=12), so their numbers are not comparable.",
    ]);
  });

  it("notes failed samples", () => {
    const grid = buildGrid([src(resultsFile({ name: "a" }, { pope: { failed: 3, metrics: { accuracy: 1, f1: 1 } } }))], { columns });
    expect(grid.notes).toEqual(["openai:a: 3 pope samples failed and are not scored."]);
  });
});

describe("formats", () => {
  const grid = () =>
    buildGrid(
      [
        src(resultsFile({ name: "a|b", label: "x_1 & 50% {new}", factors: { llm: 'say "hi", ok' } }, pope(0.8, 0.7))),
        src(resultsFile({ name: "c" }, { gqa: { metrics: { accuracy: 0.25 } }, ...pope(0.9, 0.6) })),
      ],
      { columns },
    );

  it("Markdown escapes pipes in labels", () => {
    expect(renderMarkdown(buildGrid([src(resultsFile({ name: "a|b" }, pope(0.8, 0.7)))], { columns }))).toContain("| openai:a\\|b |");
  });

  it("LaTeX escapes special characters and uses -- for missing cells", () => {
    expect(escapeLatex("x_1 & 50% {new} #$~^\\")).toBe(
      "x\\_1 \\& 50\\% \\{new\\} \\#\\$\\textasciitilde{}\\textasciicircum{}\\textbackslash{}",
    );
    expect(escapeLatex("<a|b>")).toBe("\\textless{}a\\textbar{}b\\textgreater{}");
    // a row starting with "[" right after \\ or \midrule would be read as their optional argument
    const bracketed = renderLatex(buildGrid([src(resultsFile({ name: "x", label: "[ours] 2b" }, pope(0.8, 0.7)))], { columns }));
    expect(bracketed).toContain("\\midrule\n{[}ours{]} 2b & 0.800 & 0.700 \\\\\n");
    const tex = renderLatex(grid());
    expect(tex).toContain('x\\_1 \\& 50\\% \\{new\\} & say "hi", ok & -- & 0.800 & \\textbf{0.700} \\\\');
    expect(tex.startsWith("\\begin{tabular}{llrrr}\n\\toprule\n")).toBe(true);
  });

  it("CSV quotes fields, leaves missing cells empty and lists the best metrics", () => {
    expect(renderCsv(grid()).split("\r\n")).toEqual([
      "model,llm,gqa.accuracy,pope.accuracy,pope.f1,best,partial",
      'x_1 & 50% {new},"say ""hi"", ok",,0.800,0.700,pope.f1,',
      "openai:c,,0.250,0.900,0.600,pope.accuracy,",
      "",
    ]);
  });

  it("JSON keeps full precision, null for missing, and the best flags", () => {
    const doc = JSON.parse(renderJson(grid()));
    expect(doc.columns.map((c: { key: string }) => c.key)).toEqual(["gqa.accuracy", "pope.accuracy", "pope.f1"]);
    expect(doc.rows[0].metrics["gqa.accuracy"]).toEqual({ value: null, text: "–", best: false, partial: null });
    expect(doc.rows[1].metrics["pope.accuracy"]).toEqual({ value: 0.9, text: "0.900", best: true, partial: null });
    expect(doc.rows[0]).toMatchObject({ label: "x_1 & 50% {new}", model: "openai:a|b", factors: { llm: 'say "hi", ok' } });
  });
});

describe("partial results in the grid", () => {
  const columns = gridColumns(benchmarks);
  const row = (name: string, accuracy: number, partial?: { limit?: number; n: number; of: number }) =>
    resultsFile({ name }, { gqa: { n: partial?.n ?? 100, metrics: { accuracy }, ...(partial ? { partial } : {}) } });
  const grid = () =>
    buildGrid(
      [row("a", 0.5), row("b", 0.6), row("c", 0.9, { limit: 5, n: 5, of: 100 })].map((results) => ({ results })),
      { columns },
    );

  it("a partial cell is never best and does not take the best from the complete ones", () => {
    const g = grid();
    expect(g.rows.map((r) => r.cells[0]!.best)).toEqual([false, true, false]);
    expect(g.rows[2]!.cells[0]!.partial).toEqual({ limit: 5, n: 5, of: 100 });
    expect(g.notes).toContain(
      "† partial: openai:c's gqa was scored on 5 of 100 samples (--limit 5); not comparable with complete results and never marked best.",
    );
  });

  it("every format marks it", () => {
    expect(renderMarkdown(grid())).toContain("| openai:c | 0.900† |");
    expect(renderLatex(grid())).toContain("openai:c & 0.900$^\\dagger$ \\\\");
    expect(renderCsv(grid()).split("\r\n")[3]).toBe("openai:c,0.900,,gqa:5/100");
    expect(JSON.parse(renderJson(grid())).rows[2].metrics["gqa.accuracy"]).toEqual({
      value: 0.9,
      text: "0.900",
      best: false,
      partial: { limit: 5, n: 5, of: 100 },
    });
  });
});
