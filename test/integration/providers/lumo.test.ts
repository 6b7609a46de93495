import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLumoProvider } from "../../../src/providers/lumo/client.js";
import type { Provider, ProviderError, ProviderEvent } from "../../../src/providers/types.js";
import { type LumoSimulator, startLumoSimulator } from "../../../src/sandbox/lumo/simulator.js";
import {
  fastDeps,
  LUMO_QR,
  manualClock,
  STATIC_QR,
  sbpLink,
  startWebhookReceiver,
  type WebhookReceiver,
} from "./support.js";

const API_KEY = "lumo-test-key-0123456789";
const SECRET = "lumo-webhook-secret-0123";
const START_USDT = 1_000_500_000;

describe("Lumo client against the Lumo simulator", () => {
  let sim: LumoSimulator;
  let receiver: WebhookReceiver;
  let lumo: Provider;
  let deps: ReturnType<typeof fastDeps>;
  const clock = manualClock();
  let n = 0;

  const reference = () => `order-${++n}`;
  const prepare = (qr = LUMO_QR) =>
    lumo.prepare({ qr, reference: reference(), idempotencyKey: `prepare-${n}` });
  const events = (): ProviderEvent[] => receiver.accepted().map((r) => lumo.verifyWebhook(r.body, r.headers));
  const paymentEvents = () =>
    events().flatMap((e) =>
      e.type === "payment" ? [{ id: e.payment.providerId, status: e.payment.providerStatus }] : [],
    );
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail("expected a ProviderError"),
      (error: ProviderError) => error,
    );

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sim = await startLumoSimulator({
      apiKey: API_KEY,
      webhookSecret: SECRET,
      webhookUrl: receiver.url,
      settleDelayMs: null,
      clock: clock.now,
      webhookRetry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    deps = fastDeps({ clock: clock.now });
    lumo = createLumoProvider({ apiUrl: sim.url, apiKey: API_KEY, webhookSecret: SECRET }, deps);
  });

  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  afterEach(async () => {
    await sim.webhooksIdle();
    sim.controls.clearFaults();
    sim.controls.setBalance({ usdtMicro: START_USDT });
    receiver.clear();
    deps.sleeps.length = 0;
    for (const key of Object.keys(sim.state.requests)) delete sim.state.requests[key];
  });

  it("reads USDT and TRX balances with the wallet address, and the address as deposit address", async () => {
    expect(await lumo.getBalances()).toEqual([
      {
        available: { minor: 1_000_500_000, currency: "USDT" },
        address: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE",
      },
      { available: { minor: 100_000_000, currency: "TRX" }, address: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE" },
    ]);
    expect(await lumo.getDepositAddress?.()).toEqual({
      address: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE",
      network: "TRON",
      asset: "USDT",
      balanceCurrency: "USDT",
    });
  });

  it("grows the USDT balance on a deposit, with no webhook (Lumo documents none)", async () => {
    expect(sim.controls.deposit({ amountUsdtMicro: 52_105_263 }).usdtMicro).toBe(START_USDT + 52_105_263);
    expect((await lumo.getBalances())[0]?.available).toEqual({
      minor: START_USDT + 52_105_263,
      currency: "USDT",
    });
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(0);
    expect(() => sim.controls.deposit({ amountUsdtMicro: 0 })).toThrow();
  });

  it("prepares a quote: the QR sum in rubles, USDT at the rate, 30 s to accept, the merchant", async () => {
    const quote = await prepare();
    expect(quote).toMatchObject({
      provider: "lumo",
      reference: `order-${n}`,
      merchantName: "ООО Кофейня",
      amount: { minor: 500_000, currency: "RUB" },
      total: { minor: 500_000, currency: "RUB" },
      debit: { minor: 52_630_000, currency: "USDT" },
      rate: "95.00",
      balanceSufficient: true,
    });
    expect(quote.expiresAt.getTime()).toBe(clock.now() + 30_000);
    expect(quote.providerId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("quotes a static QR without a sum at the default amount, and a controlled amount when told", async () => {
    expect((await prepare(STATIC_QR)).amount.minor).toBe(100_000);
    sim.controls.nextQuoteAmount({ amountMinor: 123_456 });
    expect((await prepare()).amount.minor).toBe(123_456);
    expect((await prepare()).amount.minor).toBe(500_000);
  });

  it("says when the balance does not cover a quote", async () => {
    sim.controls.setBalance({ usdtMicro: 1_000_000 });
    expect((await prepare()).balanceSufficient).toBe(false);
  });

  it("rejects a text that is not an SBP link as invalid_qr", async () => {
    const error = await failure(lumo.prepare({ qr: "hello", reference: "x", idempotencyKey: "k" }));
    expect(error).toMatchObject({
      kind: "invalid_qr",
      status: 400,
      code: "INVALID_QR_CODE",
      retryable: false,
    });
  });

  it("reports a fresh quote as quoted", async () => {
    const quote = await prepare();
    expect(await lumo.getPayment(quote.providerId)).toMatchObject({
      status: "quoted",
      providerStatus: "created",
    });
  });

  it("confirms: one accept request, USDT debited, processing, then succeeded with two signed webhooks", async () => {
    const quote = await prepare();
    const payment = await lumo.confirm({ id: quote.providerId, idempotencyKey: `confirm-${n}` });
    expect(payment).toMatchObject({
      status: "processing",
      providerStatus: "in_progress",
      debit: quote.debit,
    });
    expect(sim.state.requests.accept).toBe(1);
    expect(sim.state.balance.usdtMicro).toBe(START_USDT - 52_630_000);

    sim.controls.settle({ id: quote.providerId });
    await sim.webhooksIdle();
    const done = await lumo.getPayment(quote.providerId);
    expect(done).toMatchObject({
      status: "succeeded",
      providerStatus: "success",
      reference: quote.reference,
    });
    expect(done.completedAt).toBeInstanceOf(Date);
    expect(paymentEvents()).toEqual([
      { id: quote.providerId, status: "in_progress" },
      { id: quote.providerId, status: "success" },
    ]);
    const [processing, succeeded] = events();
    expect(processing?.eventId).not.toBe(succeeded?.eventId);
    expect(succeeded).toMatchObject({
      type: "payment",
      payment: { status: "succeeded", amount: quote.amount },
    });
  });

  it.each([
    ["failed", "failed"],
    ["expired_no_taker", "expired"],
    ["expired_by_system", "expired"],
  ] as const)("maps a payment ending %s to %s and returns the USDT", async (lumoStatus, status) => {
    const quote = await prepare();
    sim.controls.failNextPayment({ status: lumoStatus, reason: "Банк получателя недоступен" });
    await lumo.confirm({ id: quote.providerId, idempotencyKey: `confirm-${n}` });
    sim.controls.settle();
    await sim.webhooksIdle();
    expect(await lumo.getPayment(quote.providerId)).toMatchObject({
      status,
      providerStatus: lumoStatus,
      failureReason: "Банк получателя недоступен",
    });
    expect(sim.state.balance.usdtMicro).toBe(START_USDT);
    expect(events().at(-1)).toMatchObject({
      payment: { status, failureReason: "Банк получателя недоступен" },
    });
  });

  it("maps a dispute to disputed", async () => {
    const quote = await prepare();
    await lumo.confirm({ id: quote.providerId, idempotencyKey: `confirm-${n}` });
    sim.controls.settle();
    sim.controls.dispute({ id: quote.providerId });
    await sim.webhooksIdle();
    expect((await lumo.getPayment(quote.providerId)).status).toBe("disputed");
    expect(events().at(-1)).toMatchObject({ payment: { status: "disputed" } });
  });

  it("lets a quote lapse after 30 s: expired, and confirm answers quote_expired", async () => {
    const quote = await prepare();
    clock.advance(30_001);
    expect(await lumo.getPayment(quote.providerId)).toMatchObject({
      status: "expired",
      providerStatus: "expired_by_system",
    });
    const error = await failure(lumo.confirm({ id: quote.providerId, idempotencyKey: `confirm-${n}` }));
    expect(error).toMatchObject({ kind: "quote_expired", code: "QUOTE_EXPIRED" });
  });

  it("refuses to confirm without the USDT: insufficient_funds, nothing debited", async () => {
    const quote = await prepare();
    sim.controls.setBalance({ usdtMicro: 52_629_999 });
    const error = await failure(lumo.confirm({ id: quote.providerId, idempotencyKey: `confirm-${n}` }));
    expect(error).toMatchObject({ kind: "insufficient_funds", status: 400, retryable: false });
    expect(sim.state.balance.usdtMicro).toBe(52_629_999);
  });

  it("answers not_found for an unknown order", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    expect(await failure(lumo.getPayment(id))).toMatchObject({ kind: "not_found", status: 404 });
    expect(await failure(lumo.confirm({ id, idempotencyKey: "x" }))).toMatchObject({ kind: "not_found" });
  });

  it("replays a confirm with the same key and refuses the key for another order (conflict)", async () => {
    const quote = await prepare();
    const key = `confirm-${n}`;
    const first = await lumo.confirm({ id: quote.providerId, idempotencyKey: key });
    const again = await lumo.confirm({ id: quote.providerId, idempotencyKey: key });
    expect(again).toEqual(first);
    expect(sim.state.balance.usdtMicro).toBe(START_USDT - 52_630_000);

    const other = await prepare();
    const error = await failure(lumo.confirm({ id: other.providerId, idempotencyKey: key }));
    expect(error).toMatchObject({ kind: "conflict", status: 409, retryable: false });
  });

  it("survives a confirm whose answer never came: the retry with the same key gets the stored answer", async () => {
    const client = createLumoProvider(
      { apiUrl: sim.url, apiKey: API_KEY, webhookSecret: SECRET },
      fastDeps({ http: { timeoutMs: 200 } }),
    );
    const quote = await prepare();
    sim.controls.timeoutNext({ endpoint: "accept", hangMs: 5_000 });
    const payment = await client.confirm({ id: quote.providerId, idempotencyKey: `confirm-${n}` });
    expect(payment.status).toBe("processing");
    expect(sim.state.requests.accept).toBe(2);
    expect(sim.state.balance.usdtMicro).toBe(START_USDT - 52_630_000);
  });

  it("flags a wrong API key for admins and does not retry it", async () => {
    const client = createLumoProvider(
      { apiUrl: sim.url, apiKey: "wrong-key", webhookSecret: SECRET },
      fastDeps(),
    );
    const error = await failure(client.getBalances());
    expect(error).toMatchObject({
      kind: "unauthorized",
      status: 401,
      code: "INVALID_API_KEY",
      forAdmins: true,
    });
    expect(error.message).not.toContain("wrong-key");
    expect(sim.state.requests.balance).toBe(1);
  });

  it("retries 5xx for GET and for accept (it carries an Idempotency-Key)", async () => {
    sim.controls.failRequests({ endpoint: "balance", status: 503 });
    await lumo.getBalances();
    expect(sim.state.requests.balance).toBe(2);

    const quote = await prepare();
    sim.controls.failRequests({ endpoint: "accept", status: 500, times: 2 });
    expect((await lumo.confirm({ id: quote.providerId, idempotencyKey: `confirm-${n}` })).status).toBe(
      "processing",
    );
    expect(sim.state.requests.accept).toBe(3);
    expect(deps.sleeps).toHaveLength(3);
  });

  it("does not retry prepare, which has no Idempotency-Key at Lumo", async () => {
    sim.controls.failRequests({ endpoint: "prepare", status: 502 });
    const error = await failure(prepare());
    expect(error).toMatchObject({ kind: "unavailable", status: 502, retryable: true, attempts: 1 });
    expect(sim.state.requests.prepare).toBe(1);
  });

  it("gives up after the last attempt with the last error", async () => {
    sim.controls.failRequests({ endpoint: "order", status: 503, times: 5 });
    const error = await failure(lumo.getPayment("anything"));
    expect(error).toMatchObject({ kind: "unavailable", attempts: 3 });
    expect(sim.state.requests.order).toBe(3);
  });

  it("honours Retry-After on 429", async () => {
    sim.controls.failRequests({ endpoint: "balance", status: 429, retryAfterSeconds: 2 });
    await lumo.getBalances();
    expect(deps.sleeps).toEqual([2_000]);
  });

  it("times out a call that hangs, retrying a GET before giving up", async () => {
    const client = createLumoProvider(
      { apiUrl: sim.url, apiKey: API_KEY, webhookSecret: SECRET },
      fastDeps({ http: { timeoutMs: 150, maxAttempts: 2 } }),
    );
    sim.controls.timeoutNext({ endpoint: "balance", times: 2, hangMs: 5_000 });
    expect(await failure(client.getBalances())).toMatchObject({
      kind: "timeout",
      retryable: true,
      attempts: 2,
    });
    sim.controls.timeoutNext({ endpoint: "balance", hangMs: 5_000 });
    expect(await client.getBalances()).toHaveLength(2);
  });

  it.each([
    ["a body that is not JSON", "<html>502</html>"],
    ["more decimals than USDT has", { address: "T", usdtBalance: 52.6300001, trxBalance: 1 }],
    ["0.1 + 0.2 USDT", { address: "T", usdtBalance: 0.1 + 0.2, trxBalance: 1 }],
    ["a missing field", { address: "T", usdtBalance: 1 }],
  ])("turns %s into bad_response, without retrying", async (_, body) => {
    sim.controls.malformNext({ endpoint: "balance", body });
    const error = await failure(lumo.getBalances());
    expect(error).toMatchObject({ kind: "bad_response", status: 200, retryable: false });
    expect(sim.state.requests.balance).toBe(1);
  });

  it("rejects an unknown status and an amount with more decimals than RUB in an order", async () => {
    const quote = await prepare();
    const order = { id: quote.providerId, status: "in_progress", amountRub: 5000, amountUsdt: 52.63 };
    sim.controls.malformNext({ endpoint: "order", body: { ...order, status: "paid" } });
    expect((await failure(lumo.getPayment(quote.providerId))).kind).toBe("bad_response");
    sim.controls.malformNext({ endpoint: "order", body: { ...order, amountRub: 5000.005 } });
    const error = await failure(lumo.getPayment(quote.providerId));
    expect(error.message).toContain("amountRub");
  });

  it("reports a closed port as a network error after retrying the GET", async () => {
    const client = createLumoProvider(
      { apiUrl: "http://127.0.0.1:9", apiKey: API_KEY, webhookSecret: SECRET },
      fastDeps(),
    );
    expect(await failure(client.getBalances())).toMatchObject({
      kind: "network",
      attempts: 3,
      retryable: true,
    });
  });

  describe("webhook scenarios", () => {
    async function paidOrder() {
      const quote = await prepare();
      await lumo.confirm({ id: quote.providerId, idempotencyKey: `confirm-${n}` });
      sim.controls.settle({ id: quote.providerId });
      await sim.webhooksIdle();
      return quote;
    }

    it("drops a webhook when told", async () => {
      sim.controls.dropNextWebhook();
      await paidOrder();
      expect(paymentEvents().map((e) => e.status)).toEqual(["success"]);
      expect(sim.state.deliveries.at(-2)?.status).toBe("dropped");
    });

    it("duplicates a webhook with the same delivery id, so the bot can deduplicate", async () => {
      sim.controls.duplicateNextWebhook();
      await paidOrder();
      const [first, copy, last] = events();
      expect(first?.eventId).toBe(copy?.eventId);
      expect(first).toEqual(copy);
      expect(last?.eventId).not.toBe(first?.eventId);
    });

    it("delivers in_progress after success when told to reorder", async () => {
      sim.controls.reorderNextWebhooks();
      await paidOrder();
      expect(paymentEvents().map((e) => e.status)).toEqual(["success", "in_progress"]);
    });

    it("retries a webhook the receiver refused, with the same delivery id", async () => {
      receiver.answerNext(500, 503);
      await paidOrder();
      const ids = receiver.received.map((r) => r.headers["x-lumo-delivery-id"]);
      expect(ids.slice(0, 3)).toEqual([ids[0], ids[0], ids[0]]);
      expect(sim.state.deliveries.at(-2)).toMatchObject({
        status: "delivered",
        attempts: 3,
        responseStatus: 200,
      });
    });

    it("sends to a webhook URL set at run time, and none without one", async () => {
      sim.controls.setWebhookUrl({ url: null });
      await paidOrder();
      expect(receiver.received).toHaveLength(0);
      sim.controls.setWebhookUrl({ url: receiver.url });
      await paidOrder();
      expect(receiver.received).toHaveLength(2);
    });
  });

  it.each(["base64", "sha256=hex"] as const)("verifies webhooks signed as %s", async (signatureFormat) => {
    const other = await startLumoSimulator({
      apiKey: API_KEY,
      webhookSecret: SECRET,
      webhookUrl: receiver.url,
      settleDelayMs: null,
      signatureFormat,
    });
    try {
      const client = createLumoProvider(
        { apiUrl: other.url, apiKey: API_KEY, webhookSecret: SECRET },
        fastDeps(),
      );
      const quote = await client.prepare({ qr: sbpLink(10_000), reference: "sig", idempotencyKey: "p" });
      await client.confirm({ id: quote.providerId, idempotencyKey: "c" });
      other.controls.settle();
      await other.webhooksIdle();
      const header = String(receiver.received[0]?.headers["x-lumo-signature"]);
      expect(signatureFormat === "base64" ? header.endsWith("=") : header.startsWith("sha256=")).toBe(true);
      expect(events().map((e) => e.type === "payment" && e.payment.status)).toEqual([
        "processing",
        "succeeded",
      ]);
    } finally {
      await other.close();
    }
  });
});
