import { describe, expect, it } from "vitest";
import { finalError } from "../../adapters/openai/error-text.js";
import { httpFailure, protocolFailure } from "../../adapters/openai/failure.js";

const KEY = "sk-Zq81xWv7Ty3Lp0Mn5Bc9Rd2Hf6Gj4Kk8";
const context = {
  url: "http://127.0.0.1:1/v1/chat/completions",
  model: "m",
  attempts: 1,
  timeoutMs: 1000,
  apiKey: KEY,
  apiKeyEnv: "OPENAI_API_KEY",
};

/** Every piece of the key of 5 or more characters that appears in `text`. */
function leakedPieces(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < KEY.length; start++) {
    for (let end = start + 5; end <= KEY.length; end++) if (text.includes(KEY.slice(start, end))) pieces.push(KEY.slice(start, end));
  }
  return pieces;
}

describe("the API key never leaks, not even in part, when a server echoes it (issue 12 item 8)", () => {
  // The cuts: 300 characters of an HTTP error's text, 200 of a 200 answer that is not a completion.
  const offsets = (cut: number) => Array.from({ length: KEY.length + 20 }, (_, i) => cut - KEY.length - 10 + i);

  it.each(offsets(300))("HTTP 401, JSON error message, key at offset %i", (offset) => {
    const body = JSON.stringify({ error: { message: `${"x".repeat(offset)}${KEY} was refused` } });
    const error = finalError(httpFailure(401, "Unauthorized", new Headers(), body), context);
    expect(leakedPieces(error.message)).toEqual([]);
    expect(error.message).toContain(offset < 290 ? "[redacted]" : "x");
  });

  it.each(offsets(300))("HTTP 500, plain-text body, key at offset %i", (offset) => {
    const error = finalError(
      httpFailure(500, "Internal Server Error", new Headers(), `${"y ".repeat(offset / 2)}${offset % 2 ? "y" : ""}${KEY}`),
      context,
    );
    expect(leakedPieces(error.message)).toEqual([]);
  });

  it.each(offsets(200))("HTTP 200 that is not JSON, key at offset %i", (offset) => {
    const error = finalError(protocolFailure("the body is not JSON", `<html>${"z".repeat(offset - 6)}${KEY}</html>`), context);
    expect(leakedPieces(error.message)).toEqual([]);
  });

  it("still shortens the server's words after redacting", () => {
    const error = finalError(httpFailure(400, "Bad Request", new Headers(), `${KEY} ${"w".repeat(1000)}`), context);
    expect(error.message).toContain('"[redacted] www');
    expect(error.message).toMatch(/w…"/);
    expect(error.message.length).toBeLessThan(700);
  });
});
