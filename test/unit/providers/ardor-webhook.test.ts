import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyArdorWebhook } from "../../../src/providers/ardor/webhook.js";
import type { WebhookFailureReason } from "../../../src/providers/types.js";

const SECRET = "ardor-webhook-secret";
const NOW = Date.parse("2026-06-19T12:00:10Z");
const T = Math.floor(NOW / 1000);

const payment = {
  id: "9c2e0000-0000-4000-8000-000000000001",
  status: "completed",
  merchantName: "ООО Ромашка",
  merchantBank: "Сбербанк",
  feeMinor: 1_250,
  totalMinor: 126_250,
  currency: "RUB",
  reference: "order-4821",
  expiresAt: "2026-06-19T12:10:00.000Z",
  operationId: "3051932a-fdd2-48fa-b330-7e7d41535969",
  failureReason: null,
};
const event = (type: string, data: object, id = "evt_1") =>
  JSON.stringify({ id, type, createdAt: "2026-06-19T12:00:00.000Z", data });
const BODY = event("payment.completed", payment);

const sign = (body: string, t = T, secret = SECRET) =>
  createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
const header = (body = BODY, t = T, secret = SECRET) => `t=${t},v1=${sign(body, t, secret)}`;

const verify = (body: string | Uint8Array, signature: string | undefined, now = NOW) =>
  verifyArdorWebhook(body, { "x-ardor-signature": signature }, { secret: SECRET, clock: () => now });
const reason = (fn: () => unknown): WebhookFailureReason | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { reason?: WebhookFailureReason }).reason;
  }
  return undefined;
};

