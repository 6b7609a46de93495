/**
 * Providers that take money in for the company: an invoice the customer pays (Meridian: requisites
 * of a card or an SBP phone; the merchant API v1: a payment page, credited in USDT). The invoice
 * flow is written against this interface; each provider's quirks stop inside its folder.
 */

import type { Money } from "../money.js";
import type { WebhookHeaders } from "./types.js";

/** How the customer pays: to an SBP phone, to a card, or on the provider's payment page. */
export type InvoiceMethod = "sbp" | "card" | "link";

/**
 * - `pending`: waiting for the customer's money.
 * - `processing`: the provider says something is happening, not yet final (Meridian mentions it).
 * - `paid` / `expired` / `cancelled`: final. `disputed`: a dispute was opened (after or instead of paid).
 * - `unknown`: a status name we do not know. Never guessed: logged and polled again.
 */
export type InvoiceStatus =
  | "pending"
  | "processing"
  | "paid"
  | "expired"
  | "cancelled"
  | "disputed"
  | "unknown";

/** One line of the payment requisites, as the provider named it (`cardNumber`, `bankName`, …). */
export interface Requisite {
  key: string;
  value: string;
}

export interface Invoice {
  provider: string;
  /** The provider's id: Meridian `id`, the merchant API's `uuid`. */
  providerId: string;
  /** Our invoice reference as the provider echoes it (`internalId`, `merchant_order_id`). */
  reference?: string;
  status: InvoiceStatus;
  /** The provider's own status name, for logs and support. */
  providerStatus: string;
  /** What the customer pays, RUB. Absent when the provider's amount could not be trusted. */
  amount?: Money;
  /**
   * Merchant API: USDT credited to the company, and its commission (signed, negative when taken),
   * as stated. Money that arrived only when `status` is `paid`; before that, what would arrive.
   */
  creditedUsdt?: Money;
  commission?: Money;
  method?: InvoiceMethod;
  /** The bank the requisites belong to (Meridian `paymentOption`). */
  bank?: string;
  /** Requisites for the customer, every key kept, in the provider's order. */
  requisites?: Requisite[];
  /** The payment page the customer opens (merchant API `payment_url`). */
  paymentUrl?: string;
  /** Decimal text for display only (USDT/RUB). */
  rate?: string;
  expiresAt?: Date;
  createdAt?: Date;
  updatedAt?: Date;
  /**
   * What in the provider's answer cannot be trusted (an amount with more than 2 decimals, a negative
   * amount): such an invoice is never credited; a person looks at it.
   */
  problems?: string[];
}

export interface CreateInvoiceInput {
  /** Derived from our invoice id: a repeated request returns the same invoice. */
  reference: string;
  /** RUB. */
  amount: Money;
  method?: InvoiceMethod;
  bank?: string;
  /** Where the provider sends its notifications (PUBLIC_URL + the descriptor's webhook path). */
  notificationUrl: string;
}

/**
 * A notification whose authenticity was checked as far as the provider allows. It is a hint: only a
 * signed status read ({@link ReceiveProvider.getInvoice}) moves an invoice.
 */
export interface InvoiceNotification {
  provider: string;
  /** The deduplication key. */
  eventId: string;
  providerId?: string;
  reference?: string;
  /** What the notification claims. */
  status: InvoiceStatus;
  providerStatus: string;
  /** False when the provider sent it without a signature (allowed by the merchant API). */
  signed: boolean;
  /** When the provider says the change happened (Meridian `updatedAt`). */
  occurredAt?: Date;
  /**
   * The amounts the notification states, read exactly; claims, never credited from. A merchant API
   * `timeout` callback carries the order's amounts although no money arrived.
   */
  amount?: Money;
  creditedUsdt?: Money;
  commission?: Money;
  /** What in the body cannot be trusted (as {@link Invoice.problems}). */
  problems?: string[];
}

export interface ReceiveProvider {
  readonly name: string;
  /** The ways a customer can pay through this provider, in the order they are offered. */
  readonly methods: readonly InvoiceMethod[];
  /** Banks the person may choose (Meridian `paymentOption`); empty when there is no choice. */
  readonly banks: readonly string[];
  /** Throws ProviderError; kind `no_requisites` when nobody can take the payment right now. */
  createInvoice(input: CreateInvoiceInput): Promise<Invoice>;
  /** A signed status read: the only source that may settle an invoice. */
  getInvoice(providerId: string): Promise<Invoice>;
  /** Verifies a notification on its raw body. Pure. Throws WebhookVerificationError. */
  verifyNotification(rawBody: Uint8Array | string, headers: WebhookHeaders): InvoiceNotification;
}
