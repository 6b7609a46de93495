import type { ProviderName } from "../config.js";
import { RecordKernel } from "../lifecycle/kernel.js";
import { FinalNotifications } from "../lifecycle/notifications.js";
import type { TimerHandler } from "../lifecycle/timer-loop.js";
import type { Logger } from "../logger.js";
import type {
  Balance,
  DepositAddress,
  LedgerEntry,
  ProviderEvent,
  ProviderMode,
} from "../providers/types.js";
import type { RecordStore, TimerStore } from "../store/types.js";
import { Approvals, type Decision, type DecisionOutcome } from "./approvals.js";
import {
  DEFAULT_TIMINGS,
  PAYMENT_TIMERS,
  type PaymentContext,
  type PaymentHooks,
  type PaymentObserver,
  type PaymentTimings,
  type ProviderSet,
  providerOf,
  type SpendingRules,
} from "./context.js";
import { ProviderEvents } from "./events.js";
import { paymentLifecycle } from "./lifecycle.js";
import { finalAudit } from "./moves.js";
import { type ConfirmOutcome, Paying } from "./paying.js";
import { PaymentQueries } from "./queries.js";
import { type QuoteRequest, Quoting } from "./quoting.js";
import { PaymentTimers } from "./timers.js";
import type { Actor, PaymentRecord } from "./types.js";

export type { PaymentHooks, PaymentObserver, PaymentTimings, ProviderSet, SpendingRules } from "./context.js";
export { DEFAULT_TIMINGS } from "./context.js";
export type { ConfirmOutcome } from "./paying.js";
export type { QuoteRequest } from "./quoting.js";

export interface PaymentServiceDeps {
  store: RecordStore<PaymentRecord>;
  timers: TimerStore;
  providers: ProviderSet;
  logger: Logger;
  clock?: () => number;
  timings?: Partial<PaymentTimings>;
  /** Runs work after the caller has its answer (Telegram edits after a webhook is acknowledged). */
  defer: (name: string, work: () => Promise<unknown>) => void;
  spending: SpendingRules;
  hooks?: PaymentHooks;
}

/**
 * Paying QR codes from the company balance: the facade over quoting, paying, approvals, provider
 * events and timers (one file each). No Telegram and no HTTP here: people are reached through the
 * {@link PaymentObserver} the bot registers; reads go through {@link PaymentQueries}.
 */
export class PaymentService {
  readonly queries: PaymentQueries;
  private observer: PaymentObserver | undefined;
  private readonly ctx: PaymentContext;
  private readonly quoting: Quoting;
  private readonly approvals: Approvals;
  private readonly paying: Paying;
  private readonly events: ProviderEvents;
  private readonly timers: PaymentTimers;

  constructor(deps: PaymentServiceDeps) {
    const clock = deps.clock ?? Date.now;
    const timings = { ...DEFAULT_TIMINGS, ...deps.timings };
    const kernel = new RecordKernel({
      lifecycle: paymentLifecycle,
      store: deps.store,
      clock,
      notifyClaimMs: timings.notifyClaimMs,
      finalAudit,
    });
    const observer = () => {
      if (!this.observer) throw new Error("no payment observer registered");
      return this.observer;
    };
    const notifications = new FinalNotifications({
      kernel,
      timers: deps.timers,
      timerKind: PAYMENT_TIMERS.notify,
      retryMs: timings.notifyRetryMs,
      clock,
      logger: deps.logger,
      send: (record: PaymentRecord) => observer().finalized(record),
    });
    this.ctx = { ...deps, kernel, notifications, clock, timings, observer, hooks: deps.hooks ?? {} };
    this.queries = new PaymentQueries(deps.store);
    this.quoting = new Quoting(this.ctx);
    this.approvals = new Approvals(this.ctx, this.quoting);
    this.events = new ProviderEvents(this.ctx);
    this.paying = new Paying(this.ctx, this.approvals, this.events);
    this.timers = new PaymentTimers(this.ctx, this.paying, this.events, this.approvals);
  }

  /** The bot is built after the service; it registers itself here. */
  observe(observer: PaymentObserver): void {
    this.observer = observer;
  }

  get providerNames(): readonly ProviderName[] {
    return this.ctx.providers.names;
  }

  quote = (request: QuoteRequest) => this.quoting.quote(request);
  requote = (id: string, actor: Actor) => this.quoting.requote(id, actor);
  pay = (id: string, actor: Actor): Promise<ConfirmOutcome> => this.paying.pay(id, actor);
  cancel = (id: string, actor: Actor) => this.paying.cancel(id, actor);
  cancelOpen = (actor: Actor, chatId: number) => this.paying.cancelOpen(actor, chatId);
  paymentFor = (event: ProviderEvent) => this.events.paymentFor(event);
  applyEvent = (event: ProviderEvent, known?: PaymentRecord | null) => this.events.applyEvent(event, known);
  timerHandlers = (): Record<string, TimerHandler> => this.timers.handlers();
  resume = () => this.timers.resume();

  /** Payments waiting for an administrator (for `/approvals`), oldest first. */
  pendingApprovals = (): Promise<PaymentRecord[]> => this.approvals.pending();

  /** More messages showing an approval request (a fresh `/approvals` list): settled with the rest. */
  keepApprovalCopies = (id: string, messages: Array<{ chatId: number; messageId: number }>) =>
    this.approvals.keepCopies(id, messages);

  async decideApproval(id: string, admin: Actor, decision: Decision): Promise<DecisionOutcome> {
    const outcome = await this.approvals.decide(id, admin, decision);
    if (!outcome.payNow || !outcome.record) return outcome;
    // Same amount as approved: paid now, as the requester asked (counted, not limited).
    const requester: Actor = { person: outcome.record.requestedBy, role: "payer" };
    const paid = await this.paying.pay(id, requester, { approved: true });
    return { result: "decided", record: paid.result === "confirming" ? paid.record : outcome.record };
  }

  /** Balances of every configured provider; a failing provider yields its error instead. */
  balances(): Promise<
    Array<{ provider: ProviderName; mode?: ProviderMode; balances?: Balance[]; error?: unknown }>
  > {
    return Promise.all(
      this.providerNames.map(async (name) => {
        const provider = providerOf(this.ctx, name);
        const mode = provider.mode ? { mode: provider.mode } : {};
        try {
          return { provider: name, ...mode, balances: await provider.getBalances() };
        } catch (error) {
          return { provider: name, ...mode, error };
        }
      }),
    );
  }

  /** The provider's latest account operations, newest first; undefined when it keeps no statement. */
  async statement(name: ProviderName, limit: number): Promise<LedgerEntry[] | undefined> {
    const provider = providerOf(this.ctx, name);
    return provider.getLedger ? (await provider.getLedger({ limit })).entries : undefined;
  }

  /** Where to send USDT to top a provider's balance up. Throws ProviderError. */
  depositAddress(name: ProviderName): Promise<DepositAddress> {
    const provider = providerOf(this.ctx, name);
    if (!provider.getDepositAddress) throw new Error(`${name} states no deposit address`);
    return provider.getDepositAddress();
  }
}
