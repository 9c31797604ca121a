import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequest {
  body: any;
  headers: IncomingMessage["headers"];
}

/** What the scripted server does with one request: answer text, or a raw status/body. */
export type ChatBehaviour = (
  request: ChatRequest,
  index: number,
) => Promise<{ text: string } | { status: number; body: string; headers?: Record<string, string> } | "hang" | "destroy">
  | { text: string } | { status: number; body: string; headers?: Record<string, string> } | "hang" | "destroy";

export interface ChatServer {
  url: string;
  requests: ChatRequest[];
  server: Server;
  close(): Promise<void>;
}

/** A real OpenAI-compatible `/v1/chat/completions` server on 127.0.0.1, scripted per test. */
export async function startChatServer(behaviour: ChatBehaviour, port = 0): Promise<ChatServer> {
  const requests: ChatRequest[] = [];
  const hung = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString()));
    req.on("end", async () => {
      const request = { body: safeJson(raw), headers: req.headers };
      const index = requests.push(request) - 1;
      const reply = await behaviour(request, index);
      if (reply === "hang") return void hung.add(res);
      if (reply === "destroy") return void req.socket.destroy();
      if ("text" in reply) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: reply.text } }], usage: { prompt_tokens: 10, completion_tokens: 1 } }));
      } else {
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(reply.body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    requests,
    server,
    close: () =>
      new Promise((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A deterministic "model": answers from the prompt's text, so two runs agree exactly. */
export function promptAnswer(body: any): string {
  const content = body?.messages?.[0]?.content;
  const text: string = Array.isArray(content) ? content.find((p: any) => p.type === "text")?.text ?? "" : String(content);
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h % 3 === 0 ? "No, there is not." : "Yes";
}
