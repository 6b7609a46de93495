import type { Move } from "../lifecycle/kernel.js";
import type { TimerHandler } from "../lifecycle/timer-loop.js";
import type { Money } from "../money.js";
import type { ExchangeOrder, ExchangeStatus } from "../providers/exchange.js";
import type { Deposit } from "../providers/types.js";
import { TOPUP_TIMERS, type TopupContext, topupAudit } from "./context.js";
import { awaitsExchanger, isNewsFor, stateOfExchange, topupLifecycle } from "./lifecycle.js";
import type { TopupRecord } from "./types.js";

/** What the exchanger says about an order (a status read, a verified IPN, an answer). */
export interface ExchangeNews {
  status: ExchangeStatus | "unknown";
  providerStatus: string;
  outAmount?: Money;
}

/**
 * Everything that follows an order after it is made: the exchanger's statuses (IPN and polls,
 * forward only), then the provider's credit (a credited deposit, or a balance that grew).
 */
export class TopupExchangeSide {
  constructor(private readonly ctx: TopupContext) {}

  async move(id: string, move: Move<TopupRecord>, known?: TopupRecord) {
    const moved = await this.ctx.kernel.advance(id, move, known);
    if (moved?.changed) await this.afterMove(moved.record, moved.notify);
    return moved;
  }

  private async afterMove(record: TopupRecord, notifying: boolean): Promise<void> {
    const { ctx } = this;
    if (!topupLifecycle.isFinal(record.state)) {
      ctx.defer(`card:${record.id}`, () => ctx.observer().changed(record));
      return;
    }
    await ctx.timers.cancel(TOPUP_TIMERS.poll, record.id);
    const scheduled = ctx.notifications.scheduleRetry(record.id);
    ctx.defer(`notify:${record.id}`, () =>
      notifying
        ? ctx.notifications.sendClaimed(record, scheduled)
        : ctx.notifications.deliver(record.id, scheduled),
    );
    await scheduled;
  }

  /** Applies what the exchanger says, never a step back. True when the top-up changed. */
  async apply(
    id: string,
    news: ExchangeNews,
    via: string,
    extra: Partial<TopupRecord> = {},
  ): Promise<boolean> {
    if (news.status === "unknown") {
      this.ctx.logger.warn(
        { topupId: id, providerStatus: news.providerStatus },
        "unknown exchange status; polling",
      );
    }
    const details = (p: TopupRecord): Partial<TopupRecord> => ({
      ...extra,
      exchangeStatus: news.status,
      providerStatus: news.providerStatus,
      ...(news.outAmount ? { outAmount: news.outAmount } : {}),
      ...(stateOfExchange(news.status) === "sent" && !p.sentAt ? { sentAt: this.ctx.clock() } : {}),
    });
    const moved = await this.move(id, {
      to: (p) => {
        const to = stateOfExchange(news.status);
        return to && to !== p.state && isNewsFor(p.state, news.status) ? to : undefined;
      },
      via,
      patch: details,
      audit: (next) => [
        topupAudit(`topup.${next.state}`, undefined, next, { exchangeStatus: news.providerStatus }),
      ],
    });
    if (moved?.changed) return true;
    // The same state, news within it (errorPayout while exchanging): kept and shown, never backwards.
    const patched = await this.ctx.kernel.patch(id, (p) =>
      p.exchangeStatus !== news.status &&
      isNewsFor(p.state, news.status) &&
      stateOfExchange(news.status) === p.state
        ? { ...p, ...details(p) }
        : undefined,
    );
    if (patched?.changed) {
      this.ctx.defer(`card:${id}`, () => this.ctx.observer().changed(patched.record));
      return true;
    }
    return false;
  }

  /** Reads the order at the exchanger and applies it. */
  async check(record: TopupRecord, via: string): Promise<void> {
    if (!record.orderUid || !record.orderSecret) return;
    const order: ExchangeOrder = await this.ctx.exchanger.getOrder(
      record.orderUid,
      record.orderSecret,
      record.lang,
    );
    await this.apply(record.id, order, via);
  }

