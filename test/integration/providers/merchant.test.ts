import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMerchantProvider } from "../../../src/providers/merchant/client.js";
import type { MerchantConfig } from "../../../src/providers/merchant/descriptor.js";
import type { CreateInvoiceInput, ReceiveProvider } from "../../../src/providers/receive.js";
import type { ProviderError } from "../../../src/providers/types.js";
import { type MerchantSimulator, startMerchantSimulator } from "../../../src/sandbox/merchant/simulator.js";
import { fastDeps, manualClock, startWebhookReceiver, type WebhookReceiver } from "./support.js";

const API_KEY = "mk_test_0123456789";
const SECRET = "merchant-api-secret-0123456789";
const LIFETIME = 15 * 60_000;

describe("merchant API client against the merchant API simulator", () => {
  let sim: MerchantSimulator;
  let receiver: WebhookReceiver;
  let merchant: ReceiveProvider;
  let deps: ReturnType<typeof fastDeps>;
  const sent: Array<{ body: string; headers: Record<string, string> }> = [];
  const clock = manualClock();
  let n = 0;

  const config = (extra: Partial<MerchantConfig> = {}): MerchantConfig => ({
    apiUrl: sim.url,
    apiKey: API_KEY,
    apiSecret: SECRET,
    ...extra,
  });
  const input = (extra: Partial<CreateInvoiceInput> = {}): CreateInvoiceInput => ({
    reference: `qrpay-inv-${++n}`,
    amount: { minor: 10_000, currency: "RUB" },
    notificationUrl: "https://bot.example/webhooks/merchant",
    ...extra,
  });
  const notifications = () => receiver.accepted().map((r) => merchant.verifyNotification(r.body, r.headers));
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail("expected a ProviderError"),
      (error: ProviderError) => error,
    );

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sim = await startMerchantSimulator({
      apiKey: API_KEY,
      apiSecret: SECRET,
      callbackUrl: receiver.url,
      settleDelayMs: null,
      clock: clock.now,
      webhookRetry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    const recording: typeof fetch = async (url, init) => {
      sent.push({ body: String(init?.body ?? ""), headers: init?.headers as Record<string, string> });
      return fetch(url, init);
    };
    deps = fastDeps({ clock: clock.now, fetch: recording });
    merchant = createMerchantProvider(config(), deps);
  });

  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  afterEach(async () => {
    await sim.webhooksIdle();
    sim.controls.clearFaults();
    sim.controls.clearScenarios();
    receiver.clear();
    sent.length = 0;
    deps.sleeps.length = 0;
    for (const key of Object.keys(sim.state.requests)) delete sim.state.requests[key];
  });

  it("creates an order for the payment page: rubles sent, USDT and commission as stated", async () => {
    const invoice = await merchant.createInvoice(input({ method: "link" }));
    expect(JSON.parse(sent[0]!.body)).toEqual({
      merchant_order_id: `qrpay-inv-${n}`,
      amount: 100,
      currency: "RUB",
    });
    expect(sent[0]!.headers).toMatchObject({
      "x-api-key": API_KEY,
      "x-timestamp": String(Math.floor(clock.now() / 1000)),
    });
    expect(invoice).toMatchObject({
      provider: "merchant",
      reference: `qrpay-inv-${n}`,
      status: "pending",
      providerStatus: "pending",
      method: "link",
      amount: { minor: 10_000, currency: "RUB" },
      creditedUsdt: { minor: 983_000, currency: "USDT" },
      commission: { minor: -98_000, currency: "USDT" },
    });
    expect(invoice.problems).toBeUndefined();
    expect(invoice.paymentUrl).toBe(`${sim.url}/pay/${invoice.providerId}`);
    expect(invoice.expiresAt?.getTime()).toBe(clock.now() + LIFETIME);
    expect(merchant.methods).toEqual(["link"]);
    expect(merchant.banks).toEqual([]);
    const page = await fetch(invoice.paymentUrl!);
    expect(await page.text()).toContain("100,00");
  });

  it("sends 1500.50 ₽ as 1500.5, and refuses a method or bank it does not offer", async () => {
    await merchant.createInvoice(input({ amount: { minor: 150_050, currency: "RUB" } }));
    expect(JSON.parse(sent[0]!.body).amount).toBe(1500.5);
    await expect(merchant.createInvoice(input({ method: "sbp" }))).rejects.toThrow(RangeError);
    await expect(merchant.createInvoice(input({ bank: "sberbank" }))).rejects.toThrow(RangeError);
    expect(sim.state.requests.create).toBe(1);
  });

  it("returns the same order for the same merchant_order_id, so a lost create is retried", async () => {
    const first = input();
    const created = await merchant.createInvoice(first);
    expect((await merchant.createInvoice(first)).providerId).toBe(created.providerId);

    const slow = createMerchantProvider(config(), fastDeps({ clock: clock.now, http: { timeoutMs: 1_000 } }));
    const lost = input();
    sim.controls.timeoutNext({ endpoint: "create", hangMs: 5_000 });
    const retried = await slow.createInvoice(lost);
    const orders = [...sim.state.orders.values()].filter((o) => o.merchantOrderId === lost.reference);
    expect(orders.map((o) => o.uuid)).toEqual([retried.providerId]);
  });

  it("retries 5xx on create and status read, each attempt signed with its own timestamp", async () => {
    let now = clock.now();
    const ticking = createMerchantProvider(
      config(),
      fastDeps({ clock: () => (now += 1_000), fetch: deps.fetch }),
    );
    sim.controls.failRequests({ endpoint: "create", status: 503 });
    const invoice = await ticking.createInvoice(input());
    sim.controls.failRequests({ endpoint: "order", status: 500 });
    await ticking.getInvoice(invoice.providerId);
    expect(sim.state.requests).toMatchObject({ create: 2, order: 2 });
    const stamps = sent.map((s) => s.headers["x-timestamp"]);
    expect(new Set(stamps).size).toBe(4);
    expect(sent.map((s) => s.body === "")).toEqual([false, false, true, true]);
  });

  it.each([
    ["a wrong secret", { apiSecret: "another-secret-000" }, "Invalid signature"],
    ["a wrong key", { apiKey: "mk_test_other" }, "Invalid API key"],
  ])("flags %s as unauthorized for admins (401)", async (_, extra, message) => {
    const wrong = createMerchantProvider(config(extra), fastDeps({ clock: clock.now }));
    const error = await failure(wrong.getInvoice("anything"));
    expect(error).toMatchObject({ kind: "unauthorized", status: 401, forAdmins: true, attempts: 1 });
    expect(error.providerMessage).toBe(message);
    expect(error.message).not.toContain("another-secret");
  });

  it("refuses a request signed more than 300 s away from its clock", async () => {
    const late = createMerchantProvider(config(), fastDeps({ clock: () => clock.now() - 301_000 }));
    expect(await failure(late.getInvoice("x"))).toMatchObject({
      kind: "unauthorized",
      providerMessage: "Invalid or expired timestamp",
    });
  });

  it("answers not_found for an order it does not know", async () => {
    expect(await failure(merchant.getInvoice("00000000-0000-4000-8000-000000000000"))).toMatchObject({
      kind: "not_found",
      status: 404,
    });
  });

  it.each([
    ["pay", "paid", "paid"],
    ["expire", "timeout", "expired"],
    ["cancel", "canceled", "cancelled"],
  ] as const)(
    "reads the status after %s: %s → %s, and calls back signed",
    async (name, providerStatus, status) => {
      const invoice = await merchant.createInvoice(input());
      sim.controls[name]();
      expect(await merchant.getInvoice(invoice.providerId)).toMatchObject({ status, providerStatus });
      await sim.webhooksIdle();
      expect(notifications()).toEqual([
        expect.objectContaining({
          reference: invoice.reference,
          providerId: undefined,
          status,
          providerStatus,
          signed: true,
          creditedUsdt: { minor: 983_000, currency: "USDT" },
        }),
      ]);
    },
  );

  it("times an order out after its lifetime; the callback repeats the amounts though nothing arrived", async () => {
    const invoice = await merchant.createInvoice(input());
    clock.advance(LIFETIME);
    expect((await merchant.getInvoice(invoice.providerId)).status).toBe("expired");
    await sim.webhooksIdle();
    expect(JSON.parse(receiver.received[0]!.body.toString())).toEqual({
      status: "timeout",
      amount_usdt: 0.983,
      amount_local: 100,
      currency: "RUB",
      merchant_commission: -0.098,
      merchant_order_id: invoice.reference,
    });
    expect(() => sim.controls.pay({ uuid: invoice.providerId })).toThrow(/timeout/);
  });

  it("reads a status the API does not use as unknown, from the store or the next answer", async () => {
    const invoice = await merchant.createInvoice(input());
    sim.controls.alterNextAnswer({ endpoint: "order", status: "processing" });
    expect(await merchant.getInvoice(invoice.providerId)).toMatchObject({
      status: "unknown",
      providerStatus: "processing",
    });
    sim.controls.setStatus({ status: "refunded" });
    expect((await merchant.getInvoice(invoice.providerId)).status).toBe("unknown");
    await sim.webhooksIdle();
    expect(notifications().map((x) => x.status)).toEqual(["unknown"]);
  });

  it.each([
    [{ amount_local: 100.001 }, "amount_local 100.001 has more than 2 decimals for RUB"],
    [{ amount_local: -100 }, "amount_local -100 is negative"],
    [{ amount_usdt: 0.9831234 }, "amount_usdt 0.9831234 has more than 6 decimals for USDT"],
    [{ amount_usdt: -0.983 }, "amount_usdt -0.983 is negative"],
  ])("keeps an answer with %j, without that amount, with the problem", async (patch, problem) => {
    sim.controls.alterNextAnswer({ endpoint: "create", ...patch });
    const invoice = await merchant.createInvoice(input());
    expect(invoice.problems).toEqual([problem]);
    sim.controls.alterNextAnswer({ endpoint: "order", ...patch });
    expect((await merchant.getInvoice(invoice.providerId)).problems).toEqual([problem]);
    expect((await merchant.getInvoice(invoice.providerId)).problems).toBeUndefined();
  });

  it("never trusts a status read about another order than the one asked for", async () => {
    const invoice = await merchant.createInvoice(input());
    const other = { uuid: "other", status: "paid", amount_local: 100, amount_usdt: 0.983, currency: "RUB" };
    sim.controls.malformNext({ endpoint: "order", body: other });
    const read = await merchant.getInvoice(invoice.providerId);
    expect(read).toMatchObject({ providerId: "other", status: "paid" });
    expect(read.amount).toBeUndefined();
    expect(read.creditedUsdt).toBeUndefined();
    expect(read.problems).toEqual([`the answer is about "other", not "${invoice.providerId}"`]);
  });

  describe("callbacks", () => {
    it("sends the next callback unsigned when told: accepted as a hint, signed: false", async () => {
      await merchant.createInvoice(input());
      sim.controls.unsignedNextCallback();
      sim.controls.pay();
      await sim.webhooksIdle();
      const [received] = receiver.received;
      expect(received?.headers["x-signature"]).toBeUndefined();
      expect(received?.headers["x-timestamp"]).toBeUndefined();
      expect(notifications()[0]).toMatchObject({ status: "paid", signed: false });
      expect(notifications()[0]?.eventId).toMatch(/^unsigned:/);
    });

    it("loses the next callback when told", async () => {
      await merchant.createInvoice(input());
      sim.controls.dropNextWebhook();
      sim.controls.pay();
      await sim.webhooksIdle();
      expect(receiver.received).toHaveLength(0);
      expect(sim.state.deliveries.at(-1)?.status).toBe("dropped");
    });

    it("retries a callback the receiver refused, re-signed with the time of each attempt", async () => {
      await merchant.createInvoice(input());
      receiver.answerNext(500);
      sim.controls.pay();
      await sim.webhooksIdle();
      expect(receiver.received).toHaveLength(2);
      expect(sim.state.deliveries.at(-1)).toMatchObject({ status: "delivered", attempts: 2 });
      expect(notifications()).toHaveLength(1);
    });

    it("carries the uuid when the simulator is told to, and a stale one is refused", async () => {
      const other = await startMerchantSimulator({
        apiKey: API_KEY,
        apiSecret: SECRET,
        callbackUrl: receiver.url,
        settleDelayMs: null,
        callbackIncludesUuid: true,
        clock: clock.now,
      });
      try {
        const client = createMerchantProvider(config({ apiUrl: other.url }), fastDeps({ clock: clock.now }));
        const invoice = await client.createInvoice(input());
        other.controls.pay();
        await other.webhooksIdle();
        const [received] = receiver.received;
        expect(client.verifyNotification(received!.body, received!.headers).providerId).toBe(
          invoice.providerId,
        );
        const later = createMerchantProvider(config(), { clock: () => clock.now() + 301_000 });
        expect(() => later.verifyNotification(received!.body, received!.headers)).toThrow(
          expect.objectContaining({ reason: "stale_timestamp" }),
        );
      } finally {
        await other.close();
      }
    });
  });
});
