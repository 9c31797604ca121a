import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An OpenAI-compatible server that answers at once, run as its own process so that the
 * harness being measured does not share an event loop with it. Prints its port on stdout.
 * By default it reads every byte of each body but does not JSON-parse it: what is measured is
 * the harness, and on a 2-core machine parsing each ~150 KB body makes the server the bottleneck.
 * With `--parse` it parses every body as a real server would (reported as a second figure).
 * With `--logprobs` its answers carry token log-probabilities (for `vlm-bench explain`).
 */
const parse = process.argv.includes("--parse");
// With --logprobs every answer carries token log-probabilities, as vLLM's do when asked (`vlm-bench explain`).
const logprobs = process.argv.includes("--logprobs")
  ? {
      logprobs: {
        content: [
          {
            token: "Yes",
            logprob: -0.1,
            top_logprobs: [
              { token: "Yes", logprob: -0.1 },
              { token: "No", logprob: -2.4 },
            ],
          },
        ],
      },
    }
  : {};
const reply = JSON.stringify({
  choices: [{ index: 0, message: { role: "assistant", content: "Yes" }, ...logprobs, finish_reason: "stop" }],
  usage: { prompt_tokens: 600, completion_tokens: 1 },
});
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const ok = parse
      ? Array.isArray((JSON.parse(body.toString("utf8")) as { messages?: unknown }).messages)
      : body[0] === 0x7b && body.includes('"messages":');
    if (!ok) {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(reply) });
    res.end(reply);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
