/**
 * Merchant API v1 signatures, both ways (document 003): `X-Signature` is hex HMAC-SHA256 with the
 * API secret of `X-Timestamp` (unix seconds, UTC) followed by the body; without a body, of the
 * timestamp alone. Requests carry `X-API-Key` too.
 *
 * Callback V3: the document does not say how callbacks are signed. Ours: when `X-Timestamp` and
 * `X-Signature` are both present they are checked as above (±300 s); when both are absent the
 * callback is an unsigned hint (`signed: false`); anything in between is refused. Either way a
 * signed status read decides. The body has no event id, so the deduplication key is the sha256 of
 * the raw body, prefixed with whether it was signed: an unsigned copy, which anyone could send, can
 * never shadow the signed callback with the same body.
 */

import { createHash } from "node:crypto";
import type { InvoiceNotification } from "../receive.js";
import type { Clock, WebhookHeaders } from "../types.js";
import { WebhookVerificationError } from "../types.js";
import { digestsEqual, headerValue, hmacSha256, parseWebhookBody, secretList, toBuffer } from "../webhook.js";
import { callbackClaims, merchantCallbackSchema } from "./schemas.js";

export const MERCHANT_API_KEY_HEADER = "x-api-key";
export const MERCHANT_TIMESTAMP_HEADER = "x-timestamp";
export const MERCHANT_SIGNATURE_HEADER = "x-signature";
export const MERCHANT_TOLERANCE_SECONDS = 300;

/** hex HMAC-SHA256(secret, timestamp + body). */
export function merchantSignature(
  secret: string,
  timestamp: number | string,
  body: Uint8Array | string,
): string {
  return hmacSha256(secret, Buffer.from(String(timestamp), "utf8"), toBuffer(body)).toString("hex");
}

/** The authentication headers of one API request at unix time `timestamp`. */
export function signMerchantRequest(
  apiKey: string,
  secret: string,
  request: { timestamp: number; body: string },
): Record<string, string> {
  return {
    [MERCHANT_API_KEY_HEADER]: apiKey,
    [MERCHANT_TIMESTAMP_HEADER]: String(request.timestamp),
    [MERCHANT_SIGNATURE_HEADER]: merchantSignature(secret, request.timestamp, request.body),
  };
}

/** The headers of a signed callback under our convention. For simulators and tests. */
export function signMerchantCallback(
  body: Uint8Array | string,
  secret: string,
  timestamp: number,
): Record<string, string> {
  return {
    [MERCHANT_TIMESTAMP_HEADER]: String(timestamp),
    [MERCHANT_SIGNATURE_HEADER]: merchantSignature(secret, timestamp, body),
  };
}

export interface MerchantCallbackOptions {
  /** The API secret; several are accepted while it is being replaced. */
  secret: string | readonly string[];
  toleranceSeconds?: number;
  clock?: Clock;
}

export function verifyMerchantCallback(
  rawBody: Uint8Array | string,
  headers: WebhookHeaders,
  options: MerchantCallbackOptions,
): InvoiceNotification {
  const body = toBuffer(rawBody);
  const timestampHeader = present(headerValue(headers, MERCHANT_TIMESTAMP_HEADER));
  const signatureHeader = present(headerValue(headers, MERCHANT_SIGNATURE_HEADER));
  const signed = timestampHeader !== undefined || signatureHeader !== undefined;
  if (signed) checkSignature(body, timestampHeader, signatureHeader, options);

  const claims = callbackClaims(parseWebhookBody("merchant", body, merchantCallbackSchema));
  const hash = createHash("sha256").update(body).digest("hex");
  return {
    provider: "merchant",
    eventId: `${signed ? "signed" : "unsigned"}:${hash}`,
    ...claims,
    signed,
  };
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function checkSignature(
  body: Buffer,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  options: MerchantCallbackOptions,
): void {
  if (timestampHeader === undefined || signatureHeader === undefined) {
    const missing = timestampHeader === undefined ? "X-Timestamp" : "X-Signature";
    throw new WebhookVerificationError(
      "merchant",
      "missing_header",
      `${missing} is missing while the other is sent`,
    );
  }
  if (!/^\d{1,12}$/.test(timestampHeader)) {
    throw new WebhookVerificationError("merchant", "malformed_header", "X-Timestamp is not unix seconds");
  }
  if (!/^[0-9a-f]{64}$/i.test(signatureHeader)) {
    throw new WebhookVerificationError(
      "merchant",
      "malformed_header",
      "X-Signature is not a hex SHA-256 digest",
    );
  }
  const signature = Buffer.from(signatureHeader, "hex");
  const signedText = Buffer.from(timestampHeader, "utf8");
  const valid = secretList(options.secret).some((secret) =>
    digestsEqual(hmacSha256(secret, signedText, body), signature),
  );
  if (!valid) {
    throw new WebhookVerificationError(
      "merchant",
      "bad_signature",
      "X-Signature does not match the timestamp and body",
    );
  }
  const tolerance = options.toleranceSeconds ?? MERCHANT_TOLERANCE_SECONDS;
  const now = Math.floor((options.clock ?? Date.now)() / 1000);
  const skew = now - Number(timestampHeader);
  if (Math.abs(skew) > tolerance) {
    throw new WebhookVerificationError(
      "merchant",
      "stale_timestamp",
      `timestamp is ${skew} s from now, more than ${tolerance} s`,
    );
  }
}
