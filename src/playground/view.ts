import type { InlineKeyboardButton, Message, PhotoSize } from "grammy/types";
import type { ChatMessage } from "../sandbox/telegram/index.js";
import { type RichNode, richText, safeLink } from "./rich-text.js";

/** One button of an inline keyboard, as the page shows it. */
export type ViewButton =
  | { text: string; data: string }
  | { text: string; url: string }
  /** A Mini App button: opens the scanner panel. */
  | { text: string; webApp: true }
  /** Kinds the playground does not act on (inline queries and such): shown, not clickable. */
  | { text: string };

/** What the chat's input area shows: the reply keyboard's rows and the menu button, if a Mini App. */
export interface ViewControls {
  keyboard: Array<Array<{ text: string; webApp: boolean }>>;
  menu?: { text: string };
}

/** A chat message as the page renders it: no HTML, only a tree of text and known elements. */
export interface ViewMessage {
  id: number;
  from: "bot" | "user";
  /** ms since epoch. */
  sentAt: number;
  edited: boolean;
  /** Text or caption. */
  text: RichNode[];
  photo?: { fileId: string; width: number; height: number };
  document?: { fileId: string; name: string; size: number; mimeType: string };
  buttons: ViewButton[][];
  replyTo?: { id: number; preview: string };
}

const PHOTO_PREVIEW = "🖼 Фото";

/** The size the page shows: the largest one not wider than about a chat column. */
export function displaySize(sizes: readonly PhotoSize[]): PhotoSize | undefined {
  const sorted = [...sizes].sort((a, b) => a.width * a.height - b.width * b.height);
  return sorted.find((s) => Math.max(s.width, s.height) >= 800) ?? sorted.at(-1);
}

function button(b: InlineKeyboardButton): ViewButton {
  if ("callback_data" in b && typeof b.callback_data === "string")
    return { text: b.text, data: b.callback_data };
  const url = "url" in b && typeof b.url === "string" ? safeLink(b.url) : undefined;
  if (url) return { text: b.text, url };
  if ("web_app" in b && b.web_app) return { text: b.text, webApp: true };
  return { text: b.text };
}

function preview(message: Message | undefined): string {
  if (!message) return "";
  const text = message.text ?? message.caption ?? "";
  const head = message.photo
    ? PHOTO_PREVIEW
    : message.document
      ? `📎 ${message.document.file_name ?? ""}`
      : "";
  const body = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  return [head, body].filter(Boolean).join(" ");
}

/** The page's view of a Bot API message. `sentAt` defaults to the message's own date. */
export function viewOf(
  message: Message,
  from: "bot" | "user",
  extra: { sentAt?: number; edited?: boolean } = {},
): ViewMessage {
  const view: ViewMessage = {
    id: message.message_id,
    from,
    sentAt: extra.sentAt ?? message.date * 1000,
    edited: extra.edited ?? message.edit_date !== undefined,
    text: message.web_app_data
      ? // The service message Telegram shows the person for a keyboard Mini App's sendData.
        [`📷 Данные из кнопки «${message.web_app_data.button_text}» переданы боту`]
      : richText(message.text ?? message.caption ?? "", message.entities ?? message.caption_entities ?? []),
    buttons: (message.reply_markup?.inline_keyboard ?? []).map((row) => row.map(button)),
  };
  const photo = message.photo && displaySize(message.photo);
  if (photo) view.photo = { fileId: photo.file_id, width: photo.width, height: photo.height };
  if (message.document) {
    view.document = {
      fileId: message.document.file_id,
      name: message.document.file_name ?? "file",
      size: message.document.file_size ?? 0,
      mimeType: message.document.mime_type ?? "application/octet-stream",
    };
  }
  if (message.reply_to_message) {
    view.replyTo = { id: message.reply_to_message.message_id, preview: preview(message.reply_to_message) };
  }
  return view;
}

/** The page's view of a message the emulator keeps (edits applied). */
export function viewOfChatMessage(m: ChatMessage): ViewMessage {
  return viewOf(m.message, m.from, { sentAt: m.sentAt, edited: m.edits.length > 0 });
}
