import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ardorMode, createArdorProvider } from "../../../src/providers/ardor/client.js";
import type { Provider, ProviderError, ProviderEvent } from "../../../src/providers/types.js";
import { type ArdorSimulator, startArdorSimulator } from "../../../src/sandbox/ardor/simulator.js";
import { fastDeps, manualClock, sbpLink, startWebhookReceiver, type WebhookReceiver } from "./support.js";

const API_KEY = "sk_test_a1b2c3d4_abcdefghijklmnopqrstuvwx";
const SECRET = "ardor-webhook-secret-0123";
const START_BALANCE = 1_000_000;
const GOST =
  "ST00012|Name=ООО Лютик|PersonalAcc=40702810000000000001|BankName=ПАО Банк|BIC=044525000|Sum=25050";

describe("ArdorQR client against the ArdorQR simulator", () => {
  let sim: ArdorSimulator;
  let receiver: WebhookReceiver;
  let ardor: Provider;
  let deps: ReturnType<typeof fastDeps>;
  const clock = manualClock();
  let n = 0;

  const client = (apiKey = API_KEY, extra = {}) =>
    createArdorProvider(
      { apiUrl: sim.url, apiKey, webhookSecret: SECRET },
      fastDeps({ clock: clock.now, ...extra }),
    );
  const prepare = (qr = sbpLink(125_000)) =>
    ardor.prepare({ qr, reference: `order-${++n}`, idempotencyKey: `prepare-${n}` });
  const confirm = (id: string) => ardor.confirm({ id, idempotencyKey: `confirm-${id}` });
  const events = (provider = ardor): ProviderEvent[] =>
    receiver.accepted().map((r) => provider.verifyWebhook(r.body, r.headers));
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail("expected a ProviderError"),
      (error: ProviderError) => error,
    );

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sim = await startArdorSimulator({
      apiKey: API_KEY,
      webhookSecret: SECRET,
      webhookUrl: receiver.url,
      settleDelayMs: null,
      paymentFeeBps: 100,
      balanceMinor: START_BALANCE,
      clock: clock.now,
      webhookRetry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    deps = fastDeps({ clock: clock.now });
    ardor = createArdorProvider({ apiUrl: sim.url, apiKey: API_KEY, webhookSecret: SECRET }, deps);
  });

  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  afterEach(async () => {
    await sim.webhooksIdle();
    sim.controls.clearFaults();
    sim.controls.setBalance({ balanceMinor: START_BALANCE });
    receiver.clear();
    deps.sleeps.length = 0;
    for (const key of Object.keys(sim.state.requests)) delete sim.state.requests[key];
  });

  it("knows test from live keys by their prefix", () => {
    expect(ardor.mode).toBe("test");
    expect(ardorMode("sk_live_abc_def")).toBe("live");
  });

  it("reads the ruble balance in kopecks", async () => {
    expect(await ardor.getBalances()).toEqual([{ available: { minor: START_BALANCE, currency: "RUB" } }]);
  });

  it("prepares a payment: amount, fee, total, merchant and bank, expiry; nothing debited", async () => {
    const quote = await prepare();
    expect(quote).toMatchObject({
      provider: "ardor",
      reference: `order-${n}`,
      merchantName: "ООО Ромашка",
      merchantBank: "Сбербанк",
      amount: { minor: 125_000, currency: "RUB" },
      fee: { minor: 1_250, currency: "RUB" },
      total: { minor: 126_250, currency: "RUB" },
      debit: { minor: 126_250, currency: "RUB" },
    });
    expect(quote.expiresAt.getTime()).toBe(clock.now() + 10 * 60_000);
    expect(quote.balanceSufficient).toBeUndefined();
    expect(sim.state.balanceMinor).toBe(START_BALANCE);
    expect(await ardor.getPayment(quote.providerId)).toMatchObject({
      status: "quoted",
      providerStatus: "resolved",
    });
  });

  it("reads a GOST payment code too, and controls the next amount", async () => {
    expect(await prepare(GOST)).toMatchObject({ amount: { minor: 25_050 }, merchantName: "ООО Лютик" });
    sim.controls.nextQuoteAmount({ amountMinor: 99_900 });
    expect((await prepare()).amount.minor).toBe(99_900);
  });

  it("answers invalid_qr for a text that is no payment code", async () => {
    const error = await failure(prepare("not a qr"));
    expect(error).toMatchObject({ kind: "invalid_qr", status: 422, code: "invalid_qr" });
  });

  it("replays a prepare with the same key and body, and refuses the key with another body", async () => {
    const input = { qr: sbpLink(10_000), reference: "same", idempotencyKey: "prepare-same" };
    const first = await ardor.prepare(input);
    expect(await ardor.prepare(input)).toEqual(first);
    expect(sim.state.payments.has(first.providerId)).toBe(true);
    expect([...sim.state.payments.values()].filter((p) => p.reference === "same")).toHaveLength(1);
    const error = await failure(ardor.prepare({ ...input, reference: "other" }));
    expect(error).toMatchObject({ kind: "conflict", status: 422, code: "idempotency_key_reused" });
  });

  it("confirms: total debited once, processing, then completed; webhooks verified", async () => {
    const quote = await prepare();
    expect(await confirm(quote.providerId)).toMatchObject({
      status: "processing",
      providerStatus: "confirming",
    });
    expect(await confirm(quote.providerId)).toMatchObject({ status: "processing" });
    expect(sim.state.requests["payments.confirm"]).toBe(2);
    expect(sim.state.balanceMinor).toBe(START_BALANCE - 126_250);

    sim.controls.settle({ id: quote.providerId });
    await sim.webhooksIdle();
    expect(await ardor.getPayment(quote.providerId)).toMatchObject({
      status: "succeeded",
      providerStatus: "completed",
    });
    expect(events().map((e) => e.type === "payment" && [e.payment.providerId, e.payment.status])).toEqual([
      [quote.providerId, "processing"],
      [quote.providerId, "succeeded"],
    ]);
    const ledger = await ardor.getLedger?.({ limit: 1 });
    expect(ledger?.entries[0]).toMatchObject({
      type: "payment",
      amount: { minor: -126_250 },
      paymentId: quote.providerId,
    });
  });

  it("fails a payment with its reason and returns the money", async () => {
    const quote = await prepare();
    sim.controls.failNextPayment({ reason: "Получатель не найден" });
    await confirm(quote.providerId);
    sim.controls.settle();
    await sim.webhooksIdle();
    expect(await ardor.getPayment(quote.providerId)).toMatchObject({
      status: "failed",
      failureReason: "Получатель не найден",
    });
    expect(sim.state.balanceMinor).toBe(START_BALANCE);
    expect(events().at(-1)).toMatchObject({
      type: "payment",
      payment: { status: "failed", providerStatus: "payment.failed", failureReason: "Получатель не найден" },
    });
  });

  it("treats a resolved payment past its expiry as expired; confirm answers quote_expired", async () => {
    const quote = await prepare();
    clock.advance(10 * 60_000 + 1);
    expect(await ardor.getPayment(quote.providerId)).toMatchObject({
      status: "expired",
      providerStatus: "resolved",
    });
    const error = await failure(confirm(quote.providerId));
    expect(error).toMatchObject({ kind: "quote_expired", status: 409, code: "payment_expired" });
  });

  it("refuses a payment the balance does not cover: insufficient_funds", async () => {
    const quote = await prepare();
    sim.controls.setBalance({ balanceMinor: 126_249 });
    const error = await failure(confirm(quote.providerId));
    expect(error).toMatchObject({ kind: "insufficient_funds", status: 402, code: "insufficient_funds" });
    expect(error.providerMessage).toBe("Недостаточно средств");
  });

  it("answers not_found for an unknown payment and rejected for a second confirm with another key", async () => {
    expect(await failure(ardor.getPayment("00000000-0000-4000-8000-000000000000"))).toMatchObject({
      kind: "not_found",
    });
    const quote = await prepare();
    await confirm(quote.providerId);
    const error = await failure(ardor.confirm({ id: quote.providerId, idempotencyKey: "another-key" }));
    expect(error).toMatchObject({ kind: "rejected", status: 409, code: "invalid_state" });
  });

  it("gets the stored answer when a confirm timed out and was retried with its key", async () => {
    const quote = await prepare();
    sim.controls.timeoutNext({ endpoint: "payments.confirm", hangMs: 5_000 });
    const payment = await client(API_KEY, { http: { timeoutMs: 200 } }).confirm({
      id: quote.providerId,
      idempotencyKey: "timeout-key",
    });
    expect(payment.status).toBe("processing");
    expect(sim.state.requests["payments.confirm"]).toBe(2);
    expect(sim.state.balanceMinor).toBe(START_BALANCE - 126_250);
  });

  it("flags an unknown key for admins", async () => {
    const error = await failure(client("sk_test_nope_nope").getBalances());
    expect(error).toMatchObject({ kind: "unauthorized", status: 401, code: "unauthorized", forAdmins: true });
  });

  it("retries 5xx on GET and on a POST with an Idempotency-Key", async () => {
    sim.controls.failRequests({ endpoint: "balance" });
    await ardor.getBalances();
    expect(sim.state.requests.balance).toBe(2);

    sim.controls.failRequests({ endpoint: "payments.create", status: 500 });
    await prepare();
    expect(sim.state.requests["payments.create"]).toBe(2);
  });

  it("honours Retry-After, and hands a too-long one to the caller instead of waiting", async () => {
    sim.controls.failRequests({ endpoint: "balance", status: 429, retryAfterSeconds: 1 });
    await ardor.getBalances();
    expect(deps.sleeps).toEqual([1_000]);

    sim.controls.failRequests({ endpoint: "balance", status: 429, retryAfterSeconds: 3_600 });
    const error = await failure(ardor.getBalances());
    expect(error).toMatchObject({ kind: "rate_limited", retryAfterMs: 3_600_000, retryable: true });
  });

  it.each([
    ["kopecks that are not whole", { merchantId: "m", balanceMinor: 12.5, currency: "RUB" }],
    ["another currency", { merchantId: "m", balanceMinor: 100, currency: "USD" }],
    ["a negative balance", { merchantId: "m", balanceMinor: -1, currency: "RUB" }],
  ])("turns %s into bad_response", async (_, body) => {
    sim.controls.malformNext({ endpoint: "balance", body });
    expect(await failure(ardor.getBalances())).toMatchObject({ kind: "bad_response", retryable: false });
  });

  it("turns an unknown payment status into bad_response", async () => {
    const quote = await prepare();
    sim.controls.malformNext({
      endpoint: "payments.get",
      body: { id: quote.providerId, status: "refunded", totalMinor: 1, currency: "RUB" },
    });
    expect((await failure(ardor.getPayment(quote.providerId))).kind).toBe("bad_response");
  });

  describe("deposits", () => {
    it("gives the TON deposit address with its minimum in USDT micro-units", async () => {
      expect(await ardor.getDepositAddress?.()).toMatchObject({
        network: "TON",
        asset: "USDT",
        minAmount: { minor: 500_000, currency: "USDT" },
        feeBps: 150,
      });
    });

    it("emits deposit.pending then deposit.credited, credits rubles minus the fee, lists the deposit", async () => {
      const deposit = sim.controls.deposit({ amountUsdtMicro: 100_000_000 });
      await sim.webhooksIdle();
      sim.controls.settle({ id: deposit.id });
      await sim.webhooksIdle();
      const credited = 935_750; // 100 USDT × 95.00 ₽ − 1.5 %
      expect(
        events().map((e) => e.type === "deposit" && [e.deposit.status, e.deposit.credited?.minor]),
      ).toEqual([
        ["pending", undefined],
        ["credited", credited],
      ]);
      expect(sim.state.balanceMinor).toBe(START_BALANCE + credited);
      const [listed] = (await ardor.listDeposits?.({ limit: 1 })) ?? [];
      expect(listed).toMatchObject({
        providerId: deposit.id,
        status: "credited",
        amount: { minor: 100_000_000, currency: "USDT" },
        credited: { minor: credited, currency: "RUB" },
        network: "TON",
      });
    });
  });

  it("pages the ledger with the before cursor", async () => {
    for (let i = 0; i < 3; i++) await confirm((await prepare()).providerId);
    const first = await ardor.getLedger!({ limit: 2 });
    expect(first.entries).toHaveLength(2);
    expect(first.nextBefore).toEqual(first.entries[1]?.createdAt);
    const second = await ardor.getLedger!({ limit: 2, before: first.nextBefore });
    expect(second.entries[0]?.createdAt.getTime()).toBeLessThan(first.entries[1]!.createdAt.getTime());
    const all = sim.state.ledger.map((o) => o.id).reverse();
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual(all.slice(0, 4));
    await expect(ardor.getLedger!({ limit: 101 })).rejects.toThrow(RangeError);
  });

  describe("webhook settings (made in the provider's dashboard; the simulator has them too)", () => {
    const settings = async (body: Record<string, unknown>) => {
      const res = await fetch(`${sim.url}/v1/webhooks`, {
        method: "PUT",
        headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { secret?: string };
    };
    const deliveries = async () => {
      const res = await fetch(`${sim.url}/v1/webhooks/deliveries?limit=1`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      return ((await res.json()) as { deliveries: Array<Record<string, unknown>> }).deliveries;
    };

    it("returns the secret on the first setting only, a new one on rotation, and signs with both meanwhile", async () => {
      const first = await settings({ url: receiver.url });
      expect(first.secret).toBe(SECRET);
      expect((await settings({ url: receiver.url, enabled: true })).secret).toBeUndefined();
      const rotated = await settings({ url: receiver.url, rotateSecret: true });
      expect(rotated.secret).toMatch(/^whsec_/);

      const quote = await prepare();
      await confirm(quote.providerId);
      await sim.webhooksIdle();
      const [hook] = receiver.received;
      expect(String(hook?.headers["x-ardor-signature"]).match(/v1=/g)).toHaveLength(2);
      const withNewSecret = createArdorProvider(
        { apiUrl: sim.url, apiKey: API_KEY, webhookSecret: rotated.secret! },
        { clock: clock.now },
      );
      expect(events(withNewSecret)).toHaveLength(1);
      expect(events(ardor)).toHaveLength(1);
    });

    it("sends nothing while disabled, and logs deliveries with their outcome", async () => {
      await settings({ url: receiver.url, enabled: false });
      const quote = await prepare();
      await confirm(quote.providerId);
      await sim.webhooksIdle();
      expect(receiver.received).toHaveLength(0);

      await settings({ url: receiver.url, enabled: true });
      receiver.answerNext(500);
      sim.controls.settle({ id: quote.providerId });
      await sim.webhooksIdle();
      const [latest] = await deliveries();
      expect(latest).toMatchObject({
        type: "payment.completed",
        status: "delivered",
        attempts: 2,
        responseStatus: 200,
      });
    });

    it("shows a lost webhook as failed in the delivery log", async () => {
      sim.controls.dropNextWebhook();
      sim.controls.deposit({ amountUsdtMicro: 1_000_000 });
      await sim.webhooksIdle();
      expect((await deliveries())[0]).toMatchObject({
        type: "deposit.pending",
        status: "failed",
      });
      expect(receiver.received).toHaveLength(0);
    });
  });

  describe("webhook scenarios", () => {
    async function completedPayment() {
      const quote = await prepare();
      await confirm(quote.providerId);
      sim.controls.settle({ id: quote.providerId });
      await sim.webhooksIdle();
    }

    it("delivers payment.processing after payment.completed when told to reorder", async () => {
      sim.controls.reorderNextWebhooks();
      await completedPayment();
      expect(events().map((e) => e.type === "payment" && e.payment.providerStatus)).toEqual([
        "payment.completed",
        "payment.processing",
      ]);
    });

    it("duplicates an event with the same id", async () => {
      sim.controls.duplicateNextWebhook();
      await completedPayment();
      const ids = events().map((e) => e.eventId);
      expect(ids).toHaveLength(3);
      expect(ids[0]).toBe(ids[1]);
      expect(ids[2]).not.toBe(ids[0]);
    });

    it("signs with the simulator's clock: a webhook from 10 minutes ago is stale", async () => {
      const quote = await prepare();
      await confirm(quote.providerId);
      await sim.webhooksIdle();
      const late = createArdorProvider(
        { apiUrl: sim.url, apiKey: API_KEY, webhookSecret: SECRET },
        { clock: () => clock.now() + 10 * 60_000 },
      );
      expect(() => events(late)).toThrow(expect.objectContaining({ reason: "stale_timestamp" }));
    });
  });
});
