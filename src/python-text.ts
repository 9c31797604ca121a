/**
 * Python's `str.strip()` with no argument, which LLaVA's runner applies to every model output
 * before the official scorers see it. JavaScript's `trim()` differs on three kinds of character:
 * Python also strips U+001C–U+001F and U+0085 (NEL), and does not strip U+FEFF (BOM).
 */
const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const LEADING = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING = new RegExp(`[${PY_SPACE}]+$`);

export function pythonStrip(text: string): string {
  return text.replace(LEADING, "").replace(TRAILING, "");
}

const RUNS = new RegExp(`[${PY_SPACE}]+`);

/** Python's `str.split()` with no argument: split on runs of (Python) whitespace, no empty words. */
export function pythonSplit(text: string): string[] {
  const stripped = pythonStrip(text);
  return stripped === "" ? [] : stripped.split(RUNS);
}
