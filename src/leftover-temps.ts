import { readdirSync, rmSync } from "node:fs";
import path from "node:path";

/** `<name>.<pid>.tmp`: what writeFileAtomic (src/results.ts) writes before its rename. */
const TEMP_NAME = /^(.+)\.(\d+)\.tmp$/;

/**
 * Removes the temporary files that an atomic write left in `outDir` when its process was killed
 * between writing and renaming (`results.json.<pid>.tmp`). A file whose process is still alive
 * (another vlm-bench writing there right now) is left alone. Returns the names removed.
 */
export function removeLeftoverTemps(outDir: string, log?: (message: string) => void): string[] {
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return []; // no folder yet: nothing left over
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (match === null) continue;
    const pid = Number(match[2]);
    if (pid !== process.pid && isAlive(pid)) continue;
    rmSync(path.join(outDir, name), { force: true });
    removed.push(name);
  }
  if (removed.length > 0) log?.(`removed ${removed.length} leftover temporary file(s) of an interrupted write: ${removed.join(", ")}`);
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, but another user's
  }
}
