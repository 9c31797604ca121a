import type { BenchmarkResult, ResultsFile, TokenPrices, TokenUsage } from "../../src/types.js";
import { costOf, plusUsage } from "../../src/usage.js";
import { escapeHtml } from "./escape.js";

/**
 * The manifest card's token usage: per benchmark the model's prompt and completion tokens and
 * their cost, the judge's (fresh and cached replies together: what grading cost), the total
 * cost, and a total row. Costs need the prices results.json recorded (a config file's `prices`).
 */
export function usageTable(results: ResultsFile): string {
  const entries = Object.entries(results.benchmarks).map(([name, b]) => ({ name, part: parts(results, b!) }));
  if (entries.every((e) => e.part.model === undefined && e.part.judge === undefined)) {
    return '<p class="usage">Token usage: not recorded in results.json (written by a harness version before usage was recorded).</p>';
  }
  const totals = totalOf(entries.map((e) => e.part));
  const rows = entries.map((e) => `<tr data-usage="${escapeHtml(e.name)}"><td>${escapeHtml(e.name)}</td>${cells(e.part)}</tr>`);
  const total = `<tr class="total" data-usage="total"><td>total</td>${cells(totals)}</tr>`;
  const notes = [...entries.flatMap((e) => partNotes(e.name, e.part)), ...totalNotes(totals)];
  return `<table class="manifest-usage"><thead><tr><th>Tokens</th><th class="num">model prompt</th><th class="num">model completion</th><th class="num">model cost</th><th class="num">judge prompt</th><th class="num">judge completion</th><th class="num">judge cost</th><th class="num">total cost</th></tr></thead>
<tbody>${rows.join("")}${total}</tbody></table>
<p class="usage">${escapeHtml(pricesText(results))}</p>${notes.length > 0 ? `<ul class="usage">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : ""}`;
}

/** One side (the model or the judge) of a benchmark: its tokens and, when priced, their cost. */
interface Side {
  usage: TokenUsage;
  prices?: TokenPrices;
}

interface Parts {
  /** Undefined: not recorded (an older results.json). */
  model?: Side;
  /** Undefined: no judge, or its usage not recorded; `judged` tells which. */
  judge?: Side;
  judged: boolean;
  /** The judge's replies taken from its cache (judge.jsonl), of `judge.usage.calls`. */
  cachedReplies?: number;
}

function parts(results: ResultsFile, b: BenchmarkResult): Parts {
  const part: Parts = { judged: b.judge !== undefined };
  if (b.usage !== undefined) part.model = { usage: b.usage, ...(results.model.prices ? { prices: results.model.prices } : {}) };
  const j = b.judge;
  if (j?.usage !== undefined) {
    const cached = j.cached_usage ?? { calls: 0, reported: 0, prompt_tokens: 0, completion_tokens: 0 };
    part.judge = { usage: plusUsage(j.usage, cached), ...(j.prices ? { prices: j.prices } : {}) };
    part.cachedReplies = cached.calls;
  }
  return part;
}

/** A side's cost in USD, or undefined when it has no prices or no reported tokens. */
function costOfSide(side: Side | undefined): number | undefined {
  if (side?.prices === undefined || side.usage.reported === 0) return undefined;
  return costOf(side.usage, side.prices);
}

function cells(part: Parts): string {
  const model = sideCells(part.model, "not recorded");
  const judge = part.judged || part.judge !== undefined ? sideCells(part.judge, "not recorded") : ["–", "–", "–"].map(num);
  const modelCost = costOfSide(part.model);
  const judgeCost = costOfSide(part.judge);
  // A total only when every side that used tokens is priced: a partial sum would read as the whole cost.
  const judgeNeeded = part.judged || part.judge !== undefined;
  const total = modelCost === undefined || (judgeNeeded && judgeCost === undefined) ? undefined : modelCost + (judgeCost ?? 0);
  return [...model, ...judge, num(total === undefined ? "–" : usd(total))].join("");
}

/** Prompt tokens, completion tokens and cost of one side; "not reported by the adapter" when no call reported usage. */
function sideCells(side: Side | undefined, missing: string): string[] {
  if (side === undefined) return [`<td class="missing" colspan="2">${escapeHtml(missing)}</td>`, num("–")];
  if (side.usage.reported === 0) return ['<td class="missing" colspan="2">not reported by the adapter</td>', num("–")];
  const cost = costOfSide(side);
  return [
    num(count(side.usage.prompt_tokens)),
    num(count(side.usage.completion_tokens)),
    num(cost === undefined ? "no prices" : usd(cost)),
  ];
}

/** The sum over benchmarks; a side is missing in the total when it is missing in any benchmark that has it. */
function totalOf(all: readonly Parts[]): Parts {
  const sum = (sides: (Side | undefined)[]): Side | undefined => {
    if (sides.length === 0 || sides.some((s) => s === undefined)) return undefined;
    const usage = sides.reduce((acc, s) => plusUsage(acc, s!.usage), { calls: 0, reported: 0, prompt_tokens: 0, completion_tokens: 0 });
    // Prices of a side are the same in every benchmark of one results.json (model) or one judge; a mix has no single total.
    const prices = sides[0]!.prices;
    const same = sides.every((s) => s!.prices?.input === prices?.input && s!.prices?.output === prices?.output);
    return { usage, ...(prices !== undefined && same ? { prices } : {}) };
  };
  const judgedParts = all.filter((p) => p.judged || p.judge !== undefined);
  return {
    model: sum(all.map((p) => p.model)),
    judged: judgedParts.length > 0,
    ...(judgedParts.length > 0 ? { judge: sum(judgedParts.map((p) => p.judge)) } : {}),
  };
}

/** Where counts need words: answers that reported no usage, judge replies from the cache. */
function partNotes(name: string, part: Parts): string[] {
  const notes: string[] = [];
  const m = part.model?.usage;
  if (m !== undefined && m.reported > 0 && m.reported < m.calls) {
    notes.push(`${name}: ${m.reported} of ${m.calls} answers reported usage; the model's tokens and cost cover those only.`);
  }
  const j = part.judge?.usage;
  if (j !== undefined && j.reported > 0 && j.reported < j.calls) {
    notes.push(`${name}: ${j.reported} of ${j.calls} judge replies carry usage; the judge's tokens and cost cover those only.`);
  }
  if (j !== undefined && (part.cachedReplies ?? 0) > 0) {
    notes.push(
      `${name}: ${part.cachedReplies} of the judge's ${j.calls} replies came from its cache (judge.jsonl), paid when first asked.`,
    );
  }
  return notes;
}

