import type { ProviderName } from "../config.js";
import type { LifeRecord } from "../lifecycle/record.js";
import type { Money } from "../money.js";
import type { ProviderErrorKind, ProviderMode } from "../providers/types.js";
import type { Person } from "../team/actor.js";
import type { PaymentState } from "./lifecycle.js";

export type { Actor, Person } from "../team/actor.js";

/** What we read from the QR, kept with the payment (for warnings, for a new quote, for support). */
export interface ScannedCode {
  /** The QR text exactly as decoded; this is what the provider gets. */
  raw: string;
  qrcId: string;
  /** "01" static, "02" dynamic, "03" subscription. */
  type: string;
  bankId?: string;
  /** The amount printed in the QR, kopecks; absent on static codes. */
  sumMinor?: number;
  /** false when the link's CRC does not match; undefined when it has none. */
  crcValid?: boolean;
}

export interface QuoteSnapshot {
  merchantName?: string;
  merchantBank?: string;
  amount: Money;
  fee?: Money;
  total: Money;
  debit: Money;
  rate?: string;
  expiresAt: number;
  /** Whether the balance covers the debit: the provider's word, else our comparison, else unknown. */
  balanceSufficient: boolean | undefined;
  /** The balance in the debit currency when the quote was made, when known. */
  balance?: Money;
}

export interface PaymentRecord extends LifeRecord<PaymentState> {
  provider: ProviderName;
  providerStatus?: string;
  mode?: ProviderMode;
  code: ScannedCode;
  quote: QuoteSnapshot;
  chatId: number;
  chatType: string;
  /** The card message, edited through the payment's whole life. */
  card?: { chatId: number; messageId: number };
  requestedBy: Person;
  /** Language of the person who scanned: notifications sent later speak it. */
  locale: string;
  confirmedBy?: Person;
  confirmedAt?: number;
  failure?: { kind: ProviderErrorKind | "provider"; reason?: string };
  pollAttempts: number;
  /** One Pay press holds the payment while it checks limits and reserves the day's allowance. */
  paying?: { press: string; until: number };
  /** Which quote of this payment is current (1, then 2 after an approval); keys derive from it. */
  quoteAttempt: number;
  approval?: Approval;
  /** Today's allowance this payment holds; given back if it fails or expires. */
  spend?: { personId: number; day: string; amountMinor: number; released?: boolean };
  /** Reasons this payment would need an administrator, as far as known when quoted (shown before Pay). */
  approvalExpected?: string[];
  /** Set when a new quote replaced this one (the card moved to that payment). */
  supersededBy?: string;
  /** The provider asked first could not pay, so this quote is another configured provider's. */
  fallbackFrom?: { provider: ProviderName; reason: FallbackReason };
}

/** Why a quote came from another provider: the first one was down, or short of money. */
export type FallbackReason = "unavailable" | "insufficient_funds";

export type TransitionSource = "quote" | "user" | "confirm" | "webhook" | "poll" | "timer" | "approval";

/** The numbers behind an approval's reasons, as they were when it was asked (kopecks). */
export interface ApprovalContext {
  perPaymentMinor: number;
  perDayMinor: number;
  /** What the requester had already spent that day. */
  spentTodayMinor: number;
  thresholdMinor: number;
}

export interface Approval {
  reasons: string[];
  context?: ApprovalContext;
  requestedAt: number;
  requestedBy: Person;
  decision?: "approved" | "rejected";
  decidedBy?: Person;
  decidedAt?: number;
  /** The total that was approved: a new quote up to it needs no second approval. */
  approvedTotalMinor?: number;
  /** The administrators' copies of the request, updated when someone decides. */
  messages?: Array<{ chatId: number; messageId: number }>;
}

/** Balance left after paying, in the debit currency, when the balance is known. */
export function balanceAfter(record: PaymentRecord): Money | undefined {
  const { balance, debit } = record.quote;
  if (!balance || balance.currency !== debit.currency) return undefined;
  return { currency: debit.currency, minor: balance.minor - debit.minor };
}
