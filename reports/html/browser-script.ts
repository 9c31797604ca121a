/**
 * The report page's script, inlined into the HTML (and allowed by its CSP hash). It reads the
 * embedded JSON (reports/html/report-data.ts) and builds the sample browser and the two-model
 * comparison with DOM calls only: every model output, prompt, answer and label goes in through
 * textContent, never through HTML parsing. Work is done when shown: the first page of samples
 * renders before anything else is computed.
 */
export const BROWSER_SCRIPT = `"use strict";
(function () {
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var PAGE = 50;
  var FLIP_PAGE = 50;
  var shown = PAGE;
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function option(select, value, text) {
    var o = el("option", "", text);
    o.value = value;
    select.appendChild(o);
  }
  function text(value) {
    if (value === null || value === undefined) return "";
    return typeof value === "string" ? value : JSON.stringify(value);
  }
  function fixed(x) { return typeof x === "number" ? x.toFixed(3) : ""; }
  function pValue(p) { return p < 0.0001 ? p.toExponential(2) : p.toFixed(4); }

  data.models.forEach(function (m, i) { option($("f-model"), String(i), m.label); });
  data.benchmarks.forEach(function (b, i) { option($("f-bench"), String(i), b); });
  var groups = {};
  data.samples.forEach(function (s) { if (s.g !== null && s.g !== undefined) groups[s.b + "/" + s.g] = true; });
  Object.keys(groups).sort(function (x, y) {
    var a = x.split("/"), b = y.split("/");
    return data.benchmarks[a[0]] < data.benchmarks[b[0]] ? -1 : data.benchmarks[a[0]] > data.benchmarks[b[0]] ? 1 : x < y ? -1 : x > y ? 1 : 0;
  }).forEach(function (g) {
    var i = g.indexOf("/");
    option($("f-group"), g, data.benchmarks[Number(g.slice(0, i))] + ": " + g.slice(i + 1));
  });

  function answers(s) { return s.a.filter(function (x) { return x !== null; }); }
  function disagree(s) {
    var seen = {};
    answers(s).forEach(function (x) { seen[x.c === null ? "s" + x.s : "c" + x.c] = true; });
    return Object.keys(seen).length > 1;
  }
  function allWrong(s) {
    var a = answers(s);
    return a.length > 0 && a.every(function (x) { return x.c === 0 || (x.c === null && Number(x.s) === 0); });
  }
  // The filters' values are read once per render, not once per sample: a report holds up to ~10^5 samples.
  function filters() {
    return {
      model: $("f-model").value, bench: $("f-bench").value, result: $("f-correct").value,
      group: $("f-group").value, agree: $("f-agree").value, query: $("f-search").value.trim().toLowerCase()
    };
  }
  function haystack(s) {
    var parts = [s.id, s.prompt, s.target];
    s.a.forEach(function (x, m) { if (x !== null) parts.push(x.o, x.p, x.t, data.models[m].label); });
    return parts.map(text).join("\\n").toLowerCase();
  }
  function matches(s, f) {
    if (f.bench !== "" && String(s.b) !== f.bench) return false;
    if (f.group !== "" && s.b + "/" + s.g !== f.group) return false;
    if (f.agree === "disagree" && !disagree(s)) return false;
    if (f.agree === "allwrong" && !allWrong(s)) return false;
    var mine = f.model === "" ? answers(s) : [s.a[Number(f.model)]].filter(function (x) { return x !== null && x !== undefined; });
    if (mine.length === 0) return false;
    if (f.result === "correct" && !mine.every(function (x) { return x.c === 1; })) return false;
    if (f.result === "incorrect" && !mine.some(function (x) { return x.c === 0; })) return false;
    return f.query === "" || haystack(s).indexOf(f.query) >= 0;
  }
  function cell(row, value, className) {
    var td = el("td", className, text(value));
    row.appendChild(td);
    return td;
  }
  function imageCell(row, s, overlays) {
    var td = cell(row, "", "image");
    var src = s.img !== null ? data.images[s.img] : undefined;
    if (typeof src === "string" && src.indexOf("data:image/jpeg;base64,") === 0) {
      var img = el("img", "thumb");
      img.src = src;
      img.alt = "";
      td.appendChild(img);
    }
    overlays.forEach(function (key) {
      var overlay = data.images[key];
      if (typeof overlay !== "string" || overlay.indexOf("data:image/png;base64,") !== 0) return;
      var ov = el("img", "thumb overlay");
      ov.src = overlay;
      ov.alt = "relevancy map";
      ov.title = "relevancy map (vlm-bench explain)";
      td.appendChild(ov);
    });
    return td;
  }
  function answerItem(x, m) {
    var li = el("li", "answer " + (x.c === 1 ? "right" : x.c === 0 ? "wrong" : "graded"));
    li.dataset.model = String(m);
    li.appendChild(el("span", "model", data.models[m].label));
    var missing = data.models[m].outputs === false ? "(not stored: this run folder has no predictions.jsonl)" : "(no answer stored)";
    li.appendChild(el("span", "text output" + (x.o === null ? " missing" : ""), x.o === null ? missing : x.o));
    li.appendChild(el("span", "parsed", x.p === null ? "(unparsed)" : x.p));
    li.appendChild(el("span", "result", x.c === 1 ? "\\u2713 right" : x.c === 0 ? "\\u2717 wrong" : "score " + text(x.s)));
    if (x.t !== undefined) li.appendChild(el("span", "target own", "its target: " + text(x.t)));
    return li;
  }
  function sampleRow(s, models) {
    var row = el("tr", "sample");
    cell(row, data.benchmarks[s.b], "bench");
    cell(row, s.id, "id");
    imageCell(row, s, models.map(function (m) { return s.a[m] && s.a[m].ov; }).filter(Boolean));
    cell(row, s.prompt === null ? "(prompt not at hand: table --data DIR)" : s.prompt, "text prompt" + (s.prompt === null ? " missing" : ""));
    cell(row, s.target, "target");
    var list = el("ul", "answers");
    models.forEach(function (m) { if (s.a[m]) list.appendChild(answerItem(s.a[m], m)); });
    cell(row, "", "answers").appendChild(list);
    return row;
  }
  var allModels = data.models.map(function (_, i) { return i; });
  function render() {
    var body = $("sample-rows");
    body.replaceChildren();
    var f = filters();
    var models = f.model === "" ? allModels : [Number(f.model)];
    var hits = [];
    for (var i = 0; i < data.samples.length; i++) if (matches(data.samples[i], f)) hits.push(data.samples[i]);
    hits.slice(0, shown).forEach(function (s) { body.appendChild(sampleRow(s, models)); });
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
  // For \`npm run bench\`: when, after navigation started, the first samples were on the page.
  if (performance.mark) performance.mark("vlm-bench:samples-rendered");

  // #compare: the gate's numbers for the chosen ordered pair, computed when the report was written.
  if (!data.pairs || data.pairs.length === 0 || !$("compare-body")) return;
  var pairs = {};
  data.pairs.forEach(function (p) { pairs[p.baseline + "," + p.candidate] = p; });
  data.models.forEach(function (m, i) { option($("cmp-a"), String(i), m.label); option($("cmp-b"), String(i), m.label); });
  $("cmp-b").value = "1";
  var METRIC_HEAD = ["metric", "test", "n", "baseline", "candidate", "difference", "lost", "gained", "p (drop)", "p (gain)", "Holm p (drop)", "status"];
  function metricTable(metrics) {
    var table = el("table", "pair");
    var head = el("tr");
    METRIC_HEAD.forEach(function (h) { head.appendChild(el("th", "", h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    metrics.forEach(function (x) {
      var row = el("tr", "metric");
      row.dataset.metric = x.metric;
      [x.metric, x.test, String(x.n), fixed(x.baseline), fixed(x.candidate), fixed(x.difference),
        x.lost === undefined ? "" : String(x.lost), x.gained === undefined ? "" : String(x.gained),
        pValue(x.pDrop), pValue(x.pGain), pValue(x.adjustedP), x.status].forEach(function (v, i) {
        var td = cell(row, v, i >= 2 && i <= 10 ? "num" : "");
        if (i >= 8 && i <= 10) td.dataset.p = String([x.pDrop, x.pGain, x.adjustedP][i - 8]);
      });
      body.appendChild(row);
    });
    return table;
  }
  function flippedList(b, pair, box) {
    var count = 0;
    var table = el("table", "samples flipped");
    var head = el("tr");
    ["Benchmark", "Sample", "Image", "Prompt", "Target", "Answers"].forEach(function (h) { head.appendChild(el("th", "", h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    var more = el("button", "", "Show more");
    more.type = "button";
    function page() {
      b.flipped.slice(count, count + FLIP_PAGE).forEach(function (ref) {
        if (typeof ref === "number") body.appendChild(sampleRow(data.samples[ref], [pair.baseline, pair.candidate]));
        else {
          var row = el("tr", "sample");
          cell(row, b.benchmark); cell(row, ref, "id");
          var td = cell(row, "(not in the page: raise table --samples)", "missing");
          td.colSpan = 4;
          body.appendChild(row);
        }
      });
      count = Math.min(b.flipped.length, count + FLIP_PAGE);
      more.hidden = count >= b.flipped.length;
    }
    more.addEventListener("click", page);
    // Closed at first: seven benchmarks' lists would bury the tests of the next benchmark.
    var details = el("details", "flipped");
    details.appendChild(el("summary", "", "The " + b.flipped.length + " listed samples, with both answers"));
    details.appendChild(el("div", "scroll")).appendChild(table);
    details.appendChild(more);
    box.appendChild(details);
    page();
  }
  function renderPair() {
    var box = $("compare-body");
    box.replaceChildren();
    var a = $("cmp-a").value, b = $("cmp-b").value;
    if (a === b) { box.appendChild(el("p", "missing", "Choose two different models.")); return; }
    var pair = pairs[a + "," + b];
    if (!pair) { box.appendChild(el("p", "missing", "No comparison recorded for this pair.")); return; }
    box.appendChild(el("p", "command")).appendChild(el("code", "", pair.command));
    pair.notes.forEach(function (n) { box.appendChild(el("p", "hint", n)); });
    pair.benchmarks.forEach(function (x) {
      var part = el("div", "pair-benchmark");
      part.dataset.benchmark = x.benchmark;
      part.appendChild(el("h3", "", x.benchmark));
      if (!x.comparable) {
        var reasons = el("ul", "reasons");
        (x.reasons || []).forEach(function (r) { reasons.appendChild(el("li", "", r)); });
        part.appendChild(el("p", "", "Not compared: the gate refuses this pair on " + x.benchmark + "."));
        part.appendChild(reasons);
        box.appendChild(part);
        return;
      }
      part.appendChild(el("div", "scroll")).appendChild(metricTable(x.metrics || []));
      var total = x.flippedTotal === undefined ? (x.flipped || []).length : x.flippedTotal;
      var flipText = total + " of " + x.common + " common items differ: the baseline did better on " + x.baselineBetter +
        ", the candidate on " + x.candidateBetter + (x.flipped && x.flipped.length < total ? " (the first " + x.flipped.length + " are listed)" : "") + ".";
      var flipLine = part.appendChild(el("p", "flip-count", flipText));
      flipLine.dataset.total = String(total);
      flipLine.dataset.baselineBetter = String(x.baselineBetter);
      flipLine.dataset.candidateBetter = String(x.candidateBetter);
      if (x.flipped && x.flipped.length > 0) flippedList(x, pair, part);
      box.appendChild(part);
    });
  }
  $("cmp-a").addEventListener("change", renderPair);
  $("cmp-b").addEventListener("change", renderPair);
  renderPair();
})();
`;
