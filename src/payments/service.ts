import type { ProviderName } from "../config.js";
import type { Logger } from "../logger.js";
import type { Money } from "../money.js";
import {
  type Payment,
  type Provider,
  ProviderError,
  type ProviderErrorKind,
  type ProviderEvent,
} from "../providers/types.js";
import type { AuditLog, PaymentStore, SpendStore, TimerStore } from "../store/types.js";
import { idempotencyKeys, newPaymentId } from "./ids.js";
import {
  type ApprovalReason,
  type CompanyLimits,
  dayOf,
  type Limits,
  staticApprovalReasons,
} from "./limits.js";
import { awaitsProvider, isFinal, type PaymentState, stateAfterProviderStatus } from "./states.js";
import type { PaymentRecord, Person, QuoteSnapshot, ScannedCode, TransitionSource } from "./types.js";

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

/** Who may spend how much; the service applies it when Pay is pressed. */
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
}

export const DEFAULT_TIMINGS: PaymentTimings = {
  webhookGraceMs: 60_000,
  pollInitialMs: 5_000,
  pollMaxMs: 5 * 60_000,
  notifyRetryMs: 15_000,
  notifyClaimMs: 30_000,
};

export interface PaymentServiceDeps {
  store: PaymentStore<PaymentRecord>;
  timers: TimerStore;
  providers: ProviderSet;
  logger: Logger;
  clock?: () => number;
  timings?: Partial<PaymentTimings>;
  /** Runs work after the caller has its answer (Telegram edits after a webhook is acknowledged). */
  defer: (name: string, work: () => Promise<unknown>) => void;
  spending: SpendingRules;
  audit: AuditLog;
}

export interface QuoteRequest {
  code: ScannedCode;
  provider: ProviderName;
  chatId: number;
  chatType: string;
  requestedBy: Person;
  locale: string;
  card: { chatId: number; messageId: number };
}

export type ConfirmOutcome =
  | { result: "confirming"; record: PaymentRecord }
  | { result: "approval_requested"; record: PaymentRecord; reasons: ApprovalReason[] }
  | { result: "expired"; record: PaymentRecord }
  | { result: "insufficient_funds"; record: PaymentRecord }
  | { result: "forbidden" }
  | { result: "not_found" }
  | { result: "busy"; state: PaymentState };

export type TimerKind = "expire" | "poll" | "notify";

/** Provider refusals that settle a confirm for good; anything else may still have gone through. */
const CONFIRM_REFUSALS: ReadonlySet<ProviderErrorKind> = new Set([
  "insufficient_funds",
  "quote_expired",
  "invalid_qr",
  "rejected",
  "unauthorized",
  "not_found",
]);

/**
 * The payment lifecycle: quote, confirm, provider events, expiry, polling and the one final
 * notification. No Telegram and no HTTP here: people are reached through {@link PaymentObserver}.
 */
export class PaymentService {
  private readonly clock: () => number;
  private readonly timings: PaymentTimings;
  private observer: PaymentObserver | undefined;

  constructor(private readonly deps: PaymentServiceDeps) {
    this.clock = deps.clock ?? Date.now;
    this.timings = { ...DEFAULT_TIMINGS, ...deps.timings };
  }

  /** The bot is built after the service; it registers itself here. */
  observe(observer: PaymentObserver): void {
    this.observer = observer;
  }

  get providerNames(): readonly ProviderName[] {
    return this.deps.providers.names;
  }

  get store(): PaymentStore<PaymentRecord> {
    return this.deps.store;
  }

  provider(name: ProviderName): Provider {
    const provider = this.deps.providers.get(name);
    if (!provider) throw new Error(`provider ${name} is not configured`);
    return provider;
  }

  /** Asks the provider what paying this code costs, and stores the quote. Throws ProviderError. */
  async quote(request: QuoteRequest, id = newPaymentId()): Promise<PaymentRecord> {
    const { providerId, mode, quote } = await this.fetchQuote(request.provider, request.code, id, 1);
    const now = this.clock();
    const record: PaymentRecord = {
      id,
      provider: request.provider,
      providerId,
      ...(mode ? { mode } : {}),
      state: "quoted",
      open: true,
      code: request.code,
      quote,
      quoteAttempt: 1,
      chatId: request.chatId,
      personId: request.requestedBy.id,
      chatType: request.chatType,
      card: request.card,
      requestedBy: request.requestedBy,
      locale: request.locale,
      confirmAttempts: 0,
      pollAttempts: 0,
      createdAt: now,
      updatedAt: now,
      history: [{ state: "quoted", at: now, via: "quote" }],
    };
    await this.deps.store.create(record);
    await this.deps.timers.schedule("expire", id, record.quote.expiresAt);
    await this.audit("payment.quoted", request.requestedBy, record, { amountMinor: quote.total.minor });
    return record;
  }

