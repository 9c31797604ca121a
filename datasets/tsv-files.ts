/**
 * VLMEvalKit's TSV file per benchmark (vlmeval/dataset/*.py DATASET_URL names), read when a
 * benchmark folder, or the flat LMUData folder `--data` points at, holds it. VLMEvalKit ships no
 * VQAv2 TSV.
 */
export const TSV_FILES: Readonly<Record<string, string>> = {
  pope: "POPE.tsv",
  mme: "MME.tsv",
  mmvet: "MMVet.tsv",
  gqa: "GQA_TestDev_Balanced.tsv",
  mmvp: "MMVP.tsv",
  scienceqa: "ScienceQA_TEST.tsv",
};
