import type { JsonSchema } from "../../src/schema.js";

/** `problems.json`: an object keyed by problem id; only the fields read are required. */
export const PROBLEMS_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: {
    type: "object",
    required: ["question", "choices", "answer", "hint", "image"],
    properties: {
      question: { type: "string" },
      choices: { type: "array", minItems: 1, items: { type: "string" } },
      answer: { type: "integer", minimum: 0 },
      hint: { type: "string" },
      image: { type: ["string", "null"] },
      split: { type: "string" },
    },
  },
};

/** `pid_splits.json`: problem ids per split; the test split is the one evaluated. */
export const PID_SPLITS_SCHEMA: JsonSchema = {
  type: "object",
  required: ["test"],
  properties: { test: { type: "array", items: { type: "string" } } },
};
