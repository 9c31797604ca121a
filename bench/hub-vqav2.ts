/**
 * VQAv2 validation as a Hugging Face snapshot of its real size: 214,354 questions over 40,504
 * images, each row carrying its image's JPEG bytes (as lmms-lab/VQAv2 does, ~34 GB), in
 * 100-row row groups. Measures `run` (time to the first model request, total, peak RSS) and
 * `score` from the saved predictions, each in a child process under /usr/bin/time -v.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { mulberry32 } from "../src/random.js";
import { type HubColumn, markLocalDir, writeShards } from "./fixtures/hub-parquet.js";

const QUESTIONS = 214_354;
const IMAGES = 40_504;
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../app/cli.js");
const CHILD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "hub-vqav2-run.js");

const COLUMNS: HubColumn[] = [
  { name: "question_type", type: "string" },
  { name: "multiple_choice_answer", type: "string" },
  { name: "answers", type: { structList: { answer: "string", answer_confidence: "string", answer_id: "int64" } } },
  { name: "image_id", type: "int64" },
  { name: "answer_type", type: "string" },
  { name: "question_id", type: "int64" },
  { name: "question", type: "string" },
  { name: "image", type: "image" },
];

/** A ~160 KB 640×480 JPEG (COCO's mean size); each image gets its own bytes through a COM segment. */
async function baseJpeg(): Promise<Buffer> {
  const rng = mulberry32(7);
  const noise = Buffer.alloc(640 * 480 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i % 1920 < 960 ? 90 : 160) + Math.floor(rng() * 60);
  return sharp(noise, { raw: { width: 640, height: 480, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

function withComment(jpeg: Buffer, text: string): Uint8Array {
  const payload = Buffer.from(text);
  const segment = Buffer.alloc(4 + payload.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(payload.length + 2, 2);
  payload.copy(segment, 4);
  return new Uint8Array(Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]));
}

export async function writeVqav2Snapshot(
  dir: string,
  questions = QUESTIONS,
  images = IMAGES,
  shards = 64,
): Promise<{ meanImageKB: number }> {
  const base = await baseJpeg();
  const rng = mulberry32(3);
  const perShard = Math.ceil(images / shards);
  const files: string[] = [];
  let written = 0;
  for (let k = 0; k < shards; k++) {
    const rows: Record<string, unknown>[] = [];
    for (let img = k * perShard; img < Math.min(images, (k + 1) * perShard); img++) {
      const bytes = withComment(base, `image ${img}`);
      // Questions spread evenly over images (214,354 / 40,504 ≈ 5.3 each).
      const first = Math.floor((img * questions) / images);
      const last = Math.floor(((img + 1) * questions) / images);
      for (let q = first; q < last; q++) {
        const main = rng() < 0.4 ? "yes" : rng() < 0.5 ? "2" : "red";
        rows.push({
          question_type: "what color is the",
          multiple_choice_answer: main,
          answer_type: main === "yes" ? "yes/no" : main === "2" ? "number" : "other",
          answers: Array.from({ length: 10 }, (_, a) => ({
            answer: rng() < 0.7 ? main : "blue",
            answer_confidence: "yes",
            answer_id: BigInt(a + 1),
          })),
          image_id: BigInt(42 + img * 13),
          question_id: BigInt((42 + img * 13) * 1000 + (q - first)),
          question: "What color is the umbrella?",
          image: { bytes, path: `COCO_val2014_${String(42 + img * 13).padStart(12, "0")}.jpg` },
        });
      }
    }
    written += rows.length;
    const [rel] = writeShards(dir, { folder: "data", split: "validation", columns: COLUMNS, rows, rowGroupSize: 100 });
    // writeShards names one shard 00000-of-00001: rename into the k-of-n series.
    const name = `data/validation-${String(k).padStart(5, "0")}-of-${String(shards).padStart(5, "0")}.parquet`;
    const { renameSync } = await import("node:fs");
    renameSync(path.join(dir, rel!), path.join(dir, name));
    files.push(name);
  }
  if (written !== questions) throw new Error(`wrote ${written} questions`);
  markLocalDir(dir, files, "f".repeat(40));
  return { meanImageKB: (base.length + 16) / 1024 };
}

export interface HubFigures {
  questions: number;
  images: number;
  meanImageKB: number;
  firstRequestSeconds: number;
  runSeconds: number;
  /** User + system CPU seconds: less distorted than wall time when other work shares the cores. */
  runCpuSeconds: number;
  runPeakRssMB: number;
  imagesWritten: number;
  scoreSeconds: number;
  scoreCpuSeconds: number;
  scorePeakRssMB: number;
}

function timed(args: string[]): { stdout: string; seconds: number; cpuSeconds: number; peakMB: number } {
  const child = spawnSync("/usr/bin/time", ["-v", process.execPath, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`${args.join(" ")} failed (${child.status}): ${child.stderr.slice(-2000)}`);
  const field = (label: string) => new RegExp(`${label}: (.+)`).exec(child.stderr)?.[1]?.trim() ?? "";
  const parts = field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)").split(":").map(Number);
  const seconds = parts.reduce((s, x) => s * 60 + x, 0);
  const cpuSeconds = Number(field("User time \\(seconds\\)")) + Number(field("System time \\(seconds\\)"));
  return { stdout: child.stdout, seconds, cpuSeconds, peakMB: Number(field("Maximum resident set size \\(kbytes\\)")) / 1024 };
}

export async function hubVqav2Bench(questions = QUESTIONS, images = IMAGES): Promise<HubFigures> {
  const root = await mkdtemp(path.join(tmpdir(), "vlm-bench-hub-"));
  try {
    const data = path.join(root, "data");
    const { meanImageKB } = await writeVqav2Snapshot(path.join(data, "vqav2"), questions, images);
    const out = path.join(root, "out");
    const cache = path.join(root, "images");
    const run = timed([CHILD, data, out, cache]);
    const report = JSON.parse(run.stdout) as { firstRequestSeconds: number; imagesWritten: number };
    const score = timed([
      CLI,
      "score",
      "--bench",
      "vqav2",
      "--data",
      data,
      "--predictions",
      path.join(out, "predictions.jsonl"),
      "--out",
      path.join(root, "scored"),
    ]);
    return {
      questions,
      images,
      meanImageKB,
      firstRequestSeconds: report.firstRequestSeconds,
      runSeconds: run.seconds,
      runCpuSeconds: run.cpuSeconds,
      runPeakRssMB: run.peakMB,
      imagesWritten: report.imagesWritten,
      scoreSeconds: score.seconds,
      scoreCpuSeconds: score.cpuSeconds,
      scorePeakRssMB: score.peakMB,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
