/** The JSON-lines protocol between the harness and a `command:` child (one object per line). */
import type { TokenLogprob } from "../../src/types.js";

export interface CommandRequest {
  id: number;
  /** Absolute image paths, in the order the prompt refers to them. */
  images: string[];
  prompt: string;
  max_tokens: number;
  temperature: number;
  seed: number;
  /** `vlm-bench explain`: reply with `logprobs` for the generated tokens, `top_logprobs` alternatives each. */
  logprobs?: true;
  top_logprobs?: number;
  /** `vlm-bench explain`: the child may reply with its own `relevancy` grid over the image. */
  explain?: true;
}

export interface CommandTextReply {
  id: number;
  text: string;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
  logprobs?: TokenLogprob[];
  relevancy?: number[][];
}

export type CommandReply = CommandTextReply | { id: number; error: string };

/** A stdout line → a reply, or why it is not one (for the protocol error message). */
export function parseReply(line: string): { reply: CommandReply } | { problem: string; id?: number } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: "is not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { problem: "is not a JSON object" };
  const record = value as Record<string, unknown>;
  const id = typeof record.id === "string" && /^\d+$/.test(record.id) ? Number(record.id) : record.id;
  if (typeof id !== "number" || !Number.isInteger(id)) return { problem: 'has no integer "id"' };
  if (typeof record.error === "string") return { reply: { id, error: record.error } };
  if (typeof record.text !== "string") return { problem: 'has neither a string "text" nor a string "error"', id };
  const reply: CommandTextReply = { id, text: record.text };
  const usage = record.usage;
  if (typeof usage === "object" && usage !== null) reply.usage = usage as { prompt_tokens?: number; completion_tokens?: number };
  if (record.logprobs !== undefined) {
    const logprobs = readLogprobs(record.logprobs);
    if (logprobs === undefined)
      return { problem: 'has a "logprobs" that is not [{"token", "logprob", "top": [{"token", "logprob"}]}, …]', id };
    reply.logprobs = logprobs;
  }
  if (record.relevancy !== undefined) {
    if (!isGrid(record.relevancy)) return { problem: 'has a "relevancy" that is not a grid (rows of equal length of finite numbers)', id };
    reply.relevancy = record.relevancy;
  }
  return { reply };
}

function readLogprobs(value: unknown): TokenLogprob[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const pair = (v: unknown) => {
    const r = v as Record<string, unknown> | null;
    return typeof r === "object" && r !== null && typeof r.token === "string" && typeof r.logprob === "number" ? r : undefined;
  };
  const tokens: TokenLogprob[] = [];
  for (const position of value) {
    const own = pair(position);
    const top = own?.top ?? [];
    if (own === undefined || !Array.isArray(top)) return undefined;
    const alternatives = top.map(pair);
    if (alternatives.some((a) => a === undefined)) return undefined;
    tokens.push({
      token: own.token as string,
      logprob: own.logprob as number,
      top: alternatives.map((a) => ({ token: a!.token as string, logprob: a!.logprob as number })),
    });
  }
  return tokens;
}

function isGrid(value: unknown): value is number[][] {
  if (!Array.isArray(value) || value.length === 0) return false;
  const width = Array.isArray(value[0]) ? value[0].length : 0;
  return (
    width > 0 &&
    value.every((row) => Array.isArray(row) && row.length === width && row.every((v) => typeof v === "number" && Number.isFinite(v)))
  );
}
