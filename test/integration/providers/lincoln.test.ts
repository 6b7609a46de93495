import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createIpnSecret } from "../../../src/providers/lincoln/webhook.js";
import { createExchanger } from "../../../src/providers/registry.js";
import {
  ADDRESS,
  failure,
  KEY,
  type LincolnWorld,
  ROUTE_ARDOR,
  ROUTE_LUMO,
  startLincolnWorld,
} from "./lincoln-support.js";

const FORM = "application/x-www-form-urlencoded";
const VALID = new URLSearchParams({
  routeId: ROUTE_LUMO,
  partner: "qrpay",
  amount: "5000.00",
  "toValues[0][key]": "wallet",
  "toValues[0][value]": ADDRESS,
  agreement: "true",
}).toString();

describe("Lincoln client against the Lincoln simulator", () => {
  let world: LincolnWorld;

  beforeAll(async () => {
    world = await startLincolnWorld();
  });
  afterAll(() => world.close());
  afterEach(() => world.reset());

  it("gives each spend provider's route, and none for others", () => {
    expect([
      world.lincoln.routeFor("lumo"),
      world.lincoln.routeFor("ardor"),
      world.lincoln.routeFor("meridian"),
    ]).toEqual([ROUTE_LUMO, ROUTE_ARDOR, undefined]);
    expect(createExchanger({ lincoln: world.config })?.name).toBe("lincoln");
    expect(createExchanger({})).toBeUndefined();
  });

  it.each(["data", "top"] as const)(
    "creates an order answered %s: waitPayment, exact amounts, the payment page",
    async (shape) => {
      world.sim.controls.answerShape({ shape });
      const order = await world.create(500_000);
      expect(order).toEqual({
        provider: "lincoln",
        uid: expect.stringMatching(/^\d+$/),
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        secret: expect.stringMatching(/^[A-Za-z0-9]{24}$/),
        status: "waitPayment",
        providerStatus: "waitPayment",
        inAmount: { minor: 500_000, currency: "RUB" },
        // 5000 ₽ at 95.00 less 1 %: 52.105263… USDT, rounded down to the micro-unit.
        outAmount: { minor: 52_105_263, currency: "USDT" },
        paymentUrl: `https://www.lincoln.money/en/payment/${order.uid}/${order.secret}`,
      });
      const kept = world.sim.state.orders.get(order.uid);
      expect(kept).toMatchObject({
        partner: "qrpay",
        routeId: ROUTE_LUMO,
        inRubMinor: 500_000,
        toValuesKey: "wallet",
        toAddress: ADDRESS,
        lang: "en",
        hideOutData: true,
        clientCallbackUrl: "https://t.me/qr_pay_bot",
        ipnUrl: world.receiver.url,
        ipnSecret: world.secrets.get(order.id),
      });
      expect(await world.statusesOf(order)).toEqual(["waitPayment"]);
      expect(world.sim.state.requests.create).toBe(1);
    },
  );

  it("reads the status after every control, each change with one verified IPN", async () => {
    const order = await world.create();
    const read = async () => (await world.lincoln.getOrder(order.uid, order.secret)).status;
    expect(await read()).toBe("waitPayment");
    world.sim.controls.paid({ uid: order.uid });
    expect(await read()).toBe("inProgress");
    await world.sim.controls.payout({ uid: order.uid });
    expect(await read()).toBe("done");
    expect(await world.statusesOf(order)).toEqual(["waitPayment", "inProgress", "inProgressPayout", "done"]);
    const done = (await world.ipns()).at(-1)!;
    expect(done).toMatchObject({
      orderUid: order.uid,
      inAmount: "5000",
      outAmount: "52.105263",
      xmlTo: "USDTTRC20",
      inMoney: { minor: 500_000, currency: "RUB" },
      outMoney: { minor: 52_105_263, currency: "USDT" },
    });
    expect(done.eventId).toBe(`${order.id}:done:${done.timestamp}`);
    expect(() => world.lincoln.verifyIpn(world.receiver.accepted().at(-1)!.body, createIpnSecret())).toThrow(
      /bad_signature/,
    );
  });

  it.each(["errorPayment", "errorPayout", "hold", "returned", "deleted"] as const)(
    "reports a troubled order as %s",
    async (status) => {
      const order = await world.create();
      world.sim.controls.error({ uid: order.uid, status });
      expect((await world.lincoln.getOrder(order.uid, order.secret)).status).toBe(status);
      expect(await world.statusesOf(order)).toEqual(["waitPayment", status]);
    },
  );

  it("reports a status going backwards as the exchanger states it, and an unknown name as unknown", async () => {
    const order = await world.create();
    world.sim.controls.paid({ uid: order.uid });
    world.sim.controls.forceStatus({ uid: order.uid, status: "waitPayment" });
    expect((await world.lincoln.getOrder(order.uid, order.secret)).status).toBe("waitPayment");
    world.sim.controls.forceStatus({ uid: order.uid, status: "frozenByBank" });
    expect(await world.lincoln.getOrder(order.uid, order.secret)).toMatchObject({
      status: "unknown",
      providerStatus: "frozenByBank",
    });
    expect((await world.ipns()).at(-1)).toMatchObject({ newStatus: "frozenByBank", status: "unknown" });
  });

  it("marks an order paid, and marking it again changes nothing", async () => {
    const order = await world.create();
    expect(await world.lincoln.markPaid(order.uid, order.secret, "en")).toMatchObject({
      uid: order.uid,
      status: "inProgress",
      paymentUrl: order.paymentUrl,
    });
    expect((await world.lincoln.markPaid(order.uid, order.secret)).status).toBe("inProgress");
    expect(await world.statusesOf(order)).toEqual(["waitPayment", "inProgress"]);
    expect(world.sim.state.requests.paid).toBe(2);
  });

  it("reads the order after a mark-paid answered with a bare acknowledgement", async () => {
    const order = await world.create();
    world.sim.controls.malformNext({ endpoint: "paid", body: { success: true } });
    // The fault replaces the answer but skips the work: the order is still waitPayment when read.
    expect((await world.lincoln.markPaid(order.uid, order.secret)).status).toBe("waitPayment");
    expect(world.sim.state.requests.get).toBe(1);
  });

  it("refuses to mark paid an order in trouble: rejected", async () => {
    const order = await world.create();
    world.sim.controls.error({ uid: order.uid, status: "hold" });
    expect(await failure(world.lincoln.markPaid(order.uid, order.secret))).toMatchObject({
      kind: "rejected",
      status: 409,
    });
  });

  it("sends a lost IPN never, and does not retry one the bot refused", async () => {
    const order = await world.create();
    // The waitPayment IPN goes out after the world.create answer; let it land before arming the scenario.
    await world.sim.webhooksIdle();
    world.sim.controls.loseNextIpn();
    world.sim.controls.paid({ uid: order.uid });
    world.receiver.answerNext(500);
    await world.sim.controls.payout({ uid: order.uid });
    await world.sim.webhooksIdle();
    const mine = world.sim.state.ipns.filter((d) => d.eventId.startsWith(order.id));
    expect(mine.map((d) => [d.type, d.status, d.attempts])).toEqual([
      ["waitPayment", "delivered", 1],
      ["inProgress", "dropped", 0],
      ["inProgressPayout", "failed", 1],
      ["done", "delivered", 1],
    ]);
    expect(world.receiver.received.map((r) => world.lincoln.readIpn(r.body).newStatus)).toEqual([
      "waitPayment",
      "inProgressPayout",
      "done",
    ]);
    // The status is still there to be read: polling is how a lost IPN is caught up with.
    expect((await world.lincoln.getOrder(order.uid, order.secret)).status).toBe("done");
  });

  it("the simulator accepts the create form with only the fields it needs", async () => {
    const response = await fetch(`${world.sim.url}/public/exchanger/order/create`, {
      method: "POST",
      headers: { "content-type": FORM, "x-api-key": KEY },
      body: VALID,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true, data: { status: "waitPayment" } });
  });

  it.each([
    ["JSON instead of a form", JSON.stringify({ routeId: ROUTE_LUMO }), "application/json", 415],
    ["a field given twice", "agreement=true&agreement=false", FORM, 400],
    ["an unknown field", `${VALID}&fromValues[0][key]=x`, FORM, 400],
    ["agreement not given", VALID.replace("&agreement=true", ""), FORM, 400],
    [
      "an amount as a float artefact",
      VALID.replace("amount=5000.00", "amount=0.30000000000000004"),
      FORM,
      400,
    ],
  ])("the simulator refuses a create with %s", async (_, body, type, status) => {
    const response = await fetch(`${world.sim.url}/public/exchanger/order/create`, {
      method: "POST",
      headers: { "content-type": type, "x-api-key": KEY },
      body,
    });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ success: false, error: { code: "invalid_request" } });
  });

  it("runs controls over HTTP and never shows an IPN secret in the state", async () => {
    const order = await world.create();
    const response = await fetch(`${world.sim.url}/_sandbox/paid`, {
      method: "POST",
      body: JSON.stringify({ uid: order.uid }),
    });
    expect(await response.json()).toMatchObject({
      ok: true,
      result: { orderUID: Number(order.uid), status: "inProgress" },
    });
    const state = await (await fetch(`${world.sim.url}/_sandbox/state`)).text();
    expect(state).toContain(order.id);
    expect(state).not.toContain(world.secrets.get(order.id)!);
    const refused = await fetch(`${world.sim.url}/_sandbox/error`, {
      method: "POST",
      body: JSON.stringify({ status: "lost" }),
    });
    expect(refused.status).toBe(400);
  });
});
