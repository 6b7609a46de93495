import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  meridianRequestSignature,
  signMeridianRequest,
  verifyMeridianNotification,
} from "../../../src/providers/meridian/webhook.js";
import type { WebhookFailureReason } from "../../../src/providers/types.js";

// Written here from the document's example, not taken from the code under test.
function calculateSignature(method: string, url: string, body: string, secret: string): string {
  const stringToSign = method + url + (body || "");
  const hmac = createHmac("sha256", secret);
  hmac.update(stringToSign);
  return hmac.digest("base64");
}

describe("Meridian request signature", () => {
  // The document's example request, byte for byte.
  const method = "POST";
  const url = "https://api.meridian.vip/api/v1/invoices";
  const body = JSON.stringify({
    internalId: "order-12345",
    direction: "in",
    amount: 1000,
    currency: "RUB",
    startDeal: true,
    paymentMethod: "SBP",
    paymentOption: "sberbank",
    notificationUrl: "https://your-site.com/webhooks/meridian",
    notificationToken: "your-secret-webhook-token-min-32-chars",
  });
  const apiKey = "luma_abc123...:luma_xyz789...";

  it("reproduces the document's algorithm on the document's example", () => {
    const [, secret] = apiKey.split(":");
    const expected = calculateSignature(method, url, body, secret!);
    expect(meridianRequestSignature(apiKey, { method, url, body })).toBe(expected);
    // The same value from `openssl dgst -sha256 -hmac 'luma_xyz789...' -binary | base64`.
    expect(expected).toBe("A06kDsHUJjOvU+j6x21UxrJLLBm7V2tV7Eo3sSO1QSI=");
  });

  it("sends the whole key as X-API-Key and signs a GET over the empty body", () => {
    const get = { method: "GET", url: `${url}/cm3k8x7y80001z8j4k5m6n7o8`, body: "" };
    expect(signMeridianRequest(apiKey, get)).toEqual({
      "x-api-key": apiKey,
      "x-signature": calculateSignature(get.method, get.url, "", "luma_xyz789..."),
    });
  });

  it("changes with the method, the URL and every byte of the body", () => {
    const base = meridianRequestSignature(apiKey, { method, url, body });
    expect(meridianRequestSignature(apiKey, { method: "PUT", url, body })).not.toBe(base);
    expect(meridianRequestSignature(apiKey, { method, url: `${url}/`, body })).not.toBe(base);
    expect(meridianRequestSignature(apiKey, { method, url, body: body.replace("1000", "1001") })).not.toBe(
      base,
    );
  });

  it("refuses a key without a secret part", () => {
    expect(() => meridianRequestSignature("no-colon", { method, url, body })).toThrow(/keyId:secret/);
  });
});

const TOKEN = "meridian-notification-token-0123456789";
const invoice = {
  id: "cm3k8x7y80001z8j4k5m6n7o8",
  direction: "in",
  status: "paid",
  paymentMethod: "SBP",
  paymentOption: "sberbank",
  amount: "1000",
  currency: "RUB",
  expireAt: "2025-11-03T15:10:00.000Z",
  requisiteId: "req_abc123xyz789",
  dealRequisites: '{"bankName":"Sberbank","cardNumber":"**** 1234","fullName":"Ivan Ivanov"}',
  dealRate: "95.50",
  createdAt: "2025-11-03T15:00:00.000Z",
  updatedAt: "2025-11-03T15:04:00.000Z",
  internalId: "order-12345",
  merchantName: "MerchantName",
};
const BODY = JSON.stringify(invoice);
const digest = (body: string, token = TOKEN) => createHmac("sha256", token).update(body).digest();

const verify = (body: string | Uint8Array, signature: string | undefined) =>
  verifyMeridianNotification(body, { "x-signature": signature }, { token: TOKEN });
const reason = (fn: () => unknown): WebhookFailureReason | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { reason?: WebhookFailureReason }).reason;
  }
  return undefined;
};

