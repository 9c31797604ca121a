import { closeSync, openSync, renameSync, writeFileSync, writeSync } from "node:fs";

/**
 * Writes via a temporary file and a rename, so a crash never leaves half a file.
 * `text` may be a sequence of pieces (e.g. one per JSON line), written in chunks of about
 * 1 MiB: VQAv2 val's 214k item lines joined into one string would cost a copy of them all.
 */
export function writeFileAtomic(file: string, text: string | Iterable<string>): void {
  const temp = `${file}.${process.pid}.tmp`;
  if (typeof text === "string") {
    writeFileSync(temp, text);
  } else {
    const fd = openSync(temp, "w");
    try {
      let chunk = "";
      for (const piece of text) {
        chunk += piece;
        if (chunk.length >= 1 << 20) {
          writeSync(fd, chunk);
          chunk = "";
        }
      }
      if (chunk !== "") writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  }
  renameSync(temp, file);
}
