import { GATE_OPTIONS } from "./gate-options.js";
import type { OptionDef } from "./option-def.js";
import { runOptionTable } from "./run-option-table.js";

/**
 * vlm-bench.config.json's JSON Schema, generated from the options table. The generated file,
 * schema/vlm-bench.config.schema.json, is committed and shipped: editors read it through
 * "$schema", and the core's loader (src/config/load.ts) validates with it as data, so src/
 * needs no import of app/. `npm run options` rewrites it; a test fails when it is stale.
 */
type Schema = Record<string, unknown>;

/** What a section object (a dotted config key's first part) holds. */
const SECTION_HELP: Readonly<Record<string, string>> = {
  judge: "The LLM judge for MM-Vet (and MMVP answers without a clear option letter), for every model.",
  gate: "Thresholds read by `vlm-bench gate --config FILE` (its command-line options win).",
};

export function configSchema(table: readonly OptionDef[] = [...runOptionTable(), ...GATE_OPTIONS]): Schema {
  const model = objectOf(table.filter((d) => d.scope === "model" && d.config !== undefined));
  const top = table.filter((d) => d.scope === "run" && d.config !== undefined);
  const sections = [...new Set(top.filter((d) => d.config!.includes(".")).map((d) => d.config!.split(".")[0]!))];
  const definitions: Record<string, Schema> = { model: model.schema };
  for (const name of sections) {
    const inner = top.filter((d) => d.config!.startsWith(`${name}.`)).map((d) => ({ ...d, config: d.config!.slice(name.length + 1) }));
    definitions[name] = { ...(SECTION_HELP[name] ? { description: SECTION_HELP[name] } : {}), ...objectOf(inner).schema };
  }
  const plain = Object.fromEntries(top.filter((d) => !d.config!.includes(".")).map((d) => [d.config!, fragment(d)]));
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/vlm-bench/vlm-bench/schema/vlm-bench.config.schema.json",
    title: "vlm-bench.config.json",
    description:
      "Models, benchmarks and data for `vlm-bench run --config FILE`; the gate section is read by `vlm-bench gate`. " +
      "Relative paths are relative to the config file's folder. Generated from app/options.ts by `npm run options`.",
    type: "object",
    additionalProperties: false,
    required: ["models"],
    properties: {
      $schema: { type: "string", description: "Path or URL of this schema, for editors." },
      models: {
        type: "array",
        minItems: 1,
        description: "One grid row per model; each gets its own output folder <out>/<name>.",
        items: { $ref: "#/definitions/model" },
      },
      ...plain,
      ...Object.fromEntries(sections.map((name) => [name, { $ref: `#/definitions/${name}` }])),
    },
    definitions,
  };
}

/** The schema file's text, as committed. */
export function configSchemaText(): string {
  return `${JSON.stringify(configSchema(), null, 2)}\n`;
}

/** An object of the given options; a dotted key (`onnx.threads`) nests in an object of its own. */
function objectOf(defs: readonly OptionDef[]): { schema: Schema } {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const nested = new Map<string, OptionDef[]>();
  for (const def of defs) {
    const [first, rest] = splitKey(def.config!);
    if (rest !== undefined) nested.set(first, [...(nested.get(first) ?? []), { ...def, config: rest }]);
    else properties[first] = fragment(def);
    if (def.required && rest === undefined) required.push(first);
  }
  for (const [name, inner] of nested) {
    const adapter = inner[0]!.adapter?.kind;
    properties[name] = { ...(adapter ? { description: `Options of the ${adapter}: adapter.` } : {}), ...objectOf(inner).schema };
  }
  return { schema: { type: "object", additionalProperties: false, ...(required.length > 0 ? { required } : {}), properties } };
}

function splitKey(key: string): [string, string | undefined] {
  const dot = key.indexOf(".");
  return dot < 0 ? [key, undefined] : [key.slice(0, dot), key.slice(dot + 1)];
}

/** One option's schema: its type and bounds, its help as description, its default. */
function fragment(def: OptionDef): Schema {
  const bounds = {
    ...(def.minimum !== undefined ? { minimum: def.minimum } : {}),
    ...(def.exclusiveMinimum !== undefined ? { exclusiveMinimum: def.exclusiveMinimum } : {}),
    ...(def.exclusiveMaximum !== undefined ? { exclusiveMaximum: def.exclusiveMaximum } : {}),
  };
  const keyPattern = def.pattern === undefined ? {} : { propertyNames: { pattern: def.pattern.regex } };
  let type: Schema;
  switch (def.type) {
    case "string":
      type = { type: "string", ...(def.pattern !== undefined ? { pattern: def.pattern.regex } : { minLength: 1 }) };
      break;
    case "integer":
    case "number":
      type = def.keywords?.length ? { anyOf: [{ type: def.type, ...bounds }, { enum: def.keywords }] } : { type: def.type, ...bounds };
      break;
    case "flag":
      type = { type: "boolean" };
      break;
    case "list":
      type = { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", minLength: 1 } };
      break;
    case "argv":
      type = { type: "array", minItems: 1, items: { type: "string" } };
      break;
    case "pairs":
      type = { type: "object", ...keyPattern, additionalProperties: { type: ["string", "number", "boolean"] } };
      break;
    case "number-map":
      type = { type: "object", ...keyPattern, additionalProperties: { type: "number", ...bounds } };
      break;
  }
  if (def.repeatable) type = { anyOf: [type, { type: "array", minItems: 1, items: type }] };
  // A required key has no default in the file, whatever the command line's is.
  const fallback = def.default !== undefined && !def.required ? { default: def.default } : {};
  return { ...type, description: def.help, ...fallback };
}
