import { adapterOptions } from "../adapters/index.js";
import { adapterOptionDefs, type OptionDef } from "./option-def.js";
import { RUN_OPTIONS } from "./options.js";

/**
 * `run`'s whole table: RUN_OPTIONS, then the adapters' own options as the adapter factories
 * declare them (adapters/index.ts `adapterOptions`). Apart from app/options.ts because loading
 * every adapter takes a while: the CLI adds these rows only when the command line is `run`'s.
 * A key may not repeat.
 */
export function runOptionTable(adapters: readonly OptionDef[] = adapterOptionDefs(adapterOptions)): readonly OptionDef[] {
  const table: readonly OptionDef[] = [...RUN_OPTIONS, ...adapters];
  const seen = new Set<string>();
  for (const def of table) {
    if (seen.has(def.key)) throw new Error(`option "${def.key}" is defined twice`);
    seen.add(def.key);
  }
  return table;
}
