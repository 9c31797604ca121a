import type { Usage } from "../../src/types.js";
import { protocolFailure } from "./failure.js";

/** The parts of a chat completion the harness keeps. */
export interface Completion {
  text: string;
  usage?: Usage;
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
  return usage === undefined ? { text } : { text, usage };
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
