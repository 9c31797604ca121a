import type { TokenLogprob, Usage } from "../../src/types.js";
import { protocolFailure } from "./failure.js";

/** The parts of a chat completion the harness keeps. */
export interface Completion {
  text: string;
  usage?: Usage;
  logprobs?: TokenLogprob[];
}

/**
 * Reads `choices[0].message.content` from a 2xx body. Content may be a string, a list of parts
 * (some servers answer in the request's part format) whose text parts are joined, or null
 * (the model produced no text, e.g. it spent its tokens elsewhere), which counts as "".
 */
export function parseCompletion(body: string): Completion {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw protocolFailure("the body is not JSON", body);
  }
  const choices = field(data, "choices");
  const message = Array.isArray(choices) ? field(choices[0], "message") : undefined;
  if (typeof message !== "object" || message === null) {
    throw protocolFailure("the JSON has no choices[0].message", body);
  }
  const content = field(message, "content");
  let text: string;
  if (typeof content === "string") text = content;
  else if (content === null || content === undefined) text = "";
  else if (Array.isArray(content)) text = content.map(partText).join("");
  else throw protocolFailure("choices[0].message.content is neither text nor a list of parts", body);
  const usage = readUsage(field(data, "usage"));
  const logprobs = readLogprobs(Array.isArray(choices) ? field(choices[0], "logprobs") : undefined);
  return { text, ...(usage === undefined ? {} : { usage }), ...(logprobs === undefined ? {} : { logprobs }) };
}

/**
 * `choices[0].logprobs.content` ([{token, logprob, top_logprobs: [{token, logprob}]}]) as the
 * adapter contract's TokenLogprob[]; undefined when the server sent none (it ignores the request field).
 */
function readLogprobs(logprobs: unknown): TokenLogprob[] | undefined {
  const content = field(logprobs, "content");
  if (!Array.isArray(content) || content.length === 0) return undefined;
  const entry = (value: unknown) => {
    const token = field(value, "token");
    const logprob = field(value, "logprob");
    return typeof token === "string" && typeof logprob === "number" ? { token, logprob } : undefined;
  };
  const tokens: TokenLogprob[] = [];
  for (const position of content) {
    const own = entry(position);
    if (own === undefined) return undefined;
    const top = field(position, "top_logprobs");
    const alternatives = Array.isArray(top) ? top.map(entry).filter((e) => e !== undefined) : [];
    tokens.push({ ...own, top: alternatives });
  }
  return tokens;
}

function partText(part: unknown): string {
  const text = field(part, "text");
  return field(part, "type") === "text" && typeof text === "string" ? text : "";
}

function readUsage(usage: unknown): Usage | undefined {
  const prompt = field(usage, "prompt_tokens");
  const completion = field(usage, "completion_tokens");
  const result: Usage = {};
  if (typeof prompt === "number") result.promptTokens = prompt;
  if (typeof completion === "number") result.completionTokens = completion;
  return result.promptTokens === undefined && result.completionTokens === undefined ? undefined : result;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
