import { newRecordId } from "../lifecycle/ids.js";
import { RecordKernel } from "../lifecycle/kernel.js";
import { FinalNotifications } from "../lifecycle/notifications.js";
import type { TimerHandler } from "../lifecycle/timer-loop.js";
import type { Logger } from "../logger.js";
import type { Money } from "../money.js";
import type { InvoiceNotification } from "../providers/receive.js";
import type { RecordStore, TimerStore } from "../store/types.js";
import type { Actor } from "../team/actor.js";
import {
  DEFAULT_INVOICE_TIMINGS,
  INVOICE_TIMERS,
  type InvoiceContext,
  type InvoiceObserver,
  type InvoiceTimings,
  invoiceAudit,
  type ReceiveProviderSet,
} from "./context.js";
import { awaitsCustomer, type InvoiceState, invoiceLifecycle } from "./lifecycle.js";
import { InvoiceProviderSide, invoiceReference } from "./provider-side.js";
import { InvoiceQueries } from "./queries.js";
import type { InvoiceChoice, InvoiceRecord } from "./types.js";

export type { InvoiceObserver, ReceiveProviderSet } from "./context.js";

export interface InvoiceServiceDeps {
  store: RecordStore<InvoiceRecord>;
  timers: TimerStore;
  providers: ReceiveProviderSet;
  notificationUrl(provider: string): string;
  logger: Logger;
  clock?: () => number;
  timings?: Partial<InvoiceTimings>;
  defer: (name: string, work: () => Promise<unknown>) => void;
}

export interface InvoiceRequest {
  amount: Money;
  choice: InvoiceChoice;
  actor: Actor;
  chatId: number;
  chatType: string;
  locale: string;
  card: { chatId: number; messageId: number };
}

/**
 * Taking money in: an invoice at a receiving provider, the requisites for the customer, and the
 * card turning ✅ once a signed status read says the money arrived. No Telegram here.
 */
export class InvoiceService {
  readonly queries: InvoiceQueries;
  private observer: InvoiceObserver | undefined;
  private readonly ctx: InvoiceContext;
  private readonly side: InvoiceProviderSide;

  constructor(deps: InvoiceServiceDeps) {
    const clock = deps.clock ?? Date.now;
    const timings = { ...DEFAULT_INVOICE_TIMINGS, ...deps.timings };
    const kernel = new RecordKernel({
      lifecycle: invoiceLifecycle,
      store: deps.store,
      clock,
      notifyClaimMs: timings.notifyClaimMs,
      finalAudit: (r: InvoiceRecord) =>
        invoiceAudit("invoice.final", undefined, r, {
          state: r.state,
          ...(r.received?.amount ? { receivedMinor: r.received.amount.minor } : {}),
          ...(r.problems ? { problems: r.problems } : {}),
        }),
    });
    const observer = () => {
      if (!this.observer) throw new Error("no invoice observer registered");
      return this.observer;
    };
    const notifications = new FinalNotifications({
      kernel,
      timers: deps.timers,
      timerKind: INVOICE_TIMERS.notify,
      retryMs: timings.notifyRetryMs,
      clock,
      logger: deps.logger,
      send: (record: InvoiceRecord) => observer().finalized(record),
    });
    this.ctx = { ...deps, kernel, notifications, clock, timings, observer };
    this.side = new InvoiceProviderSide(this.ctx);
    this.queries = new InvoiceQueries(deps.store);
  }

  observe(observer: InvoiceObserver): void {
    this.observer = observer;
  }

  get providerNames(): readonly string[] {
    return this.ctx.providers.names;
  }

  /** Every way the company can be paid, in the order to offer them. */
  choices(): InvoiceChoice[] {
    return this.ctx.providers.names.flatMap((name) => {
      const provider = this.ctx.providers.get(name)!;
      return provider.methods.map((method) => ({ provider: name, method }));
    });
  }

  /** Banks a person may pick for a choice (Meridian's `paymentOption`), empty when there is no choice. */
  banks(provider: string): readonly string[] {
    return this.ctx.providers.get(provider)?.banks ?? [];
  }

