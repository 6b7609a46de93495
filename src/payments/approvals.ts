import { ProviderError } from "../providers/types.js";
import { PAYMENT_TIMERS, type PaymentContext, paymentAudit } from "./context.js";
import type { ApprovalReason } from "./limits.js";
import { afterMove, movePayment, settleApprovalCopies } from "./moves.js";
import type { ConfirmOutcome } from "./paying.js";
import type { Quoting } from "./quoting.js";
import type { Actor, ApprovalContext, PaymentRecord, Person } from "./types.js";

export type Decision = "approved" | "rejected";

/** How long the request may take to reach the administrators before the timer sends it itself. */
const ASK_SAFETY_NET_MS = 2 * 60_000;

export const isUndecided = (p: PaymentRecord) =>
  p.state === "awaiting_approval" && !!p.approval && !p.approval.decision;

export interface DecisionOutcome {
  result: "decided" | "already" | "not_found" | "forbidden";
  record?: PaymentRecord;
  /** Approved with a fresh quote of the same total: pay it now, as the requester asked. */
  payNow?: boolean;
}

/** A payment beyond the requester's limits waits for an administrator; the first decision wins. */
export class Approvals {
  constructor(
    private readonly ctx: PaymentContext,
    private readonly quoting: Quoting,
  ) {}

  /** Moves a quoted payment to `awaiting_approval` (while `holds` says the press still owns it). */
  async request(
    record: PaymentRecord,
    by: Person,
    reasons: ApprovalReason[],
    holds: (p: PaymentRecord) => boolean,
    context?: ApprovalContext,
  ): Promise<ConfirmOutcome> {
    const { id } = record;
    const now = this.ctx.clock();
    if (now >= record.quote.expiresAt) {
      const expired = await movePayment(this.ctx, id, {
        to: "expired",
        via: "user",
        from: ["quoted"],
        when: holds,
      });
      if (expired?.changed) return { result: "expired", record: expired.record };
    }
    const moved = await this.ctx.kernel.advance(id, {
      to: "awaiting_approval",
      via: "user",
      from: ["quoted"],
      when: holds,
      patch: () => ({
        approval: { reasons, requestedAt: now, requestedBy: by, ...(context ? { context } : {}) },
        paying: undefined,
      }),
      audit: (next) => [paymentAudit("approval.requested", by, next, { reasons })],
    });
    if (!moved) return { result: "not_found" };
    if (!moved.changed) return { result: "busy", state: moved.record.state };
    const waiting = moved.record;
    // An approval takes longer than a quote lives: a fresh quote is asked for once approved.
    await this.ctx.timers.cancel(PAYMENT_TIMERS.expire, id);
    // Should we die before the administrators are asked, the timer asks them after the restart.
    await this.ctx.timers.schedule(PAYMENT_TIMERS.ask, id, now + ASK_SAFETY_NET_MS);
    this.ctx.defer(`card:${id}`, () => this.ctx.observer().changed(waiting));
    this.ctx.defer(`approval:${id}`, () => this.askAdmins(waiting));
    return { result: "approval_requested", record: waiting, reasons };
  }

  /** Sends the request to every administrator and remembers the messages (their buttons decide). */
  private async askAdmins(waiting: PaymentRecord): Promise<void> {
    const messages = await this.ctx.observer().approvalRequested(waiting);
    await this.keepCopies(waiting.id, messages);
    await this.ctx.timers.cancel(PAYMENT_TIMERS.ask, waiting.id);
  }

  /** Remembers more messages that show the request, and settles them if it was decided meanwhile. */
  async keepCopies(id: string, messages: Array<{ chatId: number; messageId: number }>): Promise<void> {
    await this.ctx.kernel.patch(id, (p) =>
      p.approval
        ? { ...p, approval: { ...p.approval, messages: [...(p.approval.messages ?? []), ...messages] } }
        : undefined,
    );
    // Decided while the asks were still going out: bring the late copies up to date too.
    const latest = await this.ctx.store.get(id);
    if (latest && (latest.approval?.decision || latest.state !== "awaiting_approval"))
      await settleApprovalCopies(this.ctx, id);
  }

