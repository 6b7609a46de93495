import type { InvoiceState } from "../../invoices/lifecycle.js";
import { estimatedCredit, type InvoiceRecord } from "../../invoices/types.js";
import type { Money } from "../../money.js";
import type { PaymentState } from "../../payments/lifecycle.js";
import type { PaymentRecord } from "../../payments/types.js";
import type { Person } from "../../team/actor.js";
import type { TopupState } from "../../topups/lifecycle.js";
import type { TopupRecord } from "../../topups/types.js";
import { providerTitle, type Translate } from "./format.js";
import { choiceTitle } from "./invoice.js";

/** Money that left (a payment) or came in (an invoice), as lists and exports show it. */
export interface Movement {
  id: string;
  direction: "out" | "in" | "topup";
  createdAt: number;
  person: Person;
  /** Whom it was paid to, or how the customer paid. */
  counterparty: string;
  provider: string;
  providerId: string;
  amount: Money;
  fee?: Money;
  /** USDT that left (a Lumo payment's debit), or came (a merchant invoice, a top-up's payout). */
  usdt?: Money;
  /** RUB per USDT, decimal text, where the provider stated one. */
  rate?: string;
  icon: string;
  status: string;
  /** Money actually moved: paid, or received. */
  settled: boolean;
}

export const PAYMENT_ICONS: Record<PaymentState, string> = {
  quoted: "🧾",
  awaiting_approval: "🕒",
  confirming: "⏳",
  processing: "⏳",
  succeeded: "✅",
  failed: "❌",
  expired: "⌛",
  disputed: "⚠️",
  cancelled: "✖",
  rejected: "🚫",
};

export const INVOICE_ICONS: Record<InvoiceState, string> = {
  creating: "⏳",
  waiting: "📥",
  paid: "✅",
  expired: "⌛",
  cancelled: "✖",
  disputed: "⚠️",
  failed: "❌",
  attention: "⚠️",
};

export function paymentMovement(p: PaymentRecord, t: Translate): Movement {
  return {
    id: p.id,
    direction: "out",
    createdAt: p.createdAt,
    person: p.requestedBy,
    counterparty: p.quote.merchantName ?? "",
    provider: providerTitle(p.provider),
    providerId: p.providerId,
    amount: p.quote.total,
    ...(p.quote.fee ? { fee: p.quote.fee } : {}),
    ...(p.quote.debit.currency === "USDT" ? { usdt: p.quote.debit } : {}),
    ...(p.quote.rate ? { rate: p.quote.rate } : {}),
    icon: PAYMENT_ICONS[p.state],
    status: t(`state-name-${p.state}`),
    settled: p.state === "succeeded",
  };
}

export function invoiceMovement(r: InvoiceRecord, t: Translate): Movement {
  return {
    id: r.id,
    direction: "in",
    createdAt: r.createdAt,
    person: r.requestedBy,
    counterparty: choiceTitle(t, r.choice),
    provider: providerTitle(r.choice.provider),
    providerId: r.providerId,
    amount: r.received?.amount ?? r.amount,
    ...(estimatedCredit(r) ? { usdt: estimatedCredit(r)! } : {}),
    icon: INVOICE_ICONS[r.state],
    status: t(`invoice-state-name-${r.state}`),
    settled: r.state === "paid",
  };
}

export const TOPUP_ICONS: Record<TopupState, string> = {
  creating: "⏳",
  awaiting_payment: "💳",
  exchanging: "⏳",
  sent: "📤",
  credited: "✅",
  returned: "↩️",
  cancelled: "✖",
  failed: "❌",
  attention: "⚠️",
};

export function topupMovement(r: TopupRecord, t: Translate): Movement {
  return {
    id: r.id,
    direction: "topup",
    createdAt: r.createdAt,
    person: r.requestedBy,
    counterparty: providerTitle(r.target),
    provider: providerTitle(r.provider),
    providerId: r.orderUid ?? "",
    amount: r.amount,
    ...(r.outAmount ? { usdt: r.outAmount } : {}),
    icon: TOPUP_ICONS[r.state],
    status: t(`topup-state-name-${r.state}`),
    settled: r.state === "credited",
  };
}

/** Every kind, newest first. */
export function newestFirst<M extends Movement>(movements: M[]): M[] {
  return [...movements].sort((a, b) => b.createdAt - a.createdAt);
}
