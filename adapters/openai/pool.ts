import { request as undiciRequest } from "undici";
import { UsageError } from "../../src/errors.js";

export type { ConcurrencySetting } from "../../src/concurrency/limit.js";

import { type ConcurrencySetting, limitFactory } from "../../src/concurrency/limit.js";
import { Pool } from "../../src/concurrency/pool.js";
import type { GenerateResult } from "../../src/types.js";
import { AttemptFailure } from "./failure.js";
import { type Endpoint, sendOnce } from "./request.js";

/** Where models are listed: `${baseUrl}/models` beside `${baseUrl}/chat/completions`. */
export function modelsUrl(endpoint: Endpoint): string {
  return endpoint.url.replace(/\/chat\/completions$/, "/models");
}

/** The endpoints as a pool; a taken-out one is probed with GET /models (any HTTP answer means it is back). */
export function endpointPool(endpoints: readonly Endpoint[], setting: ConcurrencySetting, log: (m: string) => void): Pool<Endpoint> {
  return new Pool<Endpoint>({
    members: endpoints,
    label: (endpoint) => endpoint.url.replace(/\/chat\/completions$/, ""),
    newLimit: limitFactory(setting),
    probe: async (endpoint) => {
      const response = await undiciRequest(modelsUrl(endpoint), { headers: endpoint.headers, signal: AbortSignal.timeout(5_000) });
      await response.body.dump();
    },
    log,
  });
}

/**
 * One attempt through the pool: the roomiest endpoint gets it. 429, 503 and timeouts shrink
 * that endpoint's limit and go back to the caller's retry loop (which honours retry-after);
 * an endpoint that cannot be reached is taken out and the request goes at once to another,
 * without using up a retry, while another is up.
 */
export async function sendThroughPool(pool: Pool<Endpoint>, body: Buffer, signal?: AbortSignal): Promise<GenerateResult> {
  for (let reroutes = 0; ; reroutes++) {
    const lease = await pool.acquire(signal);
    try {
      const result = await sendOnce(lease.member, body, signal);
      lease.success(result.latencyMs);
      return result;
    } catch (error) {
      if (error instanceof AttemptFailure) {
        if (error.kind === "timeout" || error.status === 429 || error.status === 503) lease.drop();
        else if ((error.kind === "connect" || error.kind === "network") && reroutes < pool.size) {
          if (lease.takeOut(`${error.kind === "connect" ? "cannot connect" : "connection broke"} (${error.message})`)) continue;
        }
      }
      throw error;
    } finally {
      lease.release();
    }
  }
}

/**
 * With several endpoints, each must serve `model` (GET /models): a pool of different models
 * would mix their answers. Exit 2 naming the endpoint; a server without the route is warned
 * about once and trusted.
 */
export async function checkEndpointModels(endpoints: readonly Endpoint[], model: string, log: (m: string) => void): Promise<void> {
  const missing: string[] = [];
  const unchecked: string[] = [];
  await Promise.all(
    endpoints.map(async (endpoint) => {
      const url = modelsUrl(endpoint);
      let ids: string[] | null = null;
      try {
        const response = await undiciRequest(url, { headers: endpoint.headers, signal: AbortSignal.timeout(10_000) });
        const text = await response.body.text();
        if (response.statusCode >= 200 && response.statusCode < 300) ids = modelIds(text);
      } catch {
        ids = null; // unreachable now: the pool takes it out and probes it
      }
      if (ids === null) unchecked.push(url);
      else if (!ids.includes(model)) missing.push(`${url} lists ${ids.length === 0 ? "no model" : ids.map((id) => `"${id}"`).join(", ")}`);
    }),
  );
  if (missing.length > 0) {
    throw new UsageError(
      `the --base-url endpoints do not all serve model "${model}": ${missing.join("; ")}. ` +
        `Every endpoint of one run must serve the same model; pass --model openai:NAME with the id they list, or drop the odd endpoint.`,
    );
  }
  if (unchecked.length > 0) {
    log(
      `warning: could not check which model ${unchecked.join(", ")} serve${unchecked.length === 1 ? "s" : ""} (no GET /models); trusting that it is "${model}".`,
    );
  }
}

function modelIds(text: string): string[] | null {
  try {
    const data = (JSON.parse(text) as { data?: unknown }).data;
    if (!Array.isArray(data)) return null;
    return data.map((entry) => (entry as { id?: unknown })?.id).filter((id): id is string => typeof id === "string");
  } catch {
    return null;
  }
}
