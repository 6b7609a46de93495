/**
 * The one provider interface the payment flow is written against, and the normalized types it
 * speaks: integer minor units ({@link Money}), normalized statuses, typed errors. Every provider quirk
 * (decimal rubles, `amountUsdt`, `totalMinor`, status names, error bodies) stops inside its folder.
 */

import type { ProviderName } from "../config.js";
import type { Money } from "../money.js";
import type { AnyProviderName } from "./registry.js";

export type { ProviderName } from "../config.js";
export type { AnyProviderName } from "./registry.js";

export const PAYMENT_STATUSES = [
  "quoted",
  "processing",
  "succeeded",
  "failed",
  "expired",
  "disputed",
] as const;
/**
 * - `quoted`: prepared, nothing debited yet, can be confirmed until `expiresAt`.
 * - `processing`: confirmed, the provider is paying the merchant.
 * - `succeeded` / `failed` / `expired`: final for the money; on `failed` and `expired` the provider
 *   returns the debit to the balance.
 * - `disputed`: a dispute was opened after the fact.
 */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Milliseconds since the epoch. Injected wherever time matters, so tests can move it. */
export type Clock = () => number;

export type ProviderMode = "live" | "test";

export interface Balance {
  available: Money;
  /** The wallet address holding this balance, where the provider states one (Lumo: TRON address). */
  address?: string;
}

export interface Quote {
  provider: ProviderName;
  /** The provider's id of the prepared payment; pass it to `confirm` and `getPayment`. */
  providerId: string;
  reference: string;
  merchantName?: string;
  merchantBank?: string;
  /** What the merchant receives, RUB. */
  amount: Money;
  /** The provider's fee in RUB, where it states one. */
  fee?: Money;
  /** amount + fee, RUB. */
  total: Money;
  /** What leaves our balance on confirm: USDT for Lumo, RUB for Ardor. */
  debit: Money;
  /** RUB per unit of the debit currency, decimal text for display only (never for arithmetic). */
  rate?: string;
  expiresAt: Date;
  /** Whether the balance covers the debit, as the provider states it (undefined when it does not). */
  balanceSufficient?: boolean;
}

export interface Payment {
  provider: ProviderName;
  providerId: string;
  reference?: string;
  status: PaymentStatus;
  /** The provider's own status name, for logs and support. */
  providerStatus: string;
  amount?: Money;
  fee?: Money;
  total?: Money;
  debit?: Money;
  merchantName?: string;
  merchantBank?: string;
  failureReason?: string;
  /** Until when a quote can be confirmed, or (Lumo, after accept) until when the provider tries to pay. */
  expiresAt?: Date;
  createdAt?: Date;
  updatedAt?: Date;
  completedAt?: Date;
}

export type DepositStatus = "pending" | "credited" | "failed";

export interface Deposit {
  provider: ProviderName;
  providerId: string;
  status: DepositStatus;
  /** What arrived on chain (USDT). */
  amount?: Money;
  /** What the balance grew by (RUB for Ardor), once credited. */
  credited?: Money;
  network?: string;
  txHash?: string;
  createdAt?: Date;
  creditedAt?: Date;
}

interface EventBase {
  provider: ProviderName;
  /** The deduplication key: Lumo's delivery id, Ardor's event id. */
  eventId: string;
  occurredAt?: Date;
}

/** A webhook whose signature has been verified and whose body has been parsed. */
export type ProviderEvent = EventBase &
  ({ type: "payment"; payment: Payment } | { type: "deposit"; deposit: Deposit });

export interface DepositAddress {
  address: string;
  /** "TRON", "TON". */
  network: string;
  /** The only asset to send there. */
  asset: string;
  minAmount?: Money;
  /** The provider's deposit fee in basis points (150 = 1.5 %). */
  feeBps?: number;
  note?: string;
  /** The currency the balance grows in: the asset itself (Lumo), or rubles at a rate (ArdorQR). */
  balanceCurrency: string;
}

export interface LedgerEntry {
  id: string;
  /** The provider's operation type, e.g. "deposit", "payment", "refund". */
  type: string;
  /** Signed: negative when money left the balance. */
  amount: Money;
  balanceAfter?: Money;
  paymentId?: string;
  depositId?: string;
  description?: string;
  createdAt: Date;
}

export interface LedgerPage {
  entries: LedgerEntry[];
  /** Pass as `before` to get the next (older) page; absent when this page was the last. */
  nextBefore?: Date;
}

export interface ProviderCapabilities {
  depositAddress: boolean;
  deposits: boolean;
  ledger: boolean;
}

export interface PrepareInput {
  /** The QR text exactly as decoded. */
  qr: string;
  /** Our own id for the payment; the provider echoes it back. */
  reference: string;
  /** Derived by the caller from our payment id; sent where the provider accepts one. */
  idempotencyKey: string;
}

