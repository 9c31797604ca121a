import { describe, expect, it } from "vitest";
import { embedJson, escapeHtml, renderHtml } from "../../reports/html/report.js";
import { benchmarks } from "../../datasets/index.js";
import { gridColumns } from "../../reports/columns.js";
import { buildGrid } from "../../reports/grid.js";
import { resultsFile } from "../helpers/results-files.js";

describe("HTML escaping", () => {
  it.each([
    ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    [`a & "b" 'c'`, "a &amp; &quot;b&quot; &#39;c&#39;"],
  ])("escapeHtml(%j)", (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped);
  });

  it("embedJson leaves no <, > or & that could end the script element, and parses back to the same value", () => {
    const value = { output: "</script><script>alert(1)</script> & <!-- \u2028", n: 1 };
    const embedded = embedJson(value);
    expect(embedded).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(embedded)).toEqual(value);
  });

  it("the page allows only its own script (by hash), inline styles and data: images", () => {
    const html = renderHtml(buildGrid([{ results: resultsFile({ name: "</title><script>x</script>" }, { pope: { metrics: { accuracy: 1, f1: 1 } } }) }], { columns: gridColumns(benchmarks) }), {
      models: [{ label: "m" }], benchmarks: ["pope"], images: {}, samples: [],
    });
    expect(html).toMatch(/content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/=]+'"/);
    expect(html).toContain("<td>openai:&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</td>");
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});
