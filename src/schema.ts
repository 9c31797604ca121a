import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { DataError } from "./errors.js";

/**
 * JSON Schema checks for the benchmarks' annotation files (ajv), so a file of the wrong shape
 * is named with the exact place that is wrong (`/annotations/12/answers`) before any model call.
 */
const ajv = new Ajv({ allErrors: false, strict: true });
const compiled = new WeakMap<object, ValidateFunction>();

export type JsonSchema = Record<string, unknown>;

/**
 * Throws a DataError naming `file`, the JSON path and what is wrong there; `hint` says what to
 * do. `at` is where `value` sits in the file (e.g. `/annotations/12`) when it is one element.
 */
export function validateJson(file: string, value: unknown, schema: JsonSchema, hint: string, at = ""): void {
  let validate = compiled.get(schema);
  if (validate === undefined) compiled.set(schema, (validate = ajv.compile(schema)));
  if (validate(value)) return;
  const error = validate.errors![0]!;
  throw new DataError(`${file}: ${describeSchemaError(error, value, at)}. ${hint}`, { file });
}

/**
 * A compiled check for many values of one shape (e.g. every line of a JSONL file): null when
 * `value` fits, else where and what is wrong (`/correct: must be equal to one of the allowed
 * values (got 2)`) and the JSON Pointer of the place. Compiled once, so a check costs
 * microseconds.
 */
export function schemaChecker(schema: JsonSchema): (value: unknown, at?: string) => { message: string; pointer: string } | null {
  let validate = compiled.get(schema);
  if (validate === undefined) compiled.set(schema, (validate = ajv.compile(schema)));
  const check = validate;
  return (value, at = "") => {
    if (check(value)) return null;
    const error = check.errors![0]!;
    const missing = error.keyword === "required" ? `/${String((error.params as Record<string, unknown>).missingProperty)}` : "";
    return { message: describeSchemaError(error, value, at), pointer: at + error.instancePath + missing };
  };
}

/** `/questions/3: missing field "question_id"` — the path in JSON Pointer form, `(root)` for the top. */
export function describeSchemaError(error: ErrorObject, root?: unknown, at = ""): string {
  const where = at + error.instancePath === "" ? "(root)" : at + error.instancePath;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") return `${where}: missing field "${String(params.missingProperty)}"`;
  const got = root === undefined ? undefined : valueAt(root, error.instancePath);
  const shown = got === undefined ? "" : ` (got ${preview(got)})`;
  return `${where}: ${error.message ?? "is invalid"}${shown}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
