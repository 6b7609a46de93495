import { type Api, InputFile } from "grammy";
import { invoiceLifecycle } from "../invoices/lifecycle.js";
import type { InvoiceObserver } from "../invoices/service.js";
import type { InvoiceRecord } from "../invoices/types.js";
import type { Logger } from "../logger.js";
import { editCard, sendNotice } from "./card-messages.js";
import { CardQueue } from "./card-queue.js";
import type { Notifier } from "./notifier.js";
import { money } from "./views/format.js";
import { renderInvoiceCard, renderInvoiceNotice } from "./views/invoice.js";

export interface InvoiceNotifierDeps {
  api: Api;
  notifier: Notifier;
  logger: Logger;
  timeZone: string;
  /** Whether a person could ask another service, or Meridian for another bank, instead. */
  alternatives(record: InvoiceRecord): { otherServices: boolean; otherBanks: boolean };
  /** PNG of a QR code (payment links). */
  renderQr(text: string): Promise<Uint8Array>;
  clock?: () => number;
}

/** Invoices' voice in Telegram: the card through its life, one notification, administrators told. */
export class InvoiceNotifier implements InvoiceObserver {
  private readonly cards = new CardQueue();
  /** What each open invoice's card shows now: polls redraw it (the countdown) only when it changed. */
  private readonly shown = new Map<string, string>();
  private readonly clock: () => number;

  constructor(private readonly deps: InvoiceNotifierDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  drawCard(record: InvoiceRecord): Promise<void> {
    const { card } = record;
    if (!card) return Promise.resolve();
    return this.cards.run(record.id, record.history.length, () => {
      const t = this.deps.notifier.translator(record.locale);
      const view = renderInvoiceCard(record, t, {
        locale: record.locale,
        timeZone: this.deps.timeZone,
        now: this.clock(),
        ...this.deps.alternatives(record),
      });
      const look = JSON.stringify([view.text, view.keyboard?.inline_keyboard]);
      if (this.shown.get(record.id) === look) return Promise.resolve();
      if (invoiceLifecycle.isFinal(record.state)) this.shown.delete(record.id);
      else this.shown.set(record.id, look);
      return editCard(this.deps.api, card, view);
    });
  }

  async issued(record: InvoiceRecord): Promise<void> {
    await this.changed(record);
    if (!record.paymentUrl) return;
    // A link the customer can scan off the employee's screen.
    try {
      const t = this.deps.notifier.translator(record.locale);
      await this.deps.api.sendPhoto(
        record.chatId,
        new InputFile(await this.deps.renderQr(record.paymentUrl), "payment-link.png"),
        {
          caption: t("invoice-qr-caption", { amount: money(record.amount, record.locale) }),
          ...(record.card
            ? { reply_parameters: { message_id: record.card.messageId, allow_sending_without_reply: true } }
            : {}),
        },
      );
    } catch (err) {
      this.deps.logger.warn({ err, invoiceId: record.id }, "could not send the payment link's picture");
    }
  }

  async changed(record: InvoiceRecord): Promise<void> {
    try {
      await this.drawCard(record);
    } catch (err) {
      this.deps.logger.warn({ err, invoiceId: record.id }, "could not update the invoice card");
    }
  }

  async finalized(record: InvoiceRecord): Promise<void> {
    await this.drawCard(record);
    const notice = renderInvoiceNotice(record, this.deps.notifier.translator(record.locale), record.locale);
    if (!notice) return;
    await sendNotice(
      this.deps.api,
      this.deps.logger,
      { chatId: record.chatId, recordId: record.id, ...(record.card ? { card: record.card } : {}) },
      notice,
    );
  }

  async attention(record: InvoiceRecord): Promise<void> {
    await this.deps.notifier.toAdmins((t, locale) =>
      t("invoice-attention-admins", {
        id: record.id,
        amount: money(record.amount, locale),
        name: record.requestedBy.name,
      }),
    );
  }
}