  /** The provider's quote for a code (and the balance it would come from), as we keep it. */
  private async fetchQuote(
    name: ProviderName,
    code: ScannedCode,
    id: string,
    attempt: number,
  ): Promise<{ providerId: string; mode: Provider["mode"]; quote: QuoteSnapshot }> {
    const provider = this.provider(name);
    const [quote, balance] = await Promise.all([
      provider.prepare({ qr: code.raw, reference: id, idempotencyKey: idempotencyKeys.prepare(id, attempt) }),
      provider.getBalances().catch((err) => {
        this.deps.logger.warn({ err, provider: provider.name }, "balance unavailable for the quote card");
        return undefined;
      }),
    ]);
    const available = balance?.find((b) => b.available.currency === quote.debit.currency)?.available;
    return {
      providerId: quote.providerId,
      mode: provider.mode,
      quote: {
        ...(quote.merchantName ? { merchantName: quote.merchantName } : {}),
        ...(quote.merchantBank ? { merchantBank: quote.merchantBank } : {}),
        amount: quote.amount,
        ...(quote.fee ? { fee: quote.fee } : {}),
        total: quote.total,
        debit: quote.debit,
        ...(quote.rate ? { rate: quote.rate } : {}),
        expiresAt: quote.expiresAt.getTime(),
        balanceSufficient:
          quote.balanceSufficient ?? (available ? available.minor >= quote.debit.minor : undefined),
        ...(available ? { balance: available } : {}),
      },
    };
  }

  /**
   * Replaces an expired (or still open) quote with a fresh one on the same card. Only one of several
   * presses wins; the others get undefined.
   */
  async requote(
    oldId: string,
    by: Person,
    mayActForOthers: boolean,
  ): Promise<PaymentRecord | "forbidden" | undefined> {
    const newId = newPaymentId();
    let forbidden = false;
    let previousCard: { chatId: number; messageId: number } | undefined;
    const claimed = await this.deps.store.update(oldId, (p) => {
      previousCard = p.card;
      if (p.requestedBy.id !== by.id && !mayActForOthers) {
        forbidden = true;
        return undefined;
      }
      if (p.supersededBy || !p.card || !(p.state === "quoted" || p.state === "expired")) return undefined;
      // The card moves to the new payment: nothing about the old one may be drawn on it any more.
      return { ...p, supersededBy: newId, card: undefined };
    });
    if (forbidden) return "forbidden";
    if (!claimed?.changed) return undefined;
    const old = claimed.record;
    if (!previousCard) return undefined;
    await this.transition(oldId, "cancelled", "user", (p) => p.state === "quoted");
    try {
      return await this.quote(
        {
          code: old.code,
          provider: old.provider,
          chatId: old.chatId,
          chatType: old.chatType,
          requestedBy: old.requestedBy,
          locale: old.locale,
          card: previousCard,
        },
        newId,
      );
    } catch (err) {
      // Give the card back, so the person can press "New quote" again.
      await this.deps.store.update(oldId, (p) =>
        p.supersededBy === newId ? { ...p, supersededBy: undefined, card: previousCard } : undefined,
      );
      throw err;
    }
  }

