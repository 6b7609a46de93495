import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLincolnExchanger } from "../../../src/providers/lincoln/client.js";
import { failure, KEY, type LincolnWorld, startLincolnWorld } from "./lincoln-support.js";
import { capturingLogger, fastDeps } from "./support.js";

describe("Lincoln client when things go wrong", () => {
  let world: LincolnWorld;

  beforeAll(async () => {
    world = await startLincolnWorld();
  });
  afterAll(() => world.close());
  afterEach(() => world.reset());

  it("maps a wrong API key to unauthorized, for admins, without retrying", async () => {
    const wrong = createLincolnExchanger({ ...world.config, apiKey: "wrong-key-0123456789" }, world.deps);
    const order = await world.create();
    const error = await failure(wrong.getOrder(order.uid, order.secret));
    expect(error).toMatchObject({ kind: "unauthorized", status: 401, forAdmins: true, attempts: 1 });
    const none = createLincolnExchanger({ ...world.config, apiKey: undefined }, world.deps);
    expect((await failure(none.getOrder(order.uid, order.secret))).kind).toBe("unauthorized");
  });

  it("answers not_found for a wrong order secret", async () => {
    const order = await world.create();
    expect((await failure(world.lincoln.getOrder(order.uid, "not-the-secret"))).kind).toBe("not_found");
  });

  it("never retries create (a repeat would be a second order); retries a status read", async () => {
    world.sim.controls.failRequests({ endpoint: "create", status: 503 });
    expect(await failure(world.create())).toMatchObject({ kind: "unavailable", attempts: 1 });
    expect(world.sim.state.requests.create).toBe(1);
    const order = await world.create();
    world.sim.controls.failRequests({ endpoint: "get", status: 502, times: 2 });
    expect((await world.lincoln.getOrder(order.uid, order.secret)).status).toBe("waitPayment");
    expect(world.sim.state.requests.get).toBe(3);
  });

  it("times out a create whose answer never comes (the order may exist: the caller must look)", async () => {
    const slow = createLincolnExchanger(world.config, fastDeps({ http: { timeoutMs: 200 } }));
    const before = world.sim.state.orders.size;
    world.sim.controls.timeoutNext({ endpoint: "create", hangMs: 1_000 });
    expect(await failure(world.create(500_000, slow))).toMatchObject({ kind: "timeout", attempts: 1 });
    expect(world.sim.state.orders.size).toBe(before + 1);
  });

  it("refuses what the exchanger refuses, also inside a 200 with success: false", async () => {
    expect(await failure(world.create(9_999))).toMatchObject({
      kind: "rejected",
      status: 400,
      code: "invalid_request",
    });
    const other = createLincolnExchanger({ ...world.config, toValuesKey: "address" }, world.deps);
    expect((await failure(world.create(500_000, other))).providerMessage).toMatch(
      /toValues isn't valid: wallet/,
    );
    world.sim.controls.malformNext({
      endpoint: "create",
      body: { success: false, error: { errorType: "api", message: `refused ${KEY}` } },
    });
    expect(await failure(world.create())).toMatchObject({
      kind: "rejected",
      status: 200,
      code: "api",
      providerMessage: "refused [REDACTED]",
    });
  });

  it.each([
    ["an amount with a third decimal of kopecks", { inAmount: 5000.001 }],
    ["USDT beyond micro-units", { outAmount: "52.1052631" }],
    ["no order secret", { secret: undefined }],
  ])("treats a create answer with %s as bad_response", async (_, change) => {
    const answer = {
      orderUID: 1,
      orderId: "65f0c0ffee0000000000beef",
      secret: "s",
      status: "waitPayment",
      inAmount: 5000,
      outAmount: 52.1,
      ...change,
    };
    world.sim.controls.malformNext({ endpoint: "create", body: { success: true, data: answer } });
    expect((await failure(world.create())).kind).toBe("bad_response");
  });

  it("treats an answer about another order as bad_response", async () => {
    const [a, b] = [await world.create(), await world.create()];
    world.sim.controls.malformNext({
      endpoint: "get",
      body: { success: true, data: { orderUID: Number(b.uid), orderId: b.id, status: "done" } },
    });
    expect((await failure(world.lincoln.getOrder(a.uid, a.secret))).kind).toBe("bad_response");
  });

  it("keeps the IPN secret and the order secret out of debug logs", async () => {
    const { logger, lines } = capturingLogger();
    const logged = createLincolnExchanger(world.config, fastDeps({ logger }));
    const order = await world.create(500_000, logged);
    await logged.getOrder(order.uid, order.secret);
    await logged.markPaid(order.uid, order.secret);
    const text = lines.join("");
    expect(text).toContain("provider response");
    for (const secret of [world.secrets.get(order.id)!, order.secret, KEY])
      expect(text).not.toContain(secret);
  });
});
