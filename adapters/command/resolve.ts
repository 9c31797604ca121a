import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../../src/errors.js";

/**
 * The file a program name runs, found as the OS would (a path relative to the working folder,
 * or the first match on PATH), so "command not found" is a usage error naming the command
 * before any sample is sent, not a spawn error in the middle of a run.
 */
export function resolveProgram(program: string, env: NodeJS.ProcessEnv = process.env): string {
  const isWindows = process.platform === "win32";
  const extensions = isWindows ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";")] : [""];
  const hasDir = program.includes("/") || (isWindows && program.includes("\\"));
  const dirs = hasDir ? [""] : (env.PATH ?? "").split(path.delimiter).filter((d) => d !== "");
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = path.resolve(dir, program + ext);
      if (isRunnable(candidate)) return candidate;
    }
  }
  if (hasDir) {
    const exists = isFile(path.resolve(program));
    throw new UsageError(
      exists
        ? `command "${program}" is not executable: chmod +x it, or run it through its interpreter (e.g. command:"python3 ${program}").`
        : `command not found: "${program}" (no such file from ${process.cwd()}).`,
    );
  }
  throw new UsageError(
    `command not found: "${program}" is not on PATH. Give the full path, or install it ` +
      `(e.g. command:"python3 server.py" needs python3 on PATH).`,
  );
}

function isRunnable(file: string): boolean {
  if (!isFile(file)) return false;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
