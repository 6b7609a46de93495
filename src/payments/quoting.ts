import type { ProviderName } from "../config.js";
import { type Provider, ProviderError, type ProviderErrorKind } from "../providers/types.js";
import { mayActOn, PAYMENT_TIMERS, type PaymentContext, paymentAudit, providerOf } from "./context.js";
import { ForbiddenAction } from "./errors.js";
import { idempotencyKeys, newPaymentId } from "./ids.js";
import { type ApprovalReason, dayOf, staticApprovalReasons } from "./limits.js";
import { movePayment } from "./moves.js";
import type { Actor, FallbackReason, PaymentRecord, Person, QuoteSnapshot, ScannedCode } from "./types.js";

/** Refusals another provider may not share: the first provider is down, or its balance is short. */
const FALLBACK_REASONS: Partial<Record<ProviderErrorKind, FallbackReason>> = {
  unavailable: "unavailable",
  network: "unavailable",
  timeout: "unavailable",
  insufficient_funds: "insufficient_funds",
};

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
    const { provider, providerId, mode, quote, fallbackFrom } = await this.fetchPayable(
      request.provider,
      request.code,
      id,
    );
    const expected = limited ? await this.expectedApproval(request.requestedBy.id, quote.total.minor) : [];
    const now = this.ctx.clock();
    const by = request.requestedBy;
    const record: PaymentRecord = {
      id,
      provider,
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
      ...(fallbackFrom ? { fallbackFrom } : {}),
      createdAt: now,
      updatedAt: now,
      history: [{ state: "quoted", at: now, via: "quote" }],
    };
    await this.ctx.kernel.create(record, [
      paymentAudit("payment.quoted", by, record, fallbackFrom ? { fallbackFrom: fallbackFrom.provider } : {}),
    ]);
    await this.ctx.timers.schedule(PAYMENT_TIMERS.expire, id, record.quote.expiresAt);
    return record;
  }

  /**
   * The chosen provider's quote — or, when that provider is down or short of money, another
   * configured provider's that can pay (the card says so, and its Pay button names that provider).
   * When no other provider can pay, the chosen provider's answer stands (its error, or its short quote).
   */
  private async fetchPayable(chosen: ProviderName, code: ScannedCode, id: string) {
    const { hooks } = this.ctx;
    let first: FreshQuote;
    try {
      first = await this.fetch(chosen, code, id, 1);
    } catch (err) {
      const reason = err instanceof ProviderError ? FALLBACK_REASONS[err.kind] : undefined;
      if (!reason) throw err;
      if (reason === "unavailable") hooks.unavailable?.(chosen);
      if (reason === "insufficient_funds") hooks.shortOfMoney?.(chosen);
      const other = await this.fromAnother(chosen, code, id, reason);
      if (!other) throw err;
      return other;
    }
    hooks.available?.(chosen);
    if (first.quote.balanceSufficient === false) {
      hooks.shortOfMoney?.(chosen);
      const other = await this.fromAnother(chosen, code, id, "insufficient_funds");
      if (other) return other;
    }
    return { ...first, provider: chosen, fallbackFrom: undefined };
  }

  /** The first other configured provider whose quote can be paid now, or undefined. */
  private async fromAnother(chosen: ProviderName, code: ScannedCode, id: string, reason: FallbackReason) {
    for (const name of this.ctx.providers.names) {
      if (name === chosen) continue;
      try {
        const quote = await this.fetch(name, code, id, 1);
        this.ctx.hooks.available?.(name);
        if (quote.quote.balanceSufficient === false) continue;
        this.ctx.logger.info({ chosen, provider: name, reason }, "quoted through another provider");
        return { ...quote, provider: name, fallbackFrom: { provider: chosen, reason } };
      } catch (err) {
        this.ctx.logger.warn({ err, provider: name }, "the other provider could not quote either");
      }
    }
    return undefined;
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
      const replaceable = p.state === "quoted" || p.state === "expired" || p.state === "failed";
      if (p.supersededBy || !p.card || !replaceable) return undefined;
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
          // The provider first chosen is asked again: it may be back.
          provider: old.fallbackFrom?.provider ?? old.provider,
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
