import type { MessageEntity, User } from "grammy/types";

/**
 * parse_mode "HTML" as Telegram implements it (tdlib's `parse_html`): the same accepted tags, the same
 * error texts with UTF-8 byte offsets, the same entities with UTF-16 offsets.
 */

/** The part after "Bad Request: can't parse entities: ". */
export class HtmlParseError extends Error {
  override name = "HtmlParseError";
}

export interface HtmlParseOptions {
  /**
   * Also reject what Telegram silently keeps as text: a bare `&` or `>` and named entities other than
   * `&lt; &gt; &amp; &quot;`. Catches bot code that forgets to escape user input before it meets a `<`.
   */
  strict?: boolean;
  /** Turns `<a href="tg://user?id=…">` into a text_mention; unknown users drop the entity. */
  resolveUser?: (id: number) => User | undefined;
}

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

const SUPPORTED_TAGS = new Set([
  "a",
  "b",
  "strong",
  "i",
  "em",
  "s",
  "strike",
  "del",
  "u",
  "ins",
  "tg-spoiler",
  "tg-emoji",
  "span",
  "pre",
  "code",
  "blockquote",
]);

const END = "\0";

interface OpenTag {
  tag: string;
  argument: string;
  offset: number;
}

/** Parses Telegram HTML into plain text and entities; throws {@link HtmlParseError} like Telegram would. */
export function parseHtml(html: string, options: HtmlParseOptions = {}): FormattedText {
  const at = (i: number): string => (i < html.length ? html[i]! : END);
  const byteOffset = (i: number): number => Buffer.byteLength(html.slice(0, i));
  const fail = (message: string): never => {
    throw new HtmlParseError(message);
  };

  let text = "";
  const entities: MessageEntity[] = [];
  const open: OpenTag[] = [];
  let decodedSurrogate = false;

  for (let i = 0; i < html.length; i++) {
    const c = html[i]!;
    if (c === "&") {
      const decoded = decodeEntity(html, i);
      if (decoded) {
        if (decoded.code >= 0xd800 && decoded.code <= 0xdfff) decodedSurrogate = true;
        text += String.fromCodePoint(decoded.code);
        i = decoded.end - 1;
        continue;
      }
      if (options.strict) fail(strictMessage(html, i, byteOffset(i)));
    }
    if (c !== "<") {
      if (c === ">" && options.strict) fail(strictMessage(html, i, byteOffset(i)));
      text += c;
      continue;
    }

    const begin = i++;
    if (at(i) !== "/") {
      while (!isSpace(at(i)) && at(i) !== ">") i++;
      if (at(i) === END) fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
      const tag = html.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tag))
        fail(`Unsupported start tag "${tag}" at byte offset ${byteOffset(begin)}`);

      let argument = "";
      while (at(i) !== ">") {
        while (at(i) !== END && isSpace(at(i))) i++;
        if (at(i) === ">") break;
        const nameBegin = i;
        while (!isSpace(at(i)) && !"=>/\"'".includes(at(i))) i++;
        const attribute = html.slice(nameBegin, i);
        if (attribute === "") {
          fail(`Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(begin)}`);
        }
        while (at(i) !== END && isSpace(at(i))) i++;
        if (at(i) !== "=") {
          if (at(i) === END) fail(`Unclosed start tag "${tag}" at byte offset ${byteOffset(begin)}`);
          if (tag === "blockquote" && attribute === "expandable") argument = "1";
          continue;
        }
        i++;
        while (at(i) !== END && isSpace(at(i))) i++;
        if (at(i) === END) fail(`Unclosed start tag "${tag}" at byte offset ${byteOffset(begin)}`);

        let value = "";
        if (at(i) !== "'" && at(i) !== '"') {
          // An unquoted name token: letters, digits, periods and hyphens, case-insensitive.
          const tokenBegin = i;
          while (/[A-Za-z0-9.-]/.test(at(i))) i++;
          value = html.slice(tokenBegin, i).toLowerCase();
          if (!isSpace(at(i)) && at(i) !== ">") {
            fail(`Unexpected end of name token at byte offset ${byteOffset(tokenBegin)}`);
          }
        } else {
          const quote = at(i++);
          while (at(i) !== quote && at(i) !== END) {
            if (at(i) === "&") {
              const decoded = decodeEntity(html, i);
              if (decoded) {
                value += String.fromCodePoint(decoded.code);
                i = decoded.end;
                continue;
              }
            }
            value += at(i++);
          }
          if (at(i) === quote) i++;
        }
        if (at(i) === END) fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);

        if (tag === "a" && attribute === "href") argument = value;
        else if (tag === "code" && attribute === "class" && value.startsWith("language-"))
          argument = value.slice(9);
        else if (tag === "span" && attribute === "class" && value.startsWith("tg-"))
          argument = value.slice(3);
        else if (tag === "tg-emoji" && attribute === "emoji-id") argument = value;
        else if (tag === "blockquote" && attribute === "expandable") argument = "1";
      }
      if (tag === "span" && argument !== "spoiler") {
        fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(begin)}`);
      }
      open.push({ tag, argument, offset: text.length });
      continue;
    }

    // An end tag.
    const top = open.at(-1);
    if (!top) fail(`Unexpected end tag at byte offset ${byteOffset(begin)}`);
    while (!isSpace(at(i)) && at(i) !== ">") i++;
    const endTag = html.slice(begin + 2, i).toLowerCase();
    while (isSpace(at(i)) && at(i) !== END) i++;
    if (at(i) !== ">") fail(`Unclosed end tag at byte offset ${byteOffset(begin)}`);
    const { tag, argument, offset } = top!;
    if (endTag !== "" && endTag !== tag) {
      fail(
        `Unmatched end tag at byte offset ${byteOffset(begin)}, expected "</${tag}>", found "</${endTag}>"`,
      );
    }
    if (text.length > offset) {
      addTagEntity(entities, tag, argument, offset, text.length - offset, text.slice(offset), options, fail);
    }
    open.pop();
  }

  const unclosed = open.at(-1);
  if (unclosed) fail(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  if (decodedSurrogate && !isWellFormed(text)) {
    fail(
      "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units",
    );
  }
  // tdlib keeps the language on a code entity only to build pre-with-language.
  const cleaned = entities.map((e) =>
    e.type === "code" ? { type: "code" as const, offset: e.offset, length: e.length } : e,
  );
  return { text, entities: sortEntities(cleaned) };
}

function addTagEntity(
  entities: MessageEntity[],
  tag: string,
  argument: string,
  offset: number,
  length: number,
  inner: string,
  options: HtmlParseOptions,
  fail: (message: string) => never,
): void {
  const last = entities.at(-1);
  const sameRange = last !== undefined && last.offset === offset && last.length === length;
  switch (tag) {
    case "b":
    case "strong":
      entities.push({ type: "bold", offset, length });
      return;
    case "i":
    case "em":
      entities.push({ type: "italic", offset, length });
      return;
    case "u":
    case "ins":
      entities.push({ type: "underline", offset, length });
      return;
    case "s":
    case "strike":
    case "del":
      entities.push({ type: "strikethrough", offset, length });
      return;
    case "tg-spoiler":
    case "span":
      entities.push({ type: "spoiler", offset, length });
      return;
    case "blockquote":
      entities.push({ type: argument ? "expandable_blockquote" : "blockquote", offset, length });
      return;
    case "tg-emoji": {
      if (!/^-?\d+$/.test(argument) || BigInt(argument) === 0n)
        fail("Invalid custom emoji identifier specified");
      entities.push({ type: "custom_emoji", offset, length, custom_emoji_id: argument });
      return;
    }
    case "a": {
      const url = argument || inner;
      const userId = /^tg:(?:\/\/)?user\?id=(\d+)$/i.exec(url)?.[1];
      if (userId !== undefined) {
        const user = options.resolveUser?.(Number(userId));
        if (user) entities.push({ type: "text_mention", offset, length, user });
        return;
      }
      const checked = checkedLink(url);
      if (checked) entities.push({ type: "text_link", offset, length, url: checked });
      return;
    }
    case "code":
      if (last?.type === "pre" && sameRange && argument) {
        entities[entities.length - 1] = { type: "pre", offset, length, language: argument };
      } else {
        // The language is kept for a possible enclosing <pre>, and dropped at the end.
        entities.push({
          type: "code",
          offset,
          length,
          ...(argument ? { language: argument } : {}),
        } as MessageEntity);
      }
      return;
    case "pre": {
      const language =
        last?.type === "code" && sameRange ? (last as { language?: string }).language : undefined;
      if (language) entities[entities.length - 1] = { type: "pre", offset, length, language };
      else entities.push({ type: "pre", offset, length });
      return;
    }
  }
}

/** Like tdlib's `get_checked_link`: adds a missing http://, keeps tg:// and ton://, drops the rest. */
export function checkedLink(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === "") return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === "tg" || scheme === "ton") return trimmed;
  if (scheme !== undefined && scheme !== "http" && scheme !== "https") {
    return /^[a-z0-9.-]+:\d+/i.test(trimmed) ? checkedLink(`http://${trimmed}`) : undefined;
  }
  try {
    const url = new URL(scheme === undefined ? `http://${trimmed}` : trimmed);
    return url.hostname === "" ? undefined : url.href;
  } catch {
    return undefined;
  }
}

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\v" || c === END;
}

