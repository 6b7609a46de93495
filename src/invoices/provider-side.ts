import type { Move } from "../lifecycle/kernel.js";
import type { TimerHandler } from "../lifecycle/timer-loop.js";
import type { Invoice, InvoiceNotification } from "../providers/receive.js";
import { ProviderError, type ProviderErrorKind } from "../providers/types.js";
import { INVOICE_TIMERS, type InvoiceContext, invoiceAudit, receiveProviderOf } from "./context.js";
import { awaitsCustomer, invoiceLifecycle, stateAfterStatusRead } from "./lifecycle.js";
import type { InvoiceRecord } from "./types.js";

/** Provider refusals that end a creation for good; anything else may have created the invoice. */
const CREATE_REFUSALS: ReadonlySet<ProviderErrorKind> = new Set([
  "no_requisites",
  "rejected",
  "unauthorized",
  "invalid_qr",
  "not_found",
  "conflict",
  "bad_response",
]);

/**
 * Everything that talks to a receiving provider about an invoice: creating it (retried with the same
 * reference when the answer was lost), reading its status (the only thing that settles it), and
 * the timers that poll while the customer pays.
 */
export class InvoiceProviderSide {
  constructor(private readonly ctx: InvoiceContext) {}

  /** Moves an invoice through the kernel, then redraws it or starts its final notification. */
  async move(id: string, move: Move<InvoiceRecord>, known?: InvoiceRecord) {
    const moved = await this.ctx.kernel.advance(id, move, known);
    if (moved?.changed) await this.afterMove(moved.record, moved.notify);
    return moved;
  }

  private async afterMove(record: InvoiceRecord, notifying: boolean): Promise<void> {
    const { ctx } = this;
    if (record.state === "attention")
      ctx.defer(`attention:${record.id}`, () => ctx.observer().attention(record));
    if (!invoiceLifecycle.isFinal(record.state)) {
      const observer = ctx.observer();
      ctx.defer(`card:${record.id}`, () =>
        record.state === "waiting" ? observer.issued(record) : observer.changed(record),
      );
      return;
    }
    const scheduled = ctx.notifications.scheduleRetry(record.id);
    ctx.defer(`notify:${record.id}`, () =>
      notifying
        ? ctx.notifications.sendClaimed(record, scheduled)
        : ctx.notifications.deliver(record.id, scheduled),
    );
    await scheduled;
  }

  /** Asks the provider for the invoice (again, with the same reference, when the answer was lost). */
  async create(record: InvoiceRecord): Promise<InvoiceRecord> {
    const { ctx } = this;
    const provider = receiveProviderOf(ctx, record.choice.provider);
    let invoice: Invoice;
    try {
      invoice = await provider.createInvoice({
        reference: record.reference,
        amount: record.amount,
        method: record.choice.method,
        ...(record.choice.bank ? { bank: record.choice.bank } : {}),
        notificationUrl: ctx.notificationUrl(record.choice.provider),
      });
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      const attempts = record.pollAttempts + 1;
      if (CREATE_REFUSALS.has(err.kind) || attempts >= ctx.timings.createAttempts) {
        ctx.logger.info({ invoiceId: record.id, kind: err.kind }, "invoice not created");
        const failed = await this.move(record.id, {
          to: "failed",
          via: "create",
          from: ["creating"],
          patch: () => ({ failure: { kind: err.kind } }),
        });
        return failed?.record ?? record;
      }
      // The provider may have made it; the same reference asks again without making a second one.
      ctx.logger.warn({ err, invoiceId: record.id }, "invoice creation answer lost; asking again");
      const counted = await ctx.kernel.patch(record.id, (p) => ({ ...p, pollAttempts: attempts }));
      await ctx.timers.schedule(INVOICE_TIMERS.poll, record.id, ctx.clock() + this.backoff(attempts));
      return counted?.record ?? record;
    }
    const moved = await this.apply(record.id, invoice, "create", true);
    return moved ?? record;
  }

  /**
   * What a signed status read (or the creation answer) says, applied forward only. Returns the
   * record when it changed. `fresh`: the creation answer, which also carries the requisites.
   */
  async apply(id: string, invoice: Invoice, via: string, fresh = false): Promise<InvoiceRecord | undefined> {
    const details = {
      providerId: invoice.providerId,
      providerStatus: invoice.providerStatus,
      ...(invoice.requisites ? { requisites: invoice.requisites } : {}),
      ...(invoice.paymentUrl ? { paymentUrl: invoice.paymentUrl } : {}),
      ...(invoice.expiresAt ? { expiresAt: invoice.expiresAt.getTime() } : {}),
    };
    if (invoice.status === "unknown") {
      this.ctx.logger.warn(
        { invoiceId: id, providerStatus: invoice.providerStatus },
        "unknown invoice status; polling",
      );
    }
    const moved = await this.move(id, {
      to: (p) => stateAfterStatusRead(p.state, invoice),
      via,
      patch: (p) => ({
        ...details,
        ...(invoice.problems?.length ? { problems: invoice.problems } : {}),
        ...(stateAfterStatusRead(p.state, invoice) === "paid"
          ? {
              received: {
                ...(invoice.amount ? { amount: invoice.amount } : {}),
                ...(invoice.creditedUsdt ? { creditedUsdt: invoice.creditedUsdt } : {}),
                ...(invoice.commission ? { commission: invoice.commission } : {}),
              },
            }
          : {}),
      }),
      audit: (next) =>
        next.state === "waiting"
          ? [invoiceAudit("invoice.issued", undefined, next, { providerId: invoice.providerId })]
          : [],
    });
    if (moved?.changed) return moved.record;
    if (fresh && moved) {
      // Nothing to move (a repeat of a creation already applied): keep the provider's details anyway.
      const patched = await this.ctx.kernel.patch(id, (p) =>
        p.providerId ? undefined : { ...p, ...details },
      );
      return patched?.record;
    }
    return undefined;
  }

