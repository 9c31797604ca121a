import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { colourPope } from "../../../bench/fixtures/colour-images.js";
import { writeTinyVlm } from "../../../bench/fixtures/tiny-vlm.js";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

const jsonLines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, any>);

async function popeData(): Promise<{ data: string; questions: number }> {
  const data = tempDir();
  const { questions } = await colourPope(path.join(data, "pope"), 3);
  return { data, questions };
}

describe("vlm-bench run --model onnx:DIR on a tiny POPE-layout dataset", () => {
  it("answers from the image (red → yes, blue → no) and scores a perfect POPE", async () => {
    const model = writeTinyVlm(tempDir());
    const { data, questions } = await popeData();
    const out = path.join(tempDir(), "out");
    const r = await runCli([
      "run",
      "--model",
      `onnx:${model}`,
      "--data",
      data,
      "--bench",
      "pope",
      "--onnx-threads",
      "1",
      "--no-progress",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const predictions = jsonLines(path.join(out, "predictions.jsonl"));
    expect(predictions).toHaveLength(questions);
    const items = new Map(jsonLines(path.join(out, "items.jsonl")).map((item) => [item.id, item]));
    for (const p of predictions) {
      const image = readFileSync(path.join(data, "pope", `coco_pope_${p.id.split("/")[0]}.json`), "utf8");
      expect(p.text).toMatch(/^(yes|no)$/);
      expect(items.get(p.id)?.correct, `${p.id}: ${p.text}\n${image}`).toBe(1);
    }
    const results = JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
    expect(results.model).toMatchObject({ adapter: "onnx", name: model });
    expect(results.benchmarks.pope.metrics).toMatchObject({ accuracy: 1, f1: 1 });
    expect(results.benchmarks.pope.metrics.splits.random.yes_ratio).toBe(0.5);
  });

  it("--onnx-dtype picks the quantised files by suffix", async () => {
    const model = writeTinyVlm(tempDir(), { suffix: "_quantized" });
    const { data, questions } = await popeData();
    const out = path.join(tempDir(), "out");
    const r = await runCli([
      "run",
      "--model",
      `onnx:${model}`,
      "--onnx-dtype",
      "q8",
      "--data",
      data,
      "--bench",
      "pope",
      "--no-progress",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(jsonLines(path.join(out, "predictions.jsonl"))).toHaveLength(questions);
  });

  it.each([
    ["a missing file", { omit: "onnx/decoder_model_merged.onnx" }, [], /has no onnx\/decoder_model_merged\.onnx/],
    ["a decoder input with no role", { decoderInputName: "hidden_in" }, [], /input "hidden_in" has no role/],
    ["an unknown --onnx-dtype", {}, ["--onnx-dtype", "q3"], /--onnx-dtype "q3" is unknown/],
  ])("%s: exit 2 before any sample, naming it", async (_what, options, extra, message) => {
    const model = writeTinyVlm(tempDir(), options);
    const { data } = await popeData();
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", "--model", `onnx:${model}`, ...extra, "--data", data, "--bench", "pope", "--no-progress", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(path.join(out, "predictions.jsonl"))).toBe(false);
  });

  it("an image sharp cannot decode: exit 2 naming the sample and the file", async () => {
    const model = writeTinyVlm(tempDir());
    const { data } = await popeData();
    const { writeFileSync } = await import("node:fs");
    // Truncated: its header passes the run's up-front image check; decoding it fails.
    const broken = path.join(data, "pope", "val2014", "COCO_val2014_000000000002.jpg");
    const noise = Buffer.from(Array.from({ length: 64 * 48 * 3 }, (_, i) => (i * 7919) % 251));
    const bytes = await sharp(noise, { raw: { width: 64, height: 48, channels: 3 } })
      .jpeg()
      .toBuffer();
    writeFileSync(broken, bytes.subarray(0, bytes.length >> 1));
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", "--model", `onnx:${model}`, "--data", data, "--bench", "pope", "--no-progress", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`sample pope \\w+/\\d+: cannot (decode|preprocess) image ${broken.replace(/[.]/g, "\\.")}`));
  });
});
