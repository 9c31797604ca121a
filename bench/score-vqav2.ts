import { spawnSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { mkdir, mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { mulberry32, type Rng } from "../src/random.js";

/** VQAv2 val: 214,354 questions about 40,504 COCO images, ten human answers each. */
export const VQAV2_VAL_QUESTIONS = 214_354;
const VAL_IMAGES = 40_504;

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../app/cli.js");

const TYPES: { type: string; share: number; question: string; pool: string[] }[] = [
  { type: "yes/no", share: 0.38, question: "Is the man wearing a hat?", pool: ["yes", "no", "Yes", "no.", "yes!"] },
  { type: "number", share: 0.12, question: "How many people are in the picture?", pool: ["2", "two", "3", "1", "4", "many", "1,000", "0"] },
  {
    type: "other",
    share: 0.5,
    question: "What color is the umbrella on the left side?",
    pool: [
      "red",
      "blue",
      "white and black",
      "the beach",
      "tennis racket",
      "pizza",
      "a dog",
      "frisbee",
      "can't tell",
      "black & white",
      "t-shirt",
      "hot dog",
      "$12.50",
      "st. louis",
    ],
  },
];

function choose(rng: Rng, pool: readonly string[]): string {
  return pool[Math.floor(rng() * rng() * pool.length)]!; // skewed: early entries are common
}

/** Writes the official val layout (compact JSON like the released files) and a LLaVA answer file. */
export async function writeVqav2ValSized(
  dir: string,
  count = VQAV2_VAL_QUESTIONS,
  seed = 1,
): Promise<{ predictions: string; bytes: number }> {
  const rng = mulberry32(seed);
  const data = path.join(dir, "vqav2");
  await mkdir(data, { recursive: true });
  const questions = await open(path.join(data, "v2_OpenEnded_mscoco_val2014_questions.json"), "w");
  const annotations = await open(path.join(data, "v2_mscoco_val2014_annotations.json"), "w");
  const predictions = path.join(dir, "llava-vqav2-val.jsonl");
  const answersOut = await open(predictions, "w");
  await questions.write(
    '{"info": {"description": "generated"}, "task_type": "Open-Ended", "data_type": "mscoco", "license": {}, "data_subtype": "val2014", "questions": [',
  );
  await annotations.write('{"info": {"description": "generated"}, "license": {}, "data_subtype": "val2014", "annotations": [');
  const chunk = { q: [] as string[], a: [] as string[], p: [] as string[] };
  const flush = async (last: boolean) => {
    const sep = last ? "" : ", ";
    if (chunk.q.length > 0) {
      await questions.write(chunk.q.join(", ") + sep);
      await annotations.write(chunk.a.join(", ") + sep);
      await answersOut.write(chunk.p.join("\n") + "\n");
    }
    chunk.q.length = chunk.a.length = chunk.p.length = 0;
  };
  for (let i = 0; i < count; i++) {
    const imageId = 42 + (i % VAL_IMAGES) * 13;
    const questionId = imageId * 1000 + Math.floor(i / VAL_IMAGES);
    const r = rng();
    const kind = r < TYPES[0]!.share ? TYPES[0]! : r < TYPES[0]!.share + TYPES[1]!.share ? TYPES[1]! : TYPES[2]!;
    const main = choose(rng, kind.pool);
    const answers = Array.from({ length: 10 }, (_, k) => ({
      answer: rng() < 0.6 ? main : choose(rng, kind.pool),
      answer_confidence: rng() < 0.8 ? "yes" : "maybe",
      answer_id: k + 1,
    }));
    chunk.q.push(JSON.stringify({ image_id: imageId, question: kind.question, question_id: questionId }));
    chunk.a.push(
      JSON.stringify({
        question_type: "what color is the",
        multiple_choice_answer: main,
        answers,
        image_id: imageId,
        answer_type: kind.type,
        question_id: questionId,
      }),
    );
    const text = rng() < 0.7 ? main[0]!.toUpperCase() + main.slice(1) : choose(rng, kind.pool) + (rng() < 0.2 ? "." : "");
    chunk.p.push(
      JSON.stringify({
        question_id: questionId,
        prompt: kind.question + "\nAnswer the question using a single word or phrase.",
        text,
        answer_id: "x",
        model_id: "llava-v1.5-7b",
        metadata: {},
      }),
    );
    if (chunk.q.length === 10_000) await flush(i === count - 1);
  }
  await flush(true);
  await questions.write("]}");
  await annotations.write("]}");
  await Promise.all([questions.close(), annotations.close(), answersOut.close()]);
  const sizes = await Promise.all(
    ["v2_OpenEnded_mscoco_val2014_questions.json", "v2_mscoco_val2014_annotations.json"].map((f) => stat(path.join(data, f))),
  );
  return { predictions, bytes: sizes.reduce((s, x) => s + x.size, 0) + (await stat(predictions)).size };
}

export interface ScoreFigures {
  questions: number;
  megabytes: number;
  wallSeconds: number;
  peakRssMB: number;
  accuracy: number;
  /** `vlm-bench table OUT` on the scored folder: results.json and all items.jsonl lines read and schema-checked. */
  tableSeconds: number;
}

/** Wall seconds and peak RSS of a command run under /usr/bin/time -v. */
function timed(args: string[]): { wallSeconds: number; peakRssMB: number } {
  const child = spawnSync("/usr/bin/time", ["-v", ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`${args.slice(1, 3).join(" ")} failed (${child.status}): ${child.stderr}`);
  const field = (label: string) => new RegExp(`${label}: (.+)`).exec(child.stderr)?.[1]?.trim() ?? "";
  const [m, s] = field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)").split(":").slice(-2).map(Number);
  return { wallSeconds: m! * 60 + s!, peakRssMB: Number(field("Maximum resident set size \\(kbytes\\)")) / 1024 };
}

/**
 * Times `vlm-bench score --bench vqav2` on the generated set in a child process (/usr/bin/time -v),
 * then `vlm-bench table` on the folder it wrote (every item line read and checked against its schema).
 */
export async function scoreVqav2Bench(count = VQAV2_VAL_QUESTIONS): Promise<ScoreFigures> {
  const root = await mkdtemp(path.join(tmpdir(), "vlm-bench-score-"));
  try {
    const { predictions, bytes } = await writeVqav2ValSized(root, count);
    const out = path.join(root, "out");
    const score = timed([process.execPath, CLI, "score", "--bench", "vqav2", "--data", root, "--predictions", predictions, "--out", out]);
    const table = timed([process.execPath, CLI, "table", out]);
    const { readResults } = await import("../src/run-folder/index.js");
    const accuracy = readResults(path.join(out, "results.json")).benchmarks.vqav2!.metrics.accuracy as number;
    return { questions: count, megabytes: bytes / 2 ** 20, ...score, accuracy, tableSeconds: table.wallSeconds };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const f = await scoreVqav2Bench();
  console.log(
    `vlm-bench score, VQAv2-val-sized (${f.questions} questions, ${f.megabytes.toFixed(0)} MB of files): ${f.wallSeconds.toFixed(2)} s wall, peak RSS ${f.peakRssMB.toFixed(0)} MB (accuracy ${f.accuracy.toFixed(4)}); table on its run folder: ${f.tableSeconds.toFixed(2)} s`,
  );
}
