import { pythonStrip } from "../../src/python-text.js";

/**
 * LLaVA's convert_gqa_for_eval.py: `text.rstrip('.').lower()` on the stripped output. Only
 * trailing periods go, so "Yes..." → "yes" but "yes .." keeps its space and is wrong. Never null.
 */
export function parseGqa(text: string): string {
  return pythonStrip(text).replace(/\.+$/, "").toLowerCase();
}
