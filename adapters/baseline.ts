import path from "node:path";
import { UsageError } from "../src/errors.js";
import type { AdapterFactory, GenerateRequest, GenerationSettings, ModelAdapter } from "../src/types.js";
import { fingerprint } from "./fingerprint.js";

const MODES = ["yes", "no", "first", "random"] as const;
type Mode = (typeof MODES)[number];

/**
 * Reference rows and the offline default: always "Yes", always "No", the first option, or a
 * seeded coin per prompt. Multiple-choice prompts (lines `A. …` or inline `(a) …`) get an
 * option letter instead of yes/no, so the baseline is a chance-level row on every benchmark.
 */
export function createBaselineAdapter(mode: string, settings: GenerationSettings): ModelAdapter {
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`unknown baseline "${mode}": use one of ${MODES.map((m) => `baseline:${m}`).join(", ")}.`);
  }
  const answer = answerer(mode as Mode, settings.seed);
  return {
    id: fingerprint("baseline", mode, settings),
    kind: "baseline",
    name: mode,
    settings,
    async generate(request: GenerateRequest) {
      const started = performance.now();
      const text = answer(request);
      return { text, latencyMs: performance.now() - started };
    },
  };
}

function answerer(mode: Mode, seed: number): (request: GenerateRequest) => string {
  switch (mode) {
    case "yes":
      return () => "Yes";
    case "no":
      return () => "No";
    case "first":
      return ({ prompt }) => optionLabels(prompt)[0] ?? "Yes";
    case "random":
      return ({ prompt, images }) => {
        // Keyed on the question and the image file names, not on call order or where the data
        // sits on disk, so concurrency, resume and another machine do not change the answers.
        const names = images.map((image) => path.basename(image));
        const h = hash32(`${seed}\u0000${prompt}\u0000${names.join("\u0000")}`);
        const options = optionLabels(prompt);
        if (options.length > 0) return options[h % options.length]!;
        return h % 2 === 0 ? "Yes" : "No";
      };
  }
}

/** Option labels in a multiple-choice prompt: `A.` lines (ScienceQA) or inline `(a)` (MMVP). */
export function optionLabels(prompt: string): string[] {
  const lines = [...prompt.matchAll(/^([A-Z])\. /gm)].map((m) => m[1]!);
  if (lines.length > 1) return lines;
  const inline = [...prompt.matchAll(/\(([a-z])\) /g)].map((m) => `(${m[1]!})`);
  return inline.length > 1 ? inline : [];
}

/**
 * FNV-1a finished with murmur3's fmix32: tiny, stable across platforms and Node versions. FNV-1a
 * alone is a poor coin: its low bit is the parity of the characters' low bits (seeds 0 and 4321
 * gave the same answers, seed 1 flipped them all); after the mix every output bit depends on
 * every input bit.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export const baselineAdapter: AdapterFactory = {
  kind: "baseline",
  description: "baseline:yes|no|first|random — fixed or seeded-random answers, no model (the offline default)",
  create: (spec) => createBaselineAdapter(spec.name === "" ? "random" : spec.name, spec.settings),
};
