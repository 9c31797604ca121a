import path from "node:path";
import { createOpenAIAdapter } from "../../adapters/openai/index.js";
import { JUDGE_FILE, JudgeCache } from "../../src/judge/cache.js";
import { createCachedJudge } from "../../src/judge/judge.js";
import type { Judge } from "../../src/types.js";
import type { ScriptedServer } from "./openai-server.js";

/** A real judge: the OpenAI adapter against a loopback server, its cache in `dir`. */
export function serverJudge(
  server: ScriptedServer,
  dir: string,
  options: { runs?: number; retries?: number; maxConsecutiveFailures?: number; concurrency?: number } = {},
): Judge {
  const adapter = createOpenAIAdapter({
    name: "judge-model",
    settings: { maxTokens: 3, temperature: 0, seed: 0 },
    baseUrl: server.baseUrl,
    retries: options.retries ?? 0,
    baseDelayMs: 1,
  });
  return createCachedJudge({
    adapter,
    cache: JudgeCache.open(path.join(dir, JUDGE_FILE)),
    runs: options.runs,
    maxConsecutiveFailures: options.maxConsecutiveFailures,
    concurrency: options.concurrency,
  });
}

/** The text of the user turn of request `index` (what a grader prompt becomes on the wire). */
export function userText(server: ScriptedServer, index: number): string {
  const messages = server.json(index).messages as { role: string; content: { type: string; text?: string }[] }[];
  return messages.find((m) => m.role === "user")!.content.find((p) => p.type === "text")!.text!;
}
