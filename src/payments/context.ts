import type { ProviderName } from "../config.js";
import type { RecordKernel } from "../lifecycle/kernel.js";
import type { FinalNotifications } from "../lifecycle/notifications.js";
import type { Logger } from "../logger.js";
import type { Deposit, Provider, ProviderEvent } from "../providers/types.js";
import type { AuditDraft, RecordStore, SpendStore, TimerStore } from "../store/types.js";
import type { PaymentState } from "./lifecycle.js";
import type { CompanyLimits, Limits } from "./limits.js";
import type { PaymentRecord, Person } from "./types.js";

/** How the payment flow reaches the people: implemented by the bot, injected here. */
export interface PaymentObserver {
  /** The payment moved; show it on its card. Best effort. */
  changed(record: PaymentRecord): Promise<void>;
  /** A final state: final card and one notification. Throwing means "try again later". */
  finalized(record: PaymentRecord): Promise<void>;
  /** A verified deposit event (top-up pending or credited). */
  deposit(event: Extract<ProviderEvent, { type: "deposit" }>): Promise<void>;
  /** A payment now waits for an administrator: ask them; returns the messages that asked. */
  approvalRequested(record: PaymentRecord): Promise<Array<{ chatId: number; messageId: number }>>;
  /** Someone decided (or the requester cancelled): update every administrator's copy. */
  approvalSettled(record: PaymentRecord): Promise<void>;
}

/** Who may spend how much; applied when Pay is pressed. */
export interface SpendingRules {
  store: SpendStore;
  company: CompanyLimits;
  /** A person's limits (their own or the company's). */
  limitsFor(personId: number): Promise<Limits>;
  timeZone: string;
}

export interface ProviderSet {
  readonly names: readonly ProviderName[];
  get(name: ProviderName): Provider | undefined;
}

export interface PaymentTimings {
  /** How long to wait for a webhook before asking the provider ourselves. */
  webhookGraceMs: number;
  /** First poll interval; it doubles up to `pollMaxMs`. */
  pollInitialMs: number;
  pollMaxMs: number;
  /** When the fast path of a final notification fails, try again after this long. */
  notifyRetryMs: number;
  /** How long a claimed notification belongs to its claimer. */
  notifyClaimMs: number;
  /** How long one Pay press holds a quoted payment while it checks limits. */
  payClaimMs: number;
}

export const DEFAULT_TIMINGS: PaymentTimings = {
  webhookGraceMs: 60_000,
  pollInitialMs: 5_000,
  pollMaxMs: 5 * 60_000,
  notifyRetryMs: 15_000,
  notifyClaimMs: 30_000,
  payClaimMs: 30_000,
};

/** Timer kinds of payments (members of the shared timer set). */
export const PAYMENT_TIMERS = { expire: "expire", poll: "poll", notify: "notify", ask: "ask" } as const;

/** What every part of the payment service works with. Built once by the facade. */
export interface PaymentContext {
  kernel: RecordKernel<PaymentState, PaymentRecord>;
  store: RecordStore<PaymentRecord>;
  notifications: FinalNotifications<PaymentState, PaymentRecord>;
  timers: TimerStore;
  providers: ProviderSet;
  logger: Logger;
  clock: () => number;
  timings: PaymentTimings;
  /** Runs work after the caller has its answer (Telegram edits after a webhook is acknowledged). */
  defer: (name: string, work: () => Promise<unknown>) => void;
  spending: SpendingRules;
  observer(): PaymentObserver;
  hooks: PaymentHooks;
}

/** What other parts of the domain want to hear about (the balance's runway), called after the fact. */
export interface PaymentHooks {
  /** A payment reached a final state. */
  final?(record: PaymentRecord): void;
  /** A provider said the balance does not cover a payment (a quote or a confirm). */
  shortOfMoney?(provider: ProviderName): void;
  /** A provider could not be reached for a quote (down, no network, no answer in time). */
  unavailable?(provider: ProviderName): void;
  /** A provider answered a quote again after being unavailable. */
  available?(provider: ProviderName): void;
  /** A verified deposit event; true when it was taken care of (a top-up's credit), so nobody else is told. */
  deposit?(deposit: Deposit): Promise<boolean>;
}

/** A payment's audit entry: who did what to which payment, with its amount and provider. */
export function paymentAudit(
  action: string,
  actor: Person | undefined,
  record: PaymentRecord,
  details: Record<string, unknown> = {},
): AuditDraft {
  return {
    action,
    ...(actor ? { actor: { id: actor.id, name: actor.name } } : {}),
    details: {
      paymentId: record.id,
      provider: record.provider,
      amountMinor: record.quote.total.minor,
      ...details,
    },
  };
}

export function providerOf(ctx: PaymentContext, name: ProviderName): Provider {
  const provider = ctx.providers.get(name);
  if (!provider) throw new Error(`provider ${name} is not configured`);
  return provider;
}

/** Someone other than the requester may act on a payment only as an administrator. */
export function mayActOn(record: PaymentRecord, actor: { person: Person; role: string }): boolean {
  return record.requestedBy.id === actor.person.id || actor.role === "admin";
}
