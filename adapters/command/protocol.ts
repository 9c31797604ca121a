/** The JSON-lines protocol between the harness and a `command:` child (one object per line). */

export interface CommandRequest {
  id: number;
  /** Absolute image paths, in the order the prompt refers to them. */
  images: string[];
  prompt: string;
  max_tokens: number;
  temperature: number;
  seed: number;
}

export type CommandReply =
  | { id: number; text: string; usage?: { prompt_tokens?: number; completion_tokens?: number } }
  | { id: number; error: string };

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
  const usage = record.usage;
  if (typeof usage === "object" && usage !== null) {
    return { reply: { id, text: record.text, usage: usage as { prompt_tokens?: number; completion_tokens?: number } } };
  }
  return { reply: { id, text: record.text } };
}