/** The totals sum reported tokens only: say so when some answers or judge replies reported none. */
function totalNotes(total: Parts): string[] {
  const notes: string[] = [];
  const m = total.model?.usage;
  if (m !== undefined && m.reported < m.calls) {
    notes.push(`total: ${m.reported} of ${m.calls} answers reported usage; the model's total tokens and cost cover those only.`);
  }
  const j = total.judge?.usage;
  if (j !== undefined && j.reported < j.calls) {
    notes.push(`total: ${j.reported} of ${j.calls} judge replies carry usage; the judge's total tokens and cost cover those only.`);
  }
  return notes;
}

function pricesText(results: ResultsFile): string {
  const model = results.model.prices;
  const judges = new Map<string, TokenPrices | undefined>();
  for (const b of Object.values(results.benchmarks)) if (b?.judge !== undefined) judges.set(b.judge.model, b.judge.prices);
  const text = (p: TokenPrices | undefined) => (p === undefined ? "not given" : `${usd(p.input)} / ${usd(p.output)}`);
  const judge = [...judges].map(([name, p]) => `; judge ${name}: ${text(p)}`).join("");
  return `Prices per 1M prompt / completion tokens: model ${text(model)}${judge} (a config file's "prices").`;
}

const num = (text: string) => `<td class="num">${escapeHtml(text)}</td>`;
const count = (n: number) => n.toLocaleString("en-US");

/** US dollars: cents above a dollar, three significant digits below (a mini run costs fractions of a cent). */
export function usd(x: number): string {
  if (x >= 1 || x === 0) return `$${x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const text = x.toLocaleString("en-US", { maximumSignificantDigits: 3 });
  return `$${/\.\d$/.test(text) ? `${text}0` : text}`;
}
