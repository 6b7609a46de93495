import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyLumoWebhook } from "../../../src/providers/lumo/webhook.js";
import type { WebhookFailureReason } from "../../../src/providers/types.js";

const SECRET = "lumo-webhook-secret";
// The document's example webhook, byte for byte as a sender might write it.
const BODY =
  '{"event":"order.status_changed","orderId":"550e8400-e29b-41d4-a716-446655440000","status":"success","amountUsdt":52.63,"amountRub":5000.00,"completedAt":"2026-03-10T12:00:45Z","createdAt":"2026-03-10T12:00:00Z"}';
const digest = (body: string | Buffer, secret = SECRET) => createHmac("sha256", secret).update(body).digest();
const HEX = digest(BODY).toString("hex");
const DELIVERY = "dlv-7f3a";

const verify = (
  body: string | Uint8Array,
  headers: Record<string, string | string[] | undefined> | Headers,
) => verifyLumoWebhook(body, headers, { secret: SECRET });
const reason = (fn: () => unknown): WebhookFailureReason | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { reason?: WebhookFailureReason }).reason;
  }
  return undefined;
};

describe("Lumo webhook verification", () => {
  it("accepts the document's example signed in hex and normalizes it", () => {
    const event = verify(BODY, { "x-lumo-signature": HEX, "x-lumo-delivery-id": DELIVERY });
    expect(event).toEqual({
      provider: "lumo",
      eventId: DELIVERY,
      occurredAt: new Date("2026-03-10T12:00:45Z"),
      type: "payment",
      payment: {
        provider: "lumo",
        providerId: "550e8400-e29b-41d4-a716-446655440000",
        reference: undefined,
        status: "succeeded",
        providerStatus: "success",
        amount: { minor: 500_000, currency: "RUB" },
        total: { minor: 500_000, currency: "RUB" },
        debit: { minor: 52_630_000, currency: "USDT" },
        failureReason: undefined,
        createdAt: new Date("2026-03-10T12:00:00Z"),
        completedAt: new Date("2026-03-10T12:00:45Z"),
      },
    });
  });

  it.each([
    ["upper-case hex", HEX.toUpperCase()],
    ["base64", digest(BODY).toString("base64")],
    ["base64 without padding", digest(BODY).toString("base64").replace(/=+$/, "")],
    ["URL-safe base64", digest(BODY).toString("base64url")],
    ["a sha256= prefix", `sha256=${HEX}`],
    ["surrounding spaces", `  ${HEX} `],
  ])("accepts the signature as %s", (_, signature) => {
    expect(verify(BODY, { "X-Lumo-Signature": signature, "X-Lumo-Delivery-Id": DELIVERY }).eventId).toBe(
      DELIVERY,
    );
  });

  it("accepts a Headers object and a byte body", () => {
    const headers = new Headers({ "x-lumo-signature": HEX, "x-lumo-delivery-id": DELIVERY });
    expect(verify(new TextEncoder().encode(BODY), headers).type).toBe("payment");
  });

  it("gives the same event id for a duplicate delivery", () => {
    const headers = { "x-lumo-signature": HEX, "x-lumo-delivery-id": DELIVERY };
    expect(verify(BODY, headers).eventId).toBe(verify(BODY, headers).eventId);
  });

  it("accepts any of several secrets (while rotating)", () => {
    const event = verifyLumoWebhook(
      BODY,
      { "x-lumo-signature": HEX, "x-lumo-delivery-id": DELIVERY },
      { secret: ["new-secret-0000", SECRET] },
    );
    expect(event.eventId).toBe(DELIVERY);
  });

  it.each<[string, string, Record<string, string | undefined>, WebhookFailureReason]>([
    [
      "a wrong secret",
      BODY,
      { "x-lumo-signature": digest(BODY, "other-secret").toString("hex") },
      "bad_signature",
    ],
    ["a body changed by one byte", BODY.replace("5000.00", "5000.01"), {}, "bad_signature"],
    ["a body with one more byte", `${BODY} `, {}, "bad_signature"],
    ["no signature header", BODY, { "x-lumo-signature": undefined }, "missing_header"],
    ["an empty signature header", BODY, { "x-lumo-signature": "" }, "missing_header"],
    ["no delivery id", BODY, { "x-lumo-delivery-id": undefined }, "missing_header"],
    ["a signature that is not a digest", BODY, { "x-lumo-signature": "hello" }, "malformed_header"],
    ["a hex digest one character short", BODY, { "x-lumo-signature": HEX.slice(1) }, "malformed_header"],
    ["two signatures", BODY, { "x-lumo-signature": `${HEX}, ${HEX}` }, "malformed_header"],
    ["an absurd delivery id", BODY, { "x-lumo-delivery-id": "x".repeat(201) }, "malformed_header"],
  ])("rejects %s", (_, body, overrides, expected) => {
    const headers = { "x-lumo-signature": HEX, "x-lumo-delivery-id": DELIVERY, ...overrides };
    expect(reason(() => verify(body, headers))).toBe(expected);
  });

  it.each([
    ["not JSON", "not json"],
    ["another event", BODY.replace("order.status_changed", "order.created")],
    ["an unknown status", BODY.replace('"success"', '"paid"')],
    ["more decimals than RUB has", BODY.replace("5000.00", "5000.001")],
    ["0.1 + 0.2 USDT", BODY.replace("52.63", String(0.1 + 0.2))],
  ])("rejects an authentic body with %s as bad_body", (_, body) => {
    const headers = { "x-lumo-signature": digest(body).toString("hex"), "x-lumo-delivery-id": DELIVERY };
    expect(reason(() => verify(body, headers))).toBe("bad_body");
  });

  it("says precisely what is wrong, without the secret", () => {
    try {
      verify(BODY, {
        "x-lumo-signature": digest(BODY, "wrong").toString("hex"),
        "x-lumo-delivery-id": DELIVERY,
      });
      expect.fail("should throw");
    } catch (error) {
      expect(error).toMatchObject({
        name: "WebhookVerificationError",
        provider: "lumo",
        reason: "bad_signature",
      });
      expect((error as Error).message).toBe(
        "lumo webhook rejected (bad_signature): X-Lumo-Signature does not match the body",
      );
      expect((error as Error).message).not.toContain(SECRET);
    }
  });
});
