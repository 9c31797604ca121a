/**
 * The report page's script, inlined into the HTML (and allowed by its CSP hash). It reads the
 * embedded JSON and builds the sample browser with DOM calls only: every model output, prompt,
 * answer and label goes in through textContent, never through HTML parsing.
 */
export const BROWSER_SCRIPT = `"use strict";
(function () {
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var PAGE = 200;
  var shown = PAGE;
  var $ = function (id) { return document.getElementById(id); };
  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
  }
  data.models.forEach(function (m, i) { option($("f-model"), String(i), m.label); });
  data.benchmarks.forEach(function (b) { option($("f-bench"), b, b); });
  var groups = {};
  // Per benchmark and sample: how the models fared, for "models disagree" and "all wrong".
  var verdicts = {};
  data.samples.forEach(function (s) {
    if (s.g !== null && s.g !== undefined) groups[s.b + "/" + s.g] = true;
    var key = s.b + "\\u0000" + s.id;
    var v = verdicts[key] || (verdicts[key] = { right: 0, wrong: 0, scores: {} });
    if (s.c === 1) v.right++;
    else if (s.c === 0) v.wrong++;
    else v.scores[String(s.score)] = true;
  });
  Object.keys(groups).sort().forEach(function (g) { option($("f-group"), g, g.replace("/", ": ")); });
  function disagree(v) { return (v.right > 0 && v.wrong > 0) || Object.keys(v.scores).length > 1; }
  function allWrong(v) {
    var scores = Object.keys(v.scores);
    return v.right === 0 && (v.wrong > 0 || scores.length > 0) && scores.every(function (x) { return Number(x) === 0; });
  }

  function text(value) {
    if (value === null || value === undefined) return "";
    return typeof value === "string" ? value : JSON.stringify(value);
  }
  // The filters' values are read once per render, not once per sample: a report holds up to ~10^5 samples.
  function filters() {
    return {
      model: $("f-model").value, bench: $("f-bench").value, result: $("f-correct").value,
      group: $("f-group").value, agree: $("f-agree").value, query: $("f-search").value.trim().toLowerCase()
    };
  }
  function matches(s, f) {
    if (f.model !== "" && String(s.m) !== f.model) return false;
    if (f.bench !== "" && s.b !== f.bench) return false;
    if (f.group !== "" && s.b + "/" + s.g !== f.group) return false;
    if (f.agree !== "") {
      var v = verdicts[s.b + "\\u0000" + s.id];
      if (f.agree === "disagree" && !disagree(v)) return false;
      if (f.agree === "allwrong" && !allWrong(v)) return false;
    }
    if (f.result === "correct" && !(s.c === 1)) return false;
    if (f.result === "incorrect" && !(s.c === 0)) return false;
    if (f.query === "") return true;
    var hay = [s.id, s.prompt, s.output, s.parsed, text(s.target), data.models[s.m].label].map(text).join("\\n").toLowerCase();
    return hay.indexOf(f.query) >= 0;
  }
  function cell(row, value, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    td.textContent = text(value);
    row.appendChild(td);
    return td;
  }
  function render() {
    var body = $("sample-rows");
    body.replaceChildren();
    var f = filters();
    var hits = data.samples.filter(function (s) { return matches(s, f); });
    hits.slice(0, shown).forEach(function (s) {
      var row = document.createElement("tr");
      row.className = "sample " + (s.c === 1 ? "right" : s.c === 0 ? "wrong" : "graded");
      cell(row, data.models[s.m].label);
      cell(row, s.b);
      cell(row, s.id, "id");
      var imageCell = cell(row, "");
      var src = s.img !== null && s.img !== undefined ? data.images[s.img] : undefined;
      if (typeof src === "string" && src.indexOf("data:image/jpeg;base64,") === 0) {
        var img = document.createElement("img");
        img.src = src;
        img.alt = "";
        img.className = "thumb";
        imageCell.appendChild(img);
      }
      var overlay = s.ov !== undefined ? data.images[s.ov] : undefined;
      if (typeof overlay === "string" && overlay.indexOf("data:image/png;base64,") === 0) {
        var ov = document.createElement("img");
        ov.src = overlay;
        ov.alt = "relevancy map";
        ov.title = "relevancy map (vlm-bench explain)";
        ov.className = "thumb overlay";
        imageCell.appendChild(ov);
      }
      cell(row, s.prompt, "text prompt");
      var noText = data.models[s.m].outputs === false ? "(not stored: this run has no predictions.jsonl, e.g. made by vlm-bench score)" : "(no answer stored)";
      cell(row, s.output === null ? noText : s.output, "text output" + (s.output === null ? " missing" : ""));
      cell(row, s.parsed === null ? "(unparsed)" : s.parsed, "parsed");
      cell(row, s.target, "target");
      cell(row, s.c === 1 ? "\\u2713 right" : s.c === 0 ? "\\u2717 wrong" : "score " + text(s.score), "result");
      body.appendChild(row);
    });
    $("sample-count").textContent = "Showing " + Math.min(shown, hits.length) + " of " + hits.length +
      " matching samples (" + data.samples.length + " in the report).";
    $("more").hidden = hits.length <= shown;
  }
  ["f-model", "f-bench", "f-group", "f-agree", "f-correct"].forEach(function (id) {
    $(id).addEventListener("change", function () { shown = PAGE; render(); });
  });
  $("f-search").addEventListener("input", function () { shown = PAGE; render(); });
  $("more").addEventListener("click", function () { shown += PAGE; render(); });
  render();
})();
`;
