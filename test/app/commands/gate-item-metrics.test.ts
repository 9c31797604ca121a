import path from "node:path";
import { describe, expect, it } from "vitest";
import { scoreMme } from "../../../datasets/mme/score.js";
import { COGNITION_TASKS, PERCEPTION_TASKS } from "../../../datasets/mme/tasks.js";
import type { ItemLine } from "../../../src/run-folder/index.js";
import type { Sample } from "../../../src/types.js";
import { runCli as runCliRaw } from "../../helpers/cli.js";
import { resultsFile, writeRun } from "../../helpers/results-files.js";
import { tempDir } from "../../helpers/tmp.js";

const runCli = (args: readonly string[]) => runCliRaw(args, { GITHUB_STEP_SUMMARY: "" });

const IMAGES = 20;
/** An MME-shaped run: 14 tasks × 20 images × 2 questions; `right(task, image, question)` says which answers are right. */
function mmeRun(dir: string, name: string, right: (task: string, image: number, question: number) => boolean): string {
  const samples: Sample<"yes" | "no">[] = [];
  for (const task of [...PERCEPTION_TASKS, ...COGNITION_TASKS]) {
    for (let image = 0; image < IMAGES; image++) {
      for (const [q, target] of [
        [1, "yes"],
        [2, "no"],
      ] as const) {
        samples.push({
          id: `${task}/${image}.jpg#${q}`,
          benchmark: "mme",
          images: [],
          question: "",
          prompt: "",
          target,
          meta: { task, image: `${image}.jpg` },
        });
      }
    }
  }
  const answers = samples.map((s, i) => {
    const [task, image, q] = [String(s.meta.task), (i % (2 * IMAGES)) >> 1, (i % 2) + 1];
    return right(task, image, q) ? s.target : s.target === "yes" ? "no" : "yes";
  });
  const { metrics, items } = scoreMme(samples, answers);
  const lines: ItemLine[] = items.map((item, i) => ({ benchmark: "mme", ...item, target: samples[i]!.target }));
  return writeRun(path.join(dir, name), resultsFile({ name }, { mme: { n: samples.length, metrics } }), lines);
}

describe("vlm-bench gate on MME: perception and cognition in points, by their SPEC keys", () => {
  it("a crafted candidate whose perception drops significantly fails (exit 1) naming mme.perception; cognition passes", async () => {
    const dir = tempDir();
    // Baseline: every image right but every fifth, whose second question is wrong.
    const base = (_: string, image: number, q: number) => !(image % 5 === 0 && q === 2);
    // Candidate: on perception tasks, every fourth image also gets both questions wrong.
    const perception = new Set<string>(PERCEPTION_TASKS);
    const cand = (task: string, image: number, q: number) => base(task, image, q) && !(perception.has(task) && image % 4 === 1);
    const b = mmeRun(dir, "base", base);
    const c = mmeRun(dir, "cand", cand);
    const r = await runCli(["gate", "--baseline", b, "--candidate", c, "--resamples", "2000"]);
    expect(r.code, r.stderr).toBe(1);
    // Hand-worked per perception task: base acc 36/40, acc+ 16/20 → 90 + 80 = 170, ×10 = 1700;
    // candidate also gets images 1, 5, 9, 13, 17 wrong (image 5 already had one wrong): acc 27/40,
    // acc+ 12/20 → 67.5 + 60 = 127.5, ×10 = 1275. 50 discordant images in 10 tasks are too many swap
    // outcomes to enumerate (10¹⁰), so 2000 random swaps: none as low, p = 1/(2000 + 1); Holm over the
    // two metrics doubles it. n counts units: 10 tasks × 20 images. Tolerance: MME's declared 25 points.
    expect(r.stdout).toMatch(
      /mme\.perception\s+1700\.0\s+1275\.0\s+−425\.0\s+\[.*\]\s+0\.0005\s+0\.001\s+randomization\s+200\s+25\.0\s+\S+\s+regression/,
    );
    // Cognition (4 tasks × 170) unchanged: no discordant image, p = 1 exactly; tolerance 25 points.
    expect(r.stdout).toMatch(
      /mme\.cognition\s+680\.0\s+680\.0\s+0\.0\s+\[0\.0, 0\.0\]\s+1\.00\s+1\.00\s+exact randomization\s+80\s+25\.0\s+\S+\s+pass/,
    );
    expect(r.stdout).toMatch(/FAIL — mme\.perception regressed/);
    expect(r.stdout).not.toMatch(/item_accuracy/);
  });

  it("the same runs gated with a tolerance of 600 points pass (--max-drop-points; --max-drop is for fractions)", async () => {
    const dir = tempDir();
    const b = mmeRun(dir, "base", () => true);
    const c = mmeRun(dir, "cand", (task, image) => !(task === "OCR" && image < 10));
    const r = await runCli(["gate", "--baseline", b, "--candidate", c, "--resamples", "500", "--max-drop-points", "600"]);
    expect(r.code, r.stderr).toBe(0);
    // OCR: 200 → acc ½ + acc+ ½ = 100, so perception drops 100 points: significant but within 600.
    expect(r.stdout).toMatch(/mme\.perception\s+2000\.0\s+1900\.0\s+−100\.0 .* 600\.0\s+\S+\s+pass/);
  });
});