/** tdlib's `decode_html_entity`: 4 named entities and numeric ones; the `;` is optional. */
function decodeEntity(html: string, pos: number): { code: number; end: number } | undefined {
  let end = pos + 1;
  let code = 0;
  if (html[pos + 1] === "#") {
    end++;
    if (html[pos + 2] === "x") {
      end++;
      while (end < html.length && /[0-9a-fA-F]/.test(html[end]!))
        code = code * 16 + Number.parseInt(html[end++]!, 16);
    } else {
      while (end < html.length && /[0-9]/.test(html[end]!)) code = code * 10 + Number(html[end++]);
    }
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return undefined;
  } else {
    while (end < html.length && /[A-Za-z]/.test(html[end]!)) end++;
    const named = NAMED_ENTITIES[html.slice(pos + 1, end)];
    if (named === undefined) return undefined;
    code = named;
  }
  if (html[end] === ";") end++;
  return { code, end };
}

const NAMED_ENTITIES: Record<string, number> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };

function strictMessage(html: string, index: number, byteOffset: number): string {
  const c = html[index];
  const named = c === "&" ? /^&[A-Za-z]+;?/.exec(html.slice(index))?.[0] : undefined;
  const what = named && named.length > 1 ? `Unsupported HTML entity "${named}"` : `Unescaped "${c}"`;
  const fix = c === ">" ? "&gt;" : "&amp;";
  return `${what} at byte offset ${byteOffset} (rejected by the emulator's strict HTML mode: escape it as ${fix})`;
}

function isWellFormed(s: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

const PRIORITY: Record<string, number> = {
  blockquote: 0,
  expandable_blockquote: 0,
  pre: 11,
  code: 20,
  text_link: 49,
  text_mention: 49,
  bold: 90,
  italic: 91,
  underline: 92,
  strikethrough: 93,
  spoiler: 94,
  custom_emoji: 99,
};

function priority(entity: MessageEntity): number {
  if (entity.type === "pre" && "language" in entity && entity.language) return 10;
  return PRIORITY[entity.type] ?? 50;
}

/** Telegram's order: by offset, then longer first, then by type priority. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return [...entities].sort(
    (a, b) => a.offset - b.offset || b.length - a.length || priority(a) - priority(b),
  );
}

/** Length as Telegram measures it: UTF-16 code units. */
export function textLength(text: string): number {
  return text.length;
}