  /**
   * Pay pressed. The quoted → confirming step is one compare-and-set, so of any number of presses,
   * devices or instances exactly one sends the confirm.
   */
  async confirm(
    id: string,
    by: Person,
    mayActForOthers: boolean,
    spend?: PaymentRecord["spend"],
  ): Promise<ConfirmOutcome> {
    const now = this.clock();
    let outcome: ConfirmOutcome | undefined;
    const result = await this.deps.store.update(id, (p) => {
      if (p.requestedBy.id !== by.id && !mayActForOthers) {
        outcome = { result: "forbidden" };
        return undefined;
      }
      if (p.state !== "quoted") {
        outcome = { result: "busy", state: p.state };
        return undefined;
      }
      if (now >= p.quote.expiresAt) return advance(p, "expired", "user", now);
      if (p.quote.balanceSufficient === false) {
        outcome = { result: "insufficient_funds", record: p };
        return undefined;
      }
      return {
        ...advance(p, "confirming", "user", now),
        confirmedBy: by,
        confirmedAt: now,
        confirmAttempts: 1,
        ...(spend ? { spend } : {}),
      };
    });
    if (!result) return { result: "not_found" };
    if (outcome) return outcome;
    const record = result.record;
    if (record.state === "expired") {
      await this.afterTransition(record);
      return { result: "expired", record };
    }
    this.deps.defer(`card:${id}`, () => this.requireObserver().changed(record));
    // The safety net before the confirm: if we die before the provider answers, this timer finds out.
    await Promise.all([
      this.deps.timers.cancel("expire", id),
      this.deps.timers.schedule("poll", id, now + this.timings.webhookGraceMs),
    ]);
    this.deps.defer(`confirm:${id}`, () => this.sendConfirm(record));
    await this.audit("payment.pay", by, record, { amountMinor: record.quote.total.minor });
    return { result: "confirming", record };
  }

  /**
   * Pay pressed, with the company's rules: within the requester's limits it confirms (holding the
   * amount against today's allowance); beyond them it asks the administrators. An administrator's
   * press, or a quote within an approved amount, is counted but not limited.
   */
  async pay(id: string, by: Person, byAdmin: boolean): Promise<ConfirmOutcome> {
    const record = await this.deps.store.get(id);
    if (!record) return { result: "not_found" };
    if (record.requestedBy.id !== by.id && !byAdmin) return { result: "forbidden" };
    if (record.state !== "quoted") return { result: "busy", state: record.state };
    const { spending } = this.deps;
    const total = record.quote.total.minor;
    const requester = record.requestedBy.id;
    const day = dayOf(this.clock(), spending.timeZone);
    const approved =
      record.approval?.decision === "approved" && total <= (record.approval.approvedTotalMinor ?? 0);
    let limit: number | undefined;
    if (!byAdmin && !approved && this.clock() < record.quote.expiresAt) {
      const limits = await spending.limitsFor(requester);
      const reasons = staticApprovalReasons(total, limits, spending.company);
      if (reasons.length > 0) return this.requestApproval(id, by, reasons);
      limit = limits.perDayMinor;
    }
    const reserved = await spending.store.reserve(requester, day, total, limit);
    if (!reserved.ok) return this.requestApproval(id, by, ["over_daily_limit"]);
    const spend = { personId: requester, day, amountMinor: total };
    const outcome = await this.confirm(id, by, byAdmin, spend);
    if (outcome.result !== "confirming") await spending.store.release(requester, day, total);
    return outcome;
  }

  private async requestApproval(id: string, by: Person, reasons: ApprovalReason[]): Promise<ConfirmOutcome> {
    const now = this.clock();
    let outcome: ConfirmOutcome | undefined;
    const result = await this.deps.store.update(id, (p) => {
      if (p.state !== "quoted") {
        outcome = { result: "busy", state: p.state };
        return undefined;
      }
      if (now >= p.quote.expiresAt) return advance(p, "expired", "user", now);
      return {
        ...advance(p, "awaiting_approval", "user", now),
        approval: { reasons, requestedAt: now, requestedBy: by },
      };
    });
    if (!result) return { result: "not_found" };
    if (outcome) return outcome;
    const record = result.record;
    if (record.state === "expired") {
      await this.afterTransition(record);
      return { result: "expired", record };
    }
    // An approval takes longer than a quote lives: a fresh quote is asked for once approved.
    await this.deps.timers.cancel("expire", id);
    this.deps.defer(`card:${id}`, () => this.requireObserver().changed(record));
    this.deps.defer(`approval:${id}`, async () => {
      const messages = await this.requireObserver().approvalRequested(record);
      await this.recordApprovalMessages(id, messages);
      // Decided while the asks were still going out: bring the late copies up to date too.
      const latest = await this.deps.store.get(id);
      if (latest && (latest.approval?.decision || latest.state !== "awaiting_approval"))
        await this.settleCopies(id);
    });
    await this.audit("approval.requested", by, record, { reasons, amountMinor: record.quote.total.minor });
    return { result: "approval_requested", record, reasons };
  }

