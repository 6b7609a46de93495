import { randomBytes } from "node:crypto";
import { newRecordId } from "../lifecycle/ids.js";
import { RecordKernel } from "../lifecycle/kernel.js";
import { FinalNotifications } from "../lifecycle/notifications.js";
import { RecordQueries } from "../lifecycle/queries.js";
import type { TimerHandler } from "../lifecycle/timer-loop.js";
import type { Logger } from "../logger.js";
import { type Money, toMinor } from "../money.js";
import type { Exchanger, VerifiedExchangeIpn } from "../providers/exchange.js";
import { type Deposit, type Provider, ProviderError, WebhookVerificationError } from "../providers/types.js";
import type { RecordStore, TimerStore } from "../store/types.js";
import type { Actor } from "../team/actor.js";
import {
  DEFAULT_TOPUP_TIMINGS,
  TOPUP_TIMERS,
  type TopupContext,
  type TopupObserver,
  type TopupTimings,
  topupAudit,
} from "./context.js";
import { TopupExchangeSide } from "./exchange-side.js";
import { awaitsExchanger, stateOfExchange, topupLifecycle } from "./lifecycle.js";
import type { TopupRecord } from "./types.js";

export type { TopupObserver } from "./context.js";

/** What a top-up would do, before it is made. Estimates are labelled as such by the views. */
export interface TopupPreview {
  target: string;
  amount: Money;
  /** ≈ USDT the exchanger will send, at the latest quoted rate; the exchanger names the exact sum. */
  expectedUsdt?: Money;
  rate?: string;
  /** The provider's fee on deposits (basis points), where it states one. */
  feeBps?: number;
  balance?: Money;
  /** ≈ the balance afterwards, in its own currency. */
  balanceAfter?: Money;
}

export interface TopupServiceDeps {
  store: RecordStore<TopupRecord>;
  timers: TimerStore;
  exchanger: Exchanger | undefined;
  provider(name: string): Provider | undefined;
  spentSince(provider: string, since: number): Promise<Money>;
  /** RUB per USDT as the latest quote had it (decimal text), for estimates only. */
  rateHint(): Promise<string | undefined>;
  ipnUrl: string;
  logger: Logger;
  clock?: () => number;
  timings?: Partial<TopupTimings>;
  defer: (name: string, work: () => Promise<unknown>) => void;
}

export interface TopupRequest {
  target: string;
  amount: Money;
  actor: Actor;
  chatId: number;
  chatType: string;
  locale: string;
  card: { chatId: number; messageId: number };
  /** Where the exchanger's page sends the person back (the bot's t.me link). */
  clientCallbackUrl: string;
}

/** An IPN as the listener hands it over: verified with its order's own secret, or not ours. */
export type TopupIpn = { eventId: string; ipn?: VerifiedExchangeIpn; topupId?: string };

/**
 * Topping a spend provider's balance up through the exchanger: the order, the company's payment on
 * the exchanger's page, the payout, and the provider's credit — the end, only when the provider says so.
 */
export class TopupService {
  readonly queries: RecordQueries<TopupRecord>;
  private observer: TopupObserver | undefined;
  private readonly ctx: TopupContext | undefined;
  private readonly side: TopupExchangeSide | undefined;

  constructor(private readonly deps: TopupServiceDeps) {
    this.queries = new RecordQueries(deps.store);
    const exchanger = deps.exchanger;
    if (!exchanger) return;
    const clock = deps.clock ?? Date.now;
    const timings = { ...DEFAULT_TOPUP_TIMINGS, ...deps.timings };
    const kernel = new RecordKernel({
      lifecycle: topupLifecycle,
      store: deps.store,
      clock,
      notifyClaimMs: timings.notifyClaimMs,
      finalAudit: (r: TopupRecord) =>
        topupAudit("topup.final", undefined, r, {
          state: r.state,
          ...(r.credited?.amount
            ? { creditedMinor: r.credited.amount.minor, currency: r.credited.amount.currency }
            : {}),
        }),
    });
    const observer = () => {
      if (!this.observer) throw new Error("no top-up observer registered");
      return this.observer;
    };
    const notifications = new FinalNotifications({
      kernel,
      timers: deps.timers,
      timerKind: TOPUP_TIMERS.notify,
      retryMs: timings.notifyRetryMs,
      clock,
      logger: deps.logger,
      send: (record: TopupRecord) => observer().finalized(record),
    });
    this.ctx = { ...deps, exchanger, kernel, notifications, clock, timings, observer };
    this.side = new TopupExchangeSide(this.ctx);
  }

