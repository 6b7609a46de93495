import { InlineKeyboard } from "grammy";
import { balanceAfter, type PaymentRecord } from "../../payments/types.js";
import { buttons } from "../callback-data.js";
import { escapeHtml } from "../html.js";
import { reasonsText } from "./approval.js";
import {
  decimal,
  money,
  personName,
  providerTitle,
  type Translate,
  time,
  type ViewOptions,
} from "./format.js";

export interface CardView {
  text: string;
  keyboard: InlineKeyboard | undefined;
}

/** The quote card: one message that shows a payment through its whole life. */
export function renderCard(p: PaymentRecord, t: Translate, view: ViewOptions & { now: number }): CardView {
  const m = (value: Parameters<typeof money>[0]) => money(value, view.locale);
  const q = p.quote;
  const lines = [t("card-title", { id: p.id })];
  lines.push(
    q.merchantName ? t("card-merchant", { name: escapeHtml(q.merchantName) }) : t("card-merchant-unknown"),
  );
  if (q.merchantBank) lines.push(t("card-bank", { bank: escapeHtml(q.merchantBank) }));
  lines.push(t("card-amount", { amount: m(q.amount) }));
  if (q.fee) {
    lines.push(t("card-fee", { fee: m(q.fee) }));
    lines.push(t("card-total", { total: m(q.total) }));
  }
  if (q.debit.currency !== q.total.currency) {
    lines.push(
      q.rate
        ? t("card-debit-rate", { debit: m(q.debit), rate: decimal(q.rate, view.locale) })
        : t("card-debit", { debit: m(q.debit) }),
    );
  }
  const after = balanceAfter(p);
  const quoted = p.state === "quoted";
  if (quoted && after && after.minor >= 0) lines.push(t("card-balance-after", { balance: m(after) }));
  lines.push(
    t(p.mode === "test" ? "card-provider-test" : "card-provider", { provider: providerTitle(p.provider) }),
  );
  if (p.chatType !== "private") lines.push(t("card-requested-by", { name: personName(p.requestedBy) }));

  const warnings: string[] = [];
  if (p.code.sumMinor !== undefined && p.code.sumMinor !== q.amount.minor) {
    warnings.push(
      t("card-warning-sum", { qrSum: m({ minor: p.code.sumMinor, currency: "RUB" }), amount: m(q.amount) }),
    );
  }
  if (p.code.crcValid === false) warnings.push(t("card-warning-crc"));
  if (p.code.sumMinor === undefined) {
    warnings.push(t(p.code.type === "01" ? "card-warning-static" : "card-warning-no-sum"));
  }
  if (p.fallbackFrom && quoted) {
    warnings.push(
      t(`card-fallback-${p.fallbackFrom.reason}`, {
        chosen: providerTitle(p.fallbackFrom.provider),
        provider: providerTitle(p.provider),
      }),
    );
  }

  const keyboard = new InlineKeyboard();
  const status: string[] = [];
  switch (p.state) {
    case "quoted": {
      if (q.balanceSufficient === false) {
        status.push(
          q.balance
            ? t("card-insufficient", { debit: m(q.debit), balance: m(q.balance) })
            : t("card-insufficient-unknown"),
        );
        keyboard
          .text(t("button-topup"), buttons.topUp.pack({ provider: p.provider }))
          .text(t("button-cancel"), buttons.cancel.pack({ id: p.id }));
      } else {
        const seconds = Math.max(0, Math.ceil((q.expiresAt - view.now) / 1000));
        const duration =
          seconds < 120
            ? t("duration-seconds", { n: String(seconds) })
            : t("duration-minutes", { n: String(Math.floor(seconds / 60)) });
        status.push(t("card-valid-for", { duration, time: time(q.expiresAt, view) }));
        const approved = p.approval?.decision === "approved";
        if (p.approvalExpected?.length && !approved) {
          status.push(
            t("card-needs-approval", { reasons: reasonsText(p, t, view.locale, p.approvalExpected) }),
          );
        }
        const pay = p.fallbackFrom
          ? t("button-pay-via", { amount: m(q.total), provider: providerTitle(p.provider) })
          : t("button-pay", { amount: m(q.total) });
        keyboard
          .text(pay, buttons.pay.pack({ id: p.id }))
          .text(t("button-cancel"), buttons.cancel.pack({ id: p.id }));
      }
      break;
    }
    case "awaiting_approval":
      status.push(t("card-state-awaiting-approval", { reasons: reasonsText(p, t, view.locale) }));
      break;
    case "confirming":
    case "processing":
      status.push(t(`card-state-${p.state}`));
      break;
    case "succeeded":
      status.push(t("card-state-succeeded", { time: time(p.finalAt ?? p.updatedAt, view) }));
      break;
    case "failed":
      status.push(t("card-state-failed", { reason: failureText(p, t) }));
      failedNextStep(p, t, status, keyboard);
      break;
    case "expired":
      if (p.confirmedAt === undefined) {
        status.push(t("card-state-expired-quote"));
        keyboard.text(t("button-requote"), buttons.requote.pack({ id: p.id }));
      } else {
        status.push(t("card-state-expired"));
      }
      break;
    case "disputed":
    case "cancelled":
    case "rejected":
      status.push(t(`card-state-${p.state}`));
      if (p.state === "rejected" && p.approval?.decidedBy) {
        status.push(t("approval-decided-rejected", { name: personName(p.approval.decidedBy) }));
      }
      break;
  }
  const approval = p.approval;
  if (approval?.decision === "approved" && approval.decidedBy) {
    status.push(t("card-approved-by", { name: personName(approval.decidedBy) }));
    const approved = approval.approvedTotalMinor;
    if (p.state === "quoted" && approved !== undefined && approved !== q.total.minor) {
      status.push(
        t("card-approved-changed", {
          before: m({ minor: approved, currency: q.total.currency }),
          after: m(q.total),
        }),
      );
    }
  }
  if (p.confirmedBy && p.confirmedBy.id !== p.requestedBy.id) {
    status.push(t("card-state-by", { name: personName(p.confirmedBy) }));
  }
  const text = [lines.join("\n"), warnings.join("\n"), status.join("\n")].filter(Boolean).join("\n\n");
  return { text, keyboard: keyboard.inline_keyboard.flat().length > 0 ? keyboard : undefined };
}

