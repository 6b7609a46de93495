import { EXCHANGERS, RECEIVE_PROVIDERS, SPEND_PROVIDERS } from "../providers/registry.js";
import type { ProviderWebhookHandler } from "../server/index.js";
import { webhookHandler } from "../server/provider-webhooks.js";
import type { AuditLog, WebhookDedup } from "../store/types.js";
import type { Services } from "./services.js";

/** The listener's provider webhooks, at their descriptors' paths, for every provider switched on. */
export function buildWebhooks(
  services: Services,
  stores: { dedup: WebhookDedup; audit: AuditLog },
): Map<string, ProviderWebhookHandler> {
  const deps = {
    dedup: stores.dedup,
    onRejected: (provider: string, reason: string) =>
      void stores.audit.append({ action: "webhook.rejected", details: { provider, reason } }).catch(() => {}),
  };
  const routes = new Map<string, ProviderWebhookHandler>();
  for (const descriptor of SPEND_PROVIDERS) {
    const provider = services.providers[descriptor.name];
    if (!provider) continue;
    routes.set(
      descriptor.webhook.path,
      webhookHandler(
        {
          provider: descriptor.name,
          verify: (raw, headers) => provider.verifyWebhook(raw, headers),
          prepare: (event) => services.payments.paymentFor(event),
          apply: (event, payment) => services.payments.applyEvent(event, payment ?? null),
          unknownOutcomes: ["unknown_payment"],
        },
        deps,
      ),
    );
  }
  for (const descriptor of RECEIVE_PROVIDERS) {
    const provider = services.receivers[descriptor.name];
    if (!provider) continue;
    routes.set(
      descriptor.webhook.path,
      webhookHandler(
        {
          provider: descriptor.name,
          verify: (raw, headers) => provider.verifyNotification(raw, headers),
          // A notification is a hint: the invoice moves only when a signed status read agrees.
          apply: (notification) => services.invoices.notified(notification),
          unknownOutcomes: ["unknown_invoice"],
        },
        deps,
      ),
    );
  }
  const exchanger = EXCHANGERS[0];
  if (services.exchanger) {
    routes.set(
      exchanger.webhook.path,
      webhookHandler(
        {
          provider: exchanger.name,
          // Found by the order id it claims, then checked with that order's own secret.
          verify: (raw) => services.topups.readIpn(raw),
          apply: (ipn) => services.topups.applyIpn(ipn),
          unknownOutcomes: ["unknown_order"],
        },
        deps,
      ),
    );
  }
  return routes;
}
