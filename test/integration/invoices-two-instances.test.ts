import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvoiceService } from "../../src/invoices/service.js";
import type { InvoiceRecord } from "../../src/invoices/types.js";
import { startTimerLoop } from "../../src/lifecycle/timer-loop.js";
import { createLogger } from "../../src/logger.js";
import { createReceiveProviders } from "../../src/providers/registry.js";
import { type MeridianSimulator, startMeridianSimulator } from "../../src/sandbox/meridian/simulator.js";
import { createRedisStores } from "../../src/store/redis/index.js";
import { deleteByPrefix, REDIS_URL, uniquePrefix } from "../support/redis.js";
import { waitUntil } from "../support/telegram.js";

const logger = createLogger({ level: "silent", format: "json", secrets: [] });
const KEY = "two_key:two-instances-meridian-secret";
const TOKEN = "two-instances-meridian-token-0123456789";

/** One bot instance's invoice machinery, with its own Redis connection to the shared prefix. */
async function instance(prefix: string, sim: MeridianSimulator, finals: string[]) {
  const stores = await createRedisStores({ url: REDIS_URL, prefix, sessionTtlSeconds: 60, logger });
  const receivers = createReceiveProviders({
    meridian: {
      apiUrl: sim.url,
      apiKey: KEY,
      notificationToken: TOKEN,
      methods: ["sbp"],
      banks: [],
    },
  });
  const invoices = new InvoiceService({
    store: stores.records<InvoiceRecord>("inv"),
    timers: stores.timers,
    providers: { names: ["meridian"], get: () => receivers.meridian },
    // No listener: every final status has to be found by polling.
    notificationUrl: () => "http://127.0.0.1:9/unused",
    logger,
    timings: { pollInitialMs: 50, pollMaxMs: 200, notifyRetryMs: 500 },
    defer: (_name, work) => void work().catch(() => {}),
  });
  invoices.observe({
    issued: async () => {},
    changed: async () => {},
    attention: async () => {},
    finalized: async (record) => {
      finals.push(`${record.id}:${record.state}`);
    },
  });
  const loop = startTimerLoop({
    timers: stores.timers,
    handlers: invoices.timerHandlers(),
    logger,
    tickMs: 20,
    leaseMs: 5_000,
  });
  return { invoices, loop, stores };
}

describe("two bot instances on one Redis, with invoices", () => {
  const prefix = uniquePrefix("two-instances-inv");
  let sim: MeridianSimulator;
  const finals: string[] = [];
  let a: Awaited<ReturnType<typeof instance>>;
  let b: Awaited<ReturnType<typeof instance>>;

  beforeAll(async () => {
    sim = await startMeridianSimulator({ apiKey: KEY, settleDelayMs: null });
    a = await instance(prefix, sim, finals);
    b = await instance(prefix, sim, finals);
  });
  afterAll(async () => {
    await a.loop.stop();
    await b.loop.stop();
    await sim.close();
    await deleteByPrefix(a.stores.redis, prefix);
    await a.stores.close();
    await b.stores.close();
  });

  it("both poll, one notifies: every paid invoice is announced exactly once", async () => {
    const created = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        (i % 2 === 0 ? a : b).invoices.create({
          amount: { minor: 100_000 + i * 100, currency: "RUB" },
          choice: { provider: "meridian", method: "sbp" },
          actor: { person: { id: 1, name: "Вера" }, role: "payer" },
          chatId: 1,
          chatType: "private",
          locale: "ru",
          card: { chatId: 1, messageId: 10 + i },
        }),
      ),
    );
    const records = created.filter((r): r is InvoiceRecord => typeof r === "object");
    expect(records.map((r) => r.state)).toEqual(["waiting", "waiting", "waiting", "waiting"]);
    for (const invoice of sim.state.invoices.values()) sim.controls.pay({ id: invoice.id });
    await waitUntil(() => finals.length >= 4, { what: "four final notifications", timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(finals.sort()).toEqual(records.map((r) => `${r.id}:paid`).sort());
    for (const r of records) expect((await a.invoices.get(r.id))?.notified?.state).toBe("paid");
  });
});
