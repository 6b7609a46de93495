import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signMerchantRequest, verifyMerchantCallback } from "../../../src/providers/merchant/webhook.js";
import type { WebhookFailureReason } from "../../../src/providers/types.js";

const SECRET = "merchant-api-secret-0123456789";
const NOW = Date.parse("2026-06-19T12:00:10Z");
const T = Math.floor(NOW / 1000);
// The document's Callback V3 example, byte for byte as a sender might write it.
const BODY =
  '{"status":"timeout","amount_usdt":0.983,"amount_local":100,"currency":"RUB","merchant_commission":-0.098,"merchant_order_id":"12345"}';

// Written here from the document, not taken from the code under test.
const sign = (body: string, t: number | string = T, secret = SECRET) =>
  createHmac("sha256", secret).update(`${t}${body}`).digest("hex");

const verify = (body: string | Uint8Array, headers: Record<string, string | undefined>, now = NOW) =>
  verifyMerchantCallback(body, headers, { secret: SECRET, clock: () => now });
const signedHeaders = (body = BODY, t: number | string = T) => ({
  "x-timestamp": String(t),
  "x-signature": sign(body, t),
});
const reason = (fn: () => unknown): WebhookFailureReason | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { reason?: WebhookFailureReason }).reason;
  }
  return undefined;
};

describe("merchant API request signature", () => {
  it("is hex HMAC of the timestamp followed by the body, with the key and timestamp beside it", () => {
    const body = '{"merchant_order_id":"qrpay-1","amount":1500.5,"currency":"RUB"}';
    expect(signMerchantRequest("mk_live_1", SECRET, { timestamp: T, body })).toEqual({
      "x-api-key": "mk_live_1",
      "x-timestamp": String(T),
      "x-signature": sign(body),
    });
  });

  it("signs the timestamp alone when there is no body", () => {
    expect(signMerchantRequest("k", SECRET, { timestamp: T, body: "" })["x-signature"]).toBe(
      createHmac("sha256", SECRET).update(String(T)).digest("hex"),
    );
  });
});

describe("merchant API Callback V3 verification", () => {
  it("accepts the document's example signed, and reads its amounts exactly", () => {
    expect(verify(BODY, signedHeaders())).toEqual({
      provider: "merchant",
      eventId: `signed:${createHash("sha256").update(BODY).digest("hex")}`,
      providerId: undefined,
      reference: "12345",
      status: "expired",
      providerStatus: "timeout",
      signed: true,
      amount: { minor: 10_000, currency: "RUB" },
      creditedUsdt: { minor: 983_000, currency: "USDT" },
      commission: { minor: -98_000, currency: "USDT" },
    });
  });

  it("accepts a callback without both headers as an unsigned hint, under another event id", () => {
    const unsigned = verify(BODY, {});
    expect(unsigned).toMatchObject({ signed: false, status: "expired", reference: "12345" });
    expect(unsigned.eventId).toBe(`unsigned:${createHash("sha256").update(BODY).digest("hex")}`);
    expect(verify(BODY, { "x-timestamp": "", "x-signature": " " }).signed).toBe(false);
  });

  it("keeps the uuid when the callback carries one, and accepts a Headers object and bytes", () => {
    const body = JSON.stringify({
      uuid: "ord-7",
      status: "paid",
      amount_local: "1500.50",
      merchant_order_id: 7,
    });
    const headers = new Headers(signedHeaders(body));
    const notification = verifyMerchantCallback(new TextEncoder().encode(body), headers, {
      secret: ["old-secret-000", SECRET],
      clock: () => NOW,
    });
    expect(notification).toMatchObject({
      providerId: "ord-7",
      reference: "7",
      status: "paid",
      amount: { minor: 150_050, currency: "RUB" },
    });
  });

  it.each<[string, string, Record<string, string | undefined>, WebhookFailureReason]>([
    ["a wrong secret", BODY, { "x-signature": sign(BODY, T, "another-secret") }, "bad_signature"],
    ["a body changed by one byte", BODY.replace("0.983", "0.984"), {}, "bad_signature"],
    ["another timestamp than the signed one", BODY, { "x-timestamp": String(T + 1) }, "bad_signature"],
    ["a signature without its timestamp", BODY, { "x-timestamp": undefined }, "missing_header"],
    ["a timestamp without its signature", BODY, { "x-signature": undefined }, "missing_header"],
    ["a signature that is not hex", BODY, { "x-signature": "zz".repeat(32) }, "malformed_header"],
    ["a hex signature one character short", BODY, { "x-signature": sign(BODY).slice(1) }, "malformed_header"],
    [
      "a timestamp in milliseconds as a date",
      BODY,
      { "x-timestamp": "2026-06-19T12:00:10Z" },
      "malformed_header",
    ],
  ])("rejects %s", (_, body, overrides, expected) => {
    expect(reason(() => verify(body, { ...signedHeaders(), ...overrides }))).toBe(expected);
  });

  it.each([
    ["stale", T - 301],
    ["from the future", T + 301],
  ])("rejects a %s timestamp, and accepts one just inside 300 s", (_, t) => {
    expect(reason(() => verify(BODY, signedHeaders(BODY, t)))).toBe("stale_timestamp");
    const inside = t < T ? T - 300 : T + 300;
    expect(verify(BODY, signedHeaders(BODY, inside)).signed).toBe(true);
  });

  it.each([
    ["not JSON", "status=paid"],
    ["neither uuid nor merchant_order_id", '{"status":"paid","amount_local":100}'],
    ["no status", '{"merchant_order_id":"1","amount_local":100}'],
  ])("rejects an authentic body with %s as bad_body", (_, body) => {
    expect(reason(() => verify(body, signedHeaders(body)))).toBe("bad_body");
  });

  it("reads an unknown status as unknown and untrustworthy amounts as problems", () => {
    const body =
      '{"status":"refunded","amount_usdt":0.9830001,"amount_local":-100,"merchant_commission":"x","merchant_order_id":"1"}';
    const notification = verify(body, signedHeaders(body));
    expect(notification).toMatchObject({ status: "unknown", providerStatus: "refunded" });
    expect(notification.amount).toBeUndefined();
    expect(notification.creditedUsdt).toBeUndefined();
    expect(notification.problems).toEqual([
      "amount_local -100 is negative",
      "amount_usdt 0.9830001 has more than 6 decimals for USDT",
      'merchant_commission "x" is not a USDT amount',
    ]);
  });

  it("says what is wrong without the secret", () => {
    try {
      verify(BODY, { ...signedHeaders(), "x-signature": sign(BODY, T, "wrong") });
      expect.fail("should throw");
    } catch (error) {
      expect((error as Error).message).toBe(
        "merchant webhook rejected (bad_signature): X-Signature does not match the timestamp and body",
      );
      expect((error as Error).message).not.toContain(SECRET);
    }
  });
});
