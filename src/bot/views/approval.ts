import { InlineKeyboard } from "grammy";
import type { PaymentRecord } from "../../payments/types.js";
import { buttons } from "../callback-data.js";
import { escapeHtml } from "../html.js";
import { money, personName, type Translate } from "./format.js";

/** Why a payment needs an administrator, with the numbers behind it when they are known. */
export function reasonsText(
  p: PaymentRecord,
  t: Translate,
  locale: string,
  reasons = p.approval?.reasons ?? [],
): string {
  const c = p.approval?.context;
  const rub = (minor: number) => money({ minor, currency: "RUB" }, locale);
  return reasons
    .map((r) => {
      if (!c) return t(`approval-reason-${r}`);
      const limit =
        r === "over_payment_limit"
          ? c.perPaymentMinor
          : r === "over_daily_limit"
            ? c.perDayMinor
            : c.thresholdMinor;
      return t(`approval-reason-${r}-detail`, { limit: rub(limit), spent: rub(c.spentTodayMinor) });
    })
    .join("; ");
}

/**
 * What an administrator is asked: who wants to pay how much to whom, and why it needs them. Once
 * someone decides (or the request closes), every administrator's copy says so and loses its buttons.
 */
export function renderApprovalRequest(p: PaymentRecord, t: Translate, locale: string) {
  const lines = [
    t("approval-request", {
      id: p.id,
      who: personName(p.approval?.requestedBy ?? p.requestedBy),
      amount: money(p.quote.total, locale),
      merchant: escapeHtml(p.quote.merchantName ?? "—"),
      reasons: reasonsText(p, t, locale),
    }),
  ];
  const approval = p.approval;
  if (approval?.decision && approval.decidedBy) {
    lines.push("", t(`approval-decided-${approval.decision}`, { name: personName(approval.decidedBy) }));
    return { text: lines.join("\n"), keyboard: undefined };
  }
  if (p.state !== "awaiting_approval") {
    lines.push("", t("approval-cancelled", { state: t(`state-name-${p.state}`) }));
    return { text: lines.join("\n"), keyboard: undefined };
  }
  const keyboard = new InlineKeyboard()
    .text(t("approval-approve"), buttons.approve.pack({ id: p.id }))
    .text(t("approval-reject"), buttons.reject.pack({ id: p.id }));
  return { text: lines.join("\n"), keyboard };
}
