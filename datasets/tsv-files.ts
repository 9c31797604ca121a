/**
 * VLMEvalKit's TSV file per benchmark (vlmeval/dataset/*.py DATASET_URL names), read when a
 * benchmark folder, or the flat LMUData folder `--data` points at, holds it. VLMEvalKit ships no
 * VQAv2 TSV; GQA_TestDev_Balanced.tsv, MMVP.tsv and ScienceQA_TEST.tsv are not read yet.
 */
export const TSV_FILES: Readonly<Record<string, string>> = {
  pope: "POPE.tsv",
  mme: "MME.tsv",
  mmvet: "MMVet.tsv",
};
