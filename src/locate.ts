import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { DataError } from "./errors.js";
import type { RequiredFile } from "./types.js";

/** How deep below a benchmark folder its official files may sit (SPEC §2). */
export const SEARCH_DEPTH = 4;

export interface Located {
  /** Path of each required file or folder that was found (shallowest match wins). */
  found: Map<string, string>;
  missing: RequiredFile[];
}

/**
 * Finds each required file or folder by name under `root`, breadth-first, following symbolic
 * links (with a guard against link cycles), at most SEARCH_DEPTH levels deep.
 */
export async function locate(root: string, wanted: readonly RequiredFile[]): Promise<Located> {
  const found = new Map<string, string>();
  const pending = new Map(wanted.map((w) => [w.name, w]));
  const seen = new Set<string>();
  let level: string[] = [root];
  for (let depth = 0; depth <= SEARCH_DEPTH && level.length > 0 && pending.size > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const real = await realpath(dir).catch(() => null);
      if (real === null || seen.has(real)) continue;
      seen.add(real);
      const entries = await readdir(dir).catch(() => [] as string[]);
      entries.sort();
      for (const entry of entries) {
        const full = path.join(dir, entry);
        const info = await stat(full).catch(() => null); // stat follows symlinks
        if (info === null) continue;
        const want = pending.get(entry);
        if (want !== undefined && (want.kind === "dir") === info.isDirectory()) {
          found.set(entry, full);
          pending.delete(entry);
        }
        if (info.isDirectory()) next.push(full);
      }
    }
    level = next;
  }
  return { found, missing: [...pending.values()] };
}

/**
 * Which of the missing files a benchmark really needs. Without groups: all of them (images only
 * when `annotationsOnly` is off). With groups (alternatives such as VQAv2 val or test-dev): the
 * first group whose annotation files are all present is `chosen`, and only its missing images
 * count; when no group is complete, the first group's missing files are reported.
 */
export function neededFiles(
  files: readonly RequiredFile[],
  found: ReadonlyMap<string, string>,
  options: { annotationsOnly?: boolean } = {},
): { chosen?: string; missing: RequiredFile[] } {
  const counts = (f: RequiredFile) => !f.optional && !(options.annotationsOnly && f.imagesOnly);
  const lacking = (fs: readonly RequiredFile[]) => fs.filter((f) => counts(f) && !found.has(f.name));
  const groups = [...new Set(files.flatMap((f) => (f.group === undefined ? [] : [f.group])))];
  const always = lacking(files.filter((f) => f.group === undefined));
  if (groups.length === 0) return { missing: always };
  const members = (g: string) => files.filter((f) => f.group === g);
  const chosen = groups.find((g) => members(g).every((f) => f.imagesOnly || f.optional || found.has(f.name)));
  return { chosen, missing: [...always, ...lacking(members(chosen ?? groups[0]!))] };
}

/** A DataError for required files that `locate` did not find under `dir`. */
export function missingFilesError(title: string, dir: string, names: readonly string[], fix: string): DataError {
  return new DataError(
    `${title}: ${names.join(", ")} not found under ${dir} (searched ${SEARCH_DEPTH} levels deep, following symbolic links). To fix: ${fix}.`,
    { file: dir },
  );
}
