import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchmarks } from "../../datasets/index.js";
import {
  type ComparedBenchmark,
  comparePairs,
  type PairBenchmark,
  type PairComparison,
  type UncomparableBenchmark,
} from "../../reports/html/compare-data.js";
import { loadRun, type RunFolder, readRunFolder } from "../../src/run-folder/index.js";
import { CLI, runCli } from "../helpers/cli.js";
import { type Answer, reply, ScriptedServer } from "../helpers/openai-server.js";
import { binaryItems, writeRun } from "../helpers/runs.js";
import { tempDir } from "../helpers/tmp.js";

const findBenchmark = (name: string) => benchmarks.find((b) => b.name === name);

/** What `vlm-bench gate` printed: its exit code, stderr, and per metric the JUnit properties and system-out line. */
interface CliGate {
  code: number | null;
  stderr: string;
  family: number;
  metrics: Map<string, { props: Record<string, string>; out: string }>;
}

/** Runs a PairComparison's `command` through /bin/sh, as a user pasting it would, with --junit added. */
function runCommand(command: string, dir: string): Promise<CliGate> {
  expect(command).toMatch(/^vlm-bench gate /);
  const junit = path.join(dir, `junit-${Math.random().toString(36).slice(2)}.xml`);
  const line = `"${process.execPath}" "${CLI}" ${command.slice("vlm-bench ".length)} --junit "${junit}"`;
  return new Promise((resolve) => {
    execFile("sh", ["-c", line], { env: { ...process.env, GITHUB_STEP_SUMMARY: "" } }, (error, _stdout, stderr) => {
      const xml = readFileSync(junit, "utf8");
      const metrics = new Map<string, { props: Record<string, string>; out: string }>();
      for (const m of xml.matchAll(/<testcase classname="[^"]*" name="([^"]+)"[^>]*>([\s\S]*?)<\/testcase>/g)) {
        const props = Object.fromEntries([...m[2]!.matchAll(/<property name="([^"]+)" value="([^"]*)"\/>/g)].map((p) => [p[1]!, p[2]!]));
        metrics.set(m[1]!, { props, out: /<system-out>([\s\S]*?)<\/system-out>/.exec(m[2]!)?.[1] ?? "" });
      }
      const family = /<property name="holm_family_size" value="(\d+)"\/>/.exec(xml)?.[1];
      resolve({ code: error === null ? 0 : (error.code as number), stderr, family: Number(family ?? 0), metrics });
    });
  });
}

const compared = (b: PairBenchmark | undefined): ComparedBenchmark => {
  expect(b?.comparable, JSON.stringify(b)).toBe(true);
  return b as ComparedBenchmark;
};
const metricOf = (pair: PairComparison, metric: string) => {
  const found = pair.benchmarks.flatMap((b) => (b.comparable ? b.metrics : [])).find((m) => m.metric === metric);
  expect(found, metric).toBeDefined();
  return found!;
};

/**
 * An MM-Vet judge whose grade depends on everything it is shown (the answer graded, the judge run's
 * seed): yes-answers and no-answers get different, reproducible grades, and the two judge runs differ.
 */
const hashGrader: Answer = (req) => {
  let h = 0;
  for (const ch of req.body) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return reply.completion(((h % 11) / 10).toFixed(1));
};

describe("comparePairs: the #compare section's numbers are vlm-bench gate's", () => {
  let root: string;
  let judge: ScriptedServer;
  /**
   * yes, no, random: every bundled benchmark, MM-Vet graded by a judge (two judge runs) for yes and
   * no only; limited: baseline:no with pope cut by --limit 30, plus gqa and scienceqa complete.
   */
  let runs: RunFolder[];
  let pairs: PairComparison[];
  const pair = (i: number, j: number) => pairs.find((p) => p.baseline === i && p.candidate === j)!;
  const [YES, NO, RANDOM, LIMITED] = [0, 1, 2, 3];

  beforeAll(async () => {
    root = tempDir();
    judge = await ScriptedServer.start({ answer: hashGrader });
    const graded = ["--bench", "mmvet", "--judge", "openai:grader", "--judge-base-url", judge.baseUrl, "--judge-runs", "2"];
    // A folder name the shell must quote: the command has to survive being pasted.
    const dirs = ["yes it's", "no", "random", "limited"].map((d) => path.join(root, d));
    for (const [args, out] of [
      [["--model", "baseline:yes"], dirs[YES]],
      [["--model", "baseline:no"], dirs[NO]],
      [["--model", "baseline:yes", ...graded], dirs[YES]],
      [["--model", "baseline:no", ...graded], dirs[NO]],
      [["--model", "baseline:random"], dirs[RANDOM]],
      [["--model", "baseline:no", "--bench", "pope", "--limit", "30"], dirs[LIMITED]],
      [["--model", "baseline:no", "--bench", "gqa,scienceqa"], dirs[LIMITED]],
    ] as const) {
      const r = await runCli(["run", ...args, "--out", out!, "--no-progress"]);
      expect(r.code, r.stderr).toBe(0);
    }
    runs = await Promise.all(dirs.map((d) => loadRun(d)));
    pairs = comparePairs(runs, { findBenchmark });
  }, 120_000);
  afterAll(async () => judge?.close());

  it("covers every ordered pair once", () => {
    expect(pairs.map((p) => `${p.baseline}>${p.candidate}`).sort()).toEqual(
      ["0>1", "0>2", "0>3", "1>0", "1>2", "1>3", "2>0", "2>1", "2>3", "3>0", "3>1", "3>2"].sort(),
    );
  });

  it.each([
    ["yes → no", YES, NO],
    ["no → yes", NO, YES],
    ["random → yes", RANDOM, YES],
    ["yes → random (mmvet left out)", YES, RANDOM],
    ["yes → limited (pope left out)", YES, LIMITED],
  ])(
    "%s: every metric's numbers, counts and status equal the CLI's for the recorded command",
    async (_, i, j) => {
      const p = pair(i, j);
      const cli = await runCommand(p.command, root);
      expect(cli.code, cli.stderr).toBe(p.exitCode);
      expect(cli.family).toBe(p.family);
      const ours = p.benchmarks.flatMap((b) => (b.comparable ? b.metrics : []));
      expect(ours.length).toBeGreaterThan(0);
      expect([...cli.metrics.keys()]).toEqual(ours.map((m) => m.metric));
      for (const m of ours) {
        const { props, out } = cli.metrics.get(m.metric)!;
        // JUnit writes each number with String(): equal strings are equal doubles.
        expect(props, m.metric).toMatchObject({
          baseline: String(m.baseline),
          candidate: String(m.candidate),
          difference: String(m.difference),
          p_one_sided: String(m.pDrop),
          p_holm: String(m.adjustedP),
          test: m.test,
          n: String(m.n),
          discordant: String(m.discordant),
          lost: String(m.lost),
          gained: String(m.gained),
          max_drop: String(m.maxDrop),
          status: m.status,
        });
        // The counts the CLI prints in words, as numbers.
        if (m.test === "exact McNemar") expect(out).toContain(`exact McNemar: ${m.lost} lost, ${m.gained} gained;`);
        else expect(out).toContain(`${m.test}: ${m.discordant} of ${m.n} units discordant`);
      }
    },
    60_000,
  );

  it("the command names the runs and the benchmarks compared, quoted for the shell", () => {
    expect(pair(YES, NO).command).toBe(
      `vlm-bench gate --baseline '${runs[YES]!.label.replaceAll("'", `'\\''`)}' --candidate ${runs[NO]!.label} ` +
        "--bench gqa,mme,mmvet,pope,vqav2,mmvp,scienceqa",
    );
    expect(pair(YES, LIMITED).command).toMatch(/ --bench gqa,scienceqa$/);
  });

  it("always-yes against always-no: every POPE item flips, the yes-questions to the baseline; flips match the gate's lost and gained", () => {
    const p = pair(YES, NO);
    const pope = compared(p.benchmarks.find((b) => b.benchmark === "pope"));
    const items = runs[YES]!.items!.get("pope")!;
    // Hand-checked: every POPE answer of one run is right exactly where the other's is wrong.
    expect(items.length).toBe(216);
    expect(pope.common).toBe(216);
    expect(pope.flips.ids).toEqual(items.map((i) => i.id));
    expect(pope.flips.baselineBetter).toBe(items.filter((i) => i.target === "yes").length);
    expect(pope.flips.baselineBetter).toBe(108);
    expect(pope.flips.candidateBetter).toBe(108);
    // 0/1 benchmarks tested by McNemar: its lost and gained are exactly the flipped items.
    for (const name of ["gqa", "scienceqa"]) {
      const b = compared(p.benchmarks.find((x) => x.benchmark === name));
      const m = metricOf(p, `${name}.accuracy`);
      expect(m.test).toBe("exact McNemar");
      expect([b.flips.baselineBetter, b.flips.candidateBetter]).toEqual([m.lost, m.gained]);
      expect(b.flips.ids?.length).toBe(m.discordant);
    }
    // Graded VQAv2 (one unit per item): a flip is a changed score, lost where the baseline's was higher.
    const vqa = compared(p.benchmarks.find((b) => b.benchmark === "vqav2"));
    const vqaMetric = metricOf(p, "vqav2.accuracy");
    expect(vqa.flips.ids?.length).toBeGreaterThan(0);
    expect([vqa.flips.baselineBetter, vqa.flips.candidateBetter]).toEqual([vqaMetric.lost, vqaMetric.gained]);
    const yesScores = new Map(runs[YES]!.items!.get("vqav2")!.map((i) => [i.id, i.score]));
    const noScores = new Map(runs[NO]!.items!.get("vqav2")!.map((i) => [i.id, i.score]));
    expect(vqa.flips.ids).toEqual([...yesScores.keys()].filter((id) => yesScores.get(id) !== noScores.get(id)));
    // MM-Vet graded by two judge runs: a flip is a changed mean grade; the gate's units are items, lost where the grade fell.
    const mmvet = compared(p.benchmarks.find((b) => b.benchmark === "mmvet"));
    const total = metricOf(p, "mmvet.total");
    expect(total.test).toMatch(/randomization/);
    const grades = (run: number) => new Map(runs[run]!.items!.get("mmvet")!.map((i) => [i.id, i.score!]));
    const [yesGrades, noGrades] = [grades(YES), grades(NO)];
    const fell = [...yesGrades.keys()].filter((id) => yesGrades.get(id)! > noGrades.get(id)!);
    const rose = [...yesGrades.keys()].filter((id) => yesGrades.get(id)! < noGrades.get(id)!);
    expect(fell.length).toBeGreaterThan(0);
    expect(rose.length).toBeGreaterThan(0);
    expect(mmvet.flips).toEqual({
      ids: [...yesGrades.keys()].filter((id) => yesGrades.get(id) !== noGrades.get(id)),
      baselineBetter: fell.length,
      candidateBetter: rose.length,
    });
    expect([total.lost, total.gained]).toEqual([fell.length, rose.length]);
    // The gate's units are the items' grades per judge run: one whose runs' grades differ but whose mean does not is
    // discordant yet neither lost nor gained (and no flip).
    const perRun = (run: number) => new Map(runs[run]!.items!.get("mmvet")!.map((i) => [i.id, JSON.stringify(i.meta?.run_scores)]));
    const [yesRuns, noRuns] = [perRun(YES), perRun(NO)];
    expect(total.discordant).toBe([...yesRuns.keys()].filter((id) => yesRuns.get(id) !== noRuns.get(id)).length);
  });

  it("MM-Vet graded in the baseline but not in the candidate is not comparable; the other way round it is noted, not gated", () => {
    const graded = pair(YES, RANDOM).benchmarks.find((b) => b.benchmark === "mmvet") as UncomparableBenchmark;
    expect(graded.comparable).toBe(false);
    expect(graded.reasons).toEqual([expect.stringMatching(/^mmvet: the candidate has no mmvet scores .*run without a judge/)]);
    const back = pair(RANDOM, YES);
    expect(compared(back.benchmarks.find((b) => b.benchmark === "mmvet"))).toMatchObject({ metrics: [] });
    expect(back.notes).toContain("mmvet: not scored in the baseline, not gated");
  });

  it("a benchmark with another sample set is not comparable, with the gate's reasons; the pair's other benchmarks are compared", async () => {
    const p = pair(YES, LIMITED);
    const pope = p.benchmarks.find((b) => b.benchmark === "pope") as UncomparableBenchmark;
    expect(pope.comparable).toBe(false);
    expect(pope.reasons).toEqual([
      expect.stringMatching(/^pope: the candidate's result is partial \(30 of 216 samples, --limit 30\)/),
      expect.stringMatching(/^pope: the runs scored different sample sets/),
    ]);
    // The gate run on pope alone refuses with the same words.
    const alone = await runCli(["gate", "--baseline", runs[YES]!.label, "--candidate", runs[LIMITED]!.label, "--bench", "pope"], {
      GITHUB_STEP_SUMMARY: "",
    });
    expect(alone.code).toBe(2);
    for (const reason of pope.reasons) expect(alone.stderr).toContain(reason);
    expect(p.benchmarks.map((b) => `${b.benchmark}:${b.comparable}`)).toEqual(["gqa:true", "pope:false", "scienceqa:true"]);
    expect(p.gated).toBe(true);
    expect(p.notes).toEqual(
      expect.arrayContaining(["mme: only in the baseline, not compared", "vqav2: only in the baseline, not compared"]),
    );
  });

  it("the reversed pair swaps lost and gained, and the one-sided p-values of exact McNemar", () => {
    const forward = pair(YES, RANDOM);
    const backward = pair(RANDOM, YES);
    const mcnemar = forward.benchmarks.flatMap((b) => (b.comparable ? b.metrics : [])).filter((m) => m.test === "exact McNemar");
    expect(mcnemar.length).toBeGreaterThan(1);
    for (const m of mcnemar) {
      const r = metricOf(backward, m.metric);
      expect([r.lost, r.gained, r.pDrop, r.pGain]).toEqual([m.gained, m.lost, m.pGain, m.pDrop]);
      expect(r.difference).toBeCloseTo(-m.difference, 12);
    }
    // Some item changed hands, so the check is not between two zeros.
    expect(mcnemar.some((m) => m.lost + m.gained > 0)).toBe(true);
    for (const f of forward.benchmarks.filter((b): b is ComparedBenchmark => b.comparable)) {
      const r = compared(backward.benchmarks.find((x) => x.benchmark === f.benchmark));
      expect([r.flips.baselineBetter, r.flips.candidateBetter, new Set(r.flips.ids)]).toEqual([
        f.flips.candidateBetter,
        f.flips.baselineBetter,
        new Set(f.flips.ids),
      ]);
    }
  });

  it("flipIds: false keeps the counts and leaves the ids out", () => {
    const [p] = comparePairs([runs[YES]!, runs[NO]!], { findBenchmark, flipIds: false });
    const pope = compared(p!.benchmarks.find((b) => b.benchmark === "pope"));
    expect(pope.flips).toEqual({ baselineBetter: 108, candidateBetter: 108 });
  });

  it("a run read without items.jsonl cannot be gated: every shared benchmark says so", () => {
    const bare = readRunFolder(runs[NO]!.label, { items: "skip" });
    const [p] = comparePairs([runs[YES]!, bare], { findBenchmark });
    expect(p!.gated).toBe(false);
    expect(p!.benchmarks.every((b) => !b.comparable && /no items\.jsonl next to .*no\/results\.json/.test(b.reasons[0]!))).toBe(true);
  });
});

describe("comparePairs on crafted runs", () => {
  it("runs of different protocol versions: no benchmark is comparable, each with the gate's reason; the command is the refused call", async () => {
    const dir = tempDir();
    const benchmarks = { toy: binaryItems(6, (i) => i < 3), other: binaryItems(4, () => true) };
    const a = await loadRun(writeRun(path.join(dir, "a"), { benchmarks }));
    const b = await loadRun(writeRun(path.join(dir, "b"), { harness: "vlm-bench@0.2.0", benchmarks }));
    const [p] = comparePairs([a, b], { findBenchmark });
    expect(p).toMatchObject({ gated: false, family: 0, exitCode: 0 });
    expect(p!.command).toBe(`vlm-bench gate --baseline ${a.label} --candidate ${b.label} --bench toy,other`);
    for (const bench of p!.benchmarks) {
      expect(bench.comparable).toBe(false);
      expect((bench as UncomparableBenchmark).reasons).toEqual([
        expect.stringMatching(/protocol 0\.1\) and the candidate by vlm-bench@0\.2\.0/),
      ]);
    }
  });

  it("the policy, resamples and seed used appear in the command as flags", async () => {
    const dir = tempDir();
    const a = await loadRun(writeRun(path.join(dir, "a"), { benchmarks: { toy: binaryItems(6, (i) => i < 3) } }));
    const b = await loadRun(writeRun(path.join(dir, "b"), { benchmarks: { toy: binaryItems(6, (i) => i < 4) } }));
    const policy = { alpha: 0.1, maxDrop: 0.02, maxDropPerMetric: {} };
    const [p] = comparePairs([a, b], { findBenchmark, policy, resamples: 2000, seed: 7 });
    expect(p!.command).toBe(
      `vlm-bench gate --baseline ${a.label} --candidate ${b.label} --bench toy --max-drop 0.02 --alpha 0.1 --resamples 2000 --seed 7`,
    );
    expect(p!.alpha).toBe(0.1);
    const [withConfig] = comparePairs([a, b], { findBenchmark, policy: { ...policy, maxDropPerMetric: { "toy.item_accuracy": 0.5 } } });
    expect(withConfig!.notes).toContain(
      "per-metric max drops are in force: the command needs the config file that sets them (--config FILE)",
    );
    const [named] = comparePairs([a, b], { findBenchmark, policy, configFile: "vlm-bench.config.json" });
    expect(named!.command).toMatch(/ --bench toy --config vlm-bench\.config\.json$/);
  });
});
