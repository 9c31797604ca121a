import { DataError } from "./errors.js";

/**
 * Refuses a list of ids in which one repeats: a repeated sample would be asked and scored twice
 * (n and the metric change, items.jsonl gets the id twice). `where(i)` names entry i for the
 * message (e.g. "/test/12" or "line 13"); `fix` says what to do.
 */
export function checkUniqueIds(file: string, ids: readonly (string | number)[], where: (index: number) => string, fix: string): void {
  const first = new Map<string | number, number>();
  ids.forEach((id, i) => {
    const earlier = first.get(id);
    if (earlier !== undefined) {
      throw new DataError(`${file}: ${where(i)}: id ${JSON.stringify(id)} repeats ${where(earlier)}; ${fix}.`, {
        file,
        sampleId: String(id),
      });
    }
    first.set(id, i);
  });
}