  /** The timer's turn: a request nobody was shown yet (we died before asking) is sent now. */
  async askIfUnasked(id: string): Promise<undefined> {
    const record = await this.ctx.store.get(id);
    if (record && isUndecided(record) && !record.approval?.messages?.length) await this.askAdmins(record);
    return undefined;
  }

  /** Payments waiting for an administrator's decision, oldest first. */
  async pending(): Promise<PaymentRecord[]> {
    const open = await this.ctx.store.getMany(await this.ctx.store.openIds());
    return open
      .filter(isUndecided)
      .sort((a, b) => (a.approval?.requestedAt ?? 0) - (b.approval?.requestedAt ?? 0));
  }

  /**
   * An administrator decides. The first decision wins (compare-and-set); a later one gets the
   * record as decided. Approved: a fresh quote — to be paid at once when its total did not change,
   * shown to the requester to confirm when it did.
   */
  async decide(id: string, admin: Actor, decision: Decision): Promise<DecisionOutcome> {
    if (admin.role !== "admin") return { result: "forbidden" };
    const now = this.ctx.clock();
    const undecided = isUndecided;
    const decided = (p: PaymentRecord) => ({
      ...p.approval!,
      decision,
      decidedBy: admin.person,
      decidedAt: now,
    });
    const audit = (next: PaymentRecord) => [paymentAudit(`approval.${decision}`, admin.person, next)];
    const claimed: { record: PaymentRecord; changed: boolean; notify?: boolean } | undefined =
      decision === "rejected"
        ? await this.ctx.kernel.advance(id, {
            to: "rejected",
            via: "approval",
            from: ["awaiting_approval"],
            when: undecided,
            patch: (p) => ({ approval: decided(p) }),
            audit,
          })
        : await this.ctx.kernel.patch(
            id,
            (p) =>
              undecided(p)
                ? {
                    ...p,
                    approval: { ...decided(p), approvedTotalMinor: p.quote.total.minor },
                    updatedAt: now,
                  }
                : undefined,
            { audit },
          );
    if (!claimed) return { result: "not_found" };
    if (!claimed.changed) return { result: "already", record: claimed.record };
    const record = claimed.record;
    this.ctx.defer(`approval-settled:${id}`, () => settleApprovalCopies(this.ctx, id));
    if (decision === "rejected") {
      await afterMove(this.ctx, record, claimed.notify === true);
      return { result: "decided", record };
    }
    return this.requote(record);
  }

  private async requote(record: PaymentRecord): Promise<DecisionOutcome> {
    const attempt = record.quoteAttempt + 1;
    let fresh: Awaited<ReturnType<Quoting["fetch"]>>;
    try {
      fresh = await this.quoting.fetch(record.provider, record.code, record.id, attempt);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      this.ctx.logger.warn({ err, paymentId: record.id }, "no fresh quote after approval");
      const failed = await movePayment(this.ctx, record.id, {
        to: "failed",
        via: "approval",
        from: ["awaiting_approval"],
        patch: () => ({ failure: { kind: err.kind } }),
      });
      return { result: "decided", record: failed?.record ?? record };
    }
    const moved = await this.ctx.kernel.advance(record.id, {
      to: "quoted",
      via: "approval",
      from: ["awaiting_approval"],
      patch: () => ({ providerId: fresh.providerId, quote: fresh.quote, quoteAttempt: attempt }),
    });
    if (!moved?.changed) return { result: "decided", record: moved?.record ?? record };
    const requoted = moved.record;
    await this.ctx.timers.schedule(PAYMENT_TIMERS.expire, record.id, requoted.quote.expiresAt);
    if (requoted.quote.total.minor === record.quote.total.minor)
      return { result: "decided", record: requoted, payNow: true };
    this.ctx.defer(`card:${record.id}`, () => this.ctx.observer().changed(requoted));
    return { result: "decided", record: requoted };
  }
}
