import type { GenerationSettings } from "../src/types.js";

/** `kind:name|max_tokens=…|temperature=…|seed=…`: what makes two runs' answers comparable. */
export function fingerprint(kind: string, name: string, settings: GenerationSettings): string {
  return `${kind}:${name}|max_tokens=${settings.maxTokens}|temperature=${settings.temperature}|seed=${settings.seed}`;
}
