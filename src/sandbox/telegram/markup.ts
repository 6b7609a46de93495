import type {
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  KeyboardButton,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from "grammy/types";
import { badRequest, Errors } from "./errors.js";

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

/** The fields that make an inline button do something; a button needs exactly one. */
const ACTION_FIELDS = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
] as const;

const markupError = () => badRequest("can't parse reply keyboard markup JSON object");
const buttonError = (what: string) => badRequest(`can't parse inline keyboard button: ${what}`);

/** Where the markup goes, for the rules that depend on it (web_app buttons). */
export interface MarkupRules {
  chatType: "private" | "group" | "supergroup" | "channel";
  /** Accept http:// Mini App URLs, as Telegram's test environment does. */
  allowHttpWebApps: boolean;
}

/**
 * A `web_app` button's WebAppInfo: an https URL (http only in Telegram's test environment), and only
 * in a private chat — Telegram refuses Mini App buttons in groups.
 */
export function checkWebApp(value: unknown, where: string, rules: MarkupRules): { url: string } {
  const url = typeof value === "object" && value !== null ? (value as { url?: unknown }).url : undefined;
  if (typeof url !== "string") throw badRequest(`can't parse ${where}: field "url" must be of type String`);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const secure = parsed?.protocol === "https:" || (rules.allowHttpWebApps && parsed?.protocol === "http:");
  if (!parsed?.hostname || !secure) {
    throw badRequest(`${where} Web App URL '${url}' is invalid: Only HTTPS links are allowed`);
  }
  if (rules.chatType !== "private") throw badRequest("BUTTON_TYPE_INVALID");
  return { url };
}

export function isInlineKeyboard(markup: ReplyMarkup | undefined): markup is InlineKeyboardMarkup {
  return markup !== undefined && "inline_keyboard" in markup;
}

/** Validates `reply_markup` the way the Bot API does and returns it without null or unknown noise. */
export function parseReplyMarkup(value: unknown, rules: MarkupRules): ReplyMarkup | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw markupError();
  const markup = value as Record<string, unknown>;
  if ("inline_keyboard" in markup) return { inline_keyboard: parseInlineRows(markup.inline_keyboard, rules) };
  if ("keyboard" in markup) return parseReplyKeyboard(markup, rules);
  if (markup.remove_keyboard === true)
    return withOptional({ remove_keyboard: true as const }, markup, ["selective"]);
  if (markup.force_reply === true) {
    return withOptional({ force_reply: true as const }, markup, ["input_field_placeholder", "selective"]);
  }
  throw markupError();
}

function parseInlineRows(rows: unknown, rules: MarkupRules): InlineKeyboardButton[][] {
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  }
  return rows.map((row: unknown[]) => row.map((button) => parseInlineButton(button, rules)));
}

function parseInlineButton(value: unknown, rules: MarkupRules): InlineKeyboardButton {
  if (typeof value !== "object" || value === null) throw buttonError("expected an Object");
  const button = value as Record<string, unknown>;
  if (!("text" in button)) throw buttonError(`Can't find field "text"`);
  if (typeof button.text !== "string") throw buttonError(`Field "text" must be of type String`);
  if (button.text.trim() === "") throw badRequest("BUTTON_TEXT_INVALID");
  const present = ACTION_FIELDS.filter((field) => isActionSet(field, button[field]));
  if (present.length === 0) throw buttonError("Text buttons are unallowed in the inline keyboard");
  if (present.length > 1) {
    throw buttonError(`exactly one of the optional fields must be used, found ${present.join(", ")}`);
  }
  const field = present[0]!;
  const action = button[field];
  if (field === "callback_data") {
    if (typeof action !== "string" || Buffer.byteLength(action) > 64) throw Errors.buttonDataInvalid();
  } else if (field === "url") {
    if (typeof action !== "string" || !isButtonUrl(action)) throw badRequest("BUTTON_URL_INVALID");
  }
  const clean: Record<string, unknown> = {
    text: button.text,
    [field]: field === "web_app" ? checkWebApp(action, "inline keyboard button", rules) : action,
  };
  for (const key of ["style", "icon_custom_emoji_id"]) {
    if (button[key] !== undefined && button[key] !== null) clean[key] = button[key];
  }
  return clean as unknown as InlineKeyboardButton;
}

/** The Bot API treats an empty callback_data or url as absent; an empty inline query is a real one. */
function isActionSet(field: string, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return value !== "" || field.startsWith("switch_inline_query");
}

function isButtonUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    if (url.protocol === "tg:") return true;
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

function parseReplyKeyboard(markup: Record<string, unknown>, rules: MarkupRules): ReplyKeyboardMarkup {
  const rows = markup.keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest('field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays');
  }
  const keyboard = rows.map((row: unknown[]) =>
    row.map((b): KeyboardButton => {
      if (typeof b === "string") return { text: b };
      if (typeof b === "object" && b !== null && typeof (b as { text?: unknown }).text === "string") {
        const button = stripNulls(b as Record<string, unknown>);
        if (button.web_app !== undefined)
          button.web_app = checkWebApp(button.web_app, "keyboard button", rules);
        return button as unknown as KeyboardButton;
      }
      throw badRequest(`can't parse keyboard button: Field "text" must be of type String`);
    }),
  );
  return withOptional({ keyboard }, markup, [
    "is_persistent",
    "resize_keyboard",
    "one_time_keyboard",
    "input_field_placeholder",
    "selective",
  ]);
}

function withOptional<T extends object>(base: T, source: Record<string, unknown>, keys: string[]): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const key of keys) if (source[key] !== undefined && source[key] !== null) out[key] = source[key];
  return out as T;
}

function stripNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}

/** A stable text form for "is this the same content" checks (key order does not matter). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
