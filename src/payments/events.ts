import type { ProviderName } from "../config.js";
import type { Payment, ProviderEvent } from "../providers/types.js";
import type { PaymentContext } from "./context.js";
import { stateAfterProviderStatus } from "./lifecycle.js";
import { movePayment } from "./moves.js";
import type { PaymentRecord, TransitionSource } from "./types.js";

/** What providers tell us about payments — webhooks, confirm answers, polls — applied forward only. */
export class ProviderEvents {
  constructor(private readonly ctx: PaymentContext) {}

  /** The payment a provider event is about, if it is ours. */
  async paymentFor(event: ProviderEvent): Promise<PaymentRecord | undefined> {
    return event.type === "payment" ? this.find(event.provider, event.payment) : undefined;
  }

  /**
   * A verified, deduplicated webhook. Changes Redis now; the Telegram work is deferred. Pass the
   * payment when the caller already looked it up ({@link paymentFor}).
   */
  async applyEvent(
    event: ProviderEvent,
    known?: PaymentRecord | null,
  ): Promise<"applied" | "unchanged" | "unknown_payment" | "deposit"> {
    if (event.type === "deposit") {
      this.ctx.defer(`deposit:${event.eventId}`, async () => {
        if (await this.ctx.hooks.deposit?.(event.deposit)) return;
        await this.ctx.observer().deposit(event);
      });
      return "deposit";
    }
    const record = known === undefined ? await this.find(event.provider, event.payment) : known;
    if (!record) return "unknown_payment";
    return (await this.apply(record.id, event.payment, "webhook", record)) ? "applied" : "unchanged";
  }

  /**
   * Applies a provider-reported status, forward-only. True when it changed the payment. `known`: the
   * record as just read (the store may then skip reading it again).
   */
  async apply(id: string, payment: Payment, via: TransitionSource, known?: PaymentRecord): Promise<boolean> {
    const moved = await movePayment(
      this.ctx,
      id,
      {
        to: (p) => stateAfterProviderStatus(p.state, payment.status),
        via,
        patch: (p) => {
          const to = stateAfterProviderStatus(p.state, payment.status);
          return {
            providerStatus: payment.providerStatus,
            ...(to === "failed" || to === "expired"
              ? {
                  failure: {
                    kind: "provider" as const,
                    ...(payment.failureReason ? { reason: payment.failureReason } : {}),
                  },
                }
              : {}),
          };
        },
      },
      known,
    );
    return moved?.changed === true;
  }

  private async find(provider: ProviderName, payment: Payment): Promise<PaymentRecord | undefined> {
    const byProviderId = await this.ctx.store.findByProviderId(provider, payment.providerId);
    if (byProviderId) return byProviderId;
    // Our payment id travels as the reference: a second way to recognise our own payment.
    if (!payment.reference) return undefined;
    const byReference = await this.ctx.store.get(payment.reference);
    return byReference?.provider === provider && byReference.providerId === payment.providerId
      ? byReference
      : undefined;
  }
}
