import { randomUUID } from "node:crypto";
import { type Payment, ProviderError, type ProviderErrorKind } from "../providers/types.js";
import type { Approvals } from "./approvals.js";
import { mayActOn, PAYMENT_TIMERS, type PaymentContext, paymentAudit, providerOf } from "./context.js";
import type { ProviderEvents } from "./events.js";
import { idempotencyKeys } from "./ids.js";
import type { PaymentState } from "./lifecycle.js";
import { type ApprovalReason, dayOf, type Limits, staticApprovalReasons } from "./limits.js";
import { movePayment } from "./moves.js";
import type { Actor, ApprovalContext, PaymentRecord } from "./types.js";

export type ConfirmOutcome =
  | { result: "confirming"; record: PaymentRecord }
  | { result: "approval_requested"; record: PaymentRecord; reasons: ApprovalReason[] }
  | { result: "expired"; record: PaymentRecord }
  | { result: "insufficient_funds"; record: PaymentRecord }
  | { result: "forbidden" }
  | { result: "not_found" }
  | { result: "busy"; state: PaymentState };

/** Provider refusals that settle a confirm for good; anything else may still have gone through. */
const CONFIRM_REFUSALS: ReadonlySet<ProviderErrorKind> = new Set([
  "insufficient_funds",
  "quote_expired",
  "invalid_qr",
  "rejected",
  "unauthorized",
  "not_found",
]);

/** Pay pressed: the company's rules, then exactly one confirm at the provider. Also Cancel. */
export class Paying {
  constructor(
    private readonly ctx: PaymentContext,
    private readonly approvals: Approvals,
    private readonly events: ProviderEvents,
  ) {}

  /**
   * Pay pressed. One press claims the payment first (compare-and-set), so of any number of presses,
   * devices or instances exactly one goes on: within the requester's limits it confirms, holding the
   * amount against today's allowance; beyond them it asks the administrators. An administrator's
   * press, or a quote within an approved amount, is counted but not limited.
   */
  async pay(id: string, actor: Actor, options: { approved?: boolean } = {}): Promise<ConfirmOutcome> {
    if (actor.role === "viewer") return { result: "forbidden" };
    const record = await this.ctx.store.get(id);
    if (!record) return { result: "not_found" };
    if (!mayActOn(record, actor)) return { result: "forbidden" };
    if (record.state !== "quoted") return { result: "busy", state: record.state };
    const press = randomUUID();
    const now = this.ctx.clock();
    const claim = await this.ctx.kernel.patch(
      id,
      (p) =>
        p.state === "quoted" && !(p.paying && p.paying.until > now)
          ? { ...p, paying: { press, until: now + this.ctx.timings.payClaimMs } }
          : undefined,
      { known: record },
    );
    if (!claim) return { result: "not_found" };
    if (!claim.changed) return { result: "busy", state: claim.record.state };
    const outcome = await this.payClaimed(claim.record, actor, press, options.approved === true);
    // A move out of `quoted` ends the claim with it; otherwise the next press may go on now.
    if (outcome.result === "insufficient_funds" || outcome.result === "busy") {
      await this.ctx.kernel.patch(id, (p) =>
        p.paying?.press === press ? { ...p, paying: undefined } : undefined,
      );
    }
    return outcome;
  }

