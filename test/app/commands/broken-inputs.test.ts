/**
 * The project's corpus of broken inputs (issue 12): every loader and every command that reads a
 * file, given a damaged copy of real-layout data. Each case asserts the exit code, that the
 * message names the file and the line or key, that no stack trace is printed, and that the
 * earlier output in --out is byte for byte what it was.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { writeTsvMini } from "../../../bench/fixtures/tsv-mini.js";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

const MINIS = fileURLToPath(new URL("../../../datasets/", import.meta.url));
const BENCHES = ["gqa", "mme", "mmvet", "mmvp", "pope", "scienceqa", "vqav2"] as const;
type Bench = (typeof BENCHES)[number];

/** A good run of every benchmark (baseline:random on the bundled data): the earlier output each case must leave alone. */
let GOOD = "";
beforeAll(async () => {
  GOOD = path.join(tempDir(), "good");
  const result = await runCli(["run", "--out", GOOD, "--no-progress"]);
  expect(result.code, result.stderr).toBe(0);
  writeFileSync(path.join(GOOD, "table.pdf"), "earlier table");
}, 120_000);

interface Ctx {
  /** Data root: one sub-folder per benchmark, copies of the bundled mini sets. */
  data: string;
  /** A copy of the good run. */
  out: string;
  /** A scratch folder for other inputs. */
  dir: string;
  /** `data/<bench>/<relative>`. */
  at: (bench: Bench, relative: string) => string;
}

interface Case {
  name: string;
  /** The mini sets copied into `data` (default: the bench of `run`). */
  benches?: Bench[];
  setup: (c: Ctx) => void | Promise<void>;
  args: (c: Ctx) => string[];
  code: number;
  /** The file (path relative to the data root or absolute, as set up) named in the message. */
  file: (c: Ctx) => string;
  /** The line, key or sample named, and what is wrong. */
  detail: RegExp;
}

// --- editing helpers -----------------------------------------------------------------------
const text = (file: string) => readFileSync(file, "utf8");
const lines = (file: string) => text(file).split("\n");
const setLine = (file: string, index: number, line: string | Buffer) => {
  const all = readFileSync(file).toString("latin1").split("\n");
  all[index] = Buffer.isBuffer(line) ? line.toString("latin1") : Buffer.from(line, "utf8").toString("latin1");
  writeFileSync(file, Buffer.from(all.join("\n"), "latin1"));
};
const editJson = (file: string, edit: (v: any) => unknown) => {
  const v = JSON.parse(text(file));
  writeFileSync(file, JSON.stringify(edit(v) ?? v, null, 1));
};
const latin1 = (s: string) => Buffer.from(s, "latin1");
const cut = (file: string, keep = 0.6) => truncateSync(file, Math.floor(readFileSync(file).length * keep));
/** Repeats the first key of a pretty-printed JSON object as its last key; returns that key. */
const repeatFirstKey = (file: string): string => {
  const value = JSON.parse(text(file)) as Record<string, unknown>;
  const [key, entry] = Object.entries(value)[0]!;
  writeFileSync(file, JSON.stringify(value, null, 1).replace(/\n}$/, `,\n ${JSON.stringify(key)}: ${JSON.stringify(entry)}\n}`));
  return key;
};
const firstImage = (dir: string) =>
  path.join(
    dir,
    readdirSync(dir)
      .filter((f) => /\.(jpg|png)$/.test(f))
      .sort()[0]!,
  );
const mmeTask = (c: Ctx, task = "color") => path.join(c.data, "mme", "MME_Benchmark_release_version", task);
const mmeTxt = (c: Ctx) =>
  path.join(
    mmeTask(c),
    readdirSync(mmeTask(c))
      .filter((f) => f.endsWith(".txt"))
      .sort()[0]!,
  );

const run = (bench: Bench) => (c: Ctx) => ["run", "--bench", bench, "--data", c.data, "--out", c.out, "--no-progress"];
const POPE = (c: Ctx, split = "random") => c.at("pope", `coco_pope_${split}.json`);
const GQA = (c: Ctx) => c.at("gqa", "testdev_balanced_questions.json");
const MMVET = (c: Ctx) => c.at("mmvet", "mm-vet.json");
const MMVP = (c: Ctx) => c.at("mmvp", "Questions.csv");
const PROBLEMS = (c: Ctx) => c.at("scienceqa", "problems.json");
const SPLITS = (c: Ctx) => c.at("scienceqa", "pid_splits.json");
const VQA_Q = (c: Ctx) => c.at("vqav2", "v2_OpenEnded_mscoco_val2014_questions.json");
const VQA_A = (c: Ctx) => c.at("vqav2", "v2_mscoco_val2014_annotations.json");

