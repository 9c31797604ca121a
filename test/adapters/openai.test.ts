import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenAIAdapter, OpenAIAdapterError, type OpenAIAdapterOptions, openaiAdapter } from "../../adapters/openai/index.js";
import { backoffMs, parseRetryAfter, retryDelayMs } from "../../adapters/openai/retry.js";
import { AdapterError, DataError, UsageError } from "../../src/errors.js";
import type { GenerateRequest } from "../../src/types.js";
import { closedPort, type Reply, reply, ScriptedServer } from "../helpers/openai-server.js";

const settings = { maxTokens: 16, temperature: 0, seed: 7 };
const KEY = "sk-test-0123456789abcdef";

let server: ScriptedServer;
let dir: string;
const images: Record<"jpeg" | "png" | "webp" | "jpegNamedPng" | "wide", string> = {} as never;

beforeAll(async () => {
  server = await ScriptedServer.start();
  dir = await mkdtemp(join(tmpdir(), "vlm-bench-openai-"));
  const pixels = { create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 40, b: 90 } } } as const;
  const files: [keyof typeof images, string, Promise<Buffer>][] = [
    ["jpeg", "photo.jpg", sharp(pixels).jpeg().toBuffer()],
    ["png", "chart.png", sharp(pixels).png().toBuffer()],
    ["webp", "scan.webp", sharp(pixels).webp().toBuffer()],
    // COCO has files whose extension lies: the format comes from the bytes.
    ["jpegNamedPng", "liar.png", sharp(pixels).jpeg().toBuffer()],
    [
      "wide",
      "wide.png",
      sharp({ create: { ...pixels.create, width: 3000, height: 30 } })
        .png()
        .toBuffer(),
    ],
  ];
  for (const [key, file, bytes] of files) {
    images[key] = join(dir, file);
    await writeFile(images[key], await bytes);
  }
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => server.script());

function adapter(options: Partial<OpenAIAdapterOptions> = {}) {
  const defaults = { name: "llava-gemma-2b", settings, baseUrl: server.baseUrl, baseDelayMs: 5 };
  return createOpenAIAdapter({ ...defaults, ...options });
}

function request(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  const sample = { benchmark: "pope", id: "random/3" };
  return { ...settings, images: [], prompt: "Is there a cat?", sample, ...overrides };
}

