import { type Api, InputFile } from "grammy";
import { invoiceLifecycle } from "../invoices/lifecycle.js";
import type { InvoiceObserver } from "../invoices/service.js";
import type { InvoiceRecord } from "../invoices/types.js";
import type { Logger } from "../logger.js";
import type { Notifier } from "./notifier.js";
import { RecordCards } from "./record-cards.js";
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
  private readonly cards: RecordCards<InvoiceRecord>;

  constructor(private readonly deps: InvoiceNotifierDeps) {
    const clock = deps.clock ?? Date.now;
    this.cards = new RecordCards<InvoiceRecord>({
      api: deps.api,
      logger: deps.logger,
      translator: (locale) => deps.notifier.translator(locale),
      render: (record, t) =>
        renderInvoiceCard(record, t, {
          locale: record.locale,
          timeZone: deps.timeZone,
          now: clock(),
          ...deps.alternatives(record),
        }),
      notice: (record, t) => renderInvoiceNotice(record, t, record.locale),
      isFinal: (state) => invoiceLifecycle.isFinal(state),
    });
  }

  drawCard(record: InvoiceRecord): Promise<void> {
    return this.cards.draw(record);
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

  changed = (record: InvoiceRecord) => this.cards.changed(record);
  finalized = (record: InvoiceRecord) => this.cards.finalized(record);

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