  /** Remembers where the administrators' copies of an approval request went. */
  private async recordApprovalMessages(
    id: string,
    messages: Array<{ chatId: number; messageId: number }>,
  ): Promise<void> {
    await this.deps.store.update(id, (p) =>
      p.approval
        ? { ...p, approval: { ...p.approval, messages: [...(p.approval.messages ?? []), ...messages] } }
        : undefined,
    );
  }

  /**
   * An administrator decides. The first decision wins (compare-and-set); a later one gets the
   * record as decided. Approved: a fresh quote — paid at once when its total did not change, shown
   * to the requester to confirm when it did.
   */
  async decideApproval(
    id: string,
    admin: Person,
    decision: "approved" | "rejected",
  ): Promise<{ result: "decided" | "already" | "not_found"; record?: PaymentRecord }> {
    const now = this.clock();
    const claimed = await this.deps.store.update(id, (p) => {
      if (p.state !== "awaiting_approval" || !p.approval || p.approval.decision) return undefined;
      const approval = { ...p.approval, decision, decidedBy: admin, decidedAt: now };
      return decision === "rejected"
        ? { ...advance(p, "rejected", "approval", now), approval }
        : { ...p, approval: { ...approval, approvedTotalMinor: p.quote.total.minor }, updatedAt: now };
    });
    if (!claimed) return { result: "not_found" };
    if (!claimed.changed) return { result: "already", record: claimed.record };
    const record = claimed.record;
    await this.audit(`approval.${decision}`, admin, record, { amountMinor: record.quote.total.minor });
    this.deps.defer(`approval-settled:${id}`, () => this.settleCopies(id));
    if (decision === "rejected") {
      await this.afterTransition(record);
      return { result: "decided", record };
    }
    return { result: "decided", record: await this.requoteApproved(record) };
  }

  private async requoteApproved(record: PaymentRecord): Promise<PaymentRecord> {
    const attempt = record.quoteAttempt + 1;
    let fresh: Awaited<ReturnType<PaymentService["fetchQuote"]>>;
    try {
      fresh = await this.fetchQuote(record.provider, record.code, record.id, attempt);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      this.deps.logger.warn({ err, paymentId: record.id }, "no fresh quote after approval");
      const failed = await this.transition(
        record.id,
        "failed",
        "approval",
        (p) => p.state === "awaiting_approval",
        {
          failure: { kind: err.kind },
        },
      );
      return failed?.record ?? record;
    }
    const now = this.clock();
    const result = await this.deps.store.update(record.id, (p) =>
      p.state === "awaiting_approval"
        ? {
            ...advance(p, "quoted", "approval", now),
            providerId: fresh.providerId,
            quote: fresh.quote,
            quoteAttempt: attempt,
          }
        : undefined,
    );
    if (!result?.changed) return result?.record ?? record;
    const requoted = result.record;
    await this.deps.timers.schedule("expire", record.id, requoted.quote.expiresAt);
    if (requoted.quote.total.minor === record.quote.total.minor) {
      // Same amount as approved: pay now, as the requester asked (counted, not limited).
      const outcome = await this.pay(record.id, requoted.approval!.requestedBy, true);
      if (outcome.result === "confirming") return outcome.record;
    }
    this.deps.defer(`card:${record.id}`, () => this.requireObserver().changed(requoted));
    return requoted;
  }

  /** Sends (or re-sends, with the same key) the confirm, and applies what the provider says. */
  private async sendConfirm(record: PaymentRecord): Promise<void> {
    const log = this.deps.logger.child({ paymentId: record.id, provider: record.provider });
    try {
      const payment = await this.provider(record.provider).confirm({
        id: record.providerId,
        idempotencyKey: idempotencyKeys.confirm(record.id, record.quoteAttempt),
      });
      await this.applyProviderPayment(record.id, payment, "confirm");
    } catch (err) {
      if (err instanceof ProviderError && CONFIRM_REFUSALS.has(err.kind)) {
        log.info({ kind: err.kind, code: err.code }, "provider refused the confirm");
        const to = err.kind === "quote_expired" ? "expired" : "failed";
        await this.transition(record.id, to, "confirm", (p) => p.state === "confirming", {
          failure: { kind: err.kind, ...(err.providerMessage ? { reason: err.providerMessage } : {}) },
        });
        return;
      }
      // We cannot tell whether the provider took it. Never guess: ask again soon, with the same key.
      log.warn({ err }, "confirm outcome unknown; polling");
      await this.deps.timers.schedule("poll", record.id, this.clock() + this.timings.pollInitialMs);
    }
  }

