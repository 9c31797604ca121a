import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";

// The server needs torch, transformers and weights, which CI does not have; what CI can check
// is that it is valid Python and that its command line (parsed before any import) is as documented.
const server = path.resolve("examples/hf_llava_server.py");

describe("examples/hf_llava_server.py", () => {
  it("compiles", () => {
    const copy = path.join(tempDir(), "server.py"); // compile a copy: no __pycache__ in the repo
    copyFileSync(server, copy);
    const r = spawnSync("python3", ["-m", "py_compile", copy], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });

  it("--help (on stderr: stdout is for replies only) lists the documented options", () => {
    const r = spawnSync("python3", ["-B", server, "--help"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    for (const option of ["--model", "--device", "--dtype", "--revision", "--trust-remote-code", "--conversation"]) {
      expect(r.stderr).toContain(option);
    }
  });
});
