import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const workflow = readFileSync(path.join(root, "examples/github-actions-gate.yml"), "utf8");

describe("the documented CI workflow", () => {
  it("README shows exactly examples/github-actions-gate.yml", () => {
    const section = readme.slice(readme.indexOf("### GitHub Actions"));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBe(workflow);
  });

  it.each(["run", "gate"])("every option the workflow passes to `vlm-bench %s` exists", async (command) => {
    const help = (await runCli([command, "--help"])).stdout;
    const invocations = [...workflow.matchAll(new RegExp(`vlm-bench@[\\d.]+ ${command} ((?:\\\\\\n|.)*)`, "g"))].map((m) => m[1]!);
    expect(invocations.length).toBeGreaterThan(0);
    const options = invocations.flatMap((text) => [...text.matchAll(/(--[a-z-]+)/g)].map((m) => m[1]!));
    expect(options.length).toBeGreaterThan(3);
    for (const option of options) expect(help, option).toContain(option);
  });

  it("uses the cache actions to restore and store the baseline, and a model server in the job", () => {
    expect(workflow).toMatch(/uses: actions\/cache\/restore@v4[\s\S]*restore-keys: \$\{\{ env\.BASELINE_KEY \}\}-/);
    expect(workflow).toMatch(/uses: actions\/cache\/save@v4/);
    expect(workflow).toMatch(/docker run -d --name model .*llama\.cpp:server/);
    expect(workflow).toMatch(/--junit reports\/vlm-gate\.xml --summary reports\/vlm-gate\.md/);
  });
});
