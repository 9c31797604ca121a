/** MME's 14 tasks as calculation.py groups and orders them (its sums run in this order). */
export const PERCEPTION_TASKS = [
  "existence",
  "count",
  "position",
  "color",
  "posters",
  "celebrity",
  "scene",
  "landmark",
  "artwork",
  "OCR",
] as const;
export const COGNITION_TASKS = ["commonsense_reasoning", "numerical_calculation", "text_translation", "code_reasoning"] as const;
export const MME_TASKS: readonly string[] = [...PERCEPTION_TASKS, ...COGNITION_TASKS];

/** The five tasks that keep images in `images/` and questions in `questions_answers_YN/`. */
export const FOLDER_TASKS: ReadonlySet<string> = new Set(["artwork", "celebrity", "landmark", "posters", "scene"]);

export const MME_ROOT = "MME_Benchmark_release_version";
