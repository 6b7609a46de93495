import type { LifeRecord } from "../lifecycle/record.js";
import type { Money } from "../money.js";
import type { InvoiceMethod, Requisite } from "../providers/receive.js";
import type { Person } from "../team/actor.js";
import type { InvoiceState } from "./lifecycle.js";

/** How the person asked to be paid: the provider, the method and, for Meridian, the bank. */
export interface InvoiceChoice {
  provider: string;
  method: InvoiceMethod;
  bank?: string;
}

export interface InvoiceRecord extends LifeRecord<InvoiceState> {
  /** Sent to the provider as `internalId` / `merchant_order_id`: a repeat returns the same invoice. */
  reference: string;
  choice: InvoiceChoice;
  /** What the customer is asked to pay (RUB). */
  amount: Money;
  chatId: number;
  chatType: string;
  card?: { chatId: number; messageId: number };
  requestedBy: Person;
  locale: string;
  providerStatus?: string;
  requisites?: Requisite[];
  paymentUrl?: string;
  expiresAt?: number;
  /** What the provider's signed status read said when the money arrived. All as stated. */
  received?: { amount?: Money; creditedUsdt?: Money; commission?: Money };
  /** Why the invoice needs a person (amounts the provider sent that cannot be trusted). */
  problems?: string[];
  failure?: { kind: string };
  pollAttempts: number;
}

/** USDT the merchant API will credit, as an estimate: `amount_usdt` + `merchant_commission` (signed). */
export function estimatedCredit(record: Pick<InvoiceRecord, "received">): Money | undefined {
  const usdt = record.received?.creditedUsdt;
  if (!usdt) return undefined;
  const commission = record.received?.commission;
  return { currency: usdt.currency, minor: usdt.minor + (commission?.minor ?? 0) };
}
