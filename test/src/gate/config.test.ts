import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readGateConfig, resolvePolicy } from "../../../src/gate/config.js";
import { DataError } from "../../../src/errors.js";
import { tempDir } from "../../helpers/tmp.js";

const file = (content: unknown) => {
  const f = path.join(tempDir(), "vlm-bench.config.json");
  writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
  return f;
};

describe("gate section of the config file", () => {
  it("reads max_drop, alpha and per-metric tolerances, ignoring other sections", async () => {
    const config = await readGateConfig(file({ run: { concurrency: 4 }, gate: { max_drop: 0.02, alpha: 0.01, max_drop_per_metric: { "pope.f1": 0.03 } } }));
    expect(config).toEqual({ max_drop: 0.02, alpha: 0.01, max_drop_per_metric: { "pope.f1": 0.03 } });
  });

  it("a file without a gate section gives the defaults", async () => {
    expect(resolvePolicy({}, await readGateConfig(file({ run: {} })))).toEqual({ maxDrop: 0.01, alpha: 0.05, maxDropPerMetric: {} });
  });

  it("command-line options win over the file", () => {
    expect(resolvePolicy({ maxDrop: 0.05 }, { max_drop: 0.02, alpha: 0.01 })).toEqual({ maxDrop: 0.05, alpha: 0.01, maxDropPerMetric: {} });
  });

  it.each([
    [{ gate: { max_drop: -1 } }, /"gate\.max_drop" must be a number ≥ 0/],
    [{ gate: { alpha: 0 } }, /"gate\.alpha" must be a number between 0 and 1/],
    [{ gate: { alpha: "0.05" } }, /"gate\.alpha" must be a number between 0 and 1/],
    [{ gate: { maxDrop: 0.1 } }, /"gate\.maxDrop" is not a gate setting \(known: max_drop, alpha, max_drop_per_metric\)/],
    [{ gate: { max_drop_per_metric: [1] } }, /"gate\.max_drop_per_metric" must be an object/],
    [{ gate: { max_drop_per_metric: { "pope.f1": null } } }, /"gate\.max_drop_per_metric\.pope\.f1" must be a number ≥ 0/],
    [{ gate: 3 }, /"gate" must be an object/],
    [[1, 2], /the config must be a JSON object/],
    ["{ not json", /not valid JSON/],
  ])("%j is an error naming the key", async (content, message) => {
    const f = file(content);
    const error = await readGateConfig(f).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(f);
  });
});