  /**
   * Whether the provider has the money: a credited deposit of the amount the exchanger sent
   * (ArdorQR), or a balance grown by it net of what our payments took since (Lumo).
   */
  async checkCredit(record: TopupRecord, via: string): Promise<boolean> {
    const provider = this.ctx.provider(record.target);
    if (!provider || !record.outAmount) return false;
    if (provider.listDeposits) {
      const deposits = await provider.listDeposits({ limit: 50 });
      const deposit = await this.unclaimed(record, deposits);
      return deposit
        ? this.credit(record, via, {
            depositId: deposit.providerId,
            ...(deposit.credited ? { amount: deposit.credited } : {}),
          })
        : false;
    }
    const balances = await provider.getBalances();
    const balance = balances.find((b) => b.available.currency === record.outAmount!.currency)?.available;
    if (!balance || !record.balanceBefore || record.balanceBefore.currency !== balance.currency) return false;
    const spent = await this.ctx.spentSince(record.target, record.createdAt);
    const expected = record.balanceBefore.minor + record.outAmount.minor - spent.minor;
    return balance.minor >= expected
      ? this.credit(record, via, { amount: record.outAmount, balance })
      : false;
  }

  /** A verified credited deposit (an ArdorQR webhook): the top-up it belongs to, credited. */
  async depositCredited(deposit: Deposit): Promise<boolean> {
    if (deposit.status !== "credited" || !deposit.amount) return false;
    const open = await this.ctx.store.getMany(await this.ctx.store.openIds());
    const record = open
      .filter(
        (r) =>
          r.state === "sent" && r.target === deposit.provider && r.outAmount?.minor === deposit.amount!.minor,
      )
      .sort((a, b) => a.createdAt - b.createdAt)[0];
    if (!record) return false;
    return this.credit(record, "webhook", {
      depositId: deposit.providerId,
      ...(deposit.credited ? { amount: deposit.credited } : {}),
    });
  }

  private async credit(
    record: TopupRecord,
    via: string,
    credited: NonNullable<TopupRecord["credited"]>,
  ): Promise<boolean> {
    let balance = credited.balance;
    if (!balance) {
      const provider = this.ctx.provider(record.target);
      const balances = await provider?.getBalances().catch(() => undefined);
      balance =
        balances?.find((b) => b.available.currency === record.balanceBefore?.currency)?.available ??
        balances?.[0]?.available;
    }
    const moved = await this.move(record.id, {
      to: "credited",
      via,
      from: ["sent"],
      patch: () => ({ credited: { ...credited, ...(balance ? { balance } : {}) } }),
    });
    return moved?.changed === true;
  }

  /** A credited deposit of exactly the sent amount, since the order was made, that no other top-up took. */
  private async unclaimed(record: TopupRecord, deposits: Deposit[]): Promise<Deposit | undefined> {
    const taken = new Set(
      (await this.ctx.store.recent({ limit: 200, from: record.createdAt - 24 * 3600_000 }))
        .map((r) => r.credited?.depositId)
        .filter(Boolean),
    );
    return deposits.find(
      (d) =>
        d.status === "credited" &&
        d.amount?.minor === record.outAmount?.minor &&
        d.amount?.currency === record.outAmount?.currency &&
        (d.createdAt?.getTime() ?? record.createdAt) >= record.createdAt - 60_000 &&
        !taken.has(d.providerId),
    );
  }

  handlers(): Record<string, TimerHandler> {
    return {
      [TOPUP_TIMERS.poll]: (id) => this.poll(id),
      [TOPUP_TIMERS.notify]: (id) => this.ctx.notifications.onTimer(id),
    };
  }

  private async poll(id: string): Promise<number | undefined> {
    const { ctx } = this;
    const record = await ctx.store.get(id);
    if (!record || topupLifecycle.isFinal(record.state)) return undefined;
    const attempts = record.pollAttempts + 1;
    await ctx.kernel.patch(id, (p) => ({ ...p, pollAttempts: attempts }), { known: record });
    try {
      if (awaitsExchanger(record.state)) await this.check(record, "poll");
      const now = await ctx.store.get(id);
      if (now?.state === "sent" && !(await this.checkCredit(now, "poll"))) {
        if (now.sentAt && ctx.clock() > now.sentAt + ctx.timings.creditGraceMs) {
          await this.move(id, { to: "attention", via: "poll", from: ["sent"] });
        }
      }
    } catch (err) {
      ctx.logger.warn({ err, topupId: id }, "top-up status read failed");
    }
    const after = await ctx.store.get(id);
    if (!after || topupLifecycle.isFinal(after.state)) return undefined;
    return ctx.clock() + Math.min(ctx.timings.pollInitialMs * 2 ** (attempts - 1), ctx.timings.pollMaxMs);
  }
}