  /**
   * A new invoice in place of one that could not be made (no requisites, say): the same card, the
   * same amount, the choice given. Undefined when the old one is not for replacing any more.
   */
  async replace(
    oldId: string,
    actor: Actor,
    choice?: InvoiceChoice,
  ): Promise<InvoiceRecord | "forbidden" | undefined> {
    const old = await this.ctx.store.get(oldId);
    if (!old) return undefined;
    if (old.requestedBy.id !== actor.person.id && actor.role !== "admin") return "forbidden";
    let card: InvoiceRecord["card"];
    const taken = await this.ctx.kernel.patch(oldId, (p) => {
      if (!p.card || !(p.state === "failed" || p.state === "expired")) return undefined;
      card = p.card;
      return { ...p, card: undefined };
    });
    if (!taken?.changed || !card) return undefined;
    return this.create({
      amount: old.amount,
      choice: choice ?? old.choice,
      actor: { person: old.requestedBy, role: actor.role === "admin" ? "payer" : actor.role },
      chatId: old.chatId,
      chatType: old.chatType,
      locale: old.locale,
      card,
    });
  }

  /** Creates an invoice and asks the provider for its requisites. "forbidden" for a viewer. */
  async create(request: InvoiceRequest): Promise<InvoiceRecord | "forbidden"> {
    if (request.actor.role === "viewer") return "forbidden";
    const id = newRecordId("R");
    const now = this.ctx.clock();
    const person = request.actor.person;
    const record: InvoiceRecord = {
      id,
      provider: request.choice.provider,
      providerId: "",
      reference: invoiceReference(id),
      chatId: request.chatId,
      chatType: request.chatType,
      personId: person.id,
      createdAt: now,
      open: true,
      state: "creating",
      updatedAt: now,
      history: [{ state: "creating", at: now, via: "user" }],
      choice: request.choice,
      amount: request.amount,
      card: request.card,
      requestedBy: person,
      locale: request.locale,
      pollAttempts: 0,
    };
    await this.ctx.kernel.create(record, [invoiceAudit("invoice.requested", person, record)]);
    // The safety net first: if we die before the provider answers, the timer asks again.
    await this.ctx.timers.schedule(INVOICE_TIMERS.poll, id, now + this.ctx.timings.pollInitialMs);
    const created = await this.side.create(record);
    const next = this.side.nextPoll(created);
    if (next === undefined) await this.ctx.timers.cancel(INVOICE_TIMERS.poll, id);
    else if (created.state !== "creating") await this.ctx.timers.schedule(INVOICE_TIMERS.poll, id, next);
    return created;
  }

  /** The person withdraws the requisites. A payment that still comes is recorded, not lost. */
  async cancel(id: string, actor: Actor): Promise<InvoiceRecord | "forbidden" | undefined> {
    const current = await this.ctx.store.get(id);
    if (!current) return undefined;
    if (current.requestedBy.id !== actor.person.id && actor.role !== "admin") return "forbidden";
    const moved = await this.side.move(id, {
      to: "cancelled",
      via: "user",
      from: ["creating", "waiting"],
      audit: (next) => [invoiceAudit("invoice.cancelled", actor.person, next)],
    });
    return moved?.changed ? moved.record : undefined;
  }

  /** A verified notification: a hint that asks for a signed status read. */
  notified(notification: InvoiceNotification): Promise<"checking" | "unknown_invoice"> {
    return this.side.hint(notification);
  }

  get(id: string): Promise<InvoiceRecord | undefined> {
    return this.ctx.store.get(id);
  }

  timerHandlers = (): Record<string, TimerHandler> => this.side.handlers();

  /** After a restart: every invoice that may still change gets its poll, every unsent final its notification. */
  async resume(): Promise<number> {
    const records = await this.ctx.store.getMany(await this.ctx.store.openIds());
    const now = this.ctx.clock();
    for (const record of records) {
      if (awaitsCustomer(record.state)) await this.ctx.timers.ensure(INVOICE_TIMERS.poll, record.id, now);
      if (isUnnotifiedFinal(record.state, record.notified?.state))
        await this.ctx.timers.ensure(INVOICE_TIMERS.notify, record.id, now);
    }
    return records.length;
  }
}

const isUnnotifiedFinal = (state: InvoiceState, notified: InvoiceState | undefined) =>
  invoiceLifecycle.isFinal(state) && notified !== state;
