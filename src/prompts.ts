/** LLaVA-1.5's prompt suffixes (SPEC §4), shared by the benchmarks that use them. */
export const SHORT_ANSWER = "\nAnswer the question using a single word or phrase.";
export const LETTER_ANSWER = "\nAnswer with the option's letter from the given choices directly.";
