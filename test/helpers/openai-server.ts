import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/** One request as the server saw it. `at` is performance.now() when its body had arrived. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** Writes (or, to hang, never writes) the answer to one request. */
export type Reply = (res: ServerResponse, req: Received) => void;

/** Answers the requests the queue does not cover (a whole run's worth, in end-to-end tests). */
export type Answer = (req: Received, index: number) => Reply | Promise<Reply>;

/**
 * A real HTTP server on 127.0.0.1 whose answers a test scripts as a queue; requests beyond the
 * queue go to `answer` (default: a plain completion "ok"). Everything received is kept.
 */
export class ScriptedServer {
  readonly received: Received[] = [];
  private queue: Reply[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(private readonly server: Server) {}

  static async start(options: { answer?: Answer; port?: number } = {}): Promise<ScriptedServer> {
    const server = createServer();
    const scripted = new ScriptedServer(server);
    const answer = options.answer ?? (() => reply.completion("ok"));
    server.on("request", (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", async () => {
        const received: Received = {
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          at: performance.now(),
        };
        const index = scripted.received.push(received) - 1;
        (scripted.queue.shift() ?? (await answer(received, index)))(res, received);
        scripted.waiters = scripted.waiters.filter((w) => (w.count <= scripted.received.length ? w.resolve() : true));
      });
    });
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
    return scripted;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Forgets what was received and answers the next requests with `replies`, in order. */
  script(...replies: Reply[]): void {
    this.received.length = 0;
    this.queue = replies;
  }

  /** Resolves once `count` requests in total have arrived. */
  requests(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** The JSON body of request `index`. */
  json(index: number): Record<string, any> {
    return JSON.parse(this.received[index]!.body) as Record<string, any>;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const reply = {
  json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
    return (res) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
  },
  text(status: number, body: string, headers: Record<string, string> = {}): Reply {
    return (res) => {
      res.writeHead(status, { "content-type": "text/plain", ...headers });
      res.end(body);
    };
  },
  completion(content: unknown, usage?: { prompt_tokens: number; completion_tokens: number }): Reply {
    return reply.json(200, {
      id: "chatcmpl-test",
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      ...(usage === undefined ? {} : { usage }),
    });
  },
  error(status: number, message: string, headers: Record<string, string> = {}): Reply {
    return reply.json(status, { error: { message, type: "invalid_request_error" } }, headers);
  },
  /** Never answers: the client's timeout (or the server's close) ends it. */
  hang(): Reply {
    return () => {};
  },
  /** Drops the connection without an answer, as a crashing server does. */
  destroy(): Reply {
    return (res) => void res.socket?.destroy();
  },
};

/**
 * A deterministic stand-in for a model: its answer is a function of the prompt text alone, so
 * two runs over the same samples agree exactly, and it says both yes and no.
 */
export function promptAnswer(req: Received): Reply {
  const content = (JSON.parse(req.body) as { messages: { content: { type: string; text?: string }[] }[] }).messages[0]!.content;
  const text = content.find((part) => part.type === "text")?.text ?? "";
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return reply.completion(h % 3 === 0 ? "No, there is not." : "Yes");
}

/** A port that was just free: a server listened on it and closed, so connecting is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A starter of ScriptedServers for one test file (or describe block): every server it started is
 * closed after each test, so a failing test leaves no port open.
 */
export function serversClosedAfterEach(): (answer?: Answer, port?: number) => Promise<ScriptedServer> {
  let servers: ScriptedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return async (answer, port) => {
    const s = await ScriptedServer.start({ answer, port });
    servers.push(s);
    return s;
  };
}