  private async payClaimed(
    record: PaymentRecord,
    actor: Actor,
    press: string,
    approvedByAdmin: boolean,
  ): Promise<ConfirmOutcome> {
    const { id } = record;
    const holds = (p: PaymentRecord) => p.paying?.press === press;
    if (this.ctx.clock() >= record.quote.expiresAt) {
      const expired = await movePayment(
        this.ctx,
        id,
        { to: "expired", via: "user", from: ["quoted"] },
        record,
      );
      return expired?.changed ? { result: "expired", record: expired.record } : this.busy(expired?.record);
    }
    if (record.quote.balanceSufficient === false) return { result: "insufficient_funds", record };
    const { spending } = this.ctx;
    const total = record.quote.total.minor;
    const requester = record.requestedBy.id;
    const approved =
      approvedByAdmin ||
      (record.approval?.decision === "approved" && total <= (record.approval.approvedTotalMinor ?? 0));
    const day = dayOf(this.ctx.clock(), spending.timeZone);
    let limits: Limits | undefined;
    const context = async (): Promise<ApprovalContext> => ({
      perPaymentMinor: limits!.perPaymentMinor,
      perDayMinor: limits!.perDayMinor,
      spentTodayMinor: await spending.store.spent(requester, day),
      thresholdMinor: spending.company.approvalThresholdMinor,
    });
    if (actor.role !== "admin" && !approved) {
      limits = await spending.limitsFor(requester);
      const reasons = staticApprovalReasons(total, limits, spending.company);
      if (reasons.length > 0)
        return this.approvals.request(record, actor.person, reasons, holds, await context());
    }
    const reserved = await spending.store.reserve(requester, day, total, limits?.perDayMinor);
    if (!reserved.ok) {
      return this.approvals.request(record, actor.person, ["over_daily_limit"], holds, {
        ...(await context()),
        spentTodayMinor: reserved.total,
      });
    }
    const spend = { personId: requester, day, amountMinor: total };
    const now = this.ctx.clock();
    const moved = await this.ctx.kernel.advance(
      id,
      {
        to: "confirming",
        via: "user",
        from: ["quoted"],
        when: holds,
        patch: () => ({ confirmedBy: actor.person, confirmedAt: now, spend, paying: undefined }),
        audit: (next) => [paymentAudit("payment.pay", actor.person, next)],
      },
      record,
    );
    if (!moved?.changed) {
      await spending.store.release(requester, day, total);
      return this.busy(moved?.record);
    }
    const confirming = moved.record;
    this.ctx.defer(`card:${id}`, () => this.ctx.observer().changed(confirming));
    // The safety net before the confirm: if we die before the provider answers, this timer finds out.
    await Promise.all([
      this.ctx.timers.cancel(PAYMENT_TIMERS.expire, id),
      this.ctx.timers.schedule(PAYMENT_TIMERS.poll, id, now + this.ctx.timings.webhookGraceMs),
    ]);
    this.ctx.defer(`confirm:${id}`, () => this.sendConfirm(confirming));
    return { result: "confirming", record: confirming };
  }

  private busy(record: PaymentRecord | undefined): ConfirmOutcome {
    return record ? { result: "busy", state: record.state } : { result: "not_found" };
  }

  /** Sends (or re-sends, with the same key) the confirm, and applies what the provider says. */
  async sendConfirm(record: PaymentRecord): Promise<void> {
    const log = this.ctx.logger.child({ paymentId: record.id, provider: record.provider });
    let payment: Payment;
    try {
      payment = await providerOf(this.ctx, record.provider).confirm({
        id: record.providerId,
        idempotencyKey: idempotencyKeys.confirm(record.id, record.quoteAttempt),
      });
    } catch (err) {
      if (err instanceof ProviderError && CONFIRM_REFUSALS.has(err.kind)) {
        log.info({ kind: err.kind, code: err.code }, "provider refused the confirm");
        await movePayment(this.ctx, record.id, {
          to: err.kind === "quote_expired" ? "expired" : "failed",
          via: "confirm",
          from: ["confirming"],
          patch: () => ({
            failure: { kind: err.kind, ...(err.providerMessage ? { reason: err.providerMessage } : {}) },
          }),
        });
        return;
      }
      // We cannot tell whether the provider took it. Never guess: ask again soon, with the same key.
      log.warn({ err }, "confirm outcome unknown; polling");
      await this.ctx.timers.schedule(
        PAYMENT_TIMERS.poll,
        record.id,
        this.ctx.clock() + this.ctx.timings.pollInitialMs,
      );
      return;
    }
    await this.events.apply(record.id, payment, "confirm");
  }

  async cancel(id: string, actor: Actor): Promise<PaymentRecord | "forbidden" | undefined> {
    const current = await this.ctx.store.get(id);
    if (!current) return undefined;
    if (!mayActOn(current, actor)) return "forbidden";
    const moved = await movePayment(
      this.ctx,
      id,
      { to: "cancelled", via: "user", from: ["quoted", "awaiting_approval"] },
      current,
    );
    return moved?.changed ? moved.record : undefined;
  }

  /** `/cancel`: the person's own quotes and pending approvals in this chat. Returns how many. */
  async cancelOpen(actor: Actor, chatId: number): Promise<number> {
    const recent = await this.ctx.store.recent({ chatId, personId: actor.person.id, limit: 20 });
    let count = 0;
    for (const p of recent) {
      if (!(p.state === "quoted" || p.state === "awaiting_approval")) continue;
      const cancelled = await this.cancel(p.id, actor);
      if (cancelled && cancelled !== "forbidden") count++;
    }
    return count;
  }
}
