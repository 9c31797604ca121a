import { STATUS_CODES } from "node:http";
import { Agent, request as undiciRequest } from "undici";
import type { GenerateRequest, GenerateResult } from "../../src/types.js";
import { onAbort } from "./abort.js";
import { httpFailure, transportFailure } from "./failure.js";
import { parseCompletion } from "./response.js";

/** Where and how one adapter sends its requests; built once per adapter. */
export interface Endpoint {
  url: string;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
}

/**
 * The chat-completions body, images first then the text (LLaVA puts the image tokens before the
 * question). `imageParts` come serialised from the image cache, each with its trailing comma, and
 * the body is bytes: at 64 concurrent requests, serialising and re-encoding ~200 kB of base64 as
 * a string per request halved throughput.
 * Built once per sample, however many attempts it takes.
 */
export function requestBody(model: string, imageParts: readonly Buffer[], request: GenerateRequest): Buffer {
  const settings = JSON.stringify({
    model,
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    seed: request.seed,
    // Token log-probabilities for `vlm-bench explain`; the OpenAI field names, which vLLM, SGLang and llama.cpp's server accept.
    ...(request.logprobs !== undefined ? { logprobs: true, top_logprobs: request.logprobs.top } : {}),
  });
  const system = request.system === undefined ? "" : `${JSON.stringify({ role: "system", content: request.system })},`;
  const head = `${settings.slice(0, -1)},"messages":[${system}{"role":"user","content":[`;
  const tail = `${JSON.stringify({ type: "text", text: request.prompt })}]}]}`;
  return Buffer.concat([Buffer.from(head), ...imageParts, Buffer.from(tail)]);
}

/**
 * undici's `request` rather than the global fetch: fetch pipes every body through web streams,
 * which at 64 concurrent ~150 kB requests cost four times the CPU (measured: ~1,700 vs ~6,300
 * requests/s against an instant loopback server). Its own header and body timers are off: the
 * per-attempt timeout below is the only one, so `--timeout` above 300 s works.
 */
const dispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 30_000 });

/**
 * One attempt: POST, read the whole body, parse it. Throws an AttemptFailure, or the run
 * signal's reason when the run is aborted. latencyMs covers this attempt only.
 *
 * The per-attempt timer and the run signal feed one AbortController by hand rather than through
 * AbortSignal.any: on Node 20 every AbortSignal.any([runSignal, …]) stays referenced by the
 * long-lived run signal (nodejs/node#55351), which leaks one signal per request on a
 * 200k-sample run, and AbortSignal.timeout's timers cannot be cleared after a fast answer.
 */
export async function sendOnce(endpoint: Endpoint, body: Buffer, runSignal?: AbortSignal): Promise<GenerateResult> {
  runSignal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no answer within ${endpoint.timeoutMs} ms`, "TimeoutError"));
  }, endpoint.timeoutMs);
  const unsubscribe = runSignal === undefined ? undefined : onAbort(runSignal, () => controller.abort(runSignal.reason));
  const started = performance.now();
  try {
    let status: number;
    let headers: Headers;
    let text: string;
    try {
      const response = await undiciRequest(endpoint.url, {
        method: "POST",
        headers: endpoint.headers,
        body,
        signal: controller.signal,
        dispatcher,
      });
      status = response.statusCode;
      headers = toHeaders(response.headers);
      text = await response.body.text();
    } catch (error) {
      if (runSignal?.aborted) throw runSignal.reason;
      throw transportFailure(error, timedOut, endpoint.timeoutMs);
    }
    if (status < 200 || status > 299) throw httpFailure(status, STATUS_CODES[status] ?? "", headers, text);
    const completion = parseCompletion(text);
    return { ...completion, latencyMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
  }
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}
