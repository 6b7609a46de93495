import type { LifeRecord } from "../lifecycle/record.js";
import type { Money } from "../money.js";
import type { ExchangeStatus } from "../providers/exchange.js";
import type { Person } from "../team/actor.js";
import type { TopupState } from "./lifecycle.js";

export interface TopupRecord extends LifeRecord<TopupState> {
  /** The spend provider whose balance it tops up. */
  target: string;
  /** Rubles the company pays in. */
  amount: Money;
  /** The provider's deposit address the exchanger pays out to. */
  toAddress: string;
  lang: "ru" | "en";
  /** The exchanger's order (`providerId` is its `orderId`): uid and secret open it. Never logged. */
  orderUid?: string;
  orderSecret?: string;
  /** Verifies this order's IPNs. Never logged. */
  ipnSecret: string;
  exchangeStatus?: ExchangeStatus | "unknown";
  providerStatus?: string;
  paymentUrl?: string;
  /** USDT the exchanger says it sends. */
  outAmount?: Money;
  /** The target's balance (its own currency) when the order was made: growth is measured from it. */
  balanceBefore?: Money;
  sentAt?: number;
  /** What the provider said when the money arrived. */
  credited?: { amount?: Money; balance?: Money; depositId?: string };
  failure?: { kind: string };
  chatId: number;
  chatType: string;
  card?: { chatId: number; messageId: number };
  requestedBy: Person;
  locale: string;
  pollAttempts: number;
}
