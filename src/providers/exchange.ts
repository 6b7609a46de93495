/**
 * An exchanger that turns the company's rubles into USDT sent to a payment provider's deposit
 * address (Lincoln). The top-up flow is written against this interface.
 */

import type { Money } from "../money.js";

/** Lincoln's statuses, by their own names (see docs/providers.md for what each means to us). */
export const EXCHANGE_STATUSES = [
  "new",
  "waitPayment",
  "inProgress",
  "inProgressPayout",
  "done",
  "errorPayment",
  "errorPayout",
  "hold",
  "returned",
  "deleted",
] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];

/**
 * No more changes are expected: paid out, returned to the sender, or deleted. The troubled
 * statuses (`errorPayment`, `errorPayout`, `hold`) are not final: the exchanger's staff may move
 * them on, so they are polled like the others.
 */
export const FINAL_EXCHANGE_STATUSES: ReadonlySet<ExchangeStatus | "unknown"> = new Set([
  "done",
  "returned",
  "deleted",
]);

export function isFinalExchangeStatus(status: ExchangeStatus | "unknown"): boolean {
  return FINAL_EXCHANGE_STATUSES.has(status);
}

export type ExchangeLang = "ru" | "en";

export interface ExchangeOrder {
  provider: string;
  /** `orderUID`: a number, kept as text. */
  uid: string;
  /** `orderId` (an ObjectId). */
  id: string;
  /** The order's secret: with `uid` it opens the payment page and reads the status. Never logged. */
  secret: string;
  /** `unknown` for a status name we do not know: logged and polled, never guessed. */
  status: ExchangeStatus | "unknown";
  providerStatus: string;
  /** Rubles the company pays in, as stated. */
  inAmount?: Money;
  /** USDT sent to the deposit address, as stated. */
  outAmount?: Money;
  /** The exchanger's payment page for this order, in the person's language. */
  paymentUrl: string;
}

export interface CreateExchangeOrderInput {
  /** The exchanger's direction (RUB → USDT on the provider's network), from configuration. */
  routeId: string;
  /** RUB. */
  amount: Money;
  /** The payment provider's deposit address. */
  toAddress: string;
  lang: ExchangeLang;
  /** PUBLIC_URL + the descriptor's webhook path. */
  ipnUrl: string;
  /** Fresh and random per order; stored with the order, never logged. */
  ipnSecret: string;
  /** Where the page's "back" button leads (a t.me link to the bot). */
  clientCallbackUrl: string;
}

/** An IPN as received. Its fields are untrusted until {@link Exchanger.verifyIpn} checks the hash. */
export interface ExchangeIpn {
  orderUid?: string;
  orderId: string;
  newStatus: string;
  /** Exactly as received: the hash covers these strings. */
  inAmount: string;
  outAmount: string;
  xmlFrom: string;
  xmlTo: string;
  /** Milliseconds, as received. */
  timestamp: string;
  /** The deduplication key: orderId, newStatus and timestamp. */
  eventId: string;
}

/** An IPN whose hash matched: its status normalized, its amounts read exactly. */
export interface VerifiedExchangeIpn extends ExchangeIpn {
  status: ExchangeStatus | "unknown";
  /** `inAmount` in RUB. */
  inMoney: Money;
  /** `outAmount` in USDT. */
  outMoney: Money;
  /** `timestamp`: when the exchanger sent it, by its clock. */
  occurredAt: Date;
}

export interface Exchanger {
  readonly name: string;
  /** The configured route to a spend provider's deposit network, or undefined when there is none. */
  routeFor(provider: string): string | undefined;
  createOrder(input: CreateExchangeOrderInput): Promise<ExchangeOrder>;
  /**
   * The order's status, read with its uid and secret (polling is part of the design). `lang` is
   * only for the returned `paymentUrl` (default `ru`).
   */
  getOrder(uid: string, secret: string, lang?: ExchangeLang): Promise<ExchangeOrder>;
  /** After the company paid: the order moves from `waitPayment` to `inProgress`. Safe to repeat. */
  markPaid(uid: string, secret: string, lang?: ExchangeLang): Promise<ExchangeOrder>;
  /** The exchanger's payment page for an order. */
  paymentUrl(uid: string, secret: string, lang: ExchangeLang): string;
  /** Reads an IPN body without trusting it (to find the order whose secret verifies it). */
  readIpn(rawBody: Uint8Array | string): ExchangeIpn;
  /** Checks the IPN's hash with the order's secret. Throws WebhookVerificationError. */
  verifyIpn(rawBody: Uint8Array | string, ipnSecret: string): VerifiedExchangeIpn;
}
