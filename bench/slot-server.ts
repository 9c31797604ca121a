import { createHash } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A simulated vLLM-like server, run as its own process: `--slots S` requests are in service at
 * once, each for `--ms T`; the rest wait in a FIFO queue, as in a continuous batcher at its batch
 * limit. `--reject-above N` answers 429 (retry-after-ms 50) to a request that arrives with N
 * already in service or waiting, like a rate-limited API. `--model ID` is what GET /v1/models
 * lists (`--no-models` answers it 404). The answer is "Yes" or "No", fixed by a hash of the
 * request body, so every run of the same samples gets the same answers wherever they are served.
 * Prints its port on stdout; SIGTERM stops it, SIGKILL is how tests make it vanish.
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1]! : fallback;
};
const slots = Number(option("slots", "64"));
const serviceMs = Number(option("ms", "100"));
const rejectAbove = Number(option("reject-above", "Infinity"));
const model = option("model", "sim");
const port = Number(option("port", "0"));
const listsModels = !args.includes("--no-models");

let busy = 0;
const queue: (() => void)[] = [];
const answers = (text: string) =>
  JSON.stringify({
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    usage: { prompt_tokens: 600, completion_tokens: 1 },
  });
const YES = answers("Yes");
const NO = answers("No");

function serve(body: Buffer, res: ServerResponse): void {
  busy++;
  setTimeout(() => {
    const reply = createHash("md5").update(body).digest()[0]! % 2 === 0 ? YES : NO;
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(reply) });
    res.end(reply);
    busy--;
    queue.shift()?.();
  }, serviceMs);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (req.method === "GET" && req.url?.endsWith("/models")) {
      if (!listsModels) return void res.writeHead(404).end("not found");
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ object: "list", data: [{ id: model, object: "model" }] }));
      return;
    }
    const body = Buffer.concat(chunks);
    if (busy + queue.length >= rejectAbove) {
      res.writeHead(429, { "content-type": "application/json", "retry-after-ms": "50" });
      res.end(JSON.stringify({ error: { message: "too many requests in flight" } }));
      return;
    }
    if (busy < slots) serve(body, res);
    else queue.push(() => serve(body, res));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => process.exit(0));
