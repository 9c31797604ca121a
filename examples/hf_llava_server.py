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


def answer(torch, processor, model, request, conversation):
    from PIL import Image

    images = [Image.open(path).convert("RGB") for path in request.get("images", [])]
    prompt = build_prompt(processor, request["prompt"], len(images), conversation)
    inputs = processor(images=images or None, text=prompt, return_tensors="pt").to(model.device)
    if "pixel_values" in inputs:
        inputs["pixel_values"] = inputs["pixel_values"].to(model.dtype)
    temperature = float(request.get("temperature", 0) or 0)
    settings = {"max_new_tokens": int(request.get("max_tokens", 128)), "do_sample": temperature > 0}
    if temperature > 0:
        settings["temperature"] = temperature
        torch.manual_seed(int(request.get("seed", 0)))
    prompt_tokens = inputs["input_ids"].shape[-1]
    with torch.inference_mode():
        output = model.generate(**inputs, **settings)
    new_tokens = output[0][prompt_tokens:]
    text = processor.decode(new_tokens, skip_special_tokens=True).strip()
    return {"text": text, "usage": {"prompt_tokens": int(prompt_tokens), "completion_tokens": int(new_tokens.shape[-1])}}


def main():
    args = parse_args()
    torch, processor, model = load(args)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except json.JSONDecodeError as error:
            log(f"ignoring a request line that is not JSON ({error}): {line[:200]!r}")
            continue
        request_id = request.get("id")
        try:
            reply({"id": request_id, **answer(torch, processor, model, request, args.conversation)})
        except Exception as error:  # one bad sample (unreadable image, out of memory) must not end the run
            log(f"request {request_id} failed: {error!r}")
            if "out of memory" in str(error).lower() and torch.cuda.is_available():
                torch.cuda.empty_cache()
            reply({"id": request_id, "error": f"{type(error).__name__}: {error}"})


if __name__ == "__main__":
    main()
