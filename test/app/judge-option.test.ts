import { describe, expect, it } from "vitest";
import { createJudge } from "../../app/judge-option.js";
import { UsageError } from "../../src/errors.js";
import { tempDir } from "../helpers/tmp.js";

describe("judge option messages name the judge's flags (issue 12 item 12, part)", () => {
  it("--judge without a kind says --judge KIND:NAME, not --model", async () => {
    const error = await createJudge({ judge: "gpt-4" }, tempDir()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^--judge gpt-4: "gpt-4" is not a model adapter\. Use --judge KIND:NAME/);
    expect((error as Error).message).not.toContain("--model");
  });
});
