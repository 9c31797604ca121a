// The LLM-judge subsystem: any model adapter as a grader, with a reply cache. Knows no benchmark.
export { JUDGE_FILE, JudgeCache, type JudgeRecord, judgeKey } from "./cache.js";
export { type CachedJudgeOptions, createCachedJudge, JudgeError } from "./judge.js";
