#!/usr/bin/env python3
"""A vlm-bench `command:` server for Hugging Face transformers LLaVA-family checkpoints.

Evaluate a checkpoint where it lives, without an HTTP server:

    npx vlm-bench run --model command:"python3 examples/hf_llava_server.py --model Intel/llava-gemma-2b" \
        --data ~/data --concurrency 1

It works with checkpoints that transformers loads as an image-text-to-text model with an
AutoProcessor: llava-hf/llava-1.5-7b-hf, llava-hf/llava-v1.6-mistral-7b-hf, Intel/llava-gemma-2b,
Intel/llava-gemma-7b and other LLaVA / LLaVA-NeXT conversions.
Needs: python3 -m pip install torch transformers accelerate pillow

Protocol (JSON lines; see README "command: adapter"):
  stdin, one request per line:
    {"id": 1, "images": ["/abs/a.jpg"], "prompt": "...", "max_tokens": 128, "temperature": 0, "seed": 0}
  stdout, one reply per line, in any order:
    {"id": 1, "text": "Yes", "usage": {"prompt_tokens": 600, "completion_tokens": 2}}
    {"id": 1, "error": "what went wrong"}
  `vlm-bench explain` extensions (README, "command: protocol"):
    request "logprobs": true, "top_logprobs": K  -> reply "logprobs": [{"token", "logprob", "top": [{"token", "logprob"}, ...]}, ...]
    request "explain": true (with --relevancy)   -> reply "relevancy": [[...], ...], the paper's white-box map:
      gradient-weighted attention relevancy (Chefer et al., ICCV 2021) of the first answer token over the
      image tokens, reshaped to the vision tower's patch grid (24x24 for CLIP ViT-L/14 at 336 px).
    --relevancy loads the model with eager attention (attention weights are needed) and runs one forward and
    backward pass per explained sample; without it an "explain" request gets no map, and vlm-bench falls back
    to occlusion over the log-probabilities. Needs transformers >= 4.47 (the processor expands <image> into
    one token per patch). Not run in vlm-bench's CI (no weights there); its protocol handling is tested with a stub.
stdout carries replies only: everything else (library logs, progress bars, warnings) goes to
stderr, which vlm-bench shows prefixed with [python3]. The server answers one request at a
time, in the order received; vlm-bench may send several ahead (--concurrency), so its time-out
counts from the last reply, not from each request. End of stdin → the server exits.
"""

import argparse
import json
import sys
import time

# Replies are the only thing allowed on stdout: keep the real stdout for them and point
# sys.stdout at stderr, so a stray print() in a library cannot break the protocol.
REPLIES = sys.stdout
sys.stdout = sys.stderr


def log(message):
    print(message, file=sys.stderr, flush=True)


def reply(payload):
    REPLIES.write(json.dumps(payload, ensure_ascii=False) + "\n")
    REPLIES.flush()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, help="Hugging Face model id or local folder")
    parser.add_argument("--device", default="auto", help="auto (accelerate device_map), cuda, cuda:1, mps or cpu")
    parser.add_argument("--dtype", default="auto", choices=["auto", "float16", "bfloat16", "float32"])
    parser.add_argument("--revision", default=None, help="model revision (branch, tag or commit)")
    parser.add_argument("--trust-remote-code", action="store_true", help="allow the checkpoint's own Python code")
    parser.add_argument(
        "--relevancy",
        action="store_true",
        help="answer explain requests with Chefer et al.'s gradient-weighted attention relevancy (eager attention; slower)",
    )
    parser.add_argument(
        "--conversation",
        default="auto",
        choices=["auto", "plain"],
        help="auto: the processor's chat template; plain: 'USER: <image>\\nPROMPT ASSISTANT:' (LLaVA-1.5's)",
    )
    return parser.parse_args()


