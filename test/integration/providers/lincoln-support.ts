import { expect } from "vitest";
import type { ExchangeOrder, Exchanger } from "../../../src/providers/exchange.js";
import { createLincolnExchanger, LINCOLN_PATHS } from "../../../src/providers/lincoln/client.js";
import type { LincolnConfig } from "../../../src/providers/lincoln/descriptor.js";
import { createIpnSecret } from "../../../src/providers/lincoln/webhook.js";
import type { ProviderError } from "../../../src/providers/types.js";
import { startLincolnSimulator } from "../../../src/sandbox/lincoln/simulator.js";
import { fastDeps, startWebhookReceiver } from "./support.js";

export const KEY = "lincoln-api-key-0123456789";
export const ROUTE_LUMO = "65f0c0ffee0000000000a001";
export const ROUTE_ARDOR = "65f0c0ffee0000000000a002";
export const ADDRESS = "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE";

export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected a ProviderError"),
    (error: ProviderError) => error,
  );

/** A Lincoln simulator (auth on, payouts by hand), an IPN receiver and a client against them. */
export async function startLincolnWorld() {
  const receiver = await startWebhookReceiver();
  const sim = await startLincolnSimulator({
    apiKey: KEY,
    partner: "qrpay",
    routes: { [ROUTE_LUMO]: { xmlTo: "USDTTRC20" }, [ROUTE_ARDOR]: { xmlTo: "USDTTON" } },
    payoutDelayMs: null,
  });
  const deps = fastDeps();
  const config: LincolnConfig = {
    apiUrl: sim.url,
    partner: "qrpay",
    apiKey: KEY,
    authHeader: "x-api-key",
    routes: { lumo: ROUTE_LUMO, ardor: ROUTE_ARDOR },
    paymentPageUrl: "https://www.lincoln.money",
    toValuesKey: "wallet",
    paths: LINCOLN_PATHS,
  };
  const lincoln = createLincolnExchanger(config, deps);
  /** The IPN secret of each order created, by order id, as the bot would store it. */
  const secrets = new Map<string, string>();

  const create = async (minor = 500_000, client: Exchanger = lincoln) => {
    const ipnSecret = createIpnSecret();
    const order = await client.createOrder({
      routeId: ROUTE_LUMO,
      amount: { minor, currency: "RUB" },
      toAddress: ADDRESS,
      lang: "en",
      ipnUrl: receiver.url,
      ipnSecret,
      clientCallbackUrl: "https://t.me/qr_pay_bot",
    });
    secrets.set(order.id, ipnSecret);
    return order;
  };
  /** Every IPN the bot accepted, verified with the secret of the order it names. */
  const ipns = async () => {
    await sim.webhooksIdle();
    return receiver.accepted().map(({ body }) => {
      const { orderId } = lincoln.readIpn(body);
      return lincoln.verifyIpn(body, secrets.get(orderId) ?? "?");
    });
  };
  const statusesOf = async (order: ExchangeOrder) =>
    (await ipns()).filter((i) => i.orderId === order.id).map((i) => i.status);

  return {
    sim,
    receiver,
    lincoln,
    config,
    deps,
    secrets,
    create,
    ipns,
    statusesOf,
    async reset() {
      await sim.webhooksIdle();
      sim.controls.clearFaults();
      sim.controls.answerShape({ shape: "data" });
      receiver.clear();
      for (const key of Object.keys(sim.state.requests)) delete sim.state.requests[key];
    },
    async close() {
      await sim.close();
      await receiver.close();
    },
  };
}

export type LincolnWorld = Awaited<ReturnType<typeof startLincolnWorld>>;