describe("ArdorQR webhook verification", () => {
  it("accepts a valid event and normalizes the payment, status from the event type", () => {
    expect(verify(BODY, header())).toEqual({
      provider: "ardor",
      eventId: "evt_1",
      occurredAt: new Date("2026-06-19T12:00:00.000Z"),
      type: "payment",
      payment: expect.objectContaining({
        provider: "ardor",
        providerId: payment.id,
        reference: "order-4821",
        status: "succeeded",
        providerStatus: "payment.completed",
        amount: { minor: 125_000, currency: "RUB" },
        fee: { minor: 1_250, currency: "RUB" },
        total: { minor: 126_250, currency: "RUB" },
        debit: { minor: 126_250, currency: "RUB" },
        merchantName: "ООО Ромашка",
        merchantBank: "Сбербанк",
        failureReason: undefined,
      }),
    });
  });

  it.each([
    ["payment.processing", "processing"],
    ["payment.completed", "succeeded"],
    ["payment.failed", "failed"],
  ])("maps %s to %s", (type, status) => {
    const body = event(type, payment);
    const verified = verify(body, header(body));
    expect(verified.type === "payment" && verified.payment.status).toBe(status);
  });

  it.each([
    ["deposit.pending", "pending", undefined],
    ["deposit.credited", "credited", { minor: 935_750, currency: "RUB" }],
  ])("maps %s to a %s deposit", (type, status, credited) => {
    const deposit = {
      id: "dep-1",
      status,
      asset: "USDT",
      network: "TON",
      amount: 100,
      creditedMinor: credited?.minor ?? null,
      txHash: "abc",
      createdAt: "2026-06-19T11:59:00.000Z",
    };
    const body = event(type, deposit);
    const verified = verify(body, header(body));
    expect(verified).toMatchObject({
      type: "deposit",
      deposit: { providerId: "dep-1", status, amount: { minor: 100_000_000, currency: "USDT" }, credited },
    });
  });

  it("accepts two v1 values when either one is right (secret rotation)", () => {
    const wrong = sign(BODY, T, "old-secret");
    expect(verify(BODY, `t=${T},v1=${wrong},v1=${sign(BODY)}`).eventId).toBe("evt_1");
    expect(verify(BODY, `t=${T},v1=${sign(BODY)},v1=${wrong}`).eventId).toBe("evt_1");
    expect(reason(() => verify(BODY, `t=${T},v1=${wrong},v1=${wrong}`))).toBe("bad_signature");
  });

  it("accepts several secrets of ours, spaces in the header, and unknown schemes", () => {
    const verified = verifyArdorWebhook(
      BODY,
      { "X-Ardor-Signature": `t=${T}, v0=deadbeef, v1=${sign(BODY)}` },
      { secret: ["next-secret-000", SECRET], clock: () => NOW },
    );
    expect(verified.eventId).toBe("evt_1");
  });

  it("gives the same event id for a duplicate delivery, even signed at another time", () => {
    const first = verify(BODY, header(BODY, T));
    const again = verify(BODY, header(BODY, T + 30), NOW + 30_000);
    expect(again.eventId).toBe(first.eventId);
  });

  it("accepts timestamps exactly 300 s away in either direction", () => {
    expect(verify(BODY, header(BODY, T - 300)).eventId).toBe("evt_1");
    expect(verify(BODY, header(BODY, T + 300)).eventId).toBe("evt_1");
  });

  it.each<[string, string | Buffer, string | undefined, WebhookFailureReason]>([
    ["a wrong secret", BODY, header(BODY, T, "wrong-secret"), "bad_signature"],
    ["a body changed by one byte", BODY.replace("126250", "126251"), header(), "bad_signature"],
    ["a signature over another timestamp", BODY, `t=${T + 1},v1=${sign(BODY)}`, "bad_signature"],
    ["a stale timestamp (301 s old)", BODY, header(BODY, T - 301), "stale_timestamp"],
    ["a future timestamp (301 s ahead)", BODY, header(BODY, T + 301), "stale_timestamp"],
    ["no header", BODY, undefined, "missing_header"],
    ["an empty header", BODY, " ", "missing_header"],
    ["garbage", BODY, "garbage", "malformed_header"],
    ["no t=", BODY, `v1=${sign(BODY)}`, "malformed_header"],
    ["no v1=", BODY, `t=${T}`, "malformed_header"],
    ["a t= that is not a number", BODY, `t=soon,v1=${sign(BODY)}`, "malformed_header"],
    ["two t=", BODY, `t=${T},t=${T},v1=${sign(BODY)}`, "malformed_header"],
    [
      "a v1= that is not hex",
      BODY,
      `t=${T},v1=${Buffer.from(sign(BODY), "hex").toString("base64")}`,
      "malformed_header",
    ],
  ])("rejects %s", (_, body, signature, expected) => {
    expect(reason(() => verify(body, signature))).toBe(expected);
  });

  it("checks the signature before the timestamp, so a forged stale request is a bad signature", () => {
    expect(reason(() => verify(BODY, header(BODY, T - 3_600, "forger")))).toBe("bad_signature");
  });

  it("honours a custom tolerance", () => {
    const options = { secret: SECRET, clock: () => NOW, toleranceSeconds: 10 };
    expect(() => verifyArdorWebhook(BODY, { "x-ardor-signature": header(BODY, T - 11) }, options)).toThrow(
      /stale_timestamp/,
    );
  });

  it.each([
    ["not JSON", "{"],
    ["an unknown event type", event("payment.refunded", payment)],
    ["data that is not a payment", event("payment.completed", { id: "x" })],
    ["kopecks that are not whole", event("payment.completed", { ...payment, totalMinor: 12.5 })],
    ["another currency", event("payment.completed", { ...payment, currency: "USD" })],
    ["no event id", BODY.replace('"id":"evt_1",', "")],
  ])("rejects an authentic body with %s as bad_body", (_, body) => {
    expect(reason(() => verify(body, header(body)))).toBe("bad_body");
  });

  it("names the failing field of the data", () => {
    const body = event("payment.completed", { ...payment, totalMinor: "lots" });
    expect(() => verify(body, header(body))).toThrow(/data\.totalMinor/);
  });
});