def load(args):
    import torch
    from transformers import AutoProcessor

    try:  # transformers >= 4.45
        from transformers import AutoModelForImageTextToText as AutoModel
    except ImportError:
        from transformers import AutoModelForVision2Seq as AutoModel

    dtype = {"auto": "auto", "float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32}[args.dtype]
    common = {"revision": args.revision, "trust_remote_code": args.trust_remote_code}
    if args.relevancy:
        common["attn_implementation"] = "eager"  # fused kernels return no attention weights
    log(f"loading {args.model} ...")
    started = time.time()
    processor = AutoProcessor.from_pretrained(args.model, **common)
    if args.device == "auto":
        model = AutoModel.from_pretrained(args.model, torch_dtype=dtype, device_map="auto", **common)
    else:
        model = AutoModel.from_pretrained(args.model, torch_dtype=dtype, **common).to(args.device)
    model.eval()
    log(f"loaded in {time.time() - started:.0f} s on {model.device} ({model.dtype})")
    return torch, processor, model


def build_prompt(processor, text, image_count, conversation):
    """The model's own chat template with one image slot per image, as LLaVA's runners do."""
    template = getattr(processor, "chat_template", None)
    if conversation == "auto" and template:
        content = [{"type": "image"} for _ in range(image_count)] + [{"type": "text", "text": text}]
        messages = [{"role": "user", "content": content}]
        return processor.apply_chat_template(messages, add_generation_prompt=True)
    images = "<image>\n" * image_count
    return f"USER: {images}{text} ASSISTANT:"


def chefer_rollout(layers):
    """Chefer et al. (ICCV 2021), rule 6: R = I; per layer R += mean_heads(max(grad * attention, 0)) @ R.

    `layers` is a list of (attention, gradient) numpy arrays of shape [heads, n, n], input to output.
    Row i of the result is the relevance of every input position to position i.
    """
    import numpy as np

    n = layers[0][0].shape[-1]
    relevance = np.eye(n)
    for attention, gradient in layers:
        cam = np.maximum(attention * gradient, 0).mean(axis=0)
        relevance = relevance + cam @ relevance
    return relevance


def image_grid(relevance, image_positions, side):
    """The last position's relevance over the image tokens, row-major on the side x side patch grid."""
    values = relevance[-1, list(image_positions)][: side * side]
    if len(values) < side * side:
        raise ValueError(f"{len(values)} image tokens, fewer than the {side}x{side} patch grid")
    return values.reshape(side, side).tolist()


def token_logprobs(step_logprobs, token_ids, top, decode):
    """Per generated token: its log-probability and the `top` most likely tokens (lists of floats per step)."""
    result = []
    for row, token_id in zip(step_logprobs, token_ids):
        ranked = sorted(range(len(row)), key=lambda i: -row[i])[:top]
        result.append({
            "token": decode(token_id),
            "logprob": float(row[token_id]),
            "top": [{"token": decode(i), "logprob": float(row[i])} for i in ranked],
        })
    return result


class HFBackend:
    """The model side: generation with optional log-probabilities, and Chefer relevancy."""

    def __init__(self, args):
        self.torch, self.processor, self.model = load(args)
        self.conversation = args.conversation

    def inputs(self, request):
        from PIL import Image

        images = [Image.open(path).convert("RGB") for path in request.get("images", [])]
        prompt = build_prompt(self.processor, request["prompt"], len(images), self.conversation)
        inputs = self.processor(images=images or None, text=prompt, return_tensors="pt").to(self.model.device)
        if "pixel_values" in inputs:
            inputs["pixel_values"] = inputs["pixel_values"].to(self.model.dtype)
        return inputs

    def generate(self, request, top):
        torch = self.torch
        inputs = self.inputs(request)
        temperature = float(request.get("temperature", 0) or 0)
        settings = {"max_new_tokens": int(request.get("max_tokens", 128)), "do_sample": temperature > 0}
        if temperature > 0:
            settings["temperature"] = temperature
            torch.manual_seed(int(request.get("seed", 0)))
        if top is not None:
            settings.update({"return_dict_in_generate": True, "output_logits": True})  # raw logits, before any sampling processor
        prompt_tokens = inputs["input_ids"].shape[-1]
        with torch.inference_mode():
            output = self.model.generate(**inputs, **settings)
        sequence = output.sequences[0] if top is not None else output[0]
        new_tokens = sequence[prompt_tokens:]
        decode = self.processor.tokenizer.decode
        result = {
            "text": self.processor.decode(new_tokens, skip_special_tokens=True).strip(),
            "usage": {"prompt_tokens": int(prompt_tokens), "completion_tokens": int(new_tokens.shape[-1])},
            "inputs": inputs,
            "first_token": int(new_tokens[0]) if new_tokens.shape[-1] > 0 else None,
        }
        if top is not None:
            ids = [int(t) for t in new_tokens]
            special = set(self.processor.tokenizer.all_special_ids)
            rows = [torch.log_softmax(step[0].float(), dim=-1).tolist() for step in output.logits]
            kept = [(row, t) for row, t in zip(rows, ids) if t not in special]
            result["logprobs"] = token_logprobs([r for r, _ in kept], [t for _, t in kept], top, lambda i: decode([i]))
        return result

    def relevancy(self, result):
        torch = self.torch
        if result["first_token"] is None:
            raise ValueError("the answer is empty: no first token to explain")
        inputs = result["inputs"]
        self.model.zero_grad(set_to_none=True)
        with torch.enable_grad():
            output = self.model(**inputs, output_attentions=True, use_cache=False)
            attentions = output.attentions
            for attention in attentions:
                attention.retain_grad()
            torch.log_softmax(output.logits[0, -1].float(), dim=-1)[result["first_token"]].backward()
        layers = [(a[0].detach().float().cpu().numpy(), a.grad[0].float().cpu().numpy()) for a in attentions]
        config = self.model.config
        image_token = getattr(config, "image_token_index", getattr(config, "image_token_id", None))
        positions = (inputs["input_ids"][0] == image_token).nonzero().flatten().tolist()
        if len(positions) <= 1:
            raise ValueError("the prompt holds one <image> token: relevancy needs transformers >= 4.47, whose processor expands it per patch")
        vision = config.vision_config
        side = vision.image_size // vision.patch_size
        return image_grid(chefer_rollout(layers), positions, side)


def handle(request, backend, relevancy_enabled):
    """One request -> the reply's fields (without "id")."""
    top = int(request.get("top_logprobs", 0) or 0) if request.get("logprobs") else None
    result = backend.generate(request, top)
    fields = {"text": result["text"], "usage": result["usage"]}
    if top is not None:
        fields["logprobs"] = result["logprobs"]
    if request.get("explain") and relevancy_enabled:
        fields["relevancy"] = backend.relevancy(result)
    return fields


def serve(lines, backend, relevancy_enabled=False, send=reply, on_error=None):
    """The JSON-lines loop: one reply per request, an {"id", "error"} reply when a request fails."""
    for line in lines:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except json.JSONDecodeError as error:
            log(f"ignoring a request line that is not JSON ({error}): {line[:200]!r}")
            continue
        request_id = request.get("id")
        try:
            send({"id": request_id, **handle(request, backend, relevancy_enabled)})
        except Exception as error:  # one bad sample (unreadable image, out of memory) must not end the run
            log(f"request {request_id} failed: {error!r}")
            if on_error is not None:
                on_error(error)
            send({"id": request_id, "error": f"{type(error).__name__}: {error}"})


def main():
    args = parse_args()
    backend = HFBackend(args)
    torch = backend.torch

    def free_memory(error):
        if "out of memory" in str(error).lower() and torch.cuda.is_available():
            torch.cuda.empty_cache()

    serve(sys.stdin, backend, args.relevancy, reply, free_memory)


if __name__ == "__main__":
    main()
