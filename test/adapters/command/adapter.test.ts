import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CommandAdapterOptions, createCommandAdapter } from "../../../adapters/command/index.js";
import { AdapterError, UsageError } from "../../../src/errors.js";
import type { ModelAdapter } from "../../../src/types.js";
import { expectedAnswer, writeChild } from "../../helpers/command-child.js";
import { tempDir } from "../../helpers/tmp.js";

const settings = { maxTokens: 16, temperature: 0, seed: 3 };
const opened: ModelAdapter[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((a) => a.close?.()));
});

interface Harness {
  adapter: ModelAdapter;
  logged: string[];
  /** Requests the child(ren) received, in order. */
  received: () => Record<string, any>[];
  image: string;
}

function harness(flags: string[] = [], options: Partial<CommandAdapterOptions> = {}): Harness {
  const dir = tempDir();
  const script = writeChild(dir);
  const log = path.join(dir, "requests.jsonl");
  const image = path.join(dir, "img.png");
  writeFileSync(image, "not really a png; the child only checks it exists");
  const logged: string[] = [];
  const adapter = createCommandAdapter({
    argv: [process.execPath, script, "--log", log, ...flags],
    settings,
    restartDelayMs: 10,
    log: (line) => logged.push(line),
    ...options,
  });
  opened.push(adapter);
  const received = () =>
    existsSync(log)
      ? readFileSync(log, "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as Record<string, any>)
      : [];
  return { adapter, logged, received, image };
}

const ask = (h: Harness, prompt: string, extra: { signal?: AbortSignal } = {}) =>
  h.adapter.generate({ images: [h.image], prompt, ...settings, sample: { benchmark: "pope", id: prompt }, ...extra });

describe("command adapter: JSON lines over a child's stdin/stdout", () => {
  it("sends {id, images (absolute), prompt, max_tokens, temperature, seed} and returns the child's text and usage", async () => {
    const h = harness();
    const result = await ask(h, "Is there a cat?");
    expect(result.text).toBe(expectedAnswer("Is there a cat?"));
    expect(result.usage).toEqual({ promptTokens: "Is there a cat?".length, completionTokens: 1 });
    const [request] = h.received();
    expect(request).toMatchObject({ images: [h.image], prompt: "Is there a cat?", max_tokens: 16, temperature: 0, seed: 3 });
    expect(Number.isInteger(request!.id)).toBe(true);
    expect(h.adapter.id).toContain("command:");
    expect(h.adapter.kind).toBe("command");
  });

  it("relative image paths are made absolute before they are sent", async () => {
    const h = harness();
    const relative = path.relative(process.cwd(), h.image);
    const result = await h.adapter.generate({ images: [relative], prompt: "q", ...settings });
    expect(result.text).toBe(expectedAnswer("q"));
    expect(h.received()[0]!.images).toEqual([h.image]);
  });

  it("keeps several requests in flight on one child and matches out-of-order replies by id", async () => {
    const h = harness(["--batch", "4"]);
    const prompts = ["a?", "b?", "c?", "d?"];
    const texts = await Promise.all(prompts.map((p) => ask(h, p).then((r) => r.text)));
    expect(texts).toEqual(prompts.map(expectedAnswer));
    const received = h.received();
    expect(received).toHaveLength(4);
    expect(new Set(received.map((r) => r.pid)).size).toBe(1); // spawned once
  });

  it("passes the child's stderr through with a prefix", async () => {
    const h = harness();
    await ask(h, "q");
    expect(h.logged.some((l) => /^\[[^\]]+\] child \d+ ready$/.test(l))).toBe(true);
  });

  it("reports non-JSON stdout once, naming the line, and still answers", async () => {
    const h = harness(["--garbage", "3"]);
    expect((await ask(h, "q1")).text).toBe(expectedAnswer("q1"));
    expect((await ask(h, "q2")).text).toBe(expectedAnswer("q2"));
    const reports = h.logged.filter((l) => l.includes("protocol error"));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/stdout line 1 of .* is not JSON: "Loading checkpoint shards 0".*stderr/);
  });

  it("a reply without text or error fails that sample at once, as a protocol error", async () => {
    const h = harness(["--bad-reply-on", "odd"]);
    await expect(ask(h, "odd one")).rejects.toThrow(/its reply has neither a string "text" nor a string "error"/);
    expect(h.logged.filter((l) => l.includes("protocol error"))).toHaveLength(1);
    expect((await ask(h, "fine")).text).toBe(expectedAnswer("fine"));
  });

  it('an {"id", "error"} reply fails that sample (named) without a retry', async () => {
    const h = harness(["--error-on", "huge"]);
    const failure = ask(h, "huge image");
    await expect(failure).rejects.toThrow(AdapterError);
    await expect(failure).rejects.toThrow(/failed on sample pope huge image: CUDA out of memory/);
    expect(h.received()).toHaveLength(1);
  });

  it("a child that crashes on its third request is restarted and the sample it held is answered", async () => {
    const h = harness(["--crash-at", "3"]);
    const prompts = ["p1", "p2", "p3", "p4"]; // the new child gets p3 and p4: its own first and second
    for (const p of prompts) expect((await ask(h, p)).text).toBe(expectedAnswer(p));
    const received = h.received();
    const pids = [...new Set(received.map((r) => r.pid))];
    expect(pids).toHaveLength(2);
    expect(received.filter((r) => r.prompt === "p3").map((r) => r.pid)).toEqual(pids); // sent to both
    expect(h.logged.some((l) => /exited with code 3; restarting it in/.test(l))).toBe(true);
    expect(h.logged).toContainEqual(expect.stringMatching(/crashing on request 3$/));
  });

  it("a sample that kills the child every time fails after the bounded retries, with the child's last stderr lines", async () => {
    const h = harness(["--crash-on", "poison"], { retries: 2 });
    expect((await ask(h, "fine")).text).toBe(expectedAnswer("fine"));
    const failure = ask(h, "poison");
    await expect(failure).rejects.toThrow(AdapterError);
    await expect(failure).rejects.toThrow(/exited with code 3 while answering sample pope poison, on 3 attempts.*\| crashing on request/s);
    expect(h.received().filter((r) => r.prompt === "poison")).toHaveLength(3);
    expect((await ask(h, "after")).text).toBe(expectedAnswer("after"));
  });

  it("a child that stops answering is killed after the timeout, restarted, and the sample retried", async () => {
    const h = harness(["--hang-at", "2"], { timeoutMs: 300 });
    expect((await ask(h, "first")).text).toBe(expectedAnswer("first"));
    expect((await ask(h, "second")).text).toBe(expectedAnswer("second"));
    expect(h.logged.some((l) => /stopped answering \(no reply for 0 s\); restarting/.test(l))).toBe(true);
    expect(new Set(h.received().map((r) => r.pid)).size).toBe(2);
  });

  it("a child that dies at start-up is one clear error with its stderr, and is not restarted", async () => {
    const h = harness(["--die"]);
    const first = ask(h, "q");
    await expect(first).rejects.toThrow(AdapterError);
    await expect(first).rejects.toThrow(
      /exited with code 1 before answering any request.*\| ModuleNotFoundError: No module named 'torch'.*Try it by hand/s,
    );
    await expect(ask(h, "q2")).rejects.toThrow(/before answering any request/);
    expect(h.logged.filter((l) => l.includes("restarting"))).toHaveLength(0);
  });

  it("all requests in flight when the child dies at start-up fail with the same error", async () => {
    const h = harness(["--die"]);
    const results = await Promise.allSettled(["a", "b", "c"].map((p) => ask(h, p)));
    const messages = results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "answered"));
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toMatch(/before answering any request/);
  });

  it("an aborted request rejects at once; the child stays up for the next one", async () => {
    const h = harness(["--delay", "200"]);
    const controller = new AbortController();
    const pending = ask(h, "slow", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("interrupted")), 20);
    await expect(pending).rejects.toThrow("interrupted");
    expect((await ask(h, "next")).text).toBe(expectedAnswer("next"));
    expect(new Set(h.received().map((r) => r.pid)).size).toBe(1);
  });

  it("close() ends the child", async () => {
    const h = harness();
    await ask(h, "q");
    const pid = h.received()[0]!.pid as number;
    await h.adapter.close!();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe("command adapter: the program must exist", () => {
  it("a program not on PATH is a usage error naming it", () => {
    expect(() => createCommandAdapter({ command: "no-such-program-xyz serve.py", settings })).toThrow(UsageError);
    expect(() => createCommandAdapter({ command: "no-such-program-xyz serve.py", settings })).toThrow(
      /command not found: "no-such-program-xyz" is not on PATH/,
    );
  });

  it("a path that does not exist, and a file that is not executable, are usage errors", () => {
    const dir = tempDir();
    expect(() => createCommandAdapter({ command: `${dir}/missing.sh`, settings })).toThrow(/command not found: .*missing\.sh/);
    const script = path.join(dir, "server.sh");
    writeFileSync(script, "#!/bin/sh\n");
    chmodSync(script, 0o644);
    expect(() => createCommandAdapter({ command: script, settings })).toThrow(/is not executable: chmod \+x/);
  });

  it("a program on PATH is found (node, as the CLI test runs it)", () => {
    const adapter = createCommandAdapter({ command: "node -e 1", settings });
    expect(adapter.name).toBe("node -e 1");
  });
});
