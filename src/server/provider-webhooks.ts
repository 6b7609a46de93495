import { lazyChild } from "../lib/lazy-logger.js";
import type { PaymentService } from "../payments/service.js";
import { type Provider, WebhookVerificationError } from "../providers/types.js";
import type { WebhookDedup } from "../store/types.js";
import { errorBody } from "./errors.js";
import type { ProviderWebhookHandler } from "./index.js";

export interface ProviderWebhookDeps {
  provider: Provider;
  service: PaymentService;
  dedup: WebhookDedup;
  /** Told about every rejected delivery (audit log, alerting). */
  onRejected?: (provider: string, reason: string) => void;
}

/**
 * `POST /webhooks/<provider>`: verify on the raw body, drop duplicates, apply the event to Redis and
 * answer. The Telegram work the event causes runs after the answer (the service defers it).
 */
export function providerWebhookHandler(deps: ProviderWebhookDeps): ProviderWebhookHandler {
  const { provider, service, dedup } = deps;
  return async ({ rawBody, headers, log }) => {
    let event: ReturnType<Provider["verifyWebhook"]>;
    try {
      event = provider.verifyWebhook(rawBody, headers);
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      log.warn({ reason: err.reason, detail: err.message }, "webhook rejected");
      deps.onRejected?.(provider.name, err.reason);
      return err.reason === "bad_body"
        ? { status: 400, body: errorBody(err.reason, "Body does not match the expected event") }
        : { status: 401, body: errorBody(err.reason, "Signature check failed") };
    }
    const eventLog = lazyChild(log, () => ({ eventId: event.eventId, type: event.type }));
    // One round trip to Redis for both: the reservation and the lookup go out together.
    const [fresh, payment] = await Promise.all([
      dedup.reserve(provider.name, event.eventId),
      service.paymentFor(event),
    ]);
    if (!fresh) {
      eventLog.info("duplicate webhook ignored");
      return { status: 200, body: { status: "duplicate" } };
    }
    try {
      const outcome = await service.applyEvent(event, payment ?? null);
      await dedup.commit(provider.name, event.eventId);
      if (outcome === "unknown_payment") eventLog.warn("webhook for a payment we do not know; acknowledged");
      else eventLog.info({ outcome }, "webhook applied");
      return { status: 200, body: { status: outcome } };
    } catch (err) {
      // Not applied: free the id so the provider's retry is processed, and ask for that retry.
      await dedup.release(provider.name, event.eventId).catch(() => {});
      eventLog.error({ err }, "webhook could not be applied");
      return { status: 503, body: errorBody("retry_later", "Temporarily unable to process the event") };
    }
  };
}