const popeCase = (name: string, setup: (c: Ctx) => void, detail: RegExp, file = (c: Ctx) => POPE(c)): Case => ({
  name: `POPE: ${name}`,
  benches: ["pope"],
  setup,
  args: run("pope"),
  code: 2,
  file,
  detail,
});
const benchCase =
  (bench: Bench, title: string, file: (c: Ctx) => string) =>
  (name: string, setup: (c: Ctx) => void, detail: RegExp, named = file): Case => ({
    name: `${title}: ${name}`,
    benches: [bench],
    setup,
    args: run(bench),
    code: 2,
    file: named,
    detail,
  });
const gqaCase = benchCase("gqa", "GQA", GQA);
const mmeCase = benchCase("mme", "MME", mmeTxt);
const mmvetCase = benchCase("mmvet", "MM-Vet", MMVET);
const mmvpCase = benchCase("mmvp", "MMVP", MMVP);
const sqaCase = benchCase("scienceqa", "ScienceQA", PROBLEMS);
const vqaCase = benchCase("vqav2", "VQAv2", VQA_A);

const popeImage = (c: Ctx) => firstImage(c.at("pope", "val2014"));

/** A VLMEvalKit TSV of the mini set in data/<bench>/ (with the annotations that give official ids), then `edit`. */
const tsvCase = (bench: Bench, name: string, edit: (file: string) => void, detail: RegExp): Case => ({
  name: `${bench} TSV: ${name}`,
  setup: async (c) => {
    mkdirSync(path.join(c.data, bench), { recursive: true });
    edit((await writeTsvMini(bench, path.join(c.data, bench))).file);
  },
  args: run(bench),
  code: 2,
  file: (c) =>
    path.join(c.data, bench, { gqa: "GQA_TestDev_Balanced.tsv", mmvp: "MMVP.tsv", scienceqa: "ScienceQA_TEST.tsv" }[bench as string]!),
  detail,
});