  /** A signed status read. True when it changed the invoice. */
  async check(id: string, via: string): Promise<boolean> {
    const record = await this.ctx.store.get(id);
    if (!record?.providerId || !awaitsCustomer(record.state)) return false;
    const invoice = await receiveProviderOf(this.ctx, record.choice.provider).getInvoice(record.providerId);
    return (await this.apply(id, invoice, via)) !== undefined;
  }

  /** A verified notification is a hint: it asks for a status read now (durably), and changes nothing itself. */
  async hint(notification: InvoiceNotification): Promise<"checking" | "unknown_invoice"> {
    const record = await this.find(notification);
    if (!record) return "unknown_invoice";
    await this.ctx.timers.schedule(INVOICE_TIMERS.poll, record.id, this.ctx.clock());
    this.ctx.defer(`check:${record.id}`, () => this.check(record.id, "notification"));
    return "checking";
  }

  private async find(n: InvoiceNotification): Promise<InvoiceRecord | undefined> {
    if (n.providerId) {
      const byId = await this.ctx.store.findByProviderId(n.provider, n.providerId);
      if (byId) return byId;
    }
    if (!n.reference) return undefined;
    const id = referenceToId(n.reference);
    const byReference = id ? await this.ctx.store.get(id) : undefined;
    return byReference?.provider === n.provider && byReference.reference === n.reference
      ? byReference
      : undefined;
  }

  handlers(): Record<string, TimerHandler> {
    return {
      [INVOICE_TIMERS.poll]: (id) => this.poll(id),
      [INVOICE_TIMERS.notify]: (id) => this.ctx.notifications.onTimer(id),
    };
  }

  private async poll(id: string): Promise<number | undefined> {
    const { ctx } = this;
    const record = await ctx.store.get(id);
    if (!record || !awaitsCustomer(record.state)) return undefined;
    if (record.state === "creating") {
      const after = await this.create(record);
      return after.state === "creating"
        ? ctx.clock() + this.backoff(after.pollAttempts)
        : this.nextPoll(after);
    }
    const attempts = record.pollAttempts + 1;
    await ctx.kernel.patch(id, (p) => ({ ...p, pollAttempts: attempts }), { known: record });
    try {
      if (!(await this.check(id, "poll"))) ctx.defer(`card:${id}`, () => ctx.observer().changed(record));
    } catch (err) {
      ctx.logger.warn({ err, invoiceId: id }, "invoice status read failed");
    }
    const after = await ctx.store.get(id);
    if (!after) return undefined;
    if (
      after.state === "waiting" &&
      after.expiresAt &&
      ctx.clock() > after.expiresAt + ctx.timings.settleGraceMs
    ) {
      // The provider never said how it ended: a person has to look, and nothing is credited.
      await this.move(id, {
        to: "attention",
        via: "poll",
        from: ["waiting"],
        patch: () => ({ problems: ["no_final_status"] }),
      });
      return undefined;
    }
    return this.nextPoll(after);
  }

  /** When to ask again: soon while the customer pays, never once nothing can change any more. */
  nextPoll(record: InvoiceRecord): number | undefined {
    const now = this.ctx.clock();
    if (!awaitsCustomer(record.state)) return undefined;
    // A cancelled invoice is only watched until the provider would have let it lapse.
    if (
      record.state === "cancelled" &&
      (!record.expiresAt || now > record.expiresAt + this.ctx.timings.settleGraceMs)
    )
      return undefined;
    return now + this.backoff(record.pollAttempts + 1);
  }

  private backoff(attempt: number): number {
    const { pollInitialMs, pollMaxMs } = this.ctx.timings;
    return Math.min(pollInitialMs * 2 ** Math.max(0, attempt - 1), pollMaxMs);
  }
}

/** The reference we send is `qrpay-<invoice id>`: derived from our id, so a retry is the same invoice. */
export const invoiceReference = (id: string) => `qrpay-${id}`;
const referenceToId = (reference: string) => /^qrpay-([A-Z0-9]+)$/.exec(reference)?.[1];
