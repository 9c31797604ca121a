import { describe, expect, it } from "vitest";
import { finalError } from "../../adapters/openai/error-text.js";
import { httpFailure, protocolFailure } from "../../adapters/openai/failure.js";
import { chatCompletionsUrl } from "../../adapters/openai/index.js";

const JUDGE = { baseUrl: "--judge-base-url", apiKeyEnv: "--judge-api-key-env" };
const context = { url: "http://127.0.0.1:1/v1/chat/completions", model: "grader", attempts: 1, timeoutMs: 1000, apiKeyEnv: "JUDGE_KEY" };

describe("a judge's OpenAI errors name the judge's flags (issue 12 item 12)", () => {
  it.each([
    ["401", httpFailure(401, "Unauthorized", new Headers(), "{}"), "--judge-api-key-env", "--api-key-env)"],
    ["404", httpFailure(404, "Not Found", new Headers(), "{}"), "--judge-base-url ends with /v1", " --base-url"],
    ["not a completion", protocolFailure("the body is not JSON", "<html>"), "Check that --judge-base-url points", " --base-url"],
  ])("%s", (_, failure, judgeFlag, modelFlag) => {
    const judge = finalError(failure, { ...context, flags: JUDGE }).message;
    expect(judge).toContain(judgeFlag);
    expect(judge).not.toContain(modelFlag);
    // The model's adapter keeps naming the model's flags.
    expect(finalError(failure, context).message).toContain(modelFlag.trim().replace(/\)$/, ""));
  });

  it("a bad judge URL names --judge-base-url", () => {
    expect(() => chatCompletionsUrl("ftp://x", JUDGE)).toThrow(/^--judge-base-url "ftp:\/\/x" must start with http/);
    expect(() => chatCompletionsUrl("ftp://x")).toThrow(/^--base-url "ftp:\/\/x"/);
  });
});
