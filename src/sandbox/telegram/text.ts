import type { MessageEntity, User } from "grammy/types";
import { badRequest, Errors } from "./errors.js";
import { checkedLink, type FormattedText, HtmlParseError, parseHtml, sortEntities } from "./html.js";
import type { Params } from "./params.js";

export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

export interface TextRules {
  strictHtml: boolean;
  resolveUser: (id: number) => User | undefined;
}

/** Message text or caption after parse_mode, trimming and entity detection, plus the HTML it came from. */
export interface MessageText extends FormattedText {
  html?: string;
}

/**
 * Reads `text` (+ parse_mode, entities) and applies Telegram's rules: parse, trim spaces and newlines,
 * reject empty or over-long text. Captions are optional: an empty one yields `undefined`.
 */
export function readMessageText(
  params: Params,
  kind: "text" | "caption",
  rules: TextRules,
): MessageText | undefined {
  const raw = params.string(kind);
  if (raw === undefined || raw === "") {
    if (kind === "text") throw Errors.textEmpty();
    return undefined;
  }
  const parsed = parseText(raw, params, kind === "text" ? "entities" : "caption_entities", rules);
  const trimmed = trimFormatted(parsed);
  if (!trimmed) {
    if (kind === "text") throw Errors.textEmpty();
    return undefined;
  }
  const limit = kind === "text" ? MAX_TEXT_LENGTH : MAX_CAPTION_LENGTH;
  if (trimmed.text.length > limit) throw kind === "text" ? Errors.textTooLong() : Errors.captionTooLong();
  const result: MessageText = {
    text: trimmed.text,
    entities: withAutoEntities(trimmed.text, trimmed.entities),
  };
  if (parsed.html !== undefined) result.html = parsed.html;
  return result;
}

function parseText(raw: string, params: Params, entitiesField: string, rules: TextRules): MessageText {
  const mode = params.string("parse_mode") ?? "";
  switch (mode.toLowerCase()) {
    case "":
      return { text: raw, entities: normalizeEntities(params.json(entitiesField), raw) };
    case "html":
      try {
        return { ...parseHtml(raw, { strict: rules.strictHtml, resolveUser: rules.resolveUser }), html: raw };
      } catch (err) {
        if (err instanceof HtmlParseError) throw badRequest(`can't parse entities: ${err.message}`);
        throw err;
      }
    case "markdown":
    case "markdownv2":
      throw badRequest(`unsupported parse_mode: the Telegram emulator implements only HTML, not ${mode}`);
    default:
      throw badRequest("unsupported parse_mode");
  }
}

/** Text a user types: only the entities Telegram detects itself (commands, mentions, links, hashtags). */
export function userText(text: string, explicit: MessageEntity[] = []): FormattedText {
  return { text, entities: withAutoEntities(text, sortEntities(explicit)) };
}

/** tdlib trims trailing, then leading (up to the first entity), spaces and newlines. */
export function trimFormatted({ text, entities }: FormattedText): FormattedText | undefined {
  const isBlank = (c: string | undefined) => c === " " || c === "\n";
  let end = text.length;
  while (end > 0 && isBlank(text[end - 1])) end--;
  if (end === 0) return undefined;
  const kept = entities
    .filter((e) => e.length > 0 && e.offset < end)
    .map((e) => (e.offset + e.length > end ? { ...e, length: end - e.offset } : e));
  const firstEntity = kept.reduce((min, e) => Math.min(min, e.offset), end);
  let start = 0;
  while (start < firstEntity && isBlank(text[start])) start++;
  return {
    text: text.slice(start, end),
    entities: sortEntities(kept.map((e) => (start ? { ...e, offset: e.offset - start } : e))),
  };
}

const SPLITTABLE = new Set([
  "bold",
  "italic",
  "underline",
  "strikethrough",
  "spoiler",
  "blockquote",
  "expandable_blockquote",
]);

