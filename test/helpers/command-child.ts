import { writeFileSync } from "node:fs";
import path from "node:path";

/**
 * A real child program for the command adapter, written to disk by the test: it speaks the
 * JSON-lines protocol and misbehaves on request, driven by flags —
 *   --log FILE         append every request received (with the child's pid and count) to FILE
 *   --batch K          hold replies until K requests have arrived, then answer them in reverse order
 *   --delay MS         answer each request after MS milliseconds
 *   --crash-at N       exit (code 3) on the N-th request this process receives
 *   --crash-on TEXT    exit whenever a prompt contains TEXT
 *   --hang-at N        never answer the N-th and later requests of this process
 *   --garbage N        write N non-JSON lines to stdout before answering
 *   --die              print a Python-like traceback to stderr and exit 1 at start-up
 *   --error-on TEXT    reply {"id","error"} when the prompt contains TEXT
 *   --bad-reply-on TEXT reply {"id","answer"} (no text) when the prompt contains TEXT
 * Answers: "No" or "Yes" from a hash of the prompt (see `expectedAnswer`), or an error when an
 * image path is not absolute or does not exist.
 */
export const CHILD_SOURCE = String.raw`
import { appendFileSync, existsSync } from "node:fs";
import { isAbsolute } from "node:path";
import { createInterface } from "node:readline";
const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf("--" + name); return i < 0 ? fallback : args[i + 1]; };
const flag = (name) => args.includes("--" + name);
if (flag("die")) {
  console.error("Traceback (most recent call last):");
  console.error("ModuleNotFoundError: No module named 'torch'");
  process.exit(1);
}
const log = opt("log", null), batch = Number(opt("batch", "0")), delay = Number(opt("delay", "0"));
const crashAt = Number(opt("crash-at", "0")), hangAt = Number(opt("hang-at", "0"));
const crashOn = opt("crash-on", null), errorOn = opt("error-on", null), badReplyOn = opt("bad-reply-on", null);
console.error("child " + process.pid + " ready");
for (let i = 0; i < Number(opt("garbage", "0")); i++) process.stdout.write("Loading checkpoint shards " + i + "\n");
const answer = (prompt) => { let h = 0; for (const c of prompt) h = (h * 31 + c.codePointAt(0)) >>> 0; return h % 3 === 0 ? "No" : "Yes"; };
let n = 0; const held = [];
const send = (reply) => process.stdout.write(JSON.stringify(reply) + "\n");
createInterface({ input: process.stdin }).on("line", (line) => {
  const req = JSON.parse(line);
  n++;
  if (log) appendFileSync(log, JSON.stringify({ pid: process.pid, n, ...req }) + "\n");
  if (n === crashAt || (crashOn && req.prompt.includes(crashOn))) { console.error("crashing on request " + n); process.exit(3); }
  if (hangAt > 0 && n >= hangAt) return;
  let reply;
  const missing = req.images.find((p) => !isAbsolute(p) || !existsSync(p));
  if (missing !== undefined) reply = { id: req.id, error: "no image at " + missing };
  else if (errorOn && req.prompt.includes(errorOn)) reply = { id: req.id, error: "CUDA out of memory" };
  else if (badReplyOn && req.prompt.includes(badReplyOn)) reply = { id: req.id, answer: "Yes" };
  else reply = { id: req.id, text: answer(req.prompt), usage: { prompt_tokens: req.prompt.length, completion_tokens: 1 } };
  if (batch > 0) {
    held.push(reply);
    if (held.length === batch) held.splice(0).reverse().forEach(send);
  } else if (delay > 0) setTimeout(() => send(reply), delay);
  else send(reply);
});
`;

/** The answer the child gives for a prompt (the same hash, in TypeScript). */
export function expectedAnswer(prompt: string): string {
  let h = 0;
  for (const c of prompt) h = (h * 31 + c.codePointAt(0)!) >>> 0;
  return h % 3 === 0 ? "No" : "Yes";
}

/** Writes the child program into `dir` and returns its path. */
export function writeChild(dir: string, name = "child.mjs"): string {
  const file = path.join(dir, name);
  writeFileSync(file, CHILD_SOURCE);
  return file;
}
