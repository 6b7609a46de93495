import type { Api, InlineKeyboard } from "grammy";
import type { Logger } from "../logger.js";
import { isMessageGone, isNotModified, isUnreachable } from "./telegram-errors.js";

export interface CardRef {
  chatId: number;
  messageId: number;
}

/** Edits a card to its new look; a card that is gone or already looks so is not an error. */
export async function editCard(
  api: Api,
  card: CardRef,
  view: { text: string; keyboard: InlineKeyboard | undefined },
): Promise<void> {
  try {
    await api.editMessageText(card.chatId, card.messageId, view.text, {
      parse_mode: "HTML",
      reply_markup: view.keyboard ?? { inline_keyboard: [] },
      link_preview_options: { is_disabled: true },
    });
  } catch (err) {
    if (isNotModified(err) || isMessageGone(err)) return;
    throw err;
  }
}

/**
 * The one short notification of a final state, as a reply to its card. A person who blocked the bot
 * or left the chat cannot get it: logged, not retried. Anything else throws (try again later).
 */
export async function sendNotice(
  api: Api,
  logger: Logger,
  target: { chatId: number; card?: CardRef; recordId: string },
  text: string,
): Promise<void> {
  try {
    await api.sendMessage(target.chatId, text, {
      parse_mode: "HTML",
      ...(target.card
        ? { reply_parameters: { message_id: target.card.messageId, allow_sending_without_reply: true } }
        : {}),
    });
  } catch (err) {
    if (isUnreachable(err)) {
      logger.warn({ err, recordId: target.recordId }, "final notification undeliverable");
      return;
    }
    throw err;
  }
}
