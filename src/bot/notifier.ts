import type { I18n } from "@grammyjs/i18n";
import type { Api, InlineKeyboard } from "grammy";
import type { Logger } from "../logger.js";
import type { PaymentObserver } from "../payments/service.js";
import type { PaymentRecord } from "../payments/types.js";
import type { ProviderEvent } from "../providers/types.js";
import { type CardRef, editCard, sendNotice } from "./card-messages.js";
import { CardQueue } from "./card-queue.js";
import type { BotContext } from "./context.js";
import { isMessageGone, isNotModified } from "./telegram-errors.js";
import { renderApprovalRequest } from "./views/approval.js";
import { renderCard, renderFinalNotice } from "./views/card.js";
import { money, providerTitle, type Translate } from "./views/format.js";

/** A message for a person: text, or text with inline buttons. */
export type Outgoing = string | { text: string; keyboard: InlineKeyboard | undefined };

export interface NotifierDeps {
  api: Api;
  i18n: I18n<BotContext>;
  logger: Logger;
  timeZone: string;
  /** Who hears about deposits and provider trouble. */
  admins: () => Promise<number[]>;
  /** A person's language, for messages sent outside of their own update. */
  localeOf: (userId: number) => Promise<string>;
  clock?: () => number;
}

/** The payment flow's voice in Telegram: edits cards and sends the one final notification. */
export class Notifier implements PaymentObserver {
  private readonly clock: () => number;
  private readonly cards = new CardQueue();

  constructor(private readonly deps: NotifierDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  translator(locale: string): Translate {
    return (key, variables) => this.deps.i18n.t(locale, key, variables);
  }

  /**
   * Draws the card for the record's state, in order with the payment's other draws (the record's
   * history length is its version); a card that is gone is not an error.
   */
  drawCard(record: PaymentRecord): Promise<void> {
    const { card } = record;
    if (!card) return Promise.resolve();
    return this.cards.run(record.id, record.history.length, () => this.editCard(record, card));
  }

  private editCard(record: PaymentRecord, card: CardRef): Promise<void> {
    const view = renderCard(record, this.translator(record.locale), {
      locale: record.locale,
      timeZone: this.deps.timeZone,
      now: this.clock(),
    });
    return editCard(this.deps.api, card, view);
  }

  async changed(record: PaymentRecord): Promise<void> {
    try {
      await this.drawCard(record);
    } catch (err) {
      this.deps.logger.warn({ err, paymentId: record.id }, "could not update the card");
    }
  }

  async finalized(record: PaymentRecord): Promise<void> {
    await this.drawCard(record);
    const notice = renderFinalNotice(record, this.translator(record.locale), record.locale);
    if (!notice) return;
    await sendNotice(
      this.deps.api,
      this.deps.logger,
      { chatId: record.chatId, recordId: record.id, ...(record.card ? { card: record.card } : {}) },
      notice,
    );
  }

  async approvalRequested(record: PaymentRecord): Promise<Array<{ chatId: number; messageId: number }>> {
    const sent: Array<{ chatId: number; messageId: number }> = [];
    for (const adminId of await this.deps.admins()) {
      if (adminId === record.approval?.requestedBy.id) continue;
      const locale = await this.deps.localeOf(adminId);
      const view = renderApprovalRequest(record, this.translator(locale), locale);
      try {
        const message = await this.deps.api.sendMessage(adminId, view.text, {
          parse_mode: "HTML",
          ...(view.keyboard ? { reply_markup: view.keyboard } : {}),
        });
        sent.push({ chatId: adminId, messageId: message.message_id });
      } catch (err) {
        this.deps.logger.warn({ err, adminId, paymentId: record.id }, "could not ask an administrator");
      }
    }
    return sent;
  }

  async approvalSettled(record: PaymentRecord): Promise<void> {
    for (const copy of record.approval?.messages ?? []) {
      const locale = await this.deps.localeOf(copy.chatId);
      const view = renderApprovalRequest(record, this.translator(locale), locale);
      try {
        await this.deps.api.editMessageText(copy.chatId, copy.messageId, view.text, {
          parse_mode: "HTML",
          reply_markup: view.keyboard ?? { inline_keyboard: [] },
        });
      } catch (err) {
        if (!isNotModified(err) && !isMessageGone(err)) {
          this.deps.logger.warn({ err, paymentId: record.id }, "could not update an approval request");
        }
      }
    }
  }

  async deposit(event: Extract<ProviderEvent, { type: "deposit" }>): Promise<void> {
    const { deposit } = event;
    const key = `deposit-${deposit.status}`;
    const shown = deposit.status === "credited" ? (deposit.credited ?? deposit.amount) : deposit.amount;
    await this.toAdmins((t, locale) =>
      t(key, { amount: shown ? money(shown, locale) : "—", provider: providerTitle(event.provider) }),
    );
  }

  /** Sends a text to every administrator in their language; one unreachable admin stops nobody. */
  async toAdmins(text: (t: Translate, locale: string) => Outgoing): Promise<void> {
    for (const adminId of await this.deps.admins()) await this.toPerson(adminId, text);
  }

  /** Sends a text (with buttons) to one person in their language; failures are logged, not thrown. */
  async toPerson(userId: number, text: (t: Translate, locale: string) => Outgoing): Promise<void> {
    const locale = await this.deps.localeOf(userId);
    const message = text(this.translator(locale), locale);
    const { text: body, keyboard } =
      typeof message === "string" ? { text: message, keyboard: undefined } : message;
    try {
      await this.deps.api.sendMessage(userId, body, {
        parse_mode: "HTML",
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    } catch (err) {
      this.deps.logger.warn({ err, userId }, "could not send a message");
    }
  }
}
