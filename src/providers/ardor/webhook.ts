/**
 * ArdorQR webhooks: `X-Ardor-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, where each v1 is
 * HMAC-SHA256(secret, t + "." + rawBody). Several v1 values appear while the provider rotates its
 * secret; any one matching is enough. The timestamp must be within the tolerance either way, so a
 * captured request cannot be replayed later. The event `id` is the deduplication key.
 */

import type { Clock, ProviderEvent, WebhookHeaders } from "../types.js";
import { WebhookVerificationError } from "../types.js";
import {
  digestsEqual,
  headerValue,
  hmacSha256,
  parseWebhookBody,
  parseWebhookValue,
  secretList,
  toBuffer,
} from "../webhook.js";
import {
  ARDOR_EVENT_STATUSES,
  ardorDepositSchema,
  ardorEventSchema,
  ardorPaymentSchema,
  toDeposit,
  toPayment,
} from "./schemas.js";

export const ARDOR_SIGNATURE_HEADER = "x-ardor-signature";
export const ARDOR_TOLERANCE_SECONDS = 300;

export interface ArdorWebhookOptions {
  /** Several secrets are accepted while ours is being replaced. */
  secret: string | readonly string[];
  toleranceSeconds?: number;
  clock?: Clock;
}

export function verifyArdorWebhook(
  rawBody: Uint8Array | string,
  headers: WebhookHeaders,
  options: ArdorWebhookOptions,
): ProviderEvent {
  const header = headerValue(headers, ARDOR_SIGNATURE_HEADER);
  if (header === undefined || header.trim() === "") {
    throw new WebhookVerificationError("ardor", "missing_header", "no X-Ardor-Signature header");
  }
  const { timestamp, signatures } = parseSignatureHeader(header);

  const body = toBuffer(rawBody);
  const signed = Buffer.from(`${timestamp}.`, "utf8");
  const valid = secretList(options.secret).some((secret) => {
    const expected = hmacSha256(secret, signed, body);
    // Compare against every value, not stopping early, so timing says nothing about which matched.
    return signatures.reduce((found, signature) => digestsEqual(expected, signature) || found, false);
  });
  if (!valid) {
    throw new WebhookVerificationError(
      "ardor",
      "bad_signature",
      "no v1 signature matches the body and timestamp",
    );
  }

  const tolerance = options.toleranceSeconds ?? ARDOR_TOLERANCE_SECONDS;
  const now = Math.floor((options.clock ?? Date.now)() / 1000);
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookVerificationError(
      "ardor",
      "stale_timestamp",
      `timestamp is ${now - timestamp} s from now, more than ${tolerance} s`,
    );
  }

  const event = parseWebhookBody("ardor", body, ardorEventSchema);
  const meaning = ARDOR_EVENT_STATUSES[event.type];
  const base = { provider: "ardor", eventId: event.id, occurredAt: event.createdAt } as const;
  if (meaning.type === "deposit") {
    const deposit = parseWebhookValue("ardor", event.data, ardorDepositSchema, ["data"]);
    return { ...base, type: "deposit", deposit: toDeposit(deposit, meaning.status) };
  }
  const payment = parseWebhookValue("ardor", event.data, ardorPaymentSchema, ["data"]);
  return {
    ...base,
    type: "payment",
    payment: { ...toPayment(payment, meaning.status), providerStatus: event.type },
  };
}

/**
 * The `X-Ardor-Signature` header ArdorQR sends with `body` at unix time `t`: one `v1` per secret
 * (two while a secret is being rotated). For simulators and tests.
 */
export function signArdorWebhook(
  body: Uint8Array | string,
  secrets: string | readonly string[],
  t: number,
): Record<string, string> {
  const signed = Buffer.from(`${t}.`, "utf8");
  const v1 = secretList(secrets).map(
    (secret) => `v1=${hmacSha256(secret, signed, toBuffer(body)).toString("hex")}`,
  );
  return { [ARDOR_SIGNATURE_HEADER]: [`t=${t}`, ...v1].join(",") };
}

function parseSignatureHeader(header: string): { timestamp: number; signatures: Buffer[] } {
  const malformed = (why: string) =>
    new WebhookVerificationError("ardor", "malformed_header", `X-Ardor-Signature ${why}`);
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw malformed("has a part that is not key=value");
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") {
      if (timestamp !== undefined) throw malformed("has more than one t=");
      if (!/^\d{1,12}$/.test(value)) throw malformed("has a t= that is not a unix time");
      timestamp = Number(value);
    } else if (key === "v1") {
      if (!/^[0-9a-f]{64}$/i.test(value)) throw malformed("has a v1= that is not a hex SHA-256 digest");
      signatures.push(Buffer.from(value, "hex"));
    }
    // Other schemes (a future v2, a v0 test scheme) are ignored, as Stripe-style headers intend.
  }
  if (timestamp === undefined) throw malformed("has no t=");
  if (signatures.length === 0) throw malformed("has no v1=");
  return { timestamp, signatures };
}
