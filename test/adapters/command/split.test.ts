import { describe, expect, it } from "vitest";
import { splitCommand } from "../../../adapters/command/split.js";
import { UsageError } from "../../../src/errors.js";

describe("splitCommand: argv as a POSIX shell splits plain words", () => {
  it.each([
    ["python3 server.py", ["python3", "server.py"]],
    ["  python3   server.py\t--port 1  ", ["python3", "server.py", "--port", "1"]],
    ["node 'my dir/server.mjs'", ["node", "my dir/server.mjs"]],
    ['node "my dir/server.mjs"', ["node", "my dir/server.mjs"]],
    ["node my\\ dir/server.mjs", ["node", "my dir/server.mjs"]],
    ["python3 s.py --name ''", ["python3", "s.py", "--name", ""]],
    ['python3 s.py --name ""', ["python3", "s.py", "--name", ""]],
    ["a'b'\"c\"d", ["abcd"]],
    ['echo "say \\"hi\\" \\\\ \\n"', ["echo", 'say "hi" \\ \\n']],
    ["echo 'no \\escape \"here\"'", ["echo", 'no \\escape "here"']],
    ["echo it\\'s", ["echo", "it's"]],
    ["python3 -c 'print(1); x=2 > 1'", ["python3", "-c", "print(1); x=2 > 1"]],
    ["python3 s.py --model=llava-hf/llava-1.5-7b-hf", ["python3", "s.py", "--model=llava-hf/llava-1.5-7b-hf"]],
    ["python3 s.py --layers [1,2] --x=a~b --tag a#b", ["python3", "s.py", "--layers", "[1,2]", "--x=a~b", "--tag", "a#b"]],
  ])("%s", (text, argv) => {
    expect(splitCommand(text)).toEqual(argv);
  });

  it.each([
    ["python3 s.py > log.txt", /unquoted ">" is shell syntax/],
    ["python3 s.py | tee x", /unquoted "\|"/],
    ["python3 s.py; rm x", /unquoted ";"/],
    ["python3 $HOME/s.py", /unquoted "\$"/],
    ['python3 "$HOME/s.py"', /shell expansion/],
    ["python3 ~/s.py", /unquoted "~"/],
    ["python3 *.py", /wildcard/],
    ["python3 'unterminated", /unterminated ' quote/],
    ['python3 "unterminated', /unterminated " quote/],
    ["python3 s.py \\", /trailing backslash/],
    ["", /no program given/],
    ["   ", /no program given/],
  ])("refuses %j", (text, message) => {
    expect(() => splitCommand(text)).toThrow(UsageError);
    expect(() => splitCommand(text)).toThrow(message);
  });

  it("says why: no shell runs", () => {
    expect(() => splitCommand("a > b")).toThrow(/without a shell/);
  });
});
