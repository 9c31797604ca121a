import { UsageError } from "../src/errors.js";
import { type OptionDef, optionName } from "./option-def.js";
import { runOptionTable } from "./run-option-table.js";

/**
 * The bridge between the adapters' own options as rows of run's table (app/run-option-table.ts,
 * from adapters/index.ts `adapterOptions`) and AdapterSpec.options: the flags and a config
 * file's keys are read by the table like every other option (app/option-flags.ts,
 * app/config-options.ts); this picks the adapter's ones out of the parsed values.
 */

/** The adapters' own options among run's parsed options, under their table keys (`onnxThreads`). */
export type AdapterOptionValues = { readonly [tableKey: string]: unknown };

/**
 * AdapterSpec.options for a model of adapter `kind` from run's parsed options (`onnxThreads: 4`
 * → `threads: 4`). One meant for another adapter kind would be ignored, so it is refused (exit 2).
 */
export function adapterOptionsOf(
  values: Readonly<Record<string, unknown>>,
  model: string,
  kind: string,
  table: readonly OptionDef[] = runOptionTable(),
): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const def of table) {
    if (def.adapter === undefined || values[def.key] === undefined) continue;
    if (def.adapter.kind !== kind)
      throw new UsageError(`${optionName(def)} is an option of ${def.adapter.kind}: models; --model is ${model}.`);
    given[def.adapter.option] = values[def.key];
  }
  return given;
}
