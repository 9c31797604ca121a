/**
 * Rewrites what is generated from the options table (app/options.ts):
 * schema/vlm-bench.config.schema.json and the README's table of `run` options.
 *   npm run options        (= npm run build && node dist/app/write-options.js)
 * test/app/options.test.ts fails when either is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CONFIG_SCHEMA_FILE } from "../src/config/load.js";
import { packageRoot } from "../src/package-info.js";
import { configSchemaText } from "./config-schema.js";
import { replaceBetweenMarkers, runOptionsMarkdown } from "./options-readme.js";

writeFileSync(CONFIG_SCHEMA_FILE, configSchemaText());
const readme = path.join(packageRoot, "README.md");
writeFileSync(readme, replaceBetweenMarkers(readFileSync(readme, "utf8"), runOptionsMarkdown()));
process.stderr.write(`wrote ${CONFIG_SCHEMA_FILE} and the run options table of ${readme}\n`);
