import { InlineKeyboard } from "grammy";
import { estimatedCredit, type InvoiceChoice, type InvoiceRecord } from "../../invoices/types.js";
import type { Requisite } from "../../providers/receive.js";
import { buttons } from "../callback-data.js";
import { escapeHtml } from "../html.js";
import { clockTime, money, personName, providerTitle, type Translate, type ViewOptions } from "./format.js";

/** Requisite keys we know, by the label people read; every other key is shown as it came. */
const REQUISITE_LABELS: Record<string, string> = {
  cardNumber: "card",
  card: "card",
  phone: "phone",
  phoneNumber: "phone",
  sbpPhone: "phone",
  bankName: "bank",
  bank: "bank",
  fullName: "holder",
  name: "holder",
  holder: "holder",
  recipient: "holder",
  accountNumber: "account",
  account: "account",
};
/** Values to copy (card number, phone, account) are set in <code>, so a tap copies them. */
const COPYABLE = new Set(["card", "phone", "account"]);

export const bankTitle = (t: Translate, bank: string) => {
  const key = `bank-${bank}`;
  const title = t(key);
  return title === key ? bank : title;
};

export const choiceTitle = (t: Translate, choice: InvoiceChoice) =>
  t(`receive-method-${choice.method}`, { provider: providerTitle(choice.provider) });

function requisiteLines(t: Translate, requisites: readonly Requisite[] | undefined): string[] {
  return (requisites ?? []).map(({ key, value }) => {
    const label = REQUISITE_LABELS[key];
    const shown =
      label && COPYABLE.has(label) ? `<code>${escapeHtml(value)}</code>` : `<b>${escapeHtml(value)}</b>`;
    return label
      ? t(`requisite-${label}`, { value: shown })
      : t("requisite-other", { key: escapeHtml(key), value: shown });
  });
}

function until(record: InvoiceRecord, t: Translate, view: ViewOptions & { now: number }): string | undefined {
  if (!record.expiresAt) return undefined;
  const minutes = Math.max(0, Math.ceil((record.expiresAt - view.now) / 60_000));
  return t("invoice-valid-until", { time: clockTime(record.expiresAt, view), minutes: String(minutes) });
}

export interface InvoiceCardView {
  text: string;
  keyboard: InlineKeyboard | undefined;
}

/** The invoice card: one message that shows an invoice through its whole life. */
export function renderInvoiceCard(
  r: InvoiceRecord,
  t: Translate,
  view: ViewOptions & { now: number; otherServices: boolean; otherBanks: boolean },
): InvoiceCardView {
  const m = (value: Parameters<typeof money>[0]) => money(value, view.locale);
  const lines = [
    t("invoice-title", { id: r.id, amount: m(r.amount) }),
    t("invoice-way", { way: choiceTitle(t, r.choice) }),
  ];
  // The bank asked for, until the requisites name their own.
  if (r.choice.bank && !r.requisites?.length)
    lines.push(t("invoice-bank", { bank: bankTitle(t, r.choice.bank) }));
  if (r.chatType !== "private") lines.push(t("invoice-requested-by", { name: personName(r.requestedBy) }));
  const keyboard = new InlineKeyboard();
  const status: string[] = [];
  switch (r.state) {
    case "creating":
      status.push(t("invoice-state-creating"));
      break;
    case "waiting": {
      lines.push("", ...requisiteLines(t, r.requisites));
      if (r.paymentUrl) lines.push(t("invoice-link", { url: escapeHtml(r.paymentUrl) }));
      const validity = until(r, t, view);
      if (validity) lines.push("", validity);
      status.push(t("invoice-state-waiting"));
      if (r.paymentUrl) keyboard.url(t("invoice-button-open-link"), r.paymentUrl).row();
      keyboard
        .text(t("invoice-button-forward"), buttons.forwardInvoice.pack({ id: r.id }))
        .text(t("invoice-button-cancel"), buttons.cancelInvoice.pack({ id: r.id }));
      break;
    }
    case "paid": {
      const received = r.received?.amount ?? r.amount;
      status.push(
        t("invoice-state-paid", { amount: m(received), time: clockTime(r.finalAt ?? r.updatedAt, view) }),
      );
      if (received.minor !== r.amount.minor) status.push(t("invoice-paid-differs", { asked: m(r.amount) }));
      const credit = estimatedCredit(r);
      if (credit) status.push(t("invoice-credit-estimate", { credit: m(credit) }));
      break;
    }
    case "failed":
      status.push(
        t(r.failure?.kind === "no_requisites" ? "invoice-state-no-requisites" : "invoice-state-failed"),
      );
      keyboard.text(t("invoice-button-retry"), buttons.retryInvoice.pack({ id: r.id }));
      if (r.failure?.kind === "no_requisites" && view.otherBanks)
        keyboard.text(t("invoice-button-other-bank"), buttons.otherBankInvoice.pack({ id: r.id }));
      if (view.otherServices)
        keyboard
          .row()
          .text(t("invoice-button-other-service"), buttons.otherServiceInvoice.pack({ id: r.id }));
      break;
    default:
      status.push(t(`invoice-state-${r.state}`));
  }
  const text = [lines.join("\n"), status.join("\n")].filter(Boolean).join("\n\n");
  return { text, keyboard: keyboard.inline_keyboard.flat().length > 0 ? keyboard : undefined };
}

/** A clean message for the customer: what to pay, where, until when — nothing of the company's. */
export function renderInvoiceForCustomer(r: InvoiceRecord, t: Translate, view: ViewOptions): string {
  const lines = [t("invoice-customer-title", { amount: money(r.amount, view.locale) })];
  lines.push(...requisiteLines(t, r.requisites));
  if (r.paymentUrl) lines.push(t("invoice-link", { url: escapeHtml(r.paymentUrl) }));
  if (r.expiresAt) lines.push(t("invoice-customer-until", { time: clockTime(r.expiresAt, view) }));
  return lines.join("\n");
}

/** The one short notification when an invoice ends; undefined when the card says enough. */
export function renderInvoiceNotice(r: InvoiceRecord, t: Translate, locale: string): string | undefined {
  switch (r.state) {
    case "paid":
      return t("invoice-notice-paid", { amount: money(r.received?.amount ?? r.amount, locale), id: r.id });
    case "expired":
    case "disputed":
    case "attention":
      return t(`invoice-notice-${r.state}`, { amount: money(r.amount, locale), id: r.id });
    default:
      return undefined;
  }
}
