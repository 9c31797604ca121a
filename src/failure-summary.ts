/**
 * Failed samples in one short paragraph: failures that share a cause (the same message once
 * their sample ids are taken out, e.g. an unreachable server) are said once with the ids they
 * hit, so a message is never repeated per sample; at most `shown` distinct causes.
 */
export function summarizeFailures(failures: readonly { id: string; message: string }[], shown = 3): string {
  const byCause = new Map<string, { ids: string[]; message: string }>();
  for (const f of failures) {
    // An adapter names the request's sample as "(sample BENCH ID)": a judge grading the same answer
    // for several samples names the first, so that part is left out of the comparison too.
    const cause = (f.id === "" ? f.message : f.message.replaceAll(f.id, "\u0000")).replace(/\(sample [^)]*\)/g, "");
    const group = byCause.get(cause);
    if (group === undefined) byCause.set(cause, { ids: [f.id], message: f.message });
    else group.ids.push(f.id);
  }
  const groups = [...byCause.values()];
  const parts = groups.slice(0, shown).map(({ ids, message }) => {
    if (ids.length === 1) return `${ids[0]}: ${message}`;
    const named = ids.slice(0, 3).join(", ");
    return `${ids.length} samples (${named}${ids.length > 3 ? ", …" : ""}), e.g. ${ids[0]}: ${message}`;
  });
  if (groups.length > shown) parts.push(`and ${groups.length - shown} other causes`);
  return parts.join("; ");
}
