import type { MessageEntity } from "grammy/types";

/**
 * A message's text as a tree the page turns into DOM nodes one by one (text nodes and a fixed set
 * of elements), so nothing a bot or a person wrote is ever parsed as HTML in the browser.
 */
export type RichNode = string | RichElement;

export type RichKind =
  | "bold"
  | "italic"
  | "underline"
  | "strike"
  | "spoiler"
  | "code"
  | "pre"
  | "quote"
  | "link"
  | "command"
  | "mention"
  | "tag";

export interface RichElement {
  kind: RichKind;
  children: RichNode[];
  /** Links only: http(s), tg: or mailto:, nothing else. */
  href?: string;
}

const SAFE_LINK = /^(https?:\/\/|tg:\/\/|mailto:)/i;

/** The URL when it is one the page may open (no `javascript:` and the like), else undefined. */
export const safeLink = (url: string): string | undefined => (SAFE_LINK.test(url) ? url : undefined);

/** The link an entity points to, or undefined when it is not a link we let people open. */
function linkTarget(entity: MessageEntity, covered: string): string | undefined {
  if (entity.type === "text_link") return safeLink(entity.url);
  if (entity.type === "url")
    return /^[a-z][a-z0-9+.-]*:/i.test(covered) ? safeLink(covered) : `http://${covered}`;
  if (entity.type === "email") return `mailto:${covered}`;
  return undefined;
}

function kindOf(entity: MessageEntity): RichKind | undefined {
  switch (entity.type) {
    case "bold":
      return "bold";
    case "italic":
      return "italic";
    case "underline":
      return "underline";
    case "strikethrough":
      return "strike";
    case "spoiler":
      return "spoiler";
    case "code":
      return "code";
    case "pre":
      return "pre";
    case "blockquote":
    case "expandable_blockquote":
      return "quote";
    case "text_link":
    case "url":
    case "email":
      return "link";
    case "bot_command":
      return "command";
    case "mention":
    case "text_mention":
      return "mention";
    case "hashtag":
    case "cashtag":
      return "tag";
    default:
      return undefined;
  }
}

/**
 * Builds the tree from Telegram's text and entities (offsets in UTF-16 code units, as JavaScript
 * strings count). Entities nest as Telegram produces them from HTML; one that overlaps the end of
 * its parent is cut at that end.
 */
export function richText(text: string, entities: readonly MessageEntity[] = []): RichNode[] {
  const sorted = entities
    .filter((e) => e.length > 0 && e.offset >= 0 && e.offset < text.length)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  return build(text, 0, text.length, sorted);
}

function build(text: string, start: number, end: number, entities: readonly MessageEntity[]): RichNode[] {
  const out: RichNode[] = [];
  let pos = start;
  let i = 0;
  while (i < entities.length) {
    const entity = entities[i]!;
    const from = Math.max(entity.offset, pos);
    const to = Math.min(entity.offset + entity.length, end);
    if (to <= from) {
      i++;
      continue;
    }
    if (from > pos) out.push(text.slice(pos, from));
    let j = i + 1;
    while (j < entities.length && entities[j]!.offset < to) j++;
    const children = build(text, from, to, entities.slice(i + 1, j));
    out.push(...wrap(entity, text.slice(from, to), children));
    pos = to;
    i = j;
  }
  if (pos < end) out.push(text.slice(pos, end));
  return out;
}

function wrap(entity: MessageEntity, covered: string, children: RichNode[]): RichNode[] {
  const kind = kindOf(entity);
  if (kind === undefined) return children;
  if (kind === "link") {
    const href = linkTarget(entity, covered);
    return href === undefined ? children : [{ kind, children, href }];
  }
  return [{ kind, children }];
}