  observe(observer: TopupObserver): void {
    this.observer = observer;
  }

  /** Spend providers the exchanger can top up (a route is configured). */
  targets(names: readonly string[]): string[] {
    const exchanger = this.deps.exchanger;
    return exchanger ? names.filter((name) => exchanger.routeFor(name) !== undefined) : [];
  }

  /** How much would arrive, and what the balance would be, for a top-up of `amount` to `target`. */
  async preview(target: string, amount: Money): Promise<TopupPreview> {
    const provider = this.deps.provider(target);
    const [address, balances, rate] = await Promise.all([
      provider?.getDepositAddress?.().catch(() => undefined),
      provider?.getBalances().catch(() => undefined),
      this.deps.rateHint(),
    ]);
    const balance = balances?.find((b) => b.available.currency === address?.balanceCurrency)?.available;
    const kopecksPerUsdt = rate ? BigInt(toMinor(rate, "RUB")) : undefined;
    // An estimate: whole cents (rounded down), not micro-units that look exact.
    const expectedUsdt = kopecksPerUsdt
      ? {
          currency: "USDT" as const,
          minor: Number(((BigInt(amount.minor) * 100n) / kopecksPerUsdt) * 10_000n),
        }
      : undefined;
    const feeBps = address?.feeBps;
    let balanceAfter: Money | undefined;
    if (balance?.currency === "USDT" && expectedUsdt)
      balanceAfter = { currency: "USDT", minor: balance.minor + expectedUsdt.minor };
    if (balance?.currency === "RUB") {
      const net = (BigInt(amount.minor) * BigInt(10_000 - (feeBps ?? 0))) / 10_000n;
      balanceAfter = { currency: "RUB", minor: balance.minor + Number(net) };
    }
    return {
      target,
      amount,
      ...(expectedUsdt ? { expectedUsdt } : {}),
      ...(rate ? { rate } : {}),
      ...(feeBps !== undefined ? { feeBps } : {}),
      ...(balance ? { balance } : {}),
      ...(balanceAfter ? { balanceAfter } : {}),
    };
  }

  get(id: string): Promise<TopupRecord | undefined> {
    return this.deps.store.get(id);
  }

  /** Makes the exchange order. Administrators only. Throws ProviderError when the provider cannot say where to send. */
  async create(request: TopupRequest): Promise<TopupRecord | "forbidden" | "unavailable"> {
    const { ctx, side } = this;
    if (!ctx || !side) return "unavailable";
    if (request.actor.role !== "admin") return "forbidden";
    const routeId = ctx.exchanger.routeFor(request.target);
    const provider = ctx.provider(request.target);
    if (!routeId || !provider?.getDepositAddress) return "unavailable";
    const [address, balances] = await Promise.all([provider.getDepositAddress(), provider.getBalances()]);
    const balanceBefore = balances.find((b) => b.available.currency === address.balanceCurrency)?.available;
    const id = newRecordId("T");
    const now = ctx.clock();
    const person = request.actor.person;
    const lang = request.locale === "en" ? "en" : "ru";
    const record: TopupRecord = {
      id,
      provider: ctx.exchanger.name,
      providerId: "",
      target: request.target,
      amount: request.amount,
      toAddress: address.address,
      lang,
      ipnSecret: randomBytes(24).toString("base64url"),
      ...(balanceBefore ? { balanceBefore } : {}),
      chatId: request.chatId,
      chatType: request.chatType,
      personId: person.id,
      card: request.card,
      requestedBy: person,
      locale: request.locale,
      createdAt: now,
      updatedAt: now,
      open: true,
      state: "creating",
      history: [{ state: "creating", at: now, via: "user" }],
      pollAttempts: 0,
    };
    await ctx.kernel.create(record, [topupAudit("topup.requested", person, record)]);
    try {
      const order = await ctx.exchanger.createOrder({
        routeId,
        amount: request.amount,
        toAddress: address.address,
        lang,
        ipnUrl: ctx.ipnUrl,
        ipnSecret: record.ipnSecret,
        clientCallbackUrl: request.clientCallbackUrl,
      });
      await side.apply(id, order, "create", {
        providerId: order.id,
        orderUid: order.uid,
        orderSecret: order.secret,
        paymentUrl: order.paymentUrl,
      });
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      // Never retried (the exchanger documents no idempotency): the person sees it and decides.
      ctx.logger.warn({ err, topupId: id }, "exchange order not created");
      await side.move(id, {
        to: "failed",
        via: "create",
        from: ["creating"],
        patch: () => ({ failure: { kind: err.retryable ? "unknown_outcome" : err.kind } }),
      });
    }
    const created = (await ctx.store.get(id)) ?? record;
    if (!topupLifecycle.isFinal(created.state)) {
      await ctx.timers.schedule(TOPUP_TIMERS.poll, id, ctx.clock() + ctx.timings.pollInitialMs);
    }
    return created;
  }

