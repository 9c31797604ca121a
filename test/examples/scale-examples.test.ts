import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const EXAMPLES = ["examples/slurm-shards.sbatch", "examples/k8s-indexed-job.yaml", "examples/github-actions-shards.yml"];

/** Every `vlm-bench run|merge …` command of a file, continuation lines joined. */
function commands(file: string): { command: "run" | "merge"; flags: string[] }[] {
  const text = readFileSync(path.resolve(file), "utf8")
    .replace(/\\\n\s*/g, " ")
    .replace(/\n\s{14,}(?=\/|--)/g, " ");
  return [...text.matchAll(/vlm-bench (run|merge)\b([^\n]*)/g)].map((m) => ({
    command: m[1] as "run" | "merge",
    flags: [...m[2]!.matchAll(/(?<=\s)--[a-z-]+/g)].map((f) => f[0]),
  }));
}

describe("the scale-out examples", { timeout: 60_000 }, () => {
  it("each runs shards and then one merge, with options the CLI has", async () => {
    const help = { run: (await runCli(["run", "--help"])).stdout, merge: (await runCli(["merge", "--help"])).stdout };
    for (const file of EXAMPLES) {
      const found = commands(file);
      expect(
        found.some((c) => c.command === "run" && c.flags.includes("--shard")),
        file,
      ).toBe(true);
      expect(
        found.some((c) => c.command === "merge" && c.flags.includes("--out")),
        file,
      ).toBe(true);
      for (const { command, flags } of found)
        for (const flag of flags) expect(help[command], `${file}: ${command} ${flag}`).toContain(`${flag} `);
    }
  });
});