  async cancel(
    id: string,
    by: Person,
    mayActForOthers: boolean,
  ): Promise<PaymentRecord | "forbidden" | undefined> {
    const current = await this.deps.store.get(id);
    if (!current) return undefined;
    if (current.requestedBy.id !== by.id && !mayActForOthers) return "forbidden";
    const result = await this.transition(
      id,
      "cancelled",
      "user",
      (p) => p.state === "quoted" || p.state === "awaiting_approval",
    );
    return result?.changed ? result.record : undefined;
  }

  /** The payment a provider event is about, if it is ours. */
  async paymentFor(event: ProviderEvent): Promise<PaymentRecord | undefined> {
    return event.type === "payment" ? this.findPayment(event.provider, event.payment) : undefined;
  }

  /**
   * A verified, deduplicated webhook. Changes Redis now; the Telegram work is deferred. Pass the
   * payment when the caller already looked it up ({@link paymentFor}).
   */
  async applyEvent(
    event: ProviderEvent,
    known?: PaymentRecord | null,
  ): Promise<"applied" | "unchanged" | "unknown_payment" | "deposit"> {
    if (event.type === "deposit") {
      this.deps.defer(`deposit:${event.eventId}`, () => this.requireObserver().deposit(event));
      return "deposit";
    }
    const record = known === undefined ? await this.findPayment(event.provider, event.payment) : known;
    if (!record) return "unknown_payment";
    const applied = await this.applyProviderPayment(record.id, event.payment, "webhook", record);
    return applied ? "applied" : "unchanged";
  }

  private async findPayment(provider: ProviderName, payment: Payment): Promise<PaymentRecord | undefined> {
    const byProviderId = await this.deps.store.findByProviderId(provider, payment.providerId);
    if (byProviderId) return byProviderId;
    // Our payment id travels as the reference: a second way to recognise our own payment.
    if (!payment.reference) return undefined;
    const byReference = await this.deps.store.get(payment.reference);
    return byReference?.provider === provider && byReference.providerId === payment.providerId
      ? byReference
      : undefined;
  }

  /**
   * Applies a provider-reported status, forward-only. True when it changed the payment. `known`: the
   * record as just read (the store may then skip reading it again).
   */
  private async applyProviderPayment(
    id: string,
    payment: Payment,
    via: TransitionSource,
    known?: PaymentRecord,
  ): Promise<boolean> {
    const now = this.clock();
    const claim = { held: false };
    const result = await this.deps.store.update(
      id,
      this.claimOnFinal(now, claim, (p) => {
        const to = stateAfterProviderStatus(p.state, payment.status);
        if (!to) return undefined;
        return {
          ...advance(p, to, via, now),
          providerStatus: payment.providerStatus,
          ...(to === "failed" || to === "expired"
            ? {
                failure: {
                  kind: "provider" as const,
                  ...(payment.failureReason ? { reason: payment.failureReason } : {}),
                },
              }
            : {}),
        };
      }),
      known,
    );
    if (!result?.changed) return false;
    await this.afterTransition(result.record, claim.held);
    return true;
  }

  private async transition(
    id: string,
    to: PaymentState,
    via: TransitionSource,
    when: (p: PaymentRecord) => boolean,
    extra: Partial<PaymentRecord> = {},
  ) {
    const now = this.clock();
    const claim = { held: false };
    const result = await this.deps.store.update(
      id,
      this.claimOnFinal(now, claim, (p) => (when(p) ? { ...advance(p, to, via, now), ...extra } : undefined)),
    );
    if (result?.changed) await this.afterTransition(result.record, claim.held);
    return result;
  }

  /**
   * A transition's change that, when it moves the payment into a final state, also claims the final
   * notification in the same write: the card and notification then go out without another round
   * trip to Redis. `claim.held` says whether the write that won holds the claim.
   */
  private claimOnFinal(
    now: number,
    claim: { held: boolean },
    change: (p: PaymentRecord) => PaymentRecord | undefined,
  ): (p: PaymentRecord) => PaymentRecord | undefined {
    return (p) => {
      claim.held = false;
      const next = change(p);
      if (!next || next.state === p.state) return next;
      const claimed = this.claimNotification(next, now);
      claim.held = claimed !== undefined;
      return claimed ?? next;
    };
  }

