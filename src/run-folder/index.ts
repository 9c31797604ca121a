/**
 * The run folder (`run --out DIR`): its file names and the one reader and writer of each file.
 * results.json and items.jsonl are checked against JSON Schemas (schemas.ts) on every read.
 */
export { writeFileAtomic } from "./atomic.js";
export { type ItemLine, itemValue, readItems, writeItems } from "./items-jsonl.js";
export { type LoadedRun, loadRun, type ReadRunOptions, type RunFolder, readRunFolder } from "./load.js";
export { ITEMS_FILE, PREDICTIONS_FILE, RESULTS_FILE, resultsFileOf, TABLE_FILE } from "./names.js";
export { type PredictionRecord, predictionRecords, readModelPredictions, readPredictions } from "./predictions-jsonl.js";
export { previousResults, readResults, startResults, writeResults, writeResultsFile } from "./results-json.js";
export { ITEM_LINE_SCHEMA, PREDICTION_LINE_SCHEMA, RESULTS_SCHEMA } from "./schemas.js";
