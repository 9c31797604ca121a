import { DataError } from "./errors.js";

/**
 * Refuses, lexically, an image name taken from a dataset file that could reach outside the
 * benchmark's folder: an absolute path (POSIX, Windows drive or UNC) or one with a `..` segment.
 * Checked before any path is resolved, so a symbolic link inside the data folder (LLaVA's
 * playground folders are made of them) is still followed; only the name is judged.
 * `where` names the entry, e.g. "question 2012", "/123/image" or "line 7".
 */
export function checkImageName(file: string, where: string, name: string, context: { line?: number; sampleId?: string } = {}): void {
  const problem = imageNameProblem(name);
  if (problem === null) return;
  throw new DataError(
    `${file}, ${where}: image name ${JSON.stringify(name)} ${problem}; images must be named relative to the benchmark's image folder. ` +
      `Restore the official file.`,
    { file, ...context },
  );
}

/** Why `name` may not be used as an image name, or null when it is a plain relative name. */
export function imageNameProblem(name: string): string | null {
  if (name.includes("\0")) return "holds a NUL byte";
  if (name.startsWith("/") || name.startsWith("\\") || /^[A-Za-z]:/.test(name)) return "is an absolute path";
  if (name.split(/[\\/]/).includes("..")) return 'has a ".." segment that climbs out of the folder';
  return null;
}