export interface ConfirmInput {
  id: string;
  idempotencyKey: string;
}

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * A payment provider. The core members are what the payment flow needs; the optional members are
 * present exactly when the matching flag in {@link Provider.capabilities} is true.
 */
export interface Provider {
  readonly name: ProviderName;
  /** Live or test money, where the provider distinguishes (Ardor: from the key prefix). */
  readonly mode?: ProviderMode;
  readonly capabilities: Readonly<ProviderCapabilities>;

  getBalances(): Promise<Balance[]>;
  /** Reads the QR at the provider and returns what paying it would cost. Nothing is debited. */
  prepare(input: PrepareInput): Promise<Quote>;
  /** Pays a quote. Safe to repeat with the same idempotency key. */
  confirm(input: ConfirmInput): Promise<Payment>;
  getPayment(providerId: string): Promise<Payment>;
  /**
   * Verifies a webhook on its raw body and parses it. Pure: no I/O, no deduplication (the caller
   * deduplicates on `eventId`). Throws {@link WebhookVerificationError}.
   */
  verifyWebhook(rawBody: Uint8Array | string, headers: WebhookHeaders): ProviderEvent;

  getDepositAddress?(): Promise<DepositAddress>;
  listDeposits?(options?: { limit?: number }): Promise<Deposit[]>;
  getLedger?(options?: { limit?: number; before?: Date }): Promise<LedgerPage>;
}

export const PROVIDER_ERROR_KINDS = [
  "network",
  "timeout",
  "unauthorized",
  "insufficient_funds",
  "quote_expired",
  "invalid_qr",
  "not_found",
  "conflict",
  "rate_limited",
  "unavailable",
  "bad_response",
  "rejected",
  "no_requisites",
] as const;
/**
 * - `unauthorized`: the API key is wrong or revoked; administrators must act ({@link ProviderError.forAdmins}).
 * - `conflict`: an idempotency key was reused with another request.
 * - `unavailable`: the provider answered 5xx.
 * - `bad_response`: the provider answered with a shape we do not understand.
 * - `rejected`: any other refusal (4xx).
 * - `no_requisites`: nobody can take a customer's payment right now (Meridian's 503 «Нет доступных
 *   реквизитов»). A refusal, not retried by itself: the person may try again later.
 */
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

const RETRYABLE_KINDS: ReadonlySet<ProviderErrorKind> = new Set([
  "network",
  "timeout",
  "rate_limited",
  "unavailable",
]);

export interface ProviderErrorDetails {
  provider: AnyProviderName;
  kind: ProviderErrorKind;
  /** What we were doing, e.g. "confirm". */
  operation: string;
  status?: number;
  /** The provider's own error code, when it sent one. */
  code?: string;
  /** The provider's own message, scrubbed and cut short; for logs and admins, not for users. */
  providerMessage?: string;
  retryAfterMs?: number;
  /** How many HTTP attempts were made. */
  attempts?: number;
  cause?: unknown;
}

/**
 * Every failure of a provider call. `message` is safe to log: it never contains secrets or bodies.
 * The bot maps `kind` to user-facing texts.
 */
export class ProviderError extends Error {
  override name = "ProviderError";
  readonly provider: AnyProviderName;
  readonly kind: ProviderErrorKind;
  readonly operation: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly providerMessage: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number | undefined;
  /** Whether the same call (with the same idempotency key) may succeed later. */
  readonly retryable: boolean;

  constructor(details: ProviderErrorDetails, detail?: string) {
    const where = [
      details.status === undefined ? undefined : `HTTP ${details.status}`,
      details.code === undefined ? undefined : `code ${details.code}`,
    ].filter(Boolean);
    super(
      `${details.provider} ${details.operation}: ${details.kind}${where.length ? ` (${where.join(", ")})` : ""}${detail ? `: ${detail}` : ""}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.provider = details.provider;
    this.kind = details.kind;
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.providerMessage = details.providerMessage;
    this.retryAfterMs = details.retryAfterMs;
    this.attempts = details.attempts;
    this.retryable = RETRYABLE_KINDS.has(details.kind);
  }

  /** An auth failure: the key is wrong or revoked, which only an administrator can fix. */
  get forAdmins(): boolean {
    return this.kind === "unauthorized";
  }
}

export type WebhookFailureReason =
  | "missing_header"
  | "malformed_header"
  | "bad_signature"
  | "stale_timestamp"
  | "bad_body";

/** A webhook that must be answered 4xx and ignored. `message` says exactly why, without secrets. */
export class WebhookVerificationError extends Error {
  override name = "WebhookVerificationError";
  constructor(
    readonly provider: AnyProviderName,
    readonly reason: WebhookFailureReason,
    message: string,
  ) {
    super(`${provider} webhook rejected (${reason}): ${message}`);
  }
}