  /** The record with its final notification claimed, or undefined when it is not ours to send. */
  private claimNotification(p: PaymentRecord, now: number): PaymentRecord | undefined {
    if (!isFinal(p.state) || p.notified?.state === p.state) return undefined;
    if (p.notifyingUntil && p.notifyingUntil > now) return undefined;
    return { ...p, notifyingUntil: now + this.timings.notifyClaimMs };
  }

  /**
   * Bookkeeping every transition needs, and the card (deferred). A final state's card and notification
   * start at once, beside the bookkeeping; `notifying` says the transition already claimed them.
   */
  private async afterTransition(record: PaymentRecord, notifying = false): Promise<void> {
    const { timers } = this.deps;
    if (!isFinal(record.state)) {
      this.deps.defer(`card:${record.id}`, () => this.requireObserver().changed(record));
      if (awaitsProvider(record.state))
        await timers.ensure("poll", record.id, this.clock() + this.timings.webhookGraceMs);
      return;
    }
    // Independent writes: they reach Redis together.
    const bookkeeping = Promise.all([
      // The notification's safety net: if the fast path fails or we die, the timer sends it.
      timers.schedule("notify", record.id, this.clock() + this.timings.notifyRetryMs),
      timers.cancel("poll", record.id),
      timers.cancel("expire", record.id),
      record.state === "failed" || record.state === "expired" ? this.releaseSpend(record.id) : undefined,
      this.audit("payment.final", undefined, record, {
        state: record.state,
        amountMinor: record.quote.total.minor,
        ...(record.failure ? { failure: record.failure.kind } : {}),
      }),
    ]);
    this.deps.defer(`notify:${record.id}`, () =>
      notifying ? this.notifyClaimed(record, bookkeeping) : this.deliverFinal(record.id, bookkeeping),
    );
    if (record.approval && !record.approval.decision) {
      this.deps.defer(`approval-settled:${record.id}`, () => this.settleCopies(record.id));
    }
    await bookkeeping;
  }

  /**
   * Sends the final card and notification once per final state, whoever gets here first.
   * `scheduled`: the write of the safety-net timer, which must land before it is cancelled.
   */
  async deliverFinal(id: string, scheduled?: Promise<unknown>): Promise<boolean> {
    const now = this.clock();
    const claim = await this.deps.store.update(id, (p) => this.claimNotification(p, now));
    if (!claim) return true;
    if (!claim.changed) return claim.record.notified?.state === claim.record.state;
    return this.notifyClaimed(claim.record, scheduled);
  }

  /** The final card and notification of a record whose notification we hold; then marks it sent. */
  private async notifyClaimed(record: PaymentRecord, scheduled?: Promise<unknown>): Promise<boolean> {
    const { id } = record;
    try {
      await this.requireObserver().finalized(record);
    } catch (err) {
      this.deps.logger.warn({ err, paymentId: id }, "final notification failed; will retry");
      await this.deps.store.update(id, (p) => ({ ...p, notifyingUntil: undefined }));
      return false;
    }
    await scheduled?.catch(() => undefined);
    await this.deps.store.update(id, (p) => ({
      ...p,
      notified: { state: record.state, at: this.clock() },
      notifyingUntil: undefined,
      // Nothing more to do unless the state moves again (a dispute after success).
      open: p.state !== record.state,
    }));
    await this.deps.timers.cancel("notify", id);
    return true;
  }

  /** A durable timer came due (claimed by this instance). Returns when to run it again, if ever. */
  async runTimer(kind: TimerKind, id: string): Promise<number | undefined> {
    const record = await this.deps.store.get(id);
    if (!record) return undefined;
    const now = this.clock();
    switch (kind) {
      case "expire": {
        if (record.state !== "quoted") return undefined;
        if (now < record.quote.expiresAt) return record.quote.expiresAt;
        await this.transition(
          id,
          "expired",
          "timer",
          (p) => p.state === record.state && now >= p.quote.expiresAt,
        );
        return undefined;
      }
      case "poll":
        return this.poll(record);
      case "notify":
        return (await this.deliverFinal(id)) ? undefined : now + this.timings.notifyRetryMs;
    }
  }

