// The LLM-judge subsystem: any model adapter as a grader, with a reply cache. Knows no benchmark.
export { JUDGE_FILE, JudgeCache, judgeKey, type JudgeRecord } from "./cache.js";
export { createCachedJudge, JudgeError, type CachedJudgeOptions } from "./judge.js";
