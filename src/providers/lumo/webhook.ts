/**
 * Lumo webhooks: `X-Lumo-Signature` is HMAC-SHA256 of the raw body with the webhook secret. The
 * document does not say how it is encoded, so hex and base64 (standard or URL-safe) are both
 * accepted, with or without a `sha256=` prefix. `X-Lumo-Delivery-Id` is the deduplication key.
 * The body carries no timestamp, so deduplication is the only replay protection Lumo allows.
 */

import type { ProviderEvent, WebhookHeaders } from "../types.js";
import { WebhookVerificationError } from "../types.js";
import {
  decodeSha256Digest,
  digestsEqual,
  headerValue,
  hmacSha256,
  parseWebhookBody,
  secretList,
  toBuffer,
} from "../webhook.js";
import { LUMO_STATUSES, lumoWebhookSchema } from "./schemas.js";

export const LUMO_SIGNATURE_HEADER = "x-lumo-signature";
export const LUMO_DELIVERY_HEADER = "x-lumo-delivery-id";

export interface LumoWebhookOptions {
  /** Several secrets are accepted while one is being replaced. */
  secret: string | readonly string[];
}

export function verifyLumoWebhook(
  rawBody: Uint8Array | string,
  headers: WebhookHeaders,
  options: LumoWebhookOptions,
): ProviderEvent {
  const signatureHeader = headerValue(headers, LUMO_SIGNATURE_HEADER);
  if (signatureHeader === undefined || signatureHeader.trim() === "") {
    throw new WebhookVerificationError("lumo", "missing_header", "no X-Lumo-Signature header");
  }
  const deliveryId = headerValue(headers, LUMO_DELIVERY_HEADER)?.trim();
  if (!deliveryId)
    throw new WebhookVerificationError("lumo", "missing_header", "no X-Lumo-Delivery-Id header");
  if (deliveryId.length > 200) {
    throw new WebhookVerificationError("lumo", "malformed_header", "X-Lumo-Delivery-Id is too long");
  }
  const signature = decodeSha256Digest(signatureHeader);
  if (!signature) {
    throw new WebhookVerificationError(
      "lumo",
      "malformed_header",
      "X-Lumo-Signature is neither a hex nor a base64 SHA-256 digest",
    );
  }

  const body = toBuffer(rawBody);
  const valid = secretList(options.secret).some((secret) =>
    digestsEqual(hmacSha256(secret, body), signature),
  );
  if (!valid)
    throw new WebhookVerificationError("lumo", "bad_signature", "X-Lumo-Signature does not match the body");

  const event = parseWebhookBody("lumo", body, lumoWebhookSchema);
  const total = event.amountRub;
  return {
    provider: "lumo",
    eventId: deliveryId,
    occurredAt: event.completedAt,
    type: "payment",
    payment: {
      provider: "lumo",
      providerId: event.orderId,
      reference: event.externalOrderId,
      status: LUMO_STATUSES[event.status],
      providerStatus: event.status,
      amount: total,
      total,
      debit: event.amountUsdt,
      failureReason: event.failureReason,
      createdAt: event.createdAt,
      completedAt: event.completedAt,
    },
  };
}

export type LumoSignatureFormat = "hex" | "base64" | "sha256=hex";

/**
 * The headers Lumo sends with `body`: the signature (hex unless told otherwise; the document does not
 * say, the verifier accepts every form) and the delivery id. For simulators and tests.
 */
export function signLumoWebhook(
  body: Uint8Array | string,
  secret: string,
  options: { deliveryId: string; format?: LumoSignatureFormat },
): Record<string, string> {
  const digest = hmacSha256(secret, toBuffer(body));
  const format = options.format ?? "hex";
  const signature =
    format === "base64"
      ? digest.toString("base64")
      : `${format === "sha256=hex" ? "sha256=" : ""}${digest.toString("hex")}`;
  return { [LUMO_SIGNATURE_HEADER]: signature, [LUMO_DELIVERY_HEADER]: options.deliveryId };
}
