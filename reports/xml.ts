/**
 * Text safe inside XML/SVG element content and attribute values: the five markup characters
 * escaped, and characters XML 1.0 forbids (C0 controls other than tab, newline, carriage
 * return; lone surrogates; U+FFFE/U+FFFF) replaced by U+FFFD, so a model's output or a file
 * name can never break the document.
 */
export function escapeXml(text: string): string {
  return text
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      "\uFFFD",
    )
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
