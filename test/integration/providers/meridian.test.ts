import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMeridianProvider } from "../../../src/providers/meridian/client.js";
import type { MeridianConfig } from "../../../src/providers/meridian/descriptor.js";
import type { CreateInvoiceInput, ReceiveProvider } from "../../../src/providers/receive.js";
import type { ProviderError } from "../../../src/providers/types.js";
import { type MeridianSimulator, startMeridianSimulator } from "../../../src/sandbox/meridian/simulator.js";
import { fastDeps, manualClock, startWebhookReceiver, type WebhookReceiver } from "./support.js";

const API_KEY = "luma_key0123:luma_secret0123456789";
const TOKEN = "meridian-notification-token-0123456789";
const TEN_MINUTES = 10 * 60_000;

describe("Meridian client against the Meridian simulator", () => {
  let sim: MeridianSimulator;
  let receiver: WebhookReceiver;
  let meridian: ReceiveProvider;
  let deps: ReturnType<typeof fastDeps>;
  const sent: string[] = [];
  const clock = manualClock();
  let n = 0;

  const config = (extra: Partial<MeridianConfig> = {}): MeridianConfig => ({
    apiUrl: sim.url,
    apiKey: API_KEY,
    notificationToken: TOKEN,
    methods: ["sbp", "card"],
    banks: ["sberbank", "tinkoff", "alfa", "vtb", "raiffeisen"],
    ...extra,
  });
  const input = (extra: Partial<CreateInvoiceInput> = {}): CreateInvoiceInput => ({
    reference: `qrpay-inv-${++n}`,
    amount: { minor: 150_050, currency: "RUB" },
    notificationUrl: receiver.url,
    ...extra,
  });
  const notifications = () => receiver.accepted().map((r) => meridian.verifyNotification(r.body, r.headers));
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail("expected a ProviderError"),
      (error: ProviderError) => error,
    );

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sim = await startMeridianSimulator({
      apiKey: API_KEY,
      settleDelayMs: null,
      clock: clock.now,
      webhookRetry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    const recording: typeof fetch = async (url, init) => {
      if (typeof init?.body === "string") sent.push(init.body);
      return fetch(url, init);
    };
    deps = fastDeps({ clock: clock.now, fetch: recording });
    meridian = createMeridianProvider(config(), deps);
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

  it("creates an SBP invoice at a chosen bank: rubles sent, requisites, 10 minutes, pending", async () => {
    const invoice = await meridian.createInvoice(input({ method: "sbp", bank: "tinkoff" }));
    expect(JSON.parse(sent[0]!)).toEqual({
      internalId: `qrpay-inv-${n}`,
      direction: "in",
      amount: 1500.5,
      currency: "RUB",
      startDeal: true,
      paymentMethod: "SBP",
      paymentOption: "tinkoff",
      notificationUrl: receiver.url,
      notificationToken: TOKEN,
    });
    expect(invoice).toMatchObject({
      provider: "meridian",
      reference: `qrpay-inv-${n}`,
      status: "pending",
      providerStatus: "new",
      amount: { minor: 150_050, currency: "RUB" },
      method: "sbp",
      bank: "tinkoff",
      rate: "95.50",
    });
    expect(invoice.problems).toBeUndefined();
    expect(invoice.expiresAt?.getTime()).toBe(clock.now() + TEN_MINUTES);
    expect(invoice.requisites?.map((r) => r.key)).toEqual(["bankName", "phone", "fullName"]);
    expect(invoice.requisites?.[0]?.value).toBe("Т-Банк");
    expect(invoice.requisites?.[1]?.value).toMatch(/^\+7 \(9\d\d\) \d{3}-\d\d-\d\d$/);
  });

  it("creates a card invoice, and uses the first configured method when none is asked for", async () => {
    const card = await meridian.createInvoice(input({ method: "card", bank: "sberbank" }));
    expect(card).toMatchObject({ method: "card", bank: "sberbank" });
    expect(card.requisites?.find((r) => r.key === "cardNumber")?.value).toMatch(/^2202 20\d\d( \d{4}){2}$/);
    const plain = await meridian.createInvoice(input({ amount: { minor: 150_000, currency: "RUB" } }));
    expect(JSON.parse(sent[1]!)).toMatchObject({ amount: 1500, paymentMethod: "SBP" });
    expect(JSON.parse(sent[1]!)).not.toHaveProperty("paymentOption");
    expect(plain).toMatchObject({ method: "sbp", amount: { minor: 150_000 } });
  });

  it("refuses, before any request, a method or bank this configuration does not offer", async () => {
    const cardOnly = createMeridianProvider(config({ methods: ["card"], banks: ["vtb"] }), fastDeps());
    expect(cardOnly.methods).toEqual(["card"]);
    await expect(cardOnly.createInvoice(input({ method: "sbp" }))).rejects.toThrow(RangeError);
    await expect(cardOnly.createInvoice(input({ bank: "alfa" }))).rejects.toThrow(RangeError);
    await expect(cardOnly.createInvoice(input({ method: "link" }))).rejects.toThrow(RangeError);
    expect(sim.state.requests.create).toBeUndefined();
  });

  it("returns the same invoice for the same reference, so a create whose answer was lost is retried", async () => {
    const first = input();
    const created = await meridian.createInvoice(first);
    const again = await meridian.createInvoice(first);
    expect(again.providerId).toBe(created.providerId);

    const slow = createMeridianProvider(config(), fastDeps({ clock: clock.now, http: { timeoutMs: 1_000 } }));
    const lost = input();
    sim.controls.timeoutNext({ endpoint: "create", hangMs: 5_000 });
    const retried = await slow.createInvoice(lost);
    // Two creates above, then the one whose answer was held and at least one retry.
    expect(sim.state.requests.create).toBeGreaterThanOrEqual(4);
    const ids = [...sim.state.invoices.values()].filter((i) => i.internalId === lost.reference);
    expect(ids.map((i) => i.id)).toEqual([retried.providerId]);
  });

  it("retries a create and a status read that met a 5xx", async () => {
    sim.controls.failRequests({ endpoint: "create", status: 502 });
    const invoice = await meridian.createInvoice(input());
    sim.controls.failRequests({ endpoint: "invoice", status: 503 });
    await meridian.getInvoice(invoice.providerId);
    expect(sim.state.requests).toMatchObject({ create: 2, invoice: 2 });
  });

  it("answers no_requisites for «Нет доступных реквизитов» (503), not retried; the next create works", async () => {
    sim.controls.noRequisites({ times: 1 });
    const error = await failure(meridian.createInvoice(input()));
    expect(error).toMatchObject({
      kind: "no_requisites",
      status: 503,
      retryable: false,
      attempts: 1,
      providerMessage: "Нет доступных реквизитов",
    });
    expect((await meridian.createInvoice(input())).status).toBe("pending");
  });

  it.each([
    ["a wrong secret", "luma_key0123:another_secret"],
    ["another key id", "luma_other:luma_secret0123456789"],
  ])("flags %s as unauthorized for admins (401), not retried", async (_, apiKey) => {
    const wrong = createMeridianProvider(config({ apiKey }), fastDeps());
    const error = await failure(wrong.getInvoice("anything"));
    expect(error).toMatchObject({ kind: "unauthorized", status: 401, forAdmins: true, attempts: 1 });
    expect(error.message).not.toContain("another_secret");
  });

  it("refuses a request whose signature does not cover what was sent (raw HTTP)", async () => {
    const response = await fetch(`${sim.url}/api/v1/invoices/x`, {
      headers: { "x-api-key": API_KEY, "x-signature": "c2lnbmVkIHNvbWV0aGluZyBlbHNl" },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "Invalid signature" });
  });

  it("answers not_found for an invoice it does not know", async () => {
    expect(await failure(meridian.getInvoice("cm-nothing"))).toMatchObject({
      kind: "not_found",
      status: 404,
    });
  });

  it.each([
    ["pay", "paid", "paid"],
    ["processing", "processing", "processing"],
    ["expire", "expired", "expired"],
    ["cancel", "canceled", "cancelled"],
    ["dispute", "dispute", "disputed"],
  ] as const)("reads the status after %s: %s → %s, and notifies", async (name, providerStatus, status) => {
    const invoice = await meridian.createInvoice(input());
    sim.controls[name]();
    expect(await meridian.getInvoice(invoice.providerId)).toMatchObject({ status, providerStatus });
    await sim.webhooksIdle();
    expect(notifications()).toEqual([
      expect.objectContaining({ providerId: invoice.providerId, status, providerStatus, signed: true }),
    ]);
  });

  it("expires an invoice nobody paid within 10 minutes, and the customer can no longer pay it", async () => {
    const invoice = await meridian.createInvoice(input());
    clock.advance(TEN_MINUTES);
    expect((await meridian.getInvoice(invoice.providerId)).status).toBe("expired");
    expect(() => sim.controls.pay({ id: invoice.providerId })).toThrow(/expired/);
  });

  it("disputes a paid invoice: one notification per change, each with its own event id", async () => {
    const invoice = await meridian.createInvoice(input());
    sim.controls.pay({ id: invoice.providerId });
    sim.controls.dispute({ id: invoice.providerId });
    await sim.webhooksIdle();
    const [paid, disputed] = notifications();
    expect([paid?.status, disputed?.status]).toEqual(["paid", "disputed"]);
    expect(paid?.eventId).not.toBe(disputed?.eventId);
    expect(paid?.reference).toBe(invoice.reference);
  });

  it("reads a status Meridian does not document as unknown, from the store or the next answer", async () => {
    const invoice = await meridian.createInvoice(input());
    sim.controls.alterNextAnswer({ endpoint: "invoice", status: "on_hold" });
    expect(await meridian.getInvoice(invoice.providerId)).toMatchObject({
      status: "unknown",
      providerStatus: "on_hold",
    });
    expect((await meridian.getInvoice(invoice.providerId)).status).toBe("pending");
    sim.controls.setStatus({ status: "refunded" });
    expect((await meridian.getInvoice(invoice.providerId)).status).toBe("unknown");
  });

  it.each([
    ["1500.505", 'amount "1500.505" has more than 2 decimals for RUB'],
    ["-1500.5", 'amount "-1500.5" is negative'],
  ])("keeps an answer whose amount is %s, without the amount, with the problem", async (amount, problem) => {
    sim.controls.alterNextAnswer({ endpoint: "create", amount });
    const invoice = await meridian.createInvoice(input());
    expect(invoice).toMatchObject({ status: "pending", problems: [problem] });
    expect(invoice.amount).toBeUndefined();
    sim.controls.alterNextAnswer({ amount });
    expect((await meridian.getInvoice(invoice.providerId)).problems).toEqual([problem]);
    expect((await meridian.getInvoice(invoice.providerId)).problems).toBeUndefined();
  });

  it("never trusts a status read about another invoice than the one asked for", async () => {
    const invoice = await meridian.createInvoice(input());
    const other = { id: "cm-other", status: "paid", amount: "1500.5", currency: "RUB" };
    sim.controls.malformNext({ endpoint: "invoice", body: other });
    const read = await meridian.getInvoice(invoice.providerId);
    expect(read.amount).toBeUndefined();
    expect(read.problems).toEqual([`the answer is about "cm-other", not "${invoice.providerId}"`]);
  });

  it("flags a create answered with another amount than asked for", async () => {
    sim.controls.alterNextAnswer({ endpoint: "create", amount: "1400" });
    const invoice = await meridian.createInvoice(input());
    expect(invoice.problems).toEqual(['amount "1400" differs from the 150050 kopecks asked for']);
  });

  describe("notifications", () => {
    it("sends the invoice as the status read returns it, verified by the client's verifier", async () => {
      const invoice = await meridian.createInvoice(input());
      sim.controls.pay();
      await sim.webhooksIdle();
      const [received] = receiver.received;
      const read = await meridian.getInvoice(invoice.providerId);
      expect(JSON.parse(received!.body.toString())).toMatchObject({ id: read.providerId, status: "paid" });
      expect(notifications()[0]).toMatchObject({
        eventId: `${invoice.providerId}:paid:${read.updatedAt?.toISOString()}`,
        amount: { minor: 150_050, currency: "RUB" },
      });
      const other = createMeridianProvider(config({ notificationToken: "x".repeat(32) }), fastDeps());
      expect(() => other.verifyNotification(received!.body, received!.headers)).toThrow(
        expect.objectContaining({ reason: "bad_signature" }),
      );
    });

    it("loses the next notification when told: nothing sent, the delivery recorded as dropped", async () => {
      const invoice = await meridian.createInvoice(input());
      sim.controls.dropNextWebhook();
      sim.controls.pay({ id: invoice.providerId });
      await sim.webhooksIdle();
      expect(receiver.received).toHaveLength(0);
      expect(sim.state.deliveries.at(-1)).toMatchObject({ status: "dropped", url: receiver.url });
      expect((await meridian.getInvoice(invoice.providerId)).status).toBe("paid");
    });

    it("retries a notification the receiver refused, the same body and signature each time", async () => {
      await meridian.createInvoice(input());
      receiver.answerNext(500, 503);
      sim.controls.cancel();
      await sim.webhooksIdle();
      expect(receiver.received).toHaveLength(3);
      expect(new Set(receiver.received.map((r) => r.headers["x-signature"])).size).toBe(1);
      expect(sim.state.deliveries.at(-1)).toMatchObject({ status: "delivered", attempts: 3 });
    });

    it("signs in hex when told, which the verifier accepts as well", async () => {
      const hex = await startMeridianSimulator({
        apiKey: API_KEY,
        settleDelayMs: 20,
        signatureEncoding: "hex",
      });
      try {
        const client = createMeridianProvider(config({ apiUrl: hex.url }), fastDeps());
        await client.createInvoice(input());
        await new Promise((resolve) => setTimeout(resolve, 60));
        await hex.webhooksIdle();
        expect(String(receiver.received[0]?.headers["x-signature"])).toMatch(/^[0-9a-f]{64}$/);
        expect(notifications().map((x) => x.status)).toEqual(["paid"]);
      } finally {
        await hex.close();
      }
    });
  });
});
