import { lazyChild } from "../lib/lazy-logger.js";
import { WebhookVerificationError } from "../providers/types.js";
import type { WebhookDedup } from "../store/types.js";
import { errorBody } from "./errors.js";
import type { ProviderWebhookHandler } from "./index.js";

/** One provider's webhooks: how to verify them and what to do with a verified, fresh one. */
export interface WebhookRoute<E extends { eventId: string }, P = undefined> {
  /** The provider's name (deduplication namespace, logs). */
  provider: string;
  /** Verifies the raw body and headers; throws WebhookVerificationError. May be async (a lookup). */
  verify(rawBody: Uint8Array, headers: Record<string, string | string[] | undefined>): E | Promise<E>;
  /** Work that can run beside the deduplication (a lookup); its result goes to `apply`. */
  prepare?(event: E): Promise<P>;
  /** Applies the event to Redis (Telegram work is deferred by the domain). Returns the outcome. */
  apply(event: E, prepared: P): Promise<string>;
  /** Outcomes that are worth a warning (a webhook for something we do not know). */
  unknownOutcomes?: readonly string[];
}

export interface WebhookHandlerDeps {
  dedup: WebhookDedup;
  /** Told about every rejected delivery (audit log, alerting). */
  onRejected?: (provider: string, reason: string) => void;
}

/**
 * `POST /webhooks/<provider>`: verify on the raw body, drop duplicates, apply the event to Redis and
 * answer. A failure to apply frees the delivery id and answers 503, so a provider that retries is
 * processed rather than dropped as a duplicate.
 */
export function webhookHandler<E extends { eventId: string }, P>(
  route: WebhookRoute<E, P>,
  deps: WebhookHandlerDeps,
): ProviderWebhookHandler {
  const { dedup } = deps;
  return async ({ rawBody, headers, log }) => {
    let event: E;
    try {
      event = await route.verify(rawBody, headers);
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      log.warn({ reason: err.reason, detail: err.message }, "webhook rejected");
      deps.onRejected?.(route.provider, err.reason);
      return err.reason === "bad_body"
        ? { status: 400, body: errorBody(err.reason, "Body does not match the expected event") }
        : { status: 401, body: errorBody(err.reason, "Signature check failed") };
    }
    const eventLog = lazyChild(log, () => ({ eventId: event.eventId }));
    // One round trip to Redis for both: the reservation and the lookup go out together.
    const [fresh, prepared] = await Promise.all([
      dedup.reserve(route.provider, event.eventId),
      route.prepare ? route.prepare(event) : (undefined as P),
    ]);
    if (!fresh) {
      eventLog.info("duplicate webhook ignored");
      return { status: 200, body: { status: "duplicate" } };
    }
    try {
      const outcome = await route.apply(event, prepared);
      await dedup.commit(route.provider, event.eventId);
      if (route.unknownOutcomes?.includes(outcome))
        eventLog.warn({ outcome }, "webhook for something we do not know; acknowledged");
      else eventLog.info({ outcome }, "webhook applied");
      return { status: 200, body: { status: outcome } };
    } catch (err) {
      // Not applied: free the id so the provider's retry is processed, and ask for that retry.
      await dedup.release(route.provider, event.eventId).catch(() => {});
      eventLog.error({ err }, "webhook could not be applied");
      return { status: 503, body: errorBody("retry_later", "Temporarily unable to process the event") };
    }
  };
}
