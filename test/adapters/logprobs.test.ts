import { afterEach, describe, expect, it } from "vitest";
import { parseReply } from "../../adapters/command/protocol.js";
import { logSoftmaxTop } from "../../adapters/onnx/decode.js";
import { createOnnxAdapter } from "../../adapters/onnx/index.js";
import { createOpenAIAdapter } from "../../adapters/openai/index.js";
import { redAndBlue } from "../../bench/fixtures/colour-images.js";
import { VOCAB, writeTinyVlm } from "../../bench/fixtures/tiny-vlm.js";
import { reply, ScriptedServer } from "../helpers/openai-server.js";
import { tempDir } from "../helpers/tmp.js";

const settings = { maxTokens: 8, temperature: 0, seed: 0 };
const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("log-probabilities from the openai: adapter", () => {
  it("asks with logprobs/top_logprobs only when the request wants them, and reads choices[0].logprobs.content", async () => {
    const server = await ScriptedServer.start();
    servers.push(server);
    const content = [
      {
        token: "Yes",
        logprob: -0.1,
        bytes: [89, 101, 115],
        top_logprobs: [
          { token: "Yes", logprob: -0.1 },
          { token: "No", logprob: -2.4, bytes: [78, 111] },
        ],
      },
      { token: ".", logprob: -0.01, top_logprobs: [] },
    ];
    const body = { choices: [{ index: 0, message: { role: "assistant", content: "Yes." }, logprobs: { content }, finish_reason: "stop" }] };
    server.script(reply.completion("Yes."), reply.json(200, body));
    const adapter = createOpenAIAdapter({ name: "m", settings, baseUrl: server.baseUrl });
    const plain = await adapter.generate({ images: [], prompt: "q", ...settings });
    expect(server.json(0)).not.toHaveProperty("logprobs");
    expect(plain).not.toHaveProperty("logprobs");
    const asked = await adapter.generate({ images: [], prompt: "q", ...settings, logprobs: { top: 5 } });
    expect(server.json(1)).toMatchObject({ logprobs: true, top_logprobs: 5 });
    expect(asked.logprobs).toEqual([
      {
        token: "Yes",
        logprob: -0.1,
        top: [
          { token: "Yes", logprob: -0.1 },
          { token: "No", logprob: -2.4 },
        ],
      },
      { token: ".", logprob: -0.01, top: [] },
    ]);
  });

  it("a server that ignores the request: no logprobs in the result (explain then exits 2)", async () => {
    const server = await ScriptedServer.start();
    servers.push(server);
    server.script(reply.json(200, { choices: [{ message: { content: "Yes" }, logprobs: null }] }));
    const adapter = createOpenAIAdapter({ name: "m", settings, baseUrl: server.baseUrl });
    expect(await adapter.generate({ images: [], prompt: "q", ...settings, logprobs: { top: 5 } })).not.toHaveProperty("logprobs");
  });
});

describe("log-probabilities from the onnx: adapter", () => {
  it("log-softmax at the chosen token, with the top alternatives", () => {
    const { logprob, top } = logSoftmaxTop([0, Math.log(3), 0], 1, 2);
    expect(logprob).toBeCloseTo(Math.log(3 / 5), 12);
    expect(top.map((t) => t.id)).toEqual([1, 0]);
    expect(top[1]!.logprob).toBeCloseTo(Math.log(1 / 5), 12);
  });

  it("reports the first token's distribution over the whole vocabulary, summing to 1, and nothing for EOS", async () => {
    const adapter = await createOnnxAdapter({ dir: writeTinyVlm(tempDir()), settings, threads: 1 });
    try {
      const { red } = await redAndBlue(tempDir());
      const result = await adapter.generate({
        images: [red],
        prompt: "Is there a red square in the image?",
        ...settings,
        logprobs: { top: VOCAB.length },
      });
      expect(result.text).toBe("yes");
      expect(result.logprobs).toHaveLength(1);
      const [first] = result.logprobs!;
      expect(first!.token).toBe("yes");
      expect(first!.top[0]).toEqual({ token: "yes", logprob: first!.logprob });
      expect(first!.top).toHaveLength(VOCAB.length);
      expect(first!.top.reduce((sum, t) => sum + Math.exp(t.logprob), 0)).toBeCloseTo(1, 6);
      expect(first!.logprob).toBeLessThan(0);
    } finally {
      await adapter.close!();
    }
  });
});

describe("the command: protocol's explain fields", () => {
  it("reads logprobs and a relevancy grid from a reply", () => {
    const line = JSON.stringify({
      id: 3,
      text: "Yes",
      logprobs: [{ token: "Yes", logprob: -0.5, top: [{ token: "No", logprob: -1 }] }],
      relevancy: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(parseReply(line)).toEqual({
      reply: {
        id: 3,
        text: "Yes",
        logprobs: [{ token: "Yes", logprob: -0.5, top: [{ token: "No", logprob: -1 }] }],
        relevancy: [
          [1, 2],
          [3, 4],
        ],
      },
    });
  });

  it.each([
    [{ relevancy: [[1, 2], [3]] }, /"relevancy" that is not a grid/],
    [{ relevancy: [[1, "x"]] }, /"relevancy" that is not a grid/],
    [{ relevancy: [] }, /"relevancy" that is not a grid/],
    [{ logprobs: [{ token: "Yes" }] }, /"logprobs" that is not/],
    [{ logprobs: [{ token: "Yes", logprob: -1, top: [{ token: 1, logprob: 0 }] }] }, /"logprobs" that is not/],
  ])("a malformed explain field is a protocol problem naming it: %j", (extra, problem) => {
    const parsed = parseReply(JSON.stringify({ id: 1, text: "Yes", ...extra }));
    expect("problem" in parsed && parsed.problem).toMatch(problem);
  });
});
