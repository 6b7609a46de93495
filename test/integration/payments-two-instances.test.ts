import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTimerLoop } from "../../src/lifecycle/timer-loop.js";
import { createLogger } from "../../src/logger.js";
import { type PaymentObserver, PaymentService } from "../../src/payments/service.js";
import type { PaymentRecord } from "../../src/payments/types.js";
import { createProviders } from "../../src/providers/registry.js";
import { type LumoSimulator, startLumoSimulator } from "../../src/sandbox/lumo/simulator.js";
import { createRedisStores } from "../../src/store/redis/index.js";
import { deleteByPrefix, REDIS_URL, uniquePrefix } from "../support/redis.js";
import { waitUntil } from "../support/telegram.js";
import { sbpLink } from "../support/world.js";

const logger = createLogger({ level: "silent", format: "json", secrets: [] });

/** One bot instance's payment machinery, with its own Redis connection to the shared prefix. */
async function instance(prefix: string, sim: LumoSimulator, finalized: string[]) {
  const stores = await createRedisStores<PaymentRecord>({
    url: REDIS_URL,
    prefix,
    sessionTtlSeconds: 60,
    logger,
  });
  const providers = createProviders({
    lumo: { apiUrl: sim.url, apiKey: "lumo-key", webhookSecret: "lumo-webhook-secret" },
    ardor: undefined,
  });
  const { timers } = stores;
  const service = new PaymentService({
    store: stores.payments,
    timers,
    providers: { names: ["lumo"], get: (name) => providers[name] },
    logger,
    timings: { webhookGraceMs: 100, pollInitialMs: 50, pollMaxMs: 200, notifyRetryMs: 500 },
    defer: (_name, work) => void work().catch(() => {}),
    spending: {
      store: stores.spend,
      company: { perPaymentMinor: 1e9, perDayMinor: 1e10, approvalThresholdMinor: 1e9 },
      limitsFor: async () => ({ perPaymentMinor: 1e9, perDayMinor: 1e10 }),
      timeZone: "Europe/Moscow",
    },
  });
  const observer: PaymentObserver = {
    changed: async () => {},
    finalized: async (record) => {
      finalized.push(`${record.id}:${record.state}`);
    },
    deposit: async () => {},
    approvalRequested: async () => [],
    approvalSettled: async () => {},
  };
  service.observe(observer);
  const loop = startTimerLoop({
    timers,
    handlers: service.timerHandlers(),
    logger,
    tickMs: 20,
    leaseMs: 5_000,
  });
  return { service, loop, stores };
}

describe("two bot instances on one Redis", () => {
  const prefix = uniquePrefix("two-instances");
  let sim: LumoSimulator;
  const finalized: string[] = [];
  let a: Awaited<ReturnType<typeof instance>>;
  let b: Awaited<ReturnType<typeof instance>>;

  beforeAll(async () => {
    // No webhook URL: every final status has to be found by polling.
    sim = await startLumoSimulator({
      apiKey: "lumo-key",
      webhookSecret: "lumo-webhook-secret",
      settleDelayMs: null,
    });
    a = await instance(prefix, sim, finalized);
    b = await instance(prefix, sim, finalized);
  });
  afterAll(async () => {
    await a.loop.stop();
    await b.loop.stop();
    await sim.close();
    await deleteByPrefix(a.stores.redis, prefix);
    await a.stores.close();
    await b.stores.close();
  });

  it("confirm once, poll to the end, and notify once, whichever instance does what", async () => {
    const records = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        a.service.quote({
          code: { raw: sbpLink({ sumMinor: 10_000 + i }), qrcId: "X", type: "02" },
          provider: "lumo",
          chatId: 1,
          chatType: "private",
          actor: { person: { id: 1, name: "A" }, role: "payer" },
          locale: "ru",
          card: { chatId: 1, messageId: 100 + i },
        }),
      ),
    );
    const payer = { person: { id: 1, name: "A" }, role: "payer" as const };
    // Both instances get every tap at once.
    const outcomes = await Promise.all(
      records.flatMap((p) => [a.service.pay(p.id, payer), b.service.pay(p.id, payer)]),
    );
    expect(outcomes.filter((o) => o.result === "confirming")).toHaveLength(5);
    await waitUntil(() => (sim.state.requests.accept ?? 0) === 5, { what: "five accepts" });

    sim.controls.settle();
    await waitUntil(() => finalized.length >= 5, { what: "five final notifications", timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(finalized.sort()).toEqual(records.map((p) => `${p.id}:succeeded`).sort());
    expect(sim.state.requests.accept).toBe(5);
    for (const p of records) expect((await a.stores.payments.get(p.id))?.notified?.state).toBe("succeeded");
    expect(await a.stores.payments.openIds()).toEqual([]);
  });
});