/** Adds the entities Telegram finds by itself, skipping any that would cut through a link or code. */
function withAutoEntities(text: string, entities: MessageEntity[]): MessageEntity[] {
  const solid = entities.filter((e) => !SPLITTABLE.has(e.type));
  const added: MessageEntity[] = [];
  for (const found of findAutoEntities(text)) {
    const end = found.offset + found.length;
    const overlaps = (e: MessageEntity) => e.offset < end && found.offset < e.offset + e.length;
    if (!solid.some(overlaps) && !added.some(overlaps)) added.push(found);
  }
  return added.length === 0 ? entities : sortEntities([...entities, ...added]);
}

const WORD = "\\p{L}\\p{N}_";
const AUTO_PATTERNS: [MessageEntity["type"], RegExp][] = [
  [
    "bot_command",
    new RegExp(`(?<![${WORD}/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![${WORD}/<>@])`, "gu"),
  ],
  ["url", /\bhttps?:\/\/[^\s<>"']*[^\s<>"'.,:;!?)\]]/gu],
  ["mention", new RegExp(`(?<![${WORD}/])@[A-Za-z0-9_]{4,32}(?![${WORD}])`, "gu")],
  ["hashtag", new RegExp(`(?<![${WORD}#])#[${WORD}]*\\p{L}[${WORD}]*(?![${WORD}#])`, "gu")],
];

function findAutoEntities(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  for (const [type, pattern] of AUTO_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      found.push({ type, offset: match.index, length: match[0].length } as MessageEntity);
    }
  }
  return sortEntities(found);
}

const ENTITY_TYPES = new Set([
  "mention",
  "hashtag",
  "cashtag",
  "bot_command",
  "url",
  "email",
  "phone_number",
  "bold",
  "italic",
  "underline",
  "strikethrough",
  "spoiler",
  "blockquote",
  "expandable_blockquote",
  "code",
  "pre",
  "text_link",
  "text_mention",
  "custom_emoji",
]);

/** Validates explicit `entities` and rebuilds them with only the fields the Bot API keeps. */
export function normalizeEntities(raw: unknown, text: string): MessageEntity[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw badRequest("can't parse entities JSON object");
  const out: MessageEntity[] = [];
  for (const item of raw) {
    const e = item as Record<string, unknown>;
    if (typeof e !== "object" || e === null)
      throw badRequest("can't parse MessageEntity: expected an Object");
    if (typeof e.type !== "string")
      throw badRequest(`can't parse MessageEntity: Field "type" must be of type String`);
    if (!ENTITY_TYPES.has(e.type))
      throw badRequest(`can't parse MessageEntity: Unsupported type "${e.type}"`);
    if (!Number.isSafeInteger(e.offset) || (e.offset as number) < 0) {
      throw badRequest(`can't parse MessageEntity: Field "offset" must be a non-negative Integer`);
    }
    if (!Number.isSafeInteger(e.length) || (e.length as number) < 0) {
      throw badRequest(`can't parse MessageEntity: Field "length" must be a non-negative Integer`);
    }
    const offset = e.offset as number;
    const length = Math.min(e.length as number, text.length - offset);
    if (length <= 0) continue;
    out.push(entityWithArgument(e, e.type, offset, length));
  }
  return sortEntities(out);
}

function entityWithArgument(
  e: Record<string, unknown>,
  type: string,
  offset: number,
  length: number,
): MessageEntity {
  switch (type) {
    case "text_link": {
      const url = typeof e.url === "string" ? checkedLink(e.url) : undefined;
      if (!url) throw badRequest(`entity URL '${String(e.url ?? "")}' is invalid: Wrong HTTP URL`);
      return { type, offset, length, url };
    }
    case "pre":
      return typeof e.language === "string" && e.language !== ""
        ? { type, offset, length, language: e.language }
        : { type, offset, length };
    case "text_mention": {
      const user = e.user as User | undefined;
      if (typeof user?.id !== "number")
        throw badRequest('can\'t parse MessageEntity: Field "user" must be of type Object');
      return { type, offset, length, user };
    }
    case "custom_emoji":
      if (typeof e.custom_emoji_id !== "string")
        throw badRequest("Invalid custom emoji identifier specified");
      return { type, offset, length, custom_emoji_id: e.custom_emoji_id };
    default:
      return { type, offset, length } as MessageEntity;
  }
}
