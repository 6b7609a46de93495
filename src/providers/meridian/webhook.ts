/**
 * Meridian signatures, both ways.
 *
 * Requests (document 001, its example exactly): `X-API-Key` is the whole `keyId:secret` key and
 * `X-Signature` is base64 HMAC-SHA256 of `METHOD + full URL + body` keyed with the part after ":".
 *
 * Notifications: the document only says `notificationToken` is "the secret for HMAC-SHA256 webhook
 * signatures". Our convention, all of it in {@link MERIDIAN_NOTIFICATION}: the body is the invoice
 * as the status read returns it, `X-Signature` is HMAC-SHA256(notificationToken, raw body) in base64
 * (hex accepted too), compared in constant time. No timestamp is signed, so deduplication on
 * id + status + updatedAt is the only replay protection; a notification is only a hint anyway.
 */

import { createHash } from "node:crypto";
import type { InvoiceNotification } from "../receive.js";
import type { WebhookHeaders } from "../types.js";
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
import { meridianInvoiceSchema, toInvoice } from "./schemas.js";

export const MERIDIAN_API_KEY_HEADER = "x-api-key";
export const MERIDIAN_SIGNATURE_HEADER = "x-signature";

/** The notification conventions, in one place (see the file comment). */
export const MERIDIAN_NOTIFICATION = {
  signatureHeader: MERIDIAN_SIGNATURE_HEADER,
  /** What the simulator sends; the verifier accepts hex as well. */
  encoding: "base64",
} as const;

/** The part of `keyId:secret` that keys the HMAC, split as the document's example does. */
export function meridianKeySecret(apiKey: string): string {
  const secret = apiKey.split(":")[1];
  if (!secret) throw new Error("a Meridian API key looks like keyId:secret");
  return secret;
}

export interface MeridianRequest {
  method: string;
  /** The full URL the request goes to, e.g. https://api.meridian.vip/api/v1/invoices. */
  url: string;
  /** The exact body text; "" for a GET. */
  body: string;
}

/** The request signature alone: base64 HMAC-SHA256(secret, METHOD + URL + body). */
export function meridianRequestSignature(apiKey: string, request: MeridianRequest): string {
  const text = request.method + request.url + request.body;
  return hmacSha256(meridianKeySecret(apiKey), Buffer.from(text, "utf8")).toString("base64");
}

/** The authentication headers of one API request. */
export function signMeridianRequest(apiKey: string, request: MeridianRequest): Record<string, string> {
  return {
    [MERIDIAN_API_KEY_HEADER]: apiKey,
    [MERIDIAN_SIGNATURE_HEADER]: meridianRequestSignature(apiKey, request),
  };
}

export interface MeridianNotificationOptions {
  /** The notificationToken; several are accepted while one is being replaced. */
  token: string | readonly string[];
  signatureHeader?: string;
}

export function verifyMeridianNotification(
  rawBody: Uint8Array | string,
  headers: WebhookHeaders,
  options: MeridianNotificationOptions,
): InvoiceNotification {
  const headerName = options.signatureHeader ?? MERIDIAN_NOTIFICATION.signatureHeader;
  const header = headerValue(headers, headerName);
  if (header === undefined || header.trim() === "") {
    throw new WebhookVerificationError("meridian", "missing_header", `no ${headerName} header`);
  }
  const signature = decodeSha256Digest(header);
  if (!signature) {
    throw new WebhookVerificationError(
      "meridian",
      "malformed_header",
      `${headerName} is neither a base64 nor a hex SHA-256 digest`,
    );
  }
  const body = toBuffer(rawBody);
  const valid = secretList(options.token).some((token) => digestsEqual(hmacSha256(token, body), signature));
  if (!valid) {
    throw new WebhookVerificationError("meridian", "bad_signature", `${headerName} does not match the body`);
  }

  const invoice = toInvoice(parseWebhookBody("meridian", body, meridianInvoiceSchema));
  const changedAt =
    invoice.updatedAt?.toISOString() ?? `sha256:${createHash("sha256").update(body).digest("hex")}`;
  return {
    provider: "meridian",
    eventId: `${invoice.providerId}:${invoice.providerStatus}:${changedAt}`,
    providerId: invoice.providerId,
    reference: invoice.reference,
    status: invoice.status,
    providerStatus: invoice.providerStatus,
    signed: true,
    occurredAt: invoice.updatedAt,
    amount: invoice.amount,
    ...(invoice.problems && { problems: invoice.problems }),
  };
}

/** The headers Meridian would send with `body` under our convention. For simulators and tests. */
export function signMeridianNotification(
  body: Uint8Array | string,
  token: string,
  options: { encoding?: "base64" | "hex"; signatureHeader?: string } = {},
): Record<string, string> {
  const digest = hmacSha256(token, toBuffer(body));
  return {
    [options.signatureHeader ?? MERIDIAN_NOTIFICATION.signatureHeader]: digest.toString(
      options.encoding ?? MERIDIAN_NOTIFICATION.encoding,
    ),
  };
}
