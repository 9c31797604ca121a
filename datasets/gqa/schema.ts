import type { JsonSchema } from "../../src/schema.js";

/** `testdev_balanced_questions.json`: an object keyed by question id; only the fields read are required. */
export const GQA_QUESTIONS_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: {
    type: "object",
    required: ["question", "imageId", "answer", "isBalanced", "types"],
    properties: {
      question: { type: "string" },
      imageId: { type: "string", minLength: 1 },
      answer: { type: "string" },
      isBalanced: { type: "boolean" },
      types: { type: "object", required: ["structural"], properties: { structural: { type: "string" } } },
    },
  },
};