/** The adapter's own error subclass, which is also the core's AdapterError (what the runner reads). */
async function failure(promise: Promise<unknown>): Promise<OpenAIAdapterError> {
  const error = await promise.then(
    () => expect.unreachable("expected the call to fail"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdapterError);
  expect(error).toBeInstanceOf(OpenAIAdapterError);
  return error as OpenAIAdapterError;
}

function decodeDataUrl(url: string): { mime: string; bytes: Buffer } {
  const match = /^data:([^;]+);base64,(.*)$/s.exec(url);
  expect(match).not.toBeNull();
  return { mime: match![1]!, bytes: Buffer.from(match![2]!, "base64") };
}

describe("openai adapter: request", () => {
  it("sends the model, settings, the image as a data URL of the file's bytes, then the prompt", async () => {
    server.script(reply.completion("Yes", { prompt_tokens: 600, completion_tokens: 1 }));
    const result = await adapter({ apiKey: KEY }).generate(request({ images: [images.jpeg] }));

    expect(result.text).toBe("Yes");
    expect(result.usage).toEqual({ promptTokens: 600, completionTokens: 1 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.received).toHaveLength(1);
    const seen = server.received[0]!;
    expect(seen.method).toBe("POST");
    expect(seen.url).toBe("/v1/chat/completions");
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(seen.headers["content-type"]).toBe("application/json");
    const body = server.json(0);
    expect(body).toMatchObject({ model: "llava-gemma-2b", max_tokens: 16, temperature: 0, seed: 7 });
    expect(body.messages).toHaveLength(1);
    const [imagePart, textPart, ...rest] = body.messages[0].content;
    expect(body.messages[0].role).toBe("user");
    expect(rest).toEqual([]);
    expect(imagePart.type).toBe("image_url");
    const sent = decodeDataUrl(imagePart.image_url.url);
    expect(sent.mime).toBe("image/jpeg");
    expect(sent.bytes.equals(await readFile(images.jpeg))).toBe(true);
    expect(textPart).toEqual({ type: "text", text: "Is there a cat?" });
  });

  it("sends no Authorization header without a key, and accepts a base URL with a trailing slash", async () => {
    await adapter({ baseUrl: `${server.baseUrl}/` }).generate(request());
    expect(server.received[0]!.url).toBe("/v1/chat/completions");
    expect(server.received[0]!.headers.authorization).toBeUndefined();
  });

  it.each([
    { image: "png", mime: "image/png", sameBytes: true },
    { image: "jpegNamedPng", mime: "image/jpeg", sameBytes: true },
  ] as const)("sends $image as $mime with its original bytes", async ({ image, mime }) => {
    await adapter().generate(request({ images: [images[image]] }));
    const sent = decodeDataUrl(server.json(0).messages[0].content[0].image_url.url);
    expect(sent.mime).toBe(mime);
    expect(sent.bytes.equals(await readFile(images[image]))).toBe(true);
  });

  it("re-encodes WebP to JPEG of the same size", async () => {
    await adapter().generate(request({ images: [images.webp] }));
    const sent = decodeDataUrl(server.json(0).messages[0].content[0].image_url.url);
    expect(sent.mime).toBe("image/jpeg");
    expect(await sharp(sent.bytes).metadata()).toMatchObject({ format: "jpeg", width: 32, height: 24 });
  });

  it("re-encodes an image over the byte cap to JPEG with its long side at most 2048", async () => {
    await adapter({ maxImageBytes: 16 }).generate(request({ images: [images.wide] }));
    const sent = decodeDataUrl(server.json(0).messages[0].content[0].image_url.url);
    expect(sent.mime).toBe("image/jpeg");
    expect(await sharp(sent.bytes).metadata()).toMatchObject({ format: "jpeg", width: 2048, height: 20 });
  });

  it("reads an image once for many questions (the data URL is cached)", async () => {
    const path = join(dir, "shared.png");
    await writeFile(path, await readFile(images.png));
    const model = adapter();
    await model.generate(request({ images: [path] }));
    await unlink(path);
    await model.generate(request({ images: [path], prompt: "Is there a dog?" }));
    const sentUrl = (index: number): string => server.json(index).messages[0].content[0].image_url.url;
    expect(sentUrl(1)).toBe(sentUrl(0));
  });

  it("names the sample and the file when an image cannot be read", async () => {
    const error = await adapter()
      .generate(request({ images: [join(dir, "missing.jpg")] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(/pope random\/3.*missing\.jpg.*ENOENT/);
    expect(server.received).toHaveLength(0);
  });

  it("joins text parts when the server answers with a list of parts", async () => {
    server.script(reply.completion([{ type: "text", text: "Ye" }, { type: "image_url" }, { type: "text", text: "s" }]));
    expect((await adapter().generate(request())).text).toBe("Yes");
  });

  it("has a fingerprint of model and settings only, not the URL or the key", () => {
    const a = adapter({ apiKey: KEY });
    const b = adapter({ baseUrl: "http://10.0.0.2:9000/v1" });
    expect(a.id).toBe("openai:llava-gemma-2b|max_tokens=16|temperature=0|seed=7");
    expect(b.id).toBe(a.id);
    expect(a.kind).toBe("openai");
  });

  it("the factory reads the key from the named environment variable", async () => {
    const spec = { kind: "openai", name: "m", settings, baseUrl: server.baseUrl, apiKeyEnv: "VLM_BENCH_TEST_KEY" };
    process.env.VLM_BENCH_TEST_KEY = KEY;
    try {
      await (await openaiAdapter.create(spec)).generate(request());
      expect(server.received[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    } finally {
      delete process.env.VLM_BENCH_TEST_KEY;
    }
    await (await openaiAdapter.create(spec)).generate(request());
    expect(server.received[1]!.headers.authorization).toBeUndefined();
  });

  it.each([
    { options: { baseUrl: "localhost:8000/v1" }, message: /not a URL|http:\/\// },
    { options: { baseUrl: "ftp://host/v1" }, message: /http:\/\// },
    { options: { name: "" }, message: /model name/ },
    { options: { retries: -1 }, message: /retries/ },
    { options: { apiKey: "sk-abc\n" }, message: /line breaks/ },
  ])("rejects bad options early: $options", ({ options, message }) => {
    expect(() => adapter(options)).toThrow(UsageError);
    expect(() => adapter(options)).toThrow(message);
  });
});

describe("openai adapter: retries", () => {
  it("honours retry-after (seconds) on a 429, then succeeds", async () => {
    server.script(reply.error(429, "rate limited", { "retry-after": "1" }), reply.completion("No"));
    const result = await adapter().generate(request());
    expect(result.text).toBe("No");
    expect(server.received).toHaveLength(2);
    expect(server.received[1]!.at - server.received[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it("honours retry-after-ms on a 503, then succeeds", async () => {
    server.script(reply.error(503, "loading model", { "retry-after-ms": "50" }), reply.completion("No"));
    expect((await adapter().generate(request())).text).toBe("No");
    expect(server.received[1]!.at - server.received[0]!.at).toBeGreaterThanOrEqual(45);
  });

  it.each([
    { status: 500, first: reply.error(500, "CUDA error") },
    { status: 502, first: reply.text(502, "<html>Bad Gateway</html>") },
    { status: 408, first: reply.error(408, "request timeout") },
    { status: 409, first: reply.error(409, "conflict") },
  ])("retries after $status and succeeds", async ({ first }) => {
    server.script(first, reply.completion("Yes"));
    expect((await adapter().generate(request())).text).toBe("Yes");
    expect(server.received).toHaveLength(2);
  });

  it("times out a hung attempt and succeeds on the next one", async () => {
    server.script(reply.hang(), reply.completion("Yes"));
    const result = await adapter({ timeoutMs: 200 }).generate(request());
    expect(result.text).toBe("Yes");
    expect(server.received).toHaveLength(2);
    expect(server.received[1]!.at - server.received[0]!.at).toBeGreaterThanOrEqual(190);
  });

  it("reports a timeout that persists", async () => {
    server.script(reply.hang(), reply.hang());
    const error = await failure(adapter({ timeoutMs: 100, retries: 1 }).generate(request()));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`${server.baseUrl}/chat/completions`);
    expect(error.message).toMatch(/within 100 ms.*after 2 attempts/);
  });

  it("retries a broken connection", async () => {
    server.script((res) => res.socket?.destroy(), reply.completion("Yes"));
    expect((await adapter().generate(request())).text).toBe("Yes");
    expect(server.received).toHaveLength(2);
  });

  it("does not retry a 400, and quotes the server's error", async () => {
    const text = "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.";
    server.script(reply.error(400, text));
    const error = await failure(adapter({ retries: 3 }).generate(request()));
    expect(server.received).toHaveLength(1);
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.url).toBe(`${server.baseUrl}/chat/completions`);
    expect(error.message).toContain(text);
    expect(error.message).toContain("llava-gemma-2b");
    expect(error.message).toContain("pope random/3");
    expect(error.message).toMatch(/not retried/);
  });

  it.each([
    { status: 401, hint: /OPENAI_API_KEY/, fatal: true },
    { status: 403, hint: /OPENAI_API_KEY/, fatal: true },
    { status: 404, hint: /model name.*\/v1/, fatal: true },
    { status: 422, hint: /per-sample/, fatal: false },
  ])("does not retry a $status and says what to check (fatal for the run: $fatal)", async ({ status, hint, fatal }) => {
    server.script(reply.error(status, "nope"));
    const error = await failure(adapter({ retries: 3 }).generate(request()));
    expect(server.received).toHaveLength(1);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(hint);
    expect(error.fatal).toBe(fatal);
  });

  it("gives up on a persistent 503 after the configured retries", async () => {
    server.script(...Array.from({ length: 3 }, () => reply.error(503, "overloaded")));
    const error = await failure(adapter({ retries: 2 }).generate(request()));
    expect(server.received).toHaveLength(3);
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/HTTP 503.*after 3 attempts.*overloaded/);
  });

  it("fails clearly when nothing listens, after the configured retries", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const error = await failure(adapter({ baseUrl: url, retries: 3 }).generate(request()));
    expect(error.url).toBe(`${url}/chat/completions`);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`could not connect to ${url}/chat/completions (ECONNREFUSED) after 4 attempts`);
    expect(error.message).toMatch(/is the server running\?.*--base-url/);
  });

  it.each([
    { name: "an HTML page", bad: reply.text(200, "<html><body>502 proxy</body></html>"), quoted: "<html><body>502" },
    { name: "JSON without choices", bad: reply.json(200, { error: { message: "busy" } }), quoted: '{"error"' },
  ])("retries a 200 that is $name, then reports a protocol error", async ({ bad, quoted }) => {
    server.script(bad, bad);
    const error = await failure(adapter({ retries: 1 }).generate(request()));
    expect(server.received).toHaveLength(2);
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/not with a chat completion.*after 2 attempts/);
    expect(error.message).toContain(quoted);
  });

  it("recovers from one non-JSON 200", async () => {
    server.script(reply.text(200, "not json"), reply.completion("Yes"));
    expect((await adapter().generate(request())).text).toBe("Yes");
    expect(server.received).toHaveLength(2);
  });
});

describe("openai adapter: abort and secrets", () => {
  it("stops at once, without retrying, when the run is aborted mid-request", async () => {
    server.script(reply.hang(), reply.completion("Yes"));
    const run = new AbortController();
    const pending = adapter({ timeoutMs: 60_000 }).generate(request({ signal: run.signal }));
    await server.requests(1);
    const reason = new Error("run stopped");
    run.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(server.received).toHaveLength(1);
  });

  it("stops at once when the run is aborted while waiting to retry", async () => {
    server.script(reply.error(503, "busy", { "retry-after": "20" }), reply.completion("Yes"));
    const run = new AbortController();
    const pending = adapter({ maxDelayMs: 60_000 }).generate(request({ signal: run.signal }));
    await server.requests(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    run.abort(new Error("run stopped"));
    await expect(pending).rejects.toThrow("run stopped");
    expect(server.received).toHaveLength(1);
  });

  it("sends nothing when the run was already aborted", async () => {
    const run = new AbortController();
    run.abort(new Error("already stopped"));
    await expect(adapter().generate(request({ signal: run.signal }))).rejects.toThrow("already stopped");
    expect(server.received).toHaveLength(0);
  });

  it("shares one run signal across 64 concurrent requests without a listener warning", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const run = new AbortController();
      const model = adapter();
      const results = await Promise.all(
        Array.from({ length: 64 }, (_, i) => model.generate(request({ prompt: `q${i}`, signal: run.signal }))),
      );
      expect(results.map((r) => r.text)).toEqual(Array(64).fill("ok"));
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain("MaxListenersExceededWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("never puts the API key in an error, even when the server echoes it", async () => {
    const echo =
      (status: number): Reply =>
      (res, req) =>
        reply.error(status, `bad header: ${String(req.headers.authorization)}`)(res, req);
    server.script(echo(400), echo(500), echo(500));
    for (const retries of [0, 1]) {
      const error = await failure(adapter({ apiKey: KEY, retries }).generate(request()));
      expect(error.message).toContain("bad header: Bearer [redacted]");
      expect(error.message).not.toContain(KEY);
      expect(String(error)).not.toContain(KEY);
      expect(JSON.stringify(error)).not.toContain(KEY);
      expect(String((error as { cause?: unknown }).cause ?? "")).not.toContain(KEY);
    }
  });
});

describe("openai adapter: retry policy", () => {
  const policy = { retries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

  it.each([
    { retryIndex: 0, random: 0, expected: 250 },
    { retryIndex: 0, random: 1, expected: 500 },
    { retryIndex: 3, random: 0.5, expected: 3000 },
    { retryIndex: 20, random: 1, expected: 30_000 },
  ])("backoff for retry $retryIndex with random $random is $expected ms", ({ retryIndex, random, expected }) => {
    expect(backoffMs(retryIndex, policy, () => random)).toBe(expected);
  });

  it.each<{ headers: Record<string, string>; expected: number | undefined }>([
    { headers: { "retry-after": "2" }, expected: 2000 },
    { headers: { "retry-after": "0.5" }, expected: 500 },
    { headers: { "retry-after-ms": "75", "retry-after": "9" }, expected: 75 },
    { headers: { "retry-after": new Date(1_000_000 + 4000).toUTCString() }, expected: 4000 },
    { headers: { "retry-after": "soon" }, expected: undefined },
    { headers: {}, expected: undefined },
  ])("parses $headers", ({ headers, expected }) => {
    expect(parseRetryAfter(new Headers(headers), 1_000_000)).toBe(expected);
  });

  it("never retries sooner than the server asked, nor sooner than the backoff; capped at maxDelayMs", () => {
    expect(retryDelayMs(0, policy, 1000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(0, policy, 120_000)).toBe(30_000);
    // A server asking for 50 ms does not shorten the exponential backoff of later retries.
    expect(retryDelayMs(3, policy, 50, () => 0)).toBe(backoffMs(3, policy, () => 0));
    expect(retryDelayMs(3, policy, 50, () => 0)).toBeGreaterThan(50);
  });
});
