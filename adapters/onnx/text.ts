import { readFileSync } from "node:fs";
import { Template } from "@huggingface/jinja";
import { Tokenizer } from "@huggingface/tokenizers";
import { DataError } from "../../src/errors.js";
import { readJsonFile } from "../../src/json-files.js";
import type { ModelLayout } from "./layout.js";

type Json = Record<string, unknown>;

/** The tokenizer, chat template and special tokens of a model folder. */
export interface TextSide {
  /** Token id the vision features replace; one per image in the rendered prompt. */
  imageTokenId: number;
  imageToken: string;
  eosTokenIds: Set<number>;
  /** Renders a user turn with `imageCount` image slots; the text is then tokenised without extra special tokens when a template rendered it. */
  render(prompt: string, imageCount: number): { text: string; addSpecialTokens: boolean };
  encode(text: string, addSpecialTokens: boolean): number[];
  decode(ids: readonly number[]): string;
}

const tokenContent = (value: unknown): string | undefined =>
  typeof value === "string"
    ? value
    : typeof value === "object" && value !== null && typeof (value as Json).content === "string"
      ? ((value as Json).content as string)
      : undefined;

export async function loadTextSide(layout: ModelLayout, config: Json): Promise<TextSide> {
  const tokenizerJson = await readJsonFile<Json>(layout.json["tokenizer.json"]);
  const tokenizerConfig = layout.tokenizerConfig === undefined ? {} : await readJsonFile<Json>(layout.tokenizerConfig);
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
  } catch (error) {
    throw new DataError(
      `${layout.json["tokenizer.json"]}: the tokenizer library cannot read it (${(error as Error).message}). ` +
        `Use the tokenizer.json saved with the model (transformers' save_pretrained writes it).`,
      { file: layout.json["tokenizer.json"], cause: error },
    );
  }
  const unkId = unknownTokenId(tokenizer, tokenizerJson);

  const textConfig = (config.text_config ?? {}) as Json;
  const configuredImageId = [config.image_token_index, config.image_token_id].find((v) => typeof v === "number") as number | undefined;
  const imageToken = configuredImageId !== undefined ? tokenizer.id_to_token(configuredImageId) : "<image>";
  const imageTokenId = configuredImageId ?? tokenizer.token_to_id("<image>");
  if (imageToken === undefined || imageTokenId === undefined) {
    throw new DataError(
      `${layout.json["config.json"]}: no image token (image_token_index ${configuredImageId ?? "unset"} is not in tokenizer.json, and there is no "<image>" token).`,
      { file: layout.json["config.json"] },
    );
  }

  const eosTokenIds = new Set<number>();
  const addIds = (value: unknown) => {
    for (const id of Array.isArray(value) ? value : [value]) if (typeof id === "number") eosTokenIds.add(id);
  };
  if (layout.generationConfig !== undefined) addIds((await readJsonFile<Json>(layout.generationConfig)).eos_token_id);
  addIds(config.eos_token_id);
  addIds(textConfig.eos_token_id);
  const eosText = tokenContent(tokenizerConfig.eos_token);
  if (eosText !== undefined) addIds(tokenizer.token_to_id(eosText));

  const template = await chatTemplate(layout, tokenizerConfig);
  const specials = {
    bos_token: tokenContent(tokenizerConfig.bos_token) ?? "",
    eos_token: eosText ?? "",
    pad_token: tokenContent(tokenizerConfig.pad_token) ?? "",
    unk_token: tokenContent(tokenizerConfig.unk_token) ?? "",
  };

  return {
    imageTokenId,
    imageToken,
    eosTokenIds,
    render(prompt, imageCount) {
      if (template === undefined) return { text: `${imageToken}\n`.repeat(imageCount) + prompt, addSpecialTokens: true };
      // Templates differ: newer ones take a list of typed parts, older ones a string with the image token in it.
      const parts = [...Array.from({ length: imageCount }, () => ({ type: "image" })), { type: "text", text: prompt }];
      const asParts = template.render({ messages: [{ role: "user", content: parts }], add_generation_prompt: true, ...specials });
      if (imageCount === 0 || countOf(asParts, imageToken) === imageCount) return { text: asParts, addSpecialTokens: false };
      const content = `${imageToken}\n`.repeat(imageCount) + prompt;
      return {
        text: template.render({ messages: [{ role: "user", content }], add_generation_prompt: true, ...specials }),
        addSpecialTokens: false,
      };
    },
    encode(text, addSpecialTokens) {
      // This tokenizer library returns undefined for a WordLevel word outside the vocabulary; the model means its unk token.
      return tokenizer.encode(text, { add_special_tokens: addSpecialTokens }).ids.map((id: number | undefined) => id ?? unkId);
    },
    decode(ids) {
      return tokenizer.decode([...ids], { skip_special_tokens: true });
    },
  };
}

function unknownTokenId(tokenizer: Tokenizer, tokenizerJson: Json): number {
  const model = (tokenizerJson.model ?? {}) as Json;
  const unk = typeof model.unk_token === "string" ? tokenizer.token_to_id(model.unk_token) : undefined;
  return unk ?? 0;
}

function countOf(text: string, token: string): number {
  return text.split(token).length - 1;
}

/** The chat template: chat_template.jinja, chat_template.json, or tokenizer_config.json's `chat_template`. */
async function chatTemplate(layout: ModelLayout, tokenizerConfig: Json): Promise<Template | undefined> {
  let source: string | undefined;
  let file: string | undefined;
  if (layout.chatTemplateJinja !== undefined) {
    file = layout.chatTemplateJinja;
    source = readFileSync(file, "utf8");
  } else if (layout.chatTemplateJson !== undefined) {
    file = layout.chatTemplateJson;
    source = pickTemplate((await readJsonFile<Json>(file)).chat_template);
  } else if (tokenizerConfig.chat_template !== undefined) {
    file = layout.tokenizerConfig;
    source = pickTemplate(tokenizerConfig.chat_template);
  }
  if (source === undefined) return undefined;
  try {
    return new Template(source);
  } catch (error) {
    throw new DataError(`${file}: the chat template does not parse (${(error as Error).message}).`, { file, cause: error });
  }
}

/** A template is a string, or a list of {name, template} where "default" is the one for chat. */
function pickTemplate(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const entries = value as { name?: string; template?: string }[];
    return (entries.find((e) => e.name === "default") ?? entries[0])?.template;
  }
  return undefined;
}
