import sharp from "sharp";
import { type Received, type Reply, reply } from "./openai-server.js";

/**
 * An OpenAI-compatible model whose answer depends on the top-left quadrant of the image only:
 * s = 3 × mean(R − B)/255 over that quadrant; it answers "Yes" when s ≥ 0, with
 * log p(Yes) = −log(1 + e^(−2s)) and log p(No) = −log(1 + e^(2s)), both listed as top_logprobs.
 * A request without "logprobs": true gets a plain completion, as from a server without them.
 */
export async function regionAnswer(req: Received): Promise<Reply> {
  const body = JSON.parse(req.body) as { logprobs?: boolean; messages: { content: { type: string; image_url?: { url: string } }[] }[] };
  const url = body.messages.at(-1)!.content.find((part) => part.type === "image_url")?.image_url?.url ?? "";
  const { data, info } = await sharp(Buffer.from(url.slice(url.indexOf(",") + 1), "base64"))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let sum = 0;
  const [w, h] = [Math.floor(info.width / 2), Math.floor(info.height / 2)];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) sum += data[(y * info.width + x) * 3]! - data[(y * info.width + x) * 3 + 2]!;
  const s = (3 * sum) / (w * h * 255);
  const yes = -Math.log1p(Math.exp(-2 * s));
  const no = -Math.log1p(Math.exp(2 * s));
  const [answer, logprob] = s >= 0 ? ["Yes", yes] : ["No", no];
  if (body.logprobs !== true) return reply.completion(answer);
  const top = [
    { token: "Yes", logprob: yes },
    { token: "No", logprob: no },
  ].sort((a, b) => b.logprob - a.logprob);
  return reply.json(200, {
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: answer },
        logprobs: { content: [{ token: answer, logprob, top_logprobs: top }] },
        finish_reason: "stop",
      },
    ],
  });
}