  private async poll(record: PaymentRecord): Promise<number | undefined> {
    if (!awaitsProvider(record.state)) return undefined;
    const attempts = record.pollAttempts + 1;
    await this.deps.store.update(record.id, (p) => ({ ...p, pollAttempts: attempts }));
    const next =
      this.clock() + Math.min(this.timings.pollInitialMs * 2 ** (attempts - 1), this.timings.pollMaxMs);
    let payment: Payment;
    try {
      payment = await this.provider(record.provider).getPayment(record.providerId);
    } catch (err) {
      this.deps.logger.warn({ err, paymentId: record.id }, "status poll failed");
      return next;
    }
    if (record.state === "confirming" && payment.status === "quoted") {
      // The provider never got our confirm (we died, or the network ate it): send it again, same key.
      await this.sendConfirm(record);
    } else {
      await this.applyProviderPayment(record.id, payment, "poll");
    }
    const after = await this.deps.store.get(record.id);
    return after && awaitsProvider(after.state) ? next : undefined;
  }

  /** After a restart: make sure every payment that needs attention has its timer. */
  async resume(): Promise<number> {
    const ids = await this.deps.store.openIds();
    const records = await this.deps.store.getMany(ids);
    const now = this.clock();
    for (const record of records) {
      if (record.state === "quoted") {
        await this.deps.timers.ensure("expire", record.id, record.quote.expiresAt);
      } else if (awaitsProvider(record.state)) {
        await this.deps.timers.ensure("poll", record.id, now);
      } else if (isFinal(record.state) && record.notified?.state !== record.state) {
        await this.deps.timers.ensure("notify", record.id, now);
      }
    }
    return records.length;
  }

  /** Balances of every configured provider; a failing provider yields its error instead. */
  async balances(): Promise<
    Array<{ provider: Provider; balances?: Awaited<ReturnType<Provider["getBalances"]>>; error?: unknown }>
  > {
    return Promise.all(
      this.deps.providers.names.map(async (name) => {
        const provider = this.provider(name);
        try {
          return { provider, balances: await provider.getBalances() };
        } catch (error) {
          return { provider, error };
        }
      }),
    );
  }

  /** Updates every administrator's copy of an approval request from the latest record. */
  private async settleCopies(id: string): Promise<void> {
    const latest = await this.deps.store.get(id);
    if (latest?.approval) await this.requireObserver().approvalSettled(latest);
  }

  /** Gives the day's allowance back, once, when a confirmed payment did not go through. */
  private async releaseSpend(id: string): Promise<void> {
    let spend: PaymentRecord["spend"];
    await this.deps.store.update(id, (p) => {
      if (!p.spend || p.spend.released) return undefined;
      spend = p.spend;
      return { ...p, spend: { ...p.spend, released: true } };
    });
    if (spend) await this.deps.spending.store.release(spend.personId, spend.day, spend.amountMinor);
  }

  private async audit(
    action: string,
    actor: Person | undefined,
    record: PaymentRecord,
    details: Record<string, unknown>,
  ) {
    try {
      await this.deps.audit.append({
        action,
        ...(actor ? { actor: { id: actor.id, name: actor.name } } : {}),
        details: { paymentId: record.id, provider: record.provider, ...details },
      });
    } catch (err) {
      // The audit trail must not stop a payment that is already moving; the log keeps the fact.
      this.deps.logger.error({ err, action, paymentId: record.id }, "audit entry lost");
    }
  }

  private requireObserver(): PaymentObserver {
    if (!this.observer) throw new Error("no payment observer registered");
    return this.observer;
  }
}

/** The record in its next state, with its history and open flag kept true. */
export function advance(
  p: PaymentRecord,
  to: PaymentState,
  via: TransitionSource,
  now: number,
): PaymentRecord {
  return {
    ...p,
    state: to,
    open: true,
    updatedAt: now,
    ...(isFinal(to) && !p.finalAt ? { finalAt: now } : {}),
    history: [...p.history, { state: to, at: now, via }],
  };
}

/** Balance left after paying, in the debit currency, when the balance is known. */
export function balanceAfter(record: PaymentRecord): Money | undefined {
  const { balance, debit } = record.quote;
  if (!balance || balance.currency !== debit.currency) return undefined;
  return { currency: debit.currency, minor: balance.minor - debit.minor };
}
