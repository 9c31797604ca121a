import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/errors.js";
import { readGateConfig, resolvePolicy } from "../../../src/gate/config.js";
import { tempDir } from "../../helpers/tmp.js";

const MODELS = [{ name: "m", model: "baseline:yes" }];
const file = (content: unknown) => {
  const f = path.join(tempDir(), "vlm-bench.config.json");
  writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
  return f;
};

describe("gate section of the config file (read through the shared config loader)", () => {
  it("reads max_drop, alpha and per-metric tolerances", () => {
    const config = readGateConfig(
      file({ models: MODELS, gate: { max_drop: 0.02, alpha: 0.01, max_drop_per_metric: { "pope.f1": 0.03 } } }),
    );
    expect(config).toEqual({ max_drop: 0.02, alpha: 0.01, max_drop_per_metric: { "pope.f1": 0.03 } });
  });

  it("a file without a gate section gives the defaults: alpha 0.05, each benchmark's own tolerances (no override)", () => {
    expect(resolvePolicy({}, readGateConfig(file({ models: MODELS })))).toEqual({ alpha: 0.05, maxDropPerMetric: {} });
  });

  it("command-line options win over the file", () => {
    expect(resolvePolicy({ maxDrop: 0.05 }, { max_drop: 0.02, max_drop_points: 25, alpha: 0.01 })).toEqual({
      maxDrop: 0.05,
      maxDropPoints: 25,
      alpha: 0.01,
      maxDropPerMetric: {},
    });
    expect(resolvePolicy({ maxDropPoints: 5 }, { max_drop_points: 25 }).maxDropPoints).toBe(5);
  });

  it.each([
    [{ gate: { max_drop: -1 } }, /\/gate\/max_drop: must be >= 0/],
    [{ gate: { alpha: 0 } }, /\/gate\/alpha: must be > 0/],
    [{ gate: { alpha: "0.05" } }, /\/gate\/alpha: must be number/],
    [{ gate: { maxDrop: 0.1 } }, /\/gate: unknown key "maxDrop"/],
    [{ gate: { max_drop_per_metric: [1] } }, /\/gate\/max_drop_per_metric: must be object/],
    [{ gate: { max_drop_per_metric: { "pope.f1": null } } }, /\/gate\/max_drop_per_metric\/pope\.f1: must be number/],
    [{ gate: 3 }, /\/gate: must be object/],
  ])("%j is an error naming the JSON path", (gate, message) => {
    const f = file({ models: MODELS, ...gate });
    const error = (() => {
      try {
        readGateConfig(f);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(f);
  });

  it("a file that is not JSON names the file", () => {
    const f = file("{ not json");
    expect(() => readGateConfig(f)).toThrow(f);
  });
});