const CASES: Case[] = [
  // VLMEvalKit TSVs (GQA, MMVP, ScienceQA), written by the mini-set fixture into data/<bench>/
  tsvCase(
    "gqa",
    "GQA_TestDev_Balanced.tsv without its answer column",
    (file) => writeFileSync(file, text(file).replace(/^index\timage\tquestion\tanswer/, "index\timage\tquestion\tresponse")),
    /column "answer" is missing/,
  ),
  tsvCase(
    "mmvp",
    "MMVP.tsv with an image that is not base64 of an image",
    (file) => setLine(file, 1, lines(file)[1]!.replace(/^(\d+)\t[^\t]+/, `$1\t${"not an image ".repeat(8)}`)),
    /index 0/,
  ),
  tsvCase(
    "mmvp",
    "MMVP.tsv whose pair rows ask different questions",
    (file) => setLine(file, 2, lines(file)[2]!.replace(/^(\d+\t[^\t]+\t)[^\t]+/, "$1Is it a different question?")),
    /line 3: its question differs from row index 0's, its pair in MMVP/,
  ),
  tsvCase(
    "scienceqa",
    "ScienceQA_TEST.tsv with a duplicate index",
    (file) => setLine(file, 2, lines(file)[2]!.replace(/^\d+/, "0")),
    /line 3: row index 0 appears twice \(lines 2 and 3\)/,
  ),
  tsvCase(
    "scienceqa",
    "ScienceQA_TEST.tsv with an answer that is no option letter",
    (file) => setLine(file, 1, lines(file)[1]!.replace(/\t[A-E]$/, "\tZ")),
    /line 2: column "answer" is "Z", not one of the letters A–[B-E]/,
  ),
  // POPE: JSON lines
  popeCase(
    "zero-byte split file",
    (c) => writeFileSync(POPE(c, "popular"), ""),
    /holds no questions/,
    (c) => POPE(c, "popular"),
  ),
  popeCase(
    "truncated in the middle of a line",
    (c) => writeFileSync(POPE(c), `${lines(POPE(c)).slice(0, 3).join("\n")}\n{"question_id": 4, "ima`),
    /, line 4: not valid JSON/,
  ),
  popeCase("a line that is an array", (c) => setLine(POPE(c), 0, "[1, 2]"), /, line 1: the line is not a JSON object/),
  popeCase(
    "a row without its label",
    (c) => setLine(POPE(c), 1, JSON.stringify({ question_id: 2, image: "a.jpg", text: "Is there a dog?" })),
    /, line 2: field "label"/,
  ),
  popeCase(
    "a label that is neither yes nor no",
    (c) => setLine(POPE(c), 2, lines(POPE(c))[2]!.replace(/"label": "\w+"/, '"label": "maybe"')),
    /, line 3: field "label" must be "yes" or "no"/,
  ),
  popeCase(
    "a question_id that is a string",
    (c) => setLine(POPE(c), 0, lines(POPE(c))[0]!.replace('"question_id": 1', '"question_id": "1"')),
    /, line 1: field "question_id"/,
  ),
  popeCase(
    "a question_id repeated",
    (c) => setLine(POPE(c), 4, lines(POPE(c))[4]!.replace(/"question_id": \d+/, '"question_id": 1')),
    /, line 5: question_id 1 repeats the one on line 1/,
  ),
  popeCase(
    "a key repeated within a line",
    (c) => setLine(POPE(c), 1, lines(POPE(c))[1]!.replace(/}$/, ', "label": "yes"}')),
    /, line 2: key "label" appears a second time/,
  ),
  popeCase(
    "bytes that are not UTF-8",
    (c) => setLine(POPE(c), 2, latin1(lines(POPE(c))[2]!.replace("Is there", "Is th\xe9re"))),
    /, line 3: not UTF-8/,
  ),
  popeCase(
    "two lines joined (a lost newline)",
    (c) => setLine(POPE(c), 5, `${lines(POPE(c))[5]}${lines(POPE(c))[6]}`),
    /, line 6: not valid JSON/,
  ),
  popeCase(
    "an image name climbing out of the folder",
    (c) => setLine(POPE(c), 0, lines(POPE(c))[0]!.replace(/"image": "[^"]+"/, '"image": "../../../etc/passwd"')),
    /, line 1: image name "\.\.\/\.\.\/\.\.\/etc\/passwd" has a "\.\." segment/,
  ),
  popeCase(
    "an absolute image name",
    (c) => setLine(POPE(c), 0, lines(POPE(c))[0]!.replace(/"image": "[^"]+"/, '"image": "/etc/passwd"')),
    /, line 1: image name "\/etc\/passwd" is an absolute path/,
  ),
  popeCase(
    "a split file missing",
    (c) => rmSync(POPE(c, "adversarial")),
    /coco_pope_adversarial\.json not found under/,
    (c) => path.join(c.data, "pope"),
  ),
  popeCase("a zero-byte image", (c) => writeFileSync(popeImage(c), ""), /sample pope [\w/]+: .*not a decodable image/, popeImage),
  popeCase("an image that is a text file", (c) => writeFileSync(popeImage(c), "not an image\n"), /not a decodable image/, popeImage),
  popeCase("a truncated image (first 40 bytes)", (c) => truncateSync(popeImage(c), 40), /not a decodable image/, popeImage),
  popeCase(
    "an image missing",
    (c) => rmSync(popeImage(c)),
    /image\(s\) missing: sample [\w/]+/,
    (c) => c.at("pope", "val2014"),
  ),

  // GQA: one JSON object keyed by question id
  gqaCase("zero-byte questions file", (c) => writeFileSync(GQA(c), ""), /not valid JSON/),
  gqaCase("truncated questions file", (c) => cut(GQA(c)), /not valid JSON/),
  gqaCase("an array instead of an object", (c) => editJson(GQA(c), (v) => Object.values(v)), /must be object|object/),
  gqaCase("a question without its answer", (c) => editJson(GQA(c), (v) => void delete v[Object.keys(v)[0]!].answer), /answer/),
  gqaCase("a question id key twice", (c) => void repeatFirstKey(GQA(c)), /, line \d+: key "\w+" appears a second time/),
  gqaCase(
    "an imageId climbing out",
    (c) =>
      editJson(GQA(c), (v) => {
        v[Object.keys(v).find((k) => v[k].isBalanced)!].imageId = "../../x";
      }),
    /\/imageId: image name "\.\.\/\.\.\/x"/,
  ),
  gqaCase(
    "bytes that are not UTF-8",
    (c) => writeFileSync(GQA(c), latin1(text(GQA(c)).replace('"question": "', '"question": "\xe9'))),
    /, line \d+: not UTF-8/,
  ),
  gqaCase(
    "an image missing",
    (c) => rmSync(firstImage(c.at("gqa", "images"))),
    /image\(s\) missing/,
    (c) => c.at("gqa", "images"),
  ),
  gqaCase(
    "a zero-byte image",
    (c) => writeFileSync(firstImage(c.at("gqa", "images")), ""),
    /not a decodable image/,
    (c) => c.at("gqa", "images"),
  ),

  // MME: two-line question files next to images
  mmeCase(
    "a question file with three lines",
    (c) => writeFileSync(mmeTxt(c), `${text(mmeTxt(c)).trimEnd()}\nIs it red?\tYes\n`),
    /has 3 question line\(s\)/,
  ),
  mmeCase("a line without a tab", (c) => setLine(mmeTxt(c), 0, "Is the circle red? Yes"), /, line 1: expected "question<TAB>Yes"/),
  mmeCase(
    "an answer that is neither Yes nor No",
    (c) => setLine(mmeTxt(c), 1, `${lines(mmeTxt(c))[1]!.split("\t")[0]}\tMaybe`),
    /, line 2: expected/,
  ),
  mmeCase(
    "bytes that are not UTF-8",
    (c) => setLine(mmeTxt(c), 1, latin1(lines(mmeTxt(c))[1]!.replace("?", "\xa0?"))),
    /, line 2: not UTF-8/,
  ),
  mmeCase("an empty question file", (c) => writeFileSync(mmeTxt(c), ""), /has 0 question line\(s\)/),
  mmeCase(
    "a task folder missing",
    (c) => rmSync(mmeTask(c, "OCR"), { recursive: true }),
    /lacks the task folder\(s\) OCR/,
    (c) => path.join(c.data, "mme", "MME_Benchmark_release_version"),
  ),
  mmeCase("a question file without its image", (c) => rmSync(mmeTxt(c).replace(/\.txt$/, ".jpg"), { force: true }), /has no image/),
  mmeCase(
    "an image that is a text file",
    (c) => writeFileSync(firstImage(mmeTask(c)), "<html>"),
    /not a decodable image/,
    (c) => firstImage(mmeTask(c)),
  ),

  // MM-Vet: one JSON object keyed by question id
  mmvetCase("zero-byte mm-vet.json", (c) => writeFileSync(MMVET(c), ""), /not valid JSON/),
  mmvetCase("truncated mm-vet.json", (c) => cut(MMVET(c)), /not valid JSON/),
  mmvetCase("an array instead of an object", (c) => editJson(MMVET(c), (v) => Object.values(v)), /expected an object keyed by question id/),
  mmvetCase(
    "an entry that is a string",
    (c) =>
      editJson(MMVET(c), (v) => {
        v.v1_0 = "what?";
      }),
    /question v1_0: the entry is not an object/,
  ),
  mmvetCase(
    "an entry without imagename",
    (c) => editJson(MMVET(c), (v) => void delete v.v1_0.imagename),
    /question v1_0: it names no image/,
  ),
  mmvetCase(
    "an empty capability list",
    (c) =>
      editJson(MMVET(c), (v) => {
        v.v1_0.capability = [];
      }),
    /question v1_0: field "capability"/,
  ),
  mmvetCase("a question id key twice", (c) => void repeatFirstKey(MMVET(c)), /, line \d+: key "v1_0" appears a second time/),
  mmvetCase(
    "an imagename climbing out",
    (c) =>
      editJson(MMVET(c), (v) => {
        v.v1_0.imagename = "../v1_0.png";
      }),
    /question v1_0: image name "\.\.\/v1_0\.png"/,
  ),

  // MMVP: CSV
  mmvpCase(
    "an empty Questions.csv",
    (c) => writeFileSync(MMVP(c), ""),
    /, line 1: no "Index", "Question", "Options", "Correct Answer" column/,
  ),
  mmvpCase(
    "a renamed column",
    (c) => writeFileSync(MMVP(c), text(MMVP(c)).replace("Correct Answer", "Answer")),
    /, line 1: no "Correct Answer" column/,
  ),
  mmvpCase(
    "a quote that never closes",
    (c) => setLine(MMVP(c), 3, '3,"What color is the circle?,(a) Yellow (b) Red,(b)'),
    /, line \d+: not a readable CSV/,
  ),
  mmvpCase(
    "an odd number of rows",
    (c) => writeFileSync(MMVP(c), `${text(MMVP(c)).trimEnd()}\n99,Is it?,(a) Yes (b) No,(a)\n`),
    /an odd number.*line \d+/,
  ),
  mmvpCase(
    "a Correct Answer that is not an option",
    (c) => setLine(MMVP(c), 1, "1,What color is the circle?,(a) Yellow (b) Red,(c)"),
    /, line 2: Correct Answer "\(c\)"/,
  ),
  mmvpCase(
    "Options that are not a list",
    (c) => setLine(MMVP(c), 2, "2,What color is the circle?,Yellow or Red,(a)"),
    /, line 3: Options "Yellow or Red"/,
  ),
  mmvpCase(
    "bytes that are not UTF-8",
    (c) => setLine(MMVP(c), 2, latin1("2,What colour is the circle\xbf,(a) Yellow (b) Red,(a)")),
    /, line 3: not UTF-8/,
  ),
  mmvpCase(
    "an image missing",
    (c) => rmSync(c.at("mmvp", "MMVP Images/1.jpg")),
    /image\(s\) missing: sample 1/,
    (c) => c.at("mmvp", "MMVP Images/1.jpg"),
  ),

  // ScienceQA: problems.json + pid_splits.json
  sqaCase(
    "a test pid listed twice",
    (c) => editJson(SPLITS(c), (v) => void v.test.push(v.test[0])),
    /\/test\/\d+: id "\d+" repeats \/test\/0/,
    SPLITS,
  ),
  sqaCase(
    "a test pid that has no problem",
    (c) => editJson(SPLITS(c), (v) => void v.test.push("999999")),
    /test problem 999999 is not in/,
    SPLITS,
  ),
  sqaCase("truncated problems.json", (c) => cut(PROBLEMS(c)), /not valid JSON/),
  sqaCase("zero-byte pid_splits.json", (c) => writeFileSync(SPLITS(c), ""), /not valid JSON/, SPLITS),
  sqaCase("pid_splits.json without a test list", (c) => editJson(SPLITS(c), (v) => void delete v.test), /test/, SPLITS),
  sqaCase(
    "an answer beyond the choices",
    (c) =>
      editJson(PROBLEMS(c), (v) => {
        const pid = Object.keys(v).find((k) => v[k].image)!;
        v[pid].answer = 9;
      }),
    /\/\d+\/answer: 9 is beyond its \d choices|answer/,
  ),
  sqaCase(
    "an absolute image name",
    (c) =>
      editJson(PROBLEMS(c), (v) => {
        const pid = Object.keys(v).find((k) => v[k].image)!;
        v[pid].image = "/etc/passwd";
      }),
    /\/\d+\/image: image name "\/etc\/passwd" is an absolute path/,
  ),
  sqaCase("a problem id key twice", (c) => void repeatFirstKey(PROBLEMS(c)), /, line \d+: key "\d+" appears a second time/),

  // VQAv2: questions + annotations
  vqaCase(
    "a question annotated twice",
    (c) => editJson(VQA_A(c), (v) => void v.annotations.push({ ...v.annotations[1], multiple_choice_answer: "zebra" })),
    /\/annotations\/\d+: question_id \d+ is annotated a second time/,
  ),
  vqaCase(
    "a question listed twice",
    (c) => editJson(VQA_Q(c), (v) => void v.questions.push(v.questions[0])),
    /\/questions\/\d+: question_id \d+ appears twice/,
    VQA_Q,
  ),
  vqaCase(
    "an annotation with nine answers",
    (c) => editJson(VQA_A(c), (v) => void v.annotations[0].answers.pop()),
    /\/annotations\/0\/answers/,
  ),
  vqaCase("truncated annotations", (c) => cut(VQA_A(c)), /not valid JSON/),
  vqaCase(
    "a key repeated inside an annotation",
    (c) => writeFileSync(VQA_A(c), text(VQA_A(c)).replace('"answers": [', '"answers": [], "answers": [')),
    /, line \d+: key "answers" appears a second time/,
  ),
  vqaCase(
    "a question without an annotation",
    (c) => editJson(VQA_A(c), (v) => void v.annotations.pop()),
    /question_id \d+ has no entry in/,
    VQA_Q,
  ),
  vqaCase(
    "bytes that are not UTF-8 in the questions",
    (c) => writeFileSync(VQA_Q(c), latin1(text(VQA_Q(c)).replace('"question": "', '"question": "\xe9'))),
    /, line \d+: not UTF-8/,
    VQA_Q,
  ),
  vqaCase("a zero-byte questions file", (c) => writeFileSync(VQA_Q(c), ""), /not valid JSON/, VQA_Q),

  // Commands that read other files
  {
    name: "datasets check: --data of a folder that does not exist",
    setup: () => {},
    args: () => ["datasets", "check", "--data", "/no/such/dir"],
    code: 2,
    file: () => "/no/such/dir",
    detail: /no such folder/,
  },
  {
    name: "table: --out with an extension that names no format",
    setup: () => {},
    args: (c) => ["table", c.out, "--out", path.join(c.out, "table.pdf")],
    code: 2,
    file: (c) => path.join(c.out, "table.pdf"),
    detail: /"\.pdf" is not a table format/,
  },
  {
    name: "table: a results.json that does not exist",
    setup: () => {},
    args: (c) => ["table", path.join(c.dir, "nothing", "results.json"), "--out", path.join(c.out, "table.md")],
    code: 2,
    file: (c) => path.join(c.dir, "nothing"),
    detail: /./,
  },
  {
    name: "table: a truncated results.json",
    setup: (c) => {
      cpSync(c.out, path.join(c.dir, "cut"), { recursive: true });
      cut(path.join(c.dir, "cut", "results.json"));
    },
    args: (c) => ["table", path.join(c.dir, "cut"), "--out", path.join(c.out, "table.md")],
    code: 2,
    file: (c) => path.join(c.dir, "cut", "results.json"),
    detail: /JSON/,
  },
  {
    name: "table --ci: an items.jsonl line cut short",
    setup: (c) => {
      cpSync(c.out, path.join(c.dir, "cut"), { recursive: true });
      setLine(path.join(c.dir, "cut", "items.jsonl"), 2, '{"benchmark": "pope", "id"');
    },
    args: (c) => ["table", "--ci", path.join(c.dir, "cut"), "--out", path.join(c.out, "table.md")],
    code: 2,
    file: (c) => path.join(c.dir, "cut", "items.jsonl"),
    detail: /line 3/,
  },
  {
    name: "score: a predictions file that does not exist",
    benches: ["pope"],
    setup: () => {},
    args: (c) => ["score", "--bench", "pope", "--data", c.data, "--predictions", path.join(c.dir, "none.jsonl"), "--out", c.out],
    code: 2,
    file: (c) => path.join(c.dir, "none.jsonl"),
    detail: /cannot be read|ENOENT/,
  },
  {
    name: "score: a predictions line cut short",
    benches: ["pope"],
    setup: (c) => {
      writeFileSync(
        path.join(c.dir, "p.jsonl"),
        `${lines(path.join(c.out, "predictions.jsonl")).slice(0, 3).join("\n")}\n{"benchmark": "pope", "i\n${lines(path.join(c.out, "predictions.jsonl"))[4]}\n`,
      );
    },
    args: (c) => ["score", "--bench", "pope", "--data", c.data, "--predictions", path.join(c.dir, "p.jsonl"), "--out", c.out],
    code: 2,
    file: (c) => path.join(c.dir, "p.jsonl"),
    detail: /line 4/,
  },
  {
    name: "score: a predictions file with bytes that are not UTF-8",
    benches: ["pope"],
    setup: (c) => {
      const all = lines(path.join(c.out, "predictions.jsonl"));
      writeFileSync(
        path.join(c.dir, "p.jsonl"),
        Buffer.concat([Buffer.from(`${all[0]}\n`), latin1(`${all[1]!.replace('"text":"', '"text":"\xff')}\n`)]),
      );
    },
    args: (c) => ["score", "--bench", "pope", "--data", c.data, "--predictions", path.join(c.dir, "p.jsonl"), "--out", c.out],
    code: 2,
    file: (c) => path.join(c.dir, "p.jsonl"),
    detail: /line 2: not UTF-8/,
  },
  {
    name: "gate: a candidate that does not exist",
    setup: () => {},
    args: (c) => ["gate", "--baseline", c.out, "--candidate", path.join(c.dir, "none"), "--junit", path.join(c.out, "table.md")],
    code: 2,
    file: (c) => path.join(c.dir, "none"),
    detail: /./,
  },
  {
    name: "gate: a truncated baseline results.json",
    setup: (c) => {
      cpSync(c.out, path.join(c.dir, "cut"), { recursive: true });
      cut(path.join(c.dir, "cut", "results.json"));
    },
    args: (c) => ["gate", "--baseline", path.join(c.dir, "cut"), "--candidate", c.out, "--summary", path.join(c.out, "table.md")],
    code: 2,
    file: (c) => path.join(c.dir, "cut", "results.json"),
    detail: /JSON/,
  },
  {
    name: "effects: a results file that does not exist",
    setup: () => {},
    args: (c) => ["effects", c.out, path.join(c.dir, "none"), "--factors", "x", "--out", c.out],
    code: 2,
    file: (c) => path.join(c.dir, "none"),
    detail: /./,
  },
  {
    name: "run --config: a truncated config file",
    setup: (c) => writeFileSync(path.join(c.dir, "vlm-bench.config.json"), '{"models": [{"name": "a", "mod'),
    args: (c) => ["run", "--config", path.join(c.dir, "vlm-bench.config.json")],
    code: 2,
    file: (c) => path.join(c.dir, "vlm-bench.config.json"),
    detail: /not valid JSON/,
  },
  {
    name: "run --config: a key the schema does not know",
    setup: (c) =>
      writeFileSync(
        path.join(c.dir, "vlm-bench.config.json"),
        JSON.stringify({ models: [{ name: "a", model: "baseline:yes", colour: "red" }], out: c.out }),
      ),
    args: (c) => ["run", "--config", path.join(c.dir, "vlm-bench.config.json")],
    code: 2,
    file: (c) => path.join(c.dir, "vlm-bench.config.json"),
    detail: /\/models\/0.*colour/,
  },
];

/** Every file of a folder with its bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    try {
      files.set(name, readFileSync(file).toString("base64"));
    } catch {
      // a folder
    }
  }
  return files;
}

describe("broken inputs are refused: exit code, file and line or key named, no stack trace, earlier output intact", () => {
  it("has at least 60 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.concurrent.each(CASES.map((c) => [c.name, c] as const))(
    "%s",
    async (_name, kase) => {
      const root = tempDir();
      const ctx: Ctx = {
        data: path.join(root, "data"),
        out: path.join(root, "out"),
        dir: path.join(root, "scratch"),
        at: (b, rel) => path.join(root, "data", b, rel),
      };
      mkdirSync(ctx.dir, { recursive: true });
      for (const bench of kase.benches ?? []) cpSync(path.join(MINIS, bench, "mini"), path.join(ctx.data, bench), { recursive: true });
      mkdirSync(ctx.data, { recursive: true });
      cpSync(GOOD, ctx.out, { recursive: true });
      await kase.setup(ctx);
      const before = snapshot(ctx.out);
      const result = await runCli(kase.args(ctx));
      const message = result.stderr;
      expect(result.code, message).toBe(kase.code);
      expect(message).toMatch(/^vlm-bench: /m);
      expect(message).not.toMatch(/unexpected error|\n\s+at .+:\d+:\d+/);
      expect(message).toContain(kase.file(ctx));
      expect(message).toMatch(kase.detail);
      expect(existsSync(ctx.out)).toBe(true);
      expect(snapshot(ctx.out)).toEqual(before);
    },
    120_000,
  );
});
