import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCommandAdapter } from "../../../adapters/command/index.js";
import type { ModelAdapter } from "../../../src/types.js";
import { tempDir } from "../../helpers/tmp.js";

/** A child that answers with its replica number and device, after `--delay` ms, and exits on the prompt "die" once per replica. */
const REPLICA_CHILD = String.raw`
import { createInterface } from "node:readline";
import { existsSync, writeFileSync } from "node:fs";
const delay = Number(process.argv[2] ?? "0"), marker = process.argv[3];
const me = "replica " + process.env.VLM_BENCH_REPLICA + " on " + (process.env.CUDA_VISIBLE_DEVICES ?? "-");
createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  if (request.prompt === "die" && marker && !existsSync(marker + process.env.VLM_BENCH_REPLICA)) {
    writeFileSync(marker + process.env.VLM_BENCH_REPLICA, "");
    process.exit(1);
  }
  setTimeout(() => process.stdout.write(JSON.stringify({ id: request.id, text: me }) + "\n"), delay);
});
`;

const settings = { maxTokens: 8, temperature: 0, seed: 0 };
let adapter: ModelAdapter | undefined;
afterEach(async () => {
  await adapter?.close?.();
  adapter = undefined;
});

async function child(): Promise<string> {
  const file = path.join(await tempDir(), "replica-child.mjs");
  writeFileSync(file, REPLICA_CHILD);
  return file;
}

describe("command: --replicas", () => {
  it("starts N copies, each with VLM_BENCH_REPLICA and its CUDA_VISIBLE_DEVICES entry, and balances requests over them", async () => {
    const file = await child();
    adapter = createCommandAdapter({
      argv: [process.execPath, file, "20"],
      settings,
      replicas: 3,
      devices: ["4", "5", "6"],
      log: () => {},
    });
    expect(adapter.capacity?.endpoints).toBe(3);
    const answers = await Promise.all(Array.from({ length: 60 }, () => adapter!.generate({ images: [], prompt: "hi", ...settings })));
    const counts = new Map<string, number>();
    for (const a of answers) counts.set(a.text, (counts.get(a.text) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(["replica 0 on 4", "replica 1 on 5", "replica 2 on 6"]);
    // Each starts with a limit of 4 and gets at least that; the adaptive limits then follow each replica's own pace.
    for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(4);
    expect(adapter.capacity?.status()).toMatch(/^limits \d+\+\d+\+\d+$/);
    // The fingerprint is the model's, not the deployment's: a run resumes with any number of replicas.
    const single = createCommandAdapter({ argv: [process.execPath, file, "20"], settings, log: () => {} });
    expect(single.id).toBe(adapter.id);
    await single.close?.();
  });

  it("restarts a replica that exits and sends its requests again", async () => {
    const file = await child();
    const marker = path.join(path.dirname(file), "died-");
    const lines: string[] = [];
    adapter = createCommandAdapter({
      argv: [process.execPath, file, "5", marker],
      settings,
      replicas: 2,
      log: (l) => lines.push(l),
      restartDelayMs: 10,
    });
    // One answer first: a child that exits before any answer counts as a start-up failure (not restarted).
    await adapter.generate({ images: [], prompt: "hi", ...settings });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => adapter!.generate({ images: [], prompt: i === 3 ? "die" : "hi", ...settings })),
    );
    expect(answers.every((a) => /^replica [01] on -$/.test(a.text))).toBe(true);
    expect(lines.some((l) => /\(replica [01]\) exited with code 1; restarting it/.test(l))).toBe(true);
  });

  it("refuses a --devices list that does not match --replicas", () => {
    expect(() => createCommandAdapter({ argv: ["node"], settings, replicas: 2, devices: ["0"] })).toThrow(
      /--devices lists 1 device\(s\) for 2 replicas/,
    );
  });
});
