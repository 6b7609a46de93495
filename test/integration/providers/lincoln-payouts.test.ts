import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createArdorProvider } from "../../../src/providers/ardor/client.js";
import type { Exchanger } from "../../../src/providers/exchange.js";
import { createLincolnExchanger, LINCOLN_PATHS } from "../../../src/providers/lincoln/client.js";
import { createIpnSecret } from "../../../src/providers/lincoln/webhook.js";
import { createLumoProvider } from "../../../src/providers/lumo/client.js";
import type { Provider } from "../../../src/providers/types.js";
import { type ArdorSimulator, startArdorSimulator } from "../../../src/sandbox/ardor/simulator.js";
import { ardorTarget, lumoTarget, payoutToSimulators } from "../../../src/sandbox/lincoln/deposits.js";
import { type LincolnSimulator, startLincolnSimulator } from "../../../src/sandbox/lincoln/simulator.js";
import { type LumoSimulator, startLumoSimulator } from "../../../src/sandbox/lumo/simulator.js";
import { fastDeps, startWebhookReceiver, type WebhookReceiver } from "./support.js";

const ROUTE_LUMO = "65f0c0ffee0000000000b001";
const ROUTE_ARDOR = "65f0c0ffee0000000000b002";
const ARDOR_KEY = "sk_test_payouts_0123456789";
const ARDOR_SECRET = "ardor-webhook-secret-0123";

describe("Lincoln payouts reach the provider simulators", () => {
  let lincolnSim: LincolnSimulator;
  let lumoSim: LumoSimulator;
  let ardorSim: ArdorSimulator;
  let receiver: WebhookReceiver;
  let lincoln: Exchanger;
  let lumo: Provider;
  let ardor: Provider;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    [lumoSim, ardorSim] = await Promise.all([
      startLumoSimulator({
        apiKey: "lumo-key-0123456789",
        webhookSecret: "lumo-secret-0123",
        settleDelayMs: null,
      }),
      startArdorSimulator({
        apiKey: ARDOR_KEY,
        webhookSecret: ARDOR_SECRET,
        webhookUrl: receiver.url,
        settleDelayMs: 0,
        rateRubPerUsdt: "95.00",
        depositFeeBps: 150,
      }),
    ]);
    lincolnSim = await startLincolnSimulator({
      // Paid out shortly after the company marks the order paid, as a real exchanger would.
      payoutDelayMs: 20,
      onPayout: payoutToSimulators([lumoTarget(lumoSim), ardorTarget(ardorSim)]),
    });
    lincoln = createLincolnExchanger(
      {
        apiUrl: lincolnSim.url,
        partner: "qrpay",
        apiKey: undefined,
        authHeader: "x-api-key",
        routes: { lumo: ROUTE_LUMO, ardor: ROUTE_ARDOR },
        paymentPageUrl: "https://www.lincoln.money",
        toValuesKey: "wallet",
        paths: LINCOLN_PATHS,
      },
      fastDeps(),
    );
    lumo = createLumoProvider(
      { apiUrl: lumoSim.url, apiKey: "lumo-key-0123456789", webhookSecret: "lumo-secret-0123" },
      fastDeps(),
    );
    ardor = createArdorProvider(
      { apiUrl: ardorSim.url, apiKey: ARDOR_KEY, webhookSecret: ARDOR_SECRET },
      fastDeps(),
    );
  });

  afterAll(async () => {
    await Promise.all([lincolnSim.close(), lumoSim.close(), ardorSim.close()]);
    await receiver.close();
  });

  /** Creates an order to `provider`'s deposit address, marks it paid and waits until it is done. */
  async function topUp(provider: Provider, rubMinor: number) {
    const { address } = await provider.getDepositAddress!();
    const order = await lincoln.createOrder({
      routeId: lincoln.routeFor(provider.name)!,
      amount: { minor: rubMinor, currency: "RUB" },
      toAddress: address,
      lang: "ru",
      ipnUrl: "http://127.0.0.1:9/nobody-listens",
      ipnSecret: createIpnSecret(),
      clientCallbackUrl: "https://t.me/qr_pay_bot",
    });
    await lincoln.markPaid(order.uid, order.secret);
    await vi.waitFor(
      async () => expect((await lincoln.getOrder(order.uid, order.secret)).status).toBe("done"),
      {
        timeout: 5_000,
        interval: 20,
      },
    );
    await vi.waitFor(() => expect(lincolnSim.state.orders.get(order.uid)?.payout).toBeDefined());
    return { order, payout: lincolnSim.state.orders.get(order.uid)?.payout };
  }

  it("grows Lumo's USDT balance by the order's outAmount", async () => {
    const before = (await lumo.getBalances())[0]!.available.minor;
    const { order, payout } = await topUp(lumo, 500_000);
    expect(payout).toEqual({ status: "sent" });
    expect(order.outAmount).toEqual({ minor: 52_105_263, currency: "USDT" });
    expect((await lumo.getBalances())[0]!.available.minor).toBe(before + 52_105_263);
  });

  it("makes ArdorQR credit rubles with a signed deposit.credited webhook", async () => {
    const { order, payout } = await topUp(ardor, 1_000_000);
    expect(payout).toEqual({ status: "sent" });
    const usdt = order.outAmount!.minor;
    await vi.waitFor(async () => {
      await ardorSim.webhooksIdle();
      const credited = receiver
        .accepted()
        .map((r) => ardor.verifyWebhook(r.body, r.headers))
        .find((e) => e.type === "deposit" && e.deposit.status === "credited");
      expect(credited).toMatchObject({
        type: "deposit",
        deposit: { amount: { minor: usdt, currency: "USDT" }, credited: { currency: "RUB" } },
      });
    });
    expect(ardorSim.state.deposits.at(-1)?.amountUsdtMicro).toBe(usdt);
  });

  it("records a payout to an address no simulator owns as failed; the order is done all the same", async () => {
    const stranger = {
      ...lumo,
      getDepositAddress: async () => ({ ...(await lumo.getDepositAddress!()), address: "Tnobody" }),
    };
    const { payout } = await topUp(stranger, 500_000);
    expect(payout).toEqual({ status: "failed", error: "no simulator owns Tnobody" });
  });
});