  /** «Оплата отправлена»: the company paid on the exchanger's page; the order moves on to the exchange. */
  async markPaid(id: string, actor: Actor): Promise<TopupRecord | "forbidden" | undefined> {
    const { ctx, side } = this;
    if (!ctx || !side) return undefined;
    if (actor.role !== "admin") return "forbidden";
    const record = await ctx.store.get(id);
    if (!record?.orderUid || !record.orderSecret || record.state !== "awaiting_payment") return undefined;
    const order = await ctx.exchanger.markPaid(record.orderUid, record.orderSecret, record.lang);
    await side.apply(id, order, "user");
    await ctx.kernel.patch(id, (p) => p, {
      audit: (next) => [topupAudit("topup.marked_paid", actor.person, next)],
    });
    return ctx.store.get(id);
  }

  /**
   * Reads an IPN: finds its order by the id it claims and checks its hash with that order's own
   * secret. Throws WebhookVerificationError for a forged one; an IPN for no order of ours is not ours.
   */
  async readIpn(rawBody: Uint8Array): Promise<TopupIpn> {
    const { ctx } = this;
    if (!ctx) throw new WebhookVerificationError("lincoln", "bad_body", "no exchanger is configured");
    const claimed = ctx.exchanger.readIpn(rawBody);
    const record = await ctx.store.findByProviderId(ctx.exchanger.name, claimed.orderId);
    if (!record) return { eventId: claimed.eventId };
    return {
      eventId: claimed.eventId,
      ipn: ctx.exchanger.verifyIpn(rawBody, record.ipnSecret),
      topupId: record.id,
    };
  }

  /** A verified IPN: applied forward only (the polls go on, as delivery is not guaranteed). */
  async applyIpn(ipn: TopupIpn): Promise<"applied" | "unchanged" | "unknown_order"> {
    if (!ipn.ipn || !ipn.topupId || !this.side) return "unknown_order";
    const applied = await this.side.apply(
      ipn.topupId,
      { status: ipn.ipn.status, providerStatus: ipn.ipn.newStatus, outAmount: ipn.ipn.outMoney },
      "ipn",
    );
    if (stateOfExchange(ipn.ipn.status) === "sent") {
      const record = await this.deps.store.get(ipn.topupId);
      if (record?.state === "sent")
        this.deps.defer(`credit:${record.id}`, () => this.side!.checkCredit(record, "ipn"));
    }
    return applied ? "applied" : "unchanged";
  }

  /** A verified deposit event of a spend provider; true when it was a top-up's credit. */
  depositCredited(deposit: Deposit): Promise<boolean> {
    return this.side ? this.side.depositCredited(deposit) : Promise.resolve(false);
  }

  timerHandlers = (): Record<string, TimerHandler> => this.side?.handlers() ?? {};

  /** After a restart: every open order is polled again, every unsent final announced. */
  async resume(): Promise<number> {
    const records = await this.deps.store.getMany(await this.deps.store.openIds());
    const now = this.ctx?.clock() ?? Date.now();
    for (const record of records) {
      if (awaitsExchanger(record.state) || record.state === "sent") {
        await this.deps.timers.ensure(TOPUP_TIMERS.poll, record.id, now);
      } else if (topupLifecycle.isFinal(record.state) && record.notified?.state !== record.state) {
        await this.deps.timers.ensure(TOPUP_TIMERS.notify, record.id, now);
      }
    }
    return records.length;
  }
}
