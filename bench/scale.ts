import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writePopeDataset } from "../datasets/pope/make-mini.js";
import { throughput } from "./throughput.js";

/**
 * `npm run bench:scale`: the scale-out figures of BENCHMARKS.md (issue 13). Every server is a
 * simulated vLLM-like process (slot-server.js: S requests in service at T ms each, the rest
 * queue) and every run is the real CLI in its own process, on the 9,000-question POPE set.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.resolve(here, "../app/cli.js");
const servers: ChildProcess[] = [];

function startServer(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(here, "slot-server.js"), ...args], { stdio: ["ignore", "pipe", "inherit"] });
  servers.push(child);
  return new Promise((resolve) =>
    child.stdout!.once("data", (d: Buffer) => resolve({ url: `http://127.0.0.1:${d.toString().trim()}/v1`, child })),
  );
}

function cli(args: string[], onStart?: () => void): Promise<{ code: number | null; seconds: number; stderr: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  onStart?.();
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, seconds: (performance.now() - started) / 1000, stderr })));
}

interface Pope {
  n: number;
  failed: number;
  metrics: unknown;
  speed: { samples_per_s: number; latency_ms_p50: number };
}
const pope = (out: string): Pope => JSON.parse(readFileSync(path.join(out, "results.json"), "utf8")).benchmarks.pope;
const lastLimit = (stderr: string) => [...stderr.matchAll(/limits? ([\d+—]+)\n/g)].pop()?.[1] ?? "?";

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), "vlm-bench-scale-"));
  const data = path.join(root, "data");
  await writePopeDataset(path.join(data, "pope"), { images: 500, seed: 7 });
  let runs = 0;
  const run = (urls: string[], extra: string[] = [], onStart?: () => void) => {
    const out = path.join(root, `run${runs++}`);
    const args = [
      "run",
      "--model",
      "openai:sim",
      ...urls.flatMap((u) => ["--base-url", u]),
      "--bench",
      "pope",
      "--data",
      data,
      "--out",
      out,
      ...extra,
    ];
    return cli(args, onStart).then((r) => ({ ...r, out }));
  };
  /** The same servers at the ideal fixed limit (their slots): what this machine allows at that moment. */
  const reference = async (urls: string[], fixed: number, capacity: number) => {
    const r = await run(urls, ["--concurrency", String(fixed)]);
    const p = pope(r.out);
    console.log(
      `  reference, the same at a fixed --concurrency ${fixed} per server (the ideal): ${share(p, capacity)}, p50 ${p.speed.latency_ms_p50.toFixed(0)} ms, exit ${r.code}`,
    );
  };
  const share = (p: Pope, capacity: number) =>
    `${p.speed.samples_per_s.toFixed(0)} samples/s = ${((100 * p.speed.samples_per_s) / capacity).toFixed(0)}% of ${capacity}/s`;
  try {
    {
      const { url } = await startServer(["--slots", "64", "--ms", "100"]);
      const r = await run([url]);
      const p = pope(r.out);
      console.log(
        `one server 64 × 100 ms, default settings (--concurrency auto): ${share(p, 640)}, p50 ${p.speed.latency_ms_p50.toFixed(0)} ms, final limit ${lastLimit(r.stderr)}, exit ${r.code}, ${r.seconds.toFixed(1)} s wall`,
      );
      await reference([url], 64, 640);
    }
    const four = await Promise.all([0, 1, 2, 3].map(() => startServer(["--slots", "32", "--ms", "100"])));
    const urls = four.map((s) => s.url);
    const calm = await run(urls);
    const calmPope = pope(calm.out);
    console.log(
      `four servers 32 × 100 ms: ${share(calmPope, 1280)}, p50 ${calmPope.speed.latency_ms_p50.toFixed(0)} ms, final limits ${lastLimit(calm.stderr)}, exit ${calm.code}`,
    );
    await reference(urls, 32, 1280);
    {
      const hit = await run(urls, [], () => setTimeout(() => four[1]!.child.kill("SIGKILL"), 2_000));
      const p = pope(hit.out);
      const same = JSON.stringify(p.metrics) === JSON.stringify(calmPope.metrics);
      console.log(
        `four servers, one killed after 2 s: exit ${hit.code}, n ${p.n}, failed ${p.failed}, metrics ${same ? "identical to" : "DIFFERENT from"} the undisturbed run, ${share(p, 960)} (3 servers left)`,
      );
    }
    {
      const { url } = await startServer(["--slots", "16", "--ms", "100", "--reject-above", "16"]);
      const r = await run([url]);
      const p = pope(r.out);
      const rejected = (r.stderr.match(/429/g) ?? []).length;
      console.log(
        `one server answering 429 above 16 in flight (16 × 100 ms): exit ${r.code}, failed ${p.failed}, ${share(p, 160)}, p50 ${p.speed.latency_ms_p50.toFixed(0)} ms${rejected > 0 ? `, ${rejected} 429 lines logged` : ""}`,
      );
      await reference([url], 16, 160);
    }
    {
      const { url } = await startServer(["--slots", "256", "--ms", "5"]);
      const whole = await run([url]);
      const shardDirs = [0, 1, 2, 3].map((k) => path.join(root, `shard${k}`));
      const base = ["run", "--model", "openai:sim", "--base-url", url, "--bench", "pope", "--data", data, "--no-progress"];
      const shardRuns = await Promise.all(shardDirs.map((out, k) => cli([...base, "--shard", `${k}/4`, "--out", out])));
      const merged = path.join(root, "merged");
      const m = await cli(["merge", ...shardDirs, "--out", merged, "--no-progress"]);
      const same = JSON.stringify(pope(merged).metrics) === JSON.stringify(pope(whole.out).metrics);
      console.log(
        `four shards (separate processes, exits ${shardRuns.map((s) => s.code).join(",")}) and a merge (exit ${m.code}): metrics ${same ? "identical to" : "DIFFERENT from"} the unsharded run; ` +
          `merge of 9,000 POPE questions ${m.seconds.toFixed(2)} s wall (incl. node start-up, loading and image checks)`,
      );
    }
  } finally {
    for (const s of servers) s.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
  }
  for (const concurrency of [64, "auto"] as const) {
    const t = await throughput({ images: 500, cocoSized: true, concurrency });
    console.log(
      `instant server, COCO-sized images (${t.meanImageKB.toFixed(0)} KB), --concurrency ${concurrency}: ${t.samplesPerSecond.toFixed(0)} samples/s`,
    );
  }
}

main().catch((error) => {
  for (const s of servers) s.kill("SIGKILL");
  console.error(error);
  process.exit(1);
});
