import type { JsonSchema } from "../../src/schema.js";

/** `v2_OpenEnded_mscoco_<split>_questions.json`: only the fields vlm-bench reads are required. */
export const QUESTIONS_SCHEMA: JsonSchema = {
  type: "object",
  required: ["questions"],
  properties: {
    questions: {
      type: "array",
      items: {
        type: "object",
        required: ["image_id", "question", "question_id"],
        properties: {
          image_id: { type: "integer", minimum: 0 },
          question: { type: "string" },
          question_id: { type: "integer", minimum: 0 },
        },
      },
    },
  },
};

/** One entry of `annotations[]`: every question has exactly ten human answers. */
export const ANNOTATION_SCHEMA: JsonSchema = {
  type: "object",
  required: ["question_id", "answer_type", "question_type", "answers"],
  properties: {
    question_id: { type: "integer", minimum: 0 },
    answer_type: { type: "string" },
    question_type: { type: "string" },
    multiple_choice_answer: { type: "string" },
    answers: {
      type: "array",
      minItems: 10,
      maxItems: 10,
      items: { type: "object", required: ["answer"], properties: { answer: { type: "string" } } },
    },
  },
};

/** `v2_mscoco_val2014_annotations.json`. */
export const ANNOTATIONS_SCHEMA: JsonSchema = {
  type: "object",
  required: ["annotations"],
  properties: { annotations: { type: "array", items: ANNOTATION_SCHEMA } },
};
