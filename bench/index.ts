import { cpus } from "node:os";
import { bootstrapTiming } from "./bootstrap.js";
import { explainBench } from "./explain.js";
import { gateBench } from "./gate.js";
import { hubVqav2Bench } from "./hub-vqav2.js";
import { onnxThroughput } from "./onnx.js";
import { overhead } from "./overhead.js";
import { scoreVqav2Bench } from "./score-vqav2.js";
import { statistics } from "./statistics.js";
import { throughput } from "./throughput.js";

/** `npm run bench`: the figures BENCHMARKS.md records. Measured, never asserted in tests. */
async function main(): Promise<void> {
  console.log(`vlm-bench benchmarks — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"})`);
  const o = await overhead(100_000);
  console.log(`harness overhead (in-process instant adapter, ${o.samples} samples): ${o.microsPerSample.toFixed(1)} µs/sample`);
  await throughput({ images: 50, cocoSized: false, concurrency: 64 }); // warm-up: JIT, sockets
  for (const [cocoSized, serverParses] of [
    [false, false],
    [true, false],
    [true, true],
  ] as const) {
    const t = await throughput({ images: 500, cocoSized, concurrency: 64, serverParses });
    console.log(
      `runner throughput (loopback instant server${serverParses ? " that JSON-parses each body" : ""}, ` +
        `concurrency ${t.concurrency}, ${t.samples} POPE samples, ${t.images} JPEGs of ${t.meanImageKB.toFixed(1)} KB mean): ` +
        `${t.samplesPerSecond.toFixed(0)} samples/s (whole run incl. loading, image checks and scoring ${t.wallSeconds.toFixed(2)} s)`,
    );
  }
  for (const b of bootstrapTiming()) {
    console.log(`bootstrap CI (table --ci), ${b.name} over ${b.items} items, 1000 resamples: ${b.seconds.toFixed(2)} s`);
  }
  const s = await scoreVqav2Bench();
  console.log(
    `vlm-bench score, VQAv2-val-sized (${s.questions} questions, ${s.megabytes.toFixed(0)} MB of files, LLaVA answer file): ` +
      `${s.wallSeconds.toFixed(2)} s wall, peak RSS ${s.peakRssMB.toFixed(0)} MB; table on its run folder ${s.tableSeconds.toFixed(2)} s`,
  );
  const h = await hubVqav2Bench();
  console.log(
    `vlm-bench run over a VQAv2-validation-sized Hugging Face snapshot (${h.questions} questions, ${h.images} JPEGs of ${h.meanImageKB.toFixed(0)} KB, ` +
      `instant in-process model): first request after ${h.firstRequestSeconds.toFixed(1)} s, run ${h.runSeconds.toFixed(1)} s (${h.runCpuSeconds.toFixed(0)} CPU s), peak RSS ${h.runPeakRssMB.toFixed(0)} MB ` +
      `(${h.imagesWritten} images written to the store); score from its predictions ${h.scoreSeconds.toFixed(1)} s (${h.scoreCpuSeconds.toFixed(0)} CPU s), peak RSS ${h.scorePeakRssMB.toFixed(0)} MB`,
  );
  const st = await statistics();
  console.log(`gate on 8,910 POPE items (accuracy + F1, paired randomization test, 10,000 random swaps each): ${st.gateMs.toFixed(0)} ms`);
  console.log(`effects, 8 runs × 8,910 POPE items (${st.effectsRows} rows, 3 factors, HC1): ${st.effectsMs.toFixed(0)} ms`);
  await gateBench();
}

async function onnxRows(): Promise<void> {
  await onnxThroughput(20, 1); // warm-up: JIT, onnxruntime's first sessions
  const x = await onnxThroughput(1000, 1);
  console.log(
    `onnx adapter (tiny test VLM, 1 intra-op thread, runner at concurrency 8, ${x.samples} POPE samples over 2 images): ` +
      `${x.samplesPerSecond.toFixed(0)} samples/s; ${(x.insideRun * 100).toFixed(1)}% of wall time inside session.run ` +
      `(${x.runsPerSample.toFixed(2)} runs/sample); ${x.harnessMicrosPerSample.toFixed(0)} µs/sample outside it`,
  );
}

async function explainRows(): Promise<void> {
  for (const imageSide of [96, 640]) {
    const x = await explainBench({ samples: 20, models: 2, grid: 8, imageSide, concurrency: 8 });
    console.log(
      `vlm-bench explain, ${x.samples} POPE samples × ${x.models} models at G = ${x.grid} (${x.requests} requests, ${x.imageSide}×${x.imageSide} images, ` +
        `concurrency 8, instant loopback server with logprobs): ${x.wallSeconds.toFixed(2)} s wall for the whole command, ` +
        `${x.requestsPerSecond.toFixed(0)} requests/s overall; harness CPU ${x.cpuSeconds.toFixed(1)} s (${((x.cpuSeconds / x.requests) * 1000).toFixed(2)} ms/request)`,
    );
  }
}

main()
  .then(onnxRows)
  .then(explainRows)
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