/** What a person can do about a failed payment: the words, and the button where one helps. */
function failedNextStep(p: PaymentRecord, t: Translate, status: string[], keyboard: InlineKeyboard): void {
  switch (p.failure?.kind) {
    case "invalid_qr":
      status.push(t("card-failed-next-new-code"));
      return;
    case "insufficient_funds":
      status.push(t("card-failed-next-topup"));
      keyboard.text(t("button-topup"), buttons.topUp.pack({ provider: p.provider }));
      return;
    case "unauthorized":
      status.push(t("card-failed-next-admins"));
      return;
    default:
      if (p.supersededBy) return;
      status.push(t("card-failed-next-retry"));
      keyboard.text(t("button-retry"), buttons.requote.pack({ id: p.id }));
  }
}

export function failureText(p: PaymentRecord, t: Translate): string {
  const failure = p.failure;
  if (!failure) return t("failure-provider-unknown");
  if (failure.kind === "provider") {
    return failure.reason
      ? t("failure-provider", { reason: escapeHtml(failure.reason) })
      : t("failure-provider-unknown");
  }
  return t(`failure-${failure.kind}`);
}

/** The one short message sent when a confirmed payment ends; undefined when the card says enough. */
export function renderFinalNotice(p: PaymentRecord, t: Translate, locale: string): string | undefined {
  const amount = money(p.quote.total, locale);
  // The requester is waiting for the administrators' answer: it gets a message, like a payment.
  if (p.state === "rejected" && p.approval?.decidedBy) {
    return t("notify-rejected", { name: personName(p.approval.decidedBy), amount });
  }
  if (p.confirmedAt === undefined) return undefined;
  switch (p.state) {
    case "succeeded":
      return t("notify-succeeded", { amount, merchant: escapeHtml(p.quote.merchantName ?? "—") });
    case "failed":
      return t("notify-failed", { amount, reason: failureText(p, t) });
    case "expired":
      return t("notify-expired", { amount });
    case "disputed":
      return t("notify-disputed", { amount, id: p.id });
    default:
      return undefined;
  }
}
