import { describe, expect, it } from "vitest";
import { summarizeFailures } from "../../src/failure-summary.js";

describe("summarizeFailures", () => {
  it("says a shared cause once, with the ids it hit", () => {
    const failures = ["a1", "a2", "a3", "a4"].map((id) => ({ id, message: `server (sample pope ${id}): could not connect` }));
    expect(summarizeFailures(failures)).toBe("4 samples (a1, a2, a3, …), e.g. a1: server (sample pope a1): could not connect");
  });

  it("a message naming another sample (a judge grading one answer for several) is the same cause", () => {
    const failures = [
      { id: "v1_0", message: "judge failed: grader (sample mmvet v1_0): refused" },
      { id: "v1_7", message: "judge failed: grader (sample mmvet v1_0): refused" },
    ];
    expect(summarizeFailures(failures)).toBe("2 samples (v1_0, v1_7), e.g. v1_0: judge failed: grader (sample mmvet v1_0): refused");
  });

  it("keeps distinct causes apart, at most three, and counts the rest", () => {
    const failures = [
      { id: "x", message: "x: too long" },
      { id: "y", message: "y: bad image" },
      { id: "z", message: "z: too long" },
      { id: "u", message: "timeout" },
      { id: "v", message: "refused" },
    ];
    expect(summarizeFailures(failures)).toBe("2 samples (x, z), e.g. x: x: too long; y: y: bad image; u: timeout; and 1 other causes");
  });
});
