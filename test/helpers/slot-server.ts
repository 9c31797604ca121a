import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

/** The built simulated vLLM-like server (bench/slot-server.ts), each in its own process. */
const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/bench/slot-server.js");

export interface SlotServer {
  child: ChildProcess;
  port: number;
  baseUrl: string;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Starts `node dist/bench/slot-server.js ARGS` on 127.0.0.1 and waits for its port; killed after each test. */
export function startSlotServer(args: readonly string[] = []): Promise<SlotServer> {
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  started.push(child);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.stdout!.once("data", (data: Buffer) => {
      const port = Number(data.toString().trim());
      resolve({ child, port, baseUrl: `http://127.0.0.1:${port}/v1` });
    });
  });
}
