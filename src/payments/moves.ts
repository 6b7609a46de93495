import type { Move, Moved } from "../lifecycle/kernel.js";
import { PAYMENT_TIMERS, type PaymentContext, paymentAudit } from "./context.js";
import { awaitsProvider, isFinal } from "./lifecycle.js";
import type { PaymentRecord } from "./types.js";

/**
 * Moves a payment through the kernel, then does what every move needs: the card (deferred), the
 * poll timer while the provider decides, and, on a final state, the notification (claimed by the
 * move itself), the safety-net timer, the end of the other timers and the allowance given back.
 */
export async function movePayment(
  ctx: PaymentContext,
  id: string,
  move: Move<PaymentRecord>,
  known?: PaymentRecord,
): Promise<Moved<PaymentRecord> | undefined> {
  const moved = await ctx.kernel.advance(id, move, known);
  if (moved?.changed) await afterMove(ctx, moved.record, moved.notify);
  return moved;
}

/** Bookkeeping of a move that happened; `notifying`: the move holds the final notification. */
export async function afterMove(
  ctx: PaymentContext,
  record: PaymentRecord,
  notifying = false,
): Promise<void> {
  const { timers } = ctx;
  if (!isFinal(record.state)) {
    ctx.defer(`card:${record.id}`, () => ctx.observer().changed(record));
    if (awaitsProvider(record.state))
      await timers.ensure(PAYMENT_TIMERS.poll, record.id, ctx.clock() + ctx.timings.webhookGraceMs);
    return;
  }
  ctx.defer(`final-hook:${record.id}`, async () => {
    ctx.hooks.final?.(record);
    if (record.failure?.kind === "insufficient_funds") ctx.hooks.shortOfMoney?.(record.provider);
  });
  // Independent writes: they reach Redis together.
  const bookkeeping = Promise.all([
    ctx.notifications.scheduleRetry(record.id),
    timers.cancel(PAYMENT_TIMERS.poll, record.id),
    timers.cancel(PAYMENT_TIMERS.expire, record.id),
    record.state === "failed" || record.state === "expired" ? releaseSpend(ctx, record.id) : undefined,
  ]);
  ctx.defer(`notify:${record.id}`, () =>
    notifying
      ? ctx.notifications.sendClaimed(record, bookkeeping)
      : ctx.notifications.deliver(record.id, bookkeeping),
  );
  if (record.approval && !record.approval.decision) {
    ctx.defer(`approval-settled:${record.id}`, () => settleApprovalCopies(ctx, record.id));
  }
  await bookkeeping;
}

/** The audit entry every final state writes with its move. */
export const finalAudit = (record: PaymentRecord) =>
  paymentAudit("payment.final", undefined, record, {
    state: record.state,
    ...(record.failure ? { failure: record.failure.kind } : {}),
  });

/** Updates every administrator's copy of an approval request from the latest record. */
export async function settleApprovalCopies(ctx: PaymentContext, id: string): Promise<void> {
  const latest = await ctx.store.get(id);
  if (latest?.approval) await ctx.observer().approvalSettled(latest);
}

/** Gives the day's allowance back, once, when a confirmed payment did not go through. */
async function releaseSpend(ctx: PaymentContext, id: string): Promise<void> {
  let spend: PaymentRecord["spend"];
  await ctx.kernel.patch(id, (p) => {
    if (!p.spend || p.spend.released) return undefined;
    spend = p.spend;
    return { ...p, spend: { ...p.spend, released: true } };
  });
  if (spend) await ctx.spending.store.release(spend.personId, spend.day, spend.amountMinor);
}
