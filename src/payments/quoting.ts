import type { ProviderName } from "../config.js";
import type { Provider } from "../providers/types.js";
import { mayActOn, PAYMENT_TIMERS, type PaymentContext, paymentAudit, providerOf } from "./context.js";
import { ForbiddenAction } from "./errors.js";
import { idempotencyKeys, newPaymentId } from "./ids.js";
import { type ApprovalReason, dayOf, staticApprovalReasons } from "./limits.js";
import { movePayment } from "./moves.js";
import type { Actor, PaymentRecord, Person, QuoteSnapshot, ScannedCode } from "./types.js";

export interface QuoteRequest {
  code: ScannedCode;
  provider: ProviderName;
  chatId: number;
  chatType: string;
  actor: Actor;
  locale: string;
  card: { chatId: number; messageId: number };
}

export interface FreshQuote {
  providerId: string;
  mode: Provider["mode"];
  quote: QuoteSnapshot;
}

/** Asking the provider what paying a code costs, and keeping the answer as a payment in `quoted`. */
export class Quoting {
  constructor(private readonly ctx: PaymentContext) {}

  /** Stores a new quote. Throws ProviderError, or ForbiddenAction for a viewer. */
  quote(request: QuoteRequest): Promise<PaymentRecord> {
    const { actor, ...rest } = request;
    if (actor.role === "viewer") throw new ForbiddenAction("viewers cannot pay");
    return this.open({ ...rest, requestedBy: actor.person }, newPaymentId(), actor.role !== "admin");
  }

  /** What would make this payment wait for an administrator, as far as known now (limits, today's spend). */
  private async expectedApproval(personId: number, totalMinor: number): Promise<ApprovalReason[]> {
    const { spending } = this.ctx;
    const limits = await spending.limitsFor(personId);
    const reasons = staticApprovalReasons(totalMinor, limits, spending.company);
    const spent = await spending.store.spent(personId, dayOf(this.ctx.clock(), spending.timeZone));
    if (spent + totalMinor > limits.perDayMinor) reasons.push("over_daily_limit");
    return reasons;
  }

  private async open(
    request: Omit<QuoteRequest, "actor"> & { requestedBy: Person },
    id: string,
    limited: boolean,
  ) {
    const { providerId, mode, quote } = await this.fetch(request.provider, request.code, id, 1);
    const expected = limited ? await this.expectedApproval(request.requestedBy.id, quote.total.minor) : [];
    const now = this.ctx.clock();
    const by = request.requestedBy;
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
      personId: by.id,
      chatType: request.chatType,
      card: request.card,
      requestedBy: by,
      locale: request.locale,
      pollAttempts: 0,
      ...(expected.length > 0 ? { approvalExpected: expected } : {}),
      createdAt: now,
      updatedAt: now,
      history: [{ state: "quoted", at: now, via: "quote" }],
    };
    await this.ctx.kernel.create(record, [paymentAudit("payment.quoted", by, record)]);
    if (quote.balanceSufficient === false) this.ctx.hooks.shortOfMoney?.(record.provider);
    await this.ctx.timers.schedule(PAYMENT_TIMERS.expire, id, record.quote.expiresAt);
    return record;
  }

  /** The provider's quote for a code (and the balance it would come from), as we keep it. */
  async fetch(name: ProviderName, code: ScannedCode, id: string, attempt: number): Promise<FreshQuote> {
    const provider = providerOf(this.ctx, name);
    const [quote, balance] = await Promise.all([
      provider.prepare({ qr: code.raw, reference: id, idempotencyKey: idempotencyKeys.prepare(id, attempt) }),
      provider.getBalances().catch((err) => {
        this.ctx.logger.warn({ err, provider: provider.name }, "balance unavailable for the quote card");
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
  async requote(oldId: string, actor: Actor): Promise<PaymentRecord | "forbidden" | undefined> {
    if (actor.role === "viewer") return "forbidden";
    const newId = newPaymentId();
    let forbidden = false;
    let previousCard: { chatId: number; messageId: number } | undefined;
    const claimed = await this.ctx.kernel.patch(oldId, (p) => {
      previousCard = p.card;
      if (!mayActOn(p, actor)) {
        forbidden = true;
        return undefined;
      }
      if (p.supersededBy || !p.card || !(p.state === "quoted" || p.state === "expired")) return undefined;
      // The card moves to the new payment: nothing about the old one may be drawn on it any more.
      return { ...p, supersededBy: newId, card: undefined };
    });
    if (forbidden) return "forbidden";
    if (!claimed?.changed || !previousCard) return undefined;
    const old = claimed.record;
    await movePayment(this.ctx, oldId, { to: "cancelled", via: "user", from: ["quoted"] });
    try {
      // The new quote is the requester's, whoever pressed the button.
      return await this.open(
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
        actor.role !== "admin" || old.requestedBy.id !== actor.person.id,
      );
    } catch (err) {
      // Give the card back, so the person can press "New quote" again.
      await this.ctx.kernel.patch(oldId, (p) =>
        p.supersededBy === newId ? { ...p, supersededBy: undefined, card: previousCard } : undefined,
      );
      throw err;
    }
  }
}
