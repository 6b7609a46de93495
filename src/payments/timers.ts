import type { TimerHandler } from "../lifecycle/timer-loop.js";
import type { Payment } from "../providers/types.js";
import { type Approvals, isUndecided } from "./approvals.js";
import { PAYMENT_TIMERS, type PaymentContext, providerOf } from "./context.js";
import type { ProviderEvents } from "./events.js";
import { awaitsProvider, isFinal } from "./lifecycle.js";
import { movePayment } from "./moves.js";
import type { Paying } from "./paying.js";
import type { PaymentRecord } from "./types.js";

/**
 * The payment's durable timers: a quote's expiry, status polls while the provider decides (a lost
 * webhook, a confirm whose answer we never got), and the final notification's safety net.
 */
export class PaymentTimers {
  constructor(
    private readonly ctx: PaymentContext,
    private readonly paying: Paying,
    private readonly events: ProviderEvents,
    private readonly approvals: Approvals,
  ) {}

  /** For the timer loop: one handler per kind. */
  handlers(): Record<string, TimerHandler> {
    return {
      [PAYMENT_TIMERS.expire]: (id) => this.expire(id),
      [PAYMENT_TIMERS.poll]: (id) => this.poll(id),
      [PAYMENT_TIMERS.notify]: (id) => this.ctx.notifications.onTimer(id),
      [PAYMENT_TIMERS.ask]: (id) => this.approvals.askIfUnasked(id),
    };
  }

  private async expire(id: string): Promise<number | undefined> {
    const record = await this.ctx.store.get(id);
    if (record?.state !== "quoted") return undefined;
    const now = this.ctx.clock();
    if (now < record.quote.expiresAt) return record.quote.expiresAt;
    await movePayment(
      this.ctx,
      id,
      { to: "expired", via: "timer", from: ["quoted"], when: (p) => now >= p.quote.expiresAt },
      record,
    );
    return undefined;
  }

  private async poll(id: string): Promise<number | undefined> {
    const record = await this.ctx.store.get(id);
    if (!record || !awaitsProvider(record.state)) return undefined;
    const attempts = record.pollAttempts + 1;
    await this.ctx.kernel.patch(id, (p) => ({ ...p, pollAttempts: attempts }), { known: record });
    const { pollInitialMs, pollMaxMs } = this.ctx.timings;
    const next = this.ctx.clock() + Math.min(pollInitialMs * 2 ** (attempts - 1), pollMaxMs);
    let payment: Payment;
    try {
      payment = await providerOf(this.ctx, record.provider).getPayment(record.providerId);
    } catch (err) {
      this.ctx.logger.warn({ err, paymentId: id }, "status poll failed");
      return next;
    }
    if (record.state === "confirming" && payment.status === "quoted") {
      // The provider never got our confirm (we died, or the network ate it): send it again, same key.
      await this.paying.sendConfirm(record);
    } else {
      await this.events.apply(id, payment, "poll");
    }
    const after = await this.ctx.store.get(id);
    return after && awaitsProvider(after.state) ? next : undefined;
  }

  /** After a restart: make sure every payment that needs attention has its timer. */
  async resume(): Promise<number> {
    const records: PaymentRecord[] = await this.ctx.store.getMany(await this.ctx.store.openIds());
    const now = this.ctx.clock();
    const { timers } = this.ctx;
    for (const record of records) {
      if (record.state === "quoted") {
        await timers.ensure(PAYMENT_TIMERS.expire, record.id, record.quote.expiresAt);
      } else if (awaitsProvider(record.state)) {
        await timers.ensure(PAYMENT_TIMERS.poll, record.id, now);
      } else if (isUndecided(record) && !record.approval?.messages?.length) {
        await timers.ensure(PAYMENT_TIMERS.ask, record.id, now);
      } else if (isFinal(record.state) && record.notified?.state !== record.state) {
        await timers.ensure(PAYMENT_TIMERS.notify, record.id, now);
      }
    }
    return records.length;
  }
}