describe("Meridian notification verification", () => {
  it("accepts the invoice body signed in base64 and says what it claims", () => {
    expect(verify(BODY, digest(BODY).toString("base64"))).toEqual({
      provider: "meridian",
      eventId: "cm3k8x7y80001z8j4k5m6n7o8:paid:2025-11-03T15:04:00.000Z",
      providerId: "cm3k8x7y80001z8j4k5m6n7o8",
      reference: "order-12345",
      status: "paid",
      providerStatus: "paid",
      signed: true,
      occurredAt: new Date("2025-11-03T15:04:00.000Z"),
      amount: { minor: 100_000, currency: "RUB" },
    });
  });

  it.each([
    ["hex", digest(BODY).toString("hex")],
    ["upper-case hex", digest(BODY).toString("hex").toUpperCase()],
    ["base64 without padding", digest(BODY).toString("base64").replace(/=+$/, "")],
  ])("accepts the signature as %s", (_, signature) => {
    expect(verify(BODY, signature).status).toBe("paid");
  });

  it("accepts a Headers object, a byte body, and any of several tokens", () => {
    const headers = new Headers({ "X-Signature": digest(BODY).toString("base64") });
    const body = new TextEncoder().encode(BODY);
    expect(verifyMeridianNotification(body, headers, { token: ["old-token", TOKEN] }).signed).toBe(true);
  });

  it.each<[string, string, string | undefined, WebhookFailureReason]>([
    ["a wrong token", BODY, digest(BODY, "another-token").toString("base64"), "bad_signature"],
    ["a body changed by one byte", BODY.replace('"1000"', '"1001"'), undefined, "bad_signature"],
    ["a body with one more byte", `${BODY} `, undefined, "bad_signature"],
    ["no signature", BODY, "", "missing_header"],
    ["a signature that is no digest", BODY, "not-a-signature", "malformed_header"],
    ["a hex digest one character short", BODY, digest(BODY).toString("hex").slice(1), "malformed_header"],
    [
      "two signatures",
      BODY,
      `${digest(BODY).toString("base64")}, ${digest(BODY).toString("base64")}`,
      "malformed_header",
    ],
  ])("rejects %s", (_, body, signature, expected) => {
    expect(reason(() => verify(body, signature ?? digest(BODY).toString("base64")))).toBe(expected);
  });

  it("rejects a missing header as missing_header", () => {
    expect(reason(() => verifyMeridianNotification(BODY, {}, { token: TOKEN }))).toBe("missing_header");
  });

  it.each([
    ["not JSON", "paid!"],
    ["no id", JSON.stringify({ ...invoice, id: undefined })],
    ["no status", JSON.stringify({ ...invoice, status: undefined })],
  ])("rejects an authentic body with %s as bad_body", (_, body) => {
    expect(reason(() => verify(body, digest(body).toString("base64")))).toBe("bad_body");
  });

  it("reports a status it does not know as unknown, never a guess", () => {
    const body = JSON.stringify({ ...invoice, status: "refunded" });
    expect(verify(body, digest(body).toString("base64"))).toMatchObject({
      status: "unknown",
      providerStatus: "refunded",
    });
  });

  it("keeps an authentic notification with an amount it cannot trust, with the problem named", () => {
    const body = JSON.stringify({ ...invoice, amount: "1000.005" });
    const notification = verify(body, digest(body).toString("base64"));
    expect(notification.amount).toBeUndefined();
    expect(notification.problems).toEqual(['amount "1000.005" has more than 2 decimals for RUB']);
  });

  it("gives one event id per status change, and the body's hash when updatedAt is missing", () => {
    const sign = (body: string) => digest(body).toString("base64");
    const expired = JSON.stringify({ ...invoice, status: "expired", updatedAt: "2025-11-03T15:10:00.000Z" });
    expect(verify(expired, sign(expired)).eventId).not.toBe(verify(BODY, sign(BODY)).eventId);
    const undated = JSON.stringify({ ...invoice, updatedAt: undefined });
    expect(verify(undated, sign(undated)).eventId).toMatch(
      /^cm3k8x7y80001z8j4k5m6n7o8:paid:sha256:[0-9a-f]{64}$/,
    );
  });

  it("says what is wrong without the token", () => {
    try {
      verify(BODY, digest(BODY, "wrong").toString("base64"));
      expect.fail("should throw");
    } catch (error) {
      expect((error as Error).message).toBe(
        "meridian webhook rejected (bad_signature): x-signature does not match the body",
      );
      expect((error as Error).message).not.toContain(TOKEN);
    }
  });
});
