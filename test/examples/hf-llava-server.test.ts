import { spawnSync } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
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
    for (const option of ["--model", "--device", "--dtype", "--revision", "--trust-remote-code", "--relevancy", "--conversation"]) {
      expect(r.stderr).toContain(option);
    }
  });

  // The protocol loop and the pure parts of the relevancy method, with a stub backend in place of torch and the weights.
  const STUB = String.raw`
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("server", sys.argv[1])
server = importlib.util.module_from_spec(spec)
spec.loader.exec_module(server)
import numpy as np

class Stub:
    def generate(self, request, top):
        if "boom" in request["prompt"]:
            raise RuntimeError("CUDA out of memory")
        result = {"text": "Yes", "usage": {"prompt_tokens": 7, "completion_tokens": 1}, "first_token": 1}
        if top is not None:
            rows = [[np.log(0.2), np.log(0.5), np.log(0.3)]]
            result["logprobs"] = server.token_logprobs(rows, [1], top, lambda i: ["No", "Yes", "Maybe"][i])
        return result
    def relevancy(self, result):
        return [[0.0, 1.5], [2.0, 0.25]]

sent = []
lines = [
    json.dumps({"id": 1, "images": [], "prompt": "plain", "max_tokens": 8}),
    "not json",
    json.dumps({"id": 2, "images": [], "prompt": "q", "logprobs": True, "top_logprobs": 2}),
    json.dumps({"id": 3, "images": [], "prompt": "q", "explain": True}),
    json.dumps({"id": 4, "images": [], "prompt": "boom"}),
]
server.serve(lines, Stub(), relevancy_enabled=sys.argv[2] == "on", send=sent.append)
# Rule 6 by hand: one layer, one head: cam = max([[1,0],[.5,.5]] * [[1,1],[2,-2]], 0) = [[1,0],[1,0]]; R = I + cam = [[2,0],[1,1]].
rollout = server.chefer_rollout([(np.array([[[1.0, 0.0], [0.5, 0.5]]]), np.array([[[1.0, 1.0], [2.0, -2.0]]]))])
grid = server.image_grid(np.vstack([np.zeros((5, 6)), np.arange(6.0)]), [1, 2, 3, 4], 2)
server.REPLIES.write(json.dumps({"sent": sent, "rollout": rollout.tolist(), "grid": grid}) + "\n")
`;

  const runStub = (relevancy: "on" | "off") => {
    const dir = tempDir();
    const stub = path.join(dir, "stub.py");
    writeFileSync(stub, STUB);
    const r = spawnSync("python3", ["-B", stub, server, relevancy], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return { out: JSON.parse(r.stdout) as { sent: Record<string, unknown>[]; rollout: number[][]; grid: number[][] }, stderr: r.stderr };
  };

  it("serves the explain extensions: logprobs when asked, relevancy only with --relevancy, an error reply per failed request", () => {
    const { out, stderr } = runStub("on");
    expect(out.sent).toEqual([
      { id: 1, text: "Yes", usage: { prompt_tokens: 7, completion_tokens: 1 } },
      {
        id: 2,
        text: "Yes",
        usage: { prompt_tokens: 7, completion_tokens: 1 },
        logprobs: [
          {
            token: "Yes",
            logprob: Math.log(0.5),
            top: [
              { token: "Yes", logprob: Math.log(0.5) },
              { token: "Maybe", logprob: Math.log(0.3) },
            ],
          },
        ],
      },
      {
        id: 3,
        text: "Yes",
        usage: { prompt_tokens: 7, completion_tokens: 1 },
        relevancy: [
          [0, 1.5],
          [2, 0.25],
        ],
      },
      { id: 4, error: "RuntimeError: CUDA out of memory" },
    ]);
    expect(stderr).toMatch(/ignoring a request line that is not JSON/);
    expect(runStub("off").out.sent[2]).toEqual({ id: 3, text: "Yes", usage: { prompt_tokens: 7, completion_tokens: 1 } });
  });

  it("Chefer et al.'s rule: R = I + mean_heads(max(grad * attention, 0)) @ R; the last row over the image tokens as the patch grid", () => {
    const { out } = runStub("on");
    expect(out.rollout).toEqual([
      [2, 0],
      [1, 1],
    ]);
    // Last row 0..5, image tokens at positions 1..4 → [[1, 2], [3, 4]].
    expect(out.grid).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
