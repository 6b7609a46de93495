import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MerchantSimulator, startMerchantSimulator } from "../../../src/sandbox/merchant/simulator.js";
import { type MeridianSimulator, startMeridianSimulator } from "../../../src/sandbox/meridian/simulator.js";

const MERIDIAN_KEY = "luma_sim:luma_sim_secret";
const MERCHANT_KEY = "mk_sim";
const MERCHANT_SECRET = "merchant-sim-secret";
const json = { "content-type": "application/json" };

// Signed here by hand, as an integrator following the documents would.
function meridianCall(sim: MeridianSimulator, path: string, body?: unknown) {
  const url = sim.url + path;
  const text = body === undefined ? "" : JSON.stringify(body);
  const method = body === undefined ? "GET" : "POST";
  const signature = createHmac("sha256", "luma_sim_secret")
    .update(method + url + text)
    .digest("base64");
  return fetch(url, {
    method,
    headers: { ...json, "x-api-key": MERIDIAN_KEY, "x-signature": signature },
    body: body === undefined ? undefined : text,
  });
}

function merchantCall(sim: MerchantSimulator, path: string, body?: unknown, secret = MERCHANT_SECRET) {
  const text = body === undefined ? "" : JSON.stringify(body);
  const t = String(Math.floor(Date.now() / 1000));
  return fetch(sim.url + path, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      ...json,
      "x-api-key": MERCHANT_KEY,
      "x-timestamp": t,
      "x-signature": createHmac("sha256", secret)
        .update(t + text)
        .digest("hex"),
    },
    body: body === undefined ? undefined : text,
  });
}

const invoiceBody = (extra: Record<string, unknown> = {}) => ({
  internalId: `raw-${Math.random()}`,
  direction: "in",
  amount: 1000,
  currency: "RUB",
  startDeal: true,
  notificationUrl: "https://bot.example/webhooks/meridian",
  notificationToken: "t".repeat(32),
  ...extra,
});

describe("receive simulators over raw HTTP", () => {
  let meridian: MeridianSimulator;
  let merchant: MerchantSimulator;

  beforeAll(async () => {
    [meridian, merchant] = await Promise.all([
      startMeridianSimulator({ apiKey: MERIDIAN_KEY, settleDelayMs: null }),
      startMerchantSimulator({ apiKey: MERCHANT_KEY, apiSecret: MERCHANT_SECRET, settleDelayMs: null }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([meridian.close(), merchant.close()]);
  });

  it("Meridian answers the document's example request with the document's shape", async () => {
    const response = await meridianCall(
      meridian,
      "/api/v1/invoices",
      invoiceBody({ paymentOption: "sberbank" }),
    );
    expect(response.status).toBe(200);
    const invoice = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(invoice)).toEqual([
      "id",
      "direction",
      "status",
      "paymentMethod",
      "paymentOption",
      "amount",
      "currency",
      "expireAt",
      "requisiteId",
      "dealRequisites",
      "dealRate",
      "createdAt",
      "updatedAt",
      "internalId",
      "merchantName",
    ]);
    expect(invoice).toMatchObject({ status: "new", amount: "1000", paymentMethod: "SBP" });
    expect(JSON.parse(String(invoice.dealRequisites))).toMatchObject({ bankName: "Сбербанк" });
  });

  it.each([
    ["no signature", { "x-api-key": MERIDIAN_KEY }, "Invalid signature"],
    ["no key", {}, "Invalid API key"],
  ])("Meridian refuses a request with %s: 401 {error}", async (_, headers, error) => {
    const response = await fetch(`${meridian.url}/api/v1/invoices/x`, { headers });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error });
  });

  it.each([
    ["a plain-http notification URL off loopback", { notificationUrl: "http://bot.example/hook" }],
    ["a notification token under 32 characters", { notificationToken: "short" }],
    ["an amount with more than 2 decimals", { amount: 10.005 }],
    ["a bank Meridian does not list", { paymentOption: "monobank" }],
    ["an unknown field", { extra: true }],
  ])("Meridian refuses %s with 400", async (_, extra) => {
    const response = await meridianCall(meridian, "/api/v1/invoices", invoiceBody(extra));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });

  it("creates an invoice without requisites when startDeal is false", async () => {
    const response = await meridianCall(meridian, "/api/v1/invoices", invoiceBody({ startDeal: false }));
    expect(await response.json()).not.toHaveProperty("dealRequisites");
  });

  it("runs Meridian controls posted to /_sandbox, and lists them", async () => {
    const list = (await (await fetch(`${meridian.url}/_sandbox`)).json()) as { controls: string[] };
    expect(list.controls).toEqual(
      expect.arrayContaining(["pay", "expire", "dispute", "cancel", "noRequisites", "alterNextAnswer"]),
    );
    await meridianCall(meridian, "/api/v1/invoices", invoiceBody());
    const paid = await fetch(`${meridian.url}/_sandbox/pay`, { method: "POST" });
    expect(await paid.json()).toMatchObject({ ok: true, result: { status: "paid" } });
    const again = await fetch(`${meridian.url}/_sandbox/pay`, { method: "POST" });
    expect(again.status).toBe(409);
    await fetch(`${meridian.url}/_sandbox/noRequisites`, {
      method: "POST",
      headers: json,
      body: '{"times":1}',
    });
    const refused = await meridianCall(meridian, "/api/v1/invoices", invoiceBody());
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: "Нет доступных реквизитов" });
  });

  it("merchant API: a signed create, a wrong signature 401, and controls over HTTP", async () => {
    const created = await merchantCall(merchant, "/api/v1/orders", {
      merchant_order_id: "raw-1",
      amount: 100,
      currency: "RUB",
    });
    expect(await created.json()).toMatchObject({
      status: "pending",
      amount_usdt: 0.983,
      merchant_commission: -0.098,
    });
    const wrong = await merchantCall(merchant, "/api/v1/orders/x", undefined, "not-the-secret");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "unauthorized", message: "Invalid signature" });
    const expired = await fetch(`${merchant.url}/_sandbox/expire`, { method: "POST" });
    expect(await expired.json()).toMatchObject({ ok: true, result: { status: "timeout" } });
    const state = (await (await fetch(`${merchant.url}/_sandbox/state`)).json()) as { orders: unknown[] };
    expect(state.orders).toHaveLength(1);
  });
});
