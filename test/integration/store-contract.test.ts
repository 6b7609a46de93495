import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import { createRedisStores } from "../../src/store/redis/index.js";
import type { StoredRecord, Stores } from "../../src/store/types.js";
import { deleteByPrefix, REDIS_URL, testRedis, uniquePrefix } from "../support/redis.js";

interface Rec extends StoredRecord {
  n: number;
}

const rec = (id: string, over: Partial<Rec> = {}): Rec => ({
  id,
  provider: "lumo",
  providerId: `prov-${id}`,
  chatId: 100,
  personId: 7,
  createdAt: 1_000,
  open: true,
  n: 0,
  ...over,
});

const logger = createLogger({ level: "silent", format: "json", secrets: [] });

/** The same behaviour, whatever keeps the data: every store implementation passes this suite. */
const backends: Array<[string, () => Promise<{ stores: Stores<Rec>; cleanup: () => Promise<void> }>]> = [
  [
    "redis",
    async () => {
      const prefix = uniquePrefix("contract");
      const stores = await createRedisStores<Rec>({ url: REDIS_URL, prefix, sessionTtlSeconds: 100, logger });
      return {
        stores,
        cleanup: async () => {
          await deleteByPrefix(stores.redis, prefix);
          await stores.close();
        },
      };
    },
  ],
  [
    "memory",
    async () => ({ stores: createMemoryStores<Rec>({ sessionTtlSeconds: 100 }), cleanup: async () => {} }),
  ],
];

describe.each(backends)("storage contract: %s", (_name, open) => {
  let stores: Stores<Rec>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ stores, cleanup } = await open());
  });
  afterAll(() => cleanup());

  describe("payments", () => {
    it("creates once and indexes by provider id, chat, person and time", async () => {
      const store = stores.payments;
      expect(await store.create(rec("A1", { createdAt: 1 }))).toBe(true);
      expect(await store.create(rec("A1"))).toBe(false);
      await store.create(rec("A2", { chatId: 200, personId: 8, createdAt: 2 }));
      await store.create(rec("A3", { createdAt: 3, open: false }));
      expect((await store.findByProviderId("lumo", "prov-A2"))?.id).toBe("A2");
      expect(await store.findByProviderId("lumo", "missing")).toBeUndefined();
      expect((await store.recent({ limit: 10, chatId: 100 })).map((p) => p.id)).toEqual(["A3", "A1"]);
      expect((await store.recent({ limit: 10, personId: 8 })).map((p) => p.id)).toEqual(["A2"]);
      expect((await store.recent({ limit: 10, chatId: 100, personId: 8 })).map((p) => p.id)).toEqual([]);
      expect((await store.recent({ limit: 2 })).map((p) => p.id)).toEqual(["A3", "A2"]);
      expect((await store.recent({ limit: 10, from: 2, to: 2 })).map((p) => p.id)).toEqual(["A2"]);
      expect((await store.openIds()).sort()).toEqual(["A1", "A2"]);
      expect((await store.getMany(["A3", "missing", "A1"])).map((p) => p.id)).toEqual(["A3", "A1"]);
    });

    it("applies concurrent updates one after another, losing none", async () => {
      await stores.payments.create(rec("C1"));
      await Promise.all(
        Array.from({ length: 15 }, () => stores.payments.update("C1", (p) => ({ ...p, n: p.n + 1 }))),
      );
      expect((await stores.payments.get("C1"))?.n).toBe(15);
    });

    it("lets exactly one of many racing writers win a one-way transition", async () => {
      await stores.payments.create(rec("R1"));
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          stores.payments.update("R1", (p) => (p.n === 0 ? { ...p, n: 1 } : undefined)),
        ),
      );
      expect(results.filter((x) => x?.changed)).toHaveLength(1);
    });

    it("maintains the open set and moves the provider index when the provider id changes", async () => {
      await stores.payments.create(rec("M1"));
      await stores.payments.update("M1", (p) => ({ ...p, providerId: "prov-M1-b", open: false }));
      expect(await stores.payments.openIds()).not.toContain("M1");
      expect((await stores.payments.findByProviderId("lumo", "prov-M1-b"))?.id).toBe("M1");
      expect(await stores.payments.update("missing", (p) => p)).toBeUndefined();
    });

    it("takes a known record when it is current, and decides on a fresh read when it is not", async () => {
      const store = stores.payments;
      await store.create(rec("K1"));
      const current = await store.get("K1");
      expect((await store.update("K1", (p) => ({ ...p, n: p.n + 1 }), { known: current }))?.record.n).toBe(1);

      const stale = await store.get("K1");
      await store.update("K1", (p) => ({ ...p, n: p.n + 1 }));
      // The stale copy says n = 1; the write must not go through on it.
      const outcome = await store.update("K1", (p) => (p.n === 1 ? { ...p, n: 10 } : { ...p, n: p.n + 1 }), {
        known: stale,
      });
      expect(outcome?.record.n).toBe(3);

      const staleAgain = await store.get("K1");
      await store.update("K1", (p) => ({ ...p, n: p.n + 1 }));
      // "Nothing to do" on the stale copy is not trusted: the fresh record (n = 4) gets changed.
      const decided = await store.update("K1", (p) => (p.n === 3 ? undefined : { ...p, n: 0 }), {
        known: staleAgain,
      });
      expect(decided).toMatchObject({ changed: true, record: { n: 0 } });
      expect((await store.get("K1"))?.n).toBe(0);
    });

    it("writes a change's audit entries with it, once, and none when nothing changes", async () => {
      const store = stores.payments;
      const action = `test.audit.${Math.random()}`;
      expect(await store.create(rec("AU1"), [{ action, details: { step: "created" } }])).toBe(true);
      const audit = (next: Rec, current: Rec) => [{ action, details: { from: current.n, to: next.n } }];
      await Promise.all(
        Array.from({ length: 5 }, () =>
          store.update("AU1", (p) => (p.n < 1 ? { ...p, n: 1 } : undefined), { audit }),
        ),
      );
      await store.update("AU1", () => undefined, { audit });
      const entries = (await stores.audit.latest(50)).filter((e) => e.action === action).reverse();
      expect(entries.map((e) => e.details)).toEqual([{ step: "created" }, { from: 0, to: 1 }]);
    });

    it("pages the audit log back from an entry", async () => {
      const action = `test.page.${Math.random()}`;
      for (let n = 0; n < 5; n++) await stores.audit.append({ action, details: { n } });
      const [newest, second] = await stores.audit.latest(2);
      expect([newest?.details.n, second?.details.n]).toEqual([4, 3]);
      const older = await stores.audit.latest(2, second!.id);
      expect(older.map((e) => e.details.n)).toEqual([2, 1]);
      expect(
        (await stores.audit.latest(10, older[1]!.id))
          .filter((e) => e.action === action)
          .map((e) => e.details.n),
      ).toEqual([0]);
    });

    it("keeps each kind of record in its own namespace", async () => {
      const invoices = stores.records<Rec>("inv");
      expect(stores.records<Rec>("inv")).toBe(invoices);
      await invoices.create(rec("NS1"));
      expect(await stores.payments.get("NS1")).toBeUndefined();
      expect((await invoices.get("NS1"))?.id).toBe("NS1");
      expect(await stores.payments.openIds()).not.toContain("NS1");
    });

    it("never hands out the stored object itself", async () => {
      await stores.payments.create(rec("I1"));
      const copy = await stores.payments.get("I1");
      copy!.n = 99;
      expect((await stores.payments.get("I1"))?.n).toBe(0);
    });
  });

  describe("timers", () => {
    it("hands each due timer to one claimer and re-offers it when the lease runs out", async () => {
      const timers = stores.timers;
      await timers.schedule("poll", "X1", 100);
      await timers.schedule("expire", "X2", 150);
      await timers.schedule("poll", "X3", 10_000);
      const [a, b] = await Promise.all([timers.claimDue(200, 1_000), timers.claimDue(200, 1_000)]);
      expect([...a, ...b].map((t) => `${t.kind}:${t.id}`).sort()).toEqual(["expire:X2", "poll:X1"]);
      expect(await timers.claimDue(500, 1_000)).toEqual([]);
      expect(await timers.claimDue(1_200, 1_000)).toEqual(
        expect.arrayContaining([
          { kind: "poll", id: "X1" },
          { kind: "expire", id: "X2" },
        ]),
      );
      await timers.cancel("poll", "X1");
      await timers.cancel("expire", "X2");
      expect(await timers.nextDueAt()).toBe(10_000);
      expect(await timers.dueAt("poll", "X3")).toBe(10_000);
      await timers.ensure("poll", "X3", 5);
      expect(await timers.dueAt("poll", "X3")).toBe(10_000);
      await timers.ensure("poll", "X4", 5);
      expect(await timers.dueAt("poll", "X4")).toBe(5);
    });
  });

  describe("webhook dedup", () => {
    it("reserves a delivery once, keeps it after commit, frees it after release", async () => {
      const dedup = stores.dedup;
      expect(await dedup.reserve("ardor", "evt_1")).toBe(true);
      expect(await dedup.reserve("ardor", "evt_1")).toBe(false);
      await dedup.commit("ardor", "evt_1");
      expect(await dedup.reserve("ardor", "evt_1")).toBe(false);
      expect(await dedup.reserve("ardor", "evt_2")).toBe(true);
      await dedup.release("ardor", "evt_2");
      expect(await dedup.reserve("ardor", "evt_2")).toBe(true);
      expect(await dedup.reserve("lumo", "evt_1")).toBe(true);
    });
  });

  describe("Mini App launches (once)", () => {
    it("lets one of many racing claims of an initData hash win, and forgets it after its lifetime", async () => {
      const launches = stores.miniAppLaunches;
      const claims = await Promise.all(Array.from({ length: 8 }, () => launches.claim("hash-a", 60_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await launches.claim("hash-a", 60_000)).toBe(false);
      expect(await launches.claim("hash-b", 60_000)).toBe(true);

      expect(await launches.claim("hash-short", 50)).toBe(true);
      expect(await launches.claim("hash-short", 50)).toBe(false);
      // Expiry is the store's business; wait for it generously rather than for a fixed time.
      const deadline = Date.now() + 10_000;
      let again = false;
      while (!again && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        again = await launches.claim("hash-short", 60_000);
      }
      expect(again).toBe(true);
    });
  });

  describe("sessions", () => {
    it("writes, reads, checks and deletes values, apart per namespace", async () => {
      const storage = stores.sessions<{ lang: string; n: number }>("session");
      const other = stores.sessions<object>("other");
      expect(await storage.read("42")).toBeUndefined();
      await storage.write("42", { lang: "en", n: 1 });
      await other.write("43", {});
      expect(await storage.read("42")).toEqual({ lang: "en", n: 1 });
      expect(await storage.has?.("42")).toBe(true);
      const keys: string[] = [];
      for await (const k of storage.readAllKeys!()) keys.push(k);
      expect(keys).toEqual(["42"]);
      await storage.delete("42");
      expect(await storage.has?.("42")).toBe(false);
    });
  });

  describe("people", () => {
    it("adds, changes, lists and removes people", async () => {
      const people = stores.people;
      await people.put({ id: 1, name: "Анна", role: "payer", addedAt: 1 });
      await people.put({ id: 2, name: "Борис", role: "viewer", addedAt: 2, addedBy: 1 });
      expect(await people.get(1)).toMatchObject({ name: "Анна", role: "payer" });
      const changed = await people.update(1, (p) => ({ ...p, role: "admin", limits: { perDayMinor: 100 } }));
      expect(changed).toMatchObject({ role: "admin", limits: { perDayMinor: 100 } });
      expect((await people.list()).map((p) => p.id).sort()).toEqual([1, 2]);
      expect(await people.remove(2)).toBe(true);
      expect(await people.remove(2)).toBe(false);
      expect(await people.get(2)).toBeUndefined();
      expect(await people.update(3, (p) => p)).toBeUndefined();
    });

    it("applies concurrent changes one after another", async () => {
      await stores.people.put({ id: 10, name: "X", role: "payer", addedAt: 1, limits: { perDayMinor: 0 } });
      await Promise.all(
        Array.from({ length: 10 }, () =>
          stores.people.update(10, (p) => ({
            ...p,
            limits: { perDayMinor: (p.limits?.perDayMinor ?? 0) + 1 },
          })),
        ),
      );
      expect((await stores.people.get(10))?.limits?.perDayMinor).toBe(10);
    });
  });

  describe("invites", () => {
    it("are taken once, can be revoked, and vanish when they expire", async () => {
      const now = Date.now();
      const invite = (token: string, expiresAt = now + 60_000) => ({
        token,
        role: "payer" as const,
        createdBy: 1,
        createdAt: now,
        expiresAt,
      });
      await stores.invites.create(invite("t-one"));
      await stores.invites.create(invite("t-two"));
      await stores.invites.create(invite("t-short", now + 150));
      expect((await stores.invites.list()).map((i) => i.token).sort()).toEqual(["t-one", "t-short", "t-two"]);
      const takes = await Promise.all([stores.invites.take("t-one"), stores.invites.take("t-one")]);
      expect(takes.filter(Boolean)).toHaveLength(1);
      expect(await stores.invites.revoke("t-two")).toBe(true);
      expect(await stores.invites.revoke("t-two")).toBe(false);
      expect(await stores.invites.take("t-two")).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await stores.invites.take("t-short")).toBeUndefined();
      expect(await stores.invites.list()).toEqual([]);
    });
  });

  describe("spend", () => {
    it("reserves within the limit atomically and gives back on release", async () => {
      const spend = stores.spend;
      const results = await Promise.all(
        Array.from({ length: 5 }, () => spend.reserve(5, "2026-11-23", 300, 1_000)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(await spend.spent(5, "2026-11-23")).toBe(900);
      expect(await spend.reserve(5, "2026-11-23", 200, 1_000)).toEqual({ ok: false, total: 900 });
      await spend.release(5, "2026-11-23", 300);
      expect(await spend.reserve(5, "2026-11-23", 400, 1_000)).toEqual({ ok: true, total: 1_000 });
      expect(await spend.reserve(5, "2026-11-23", 5_000)).toEqual({ ok: true, total: 6_000 });
      expect(await spend.spent(5, "2026-11-24")).toBe(0);
    });
  });

  describe("audit", () => {
    it("keeps entries in order, newest first when read", async () => {
      await stores.audit.append({
        action: "invite.issued",
        actor: { id: 1, name: "A" },
        details: { role: "payer" },
      });
      await stores.audit.append({ action: "person.removed", details: { id: 2 } });
      const [last, first] = await stores.audit.latest(2);
      expect(last).toMatchObject({ action: "person.removed", details: { id: 2 } });
      expect(last?.actor).toBeUndefined();
      expect(first).toMatchObject({
        action: "invite.issued",
        actor: { id: 1, name: "A" },
        details: { role: "payer" },
      });
      expect(first!.at).toBeLessThanOrEqual(last!.at);
    });
  });

  it("reports itself healthy", async () => {
    expect(await stores.healthy()).toBe(true);
  });
});

/** Redis stores on a prefix of their own, closed and cleaned up after `use`. */
async function withRedisStores(
  name: string,
  use: (
    stores: Awaited<ReturnType<typeof createRedisStores<Rec>>>,
    redis: Awaited<ReturnType<typeof testRedis>>,
  ) => Promise<void>,
): Promise<void> {
  const r = await testRedis(name);
  const stores = await createRedisStores<Rec>({
    url: REDIS_URL,
    prefix: r.prefix,
    sessionTtlSeconds: 100,
    logger,
  });
  try {
    await use(stores, r);
  } finally {
    await stores.close();
    await r.cleanup();
  }
}

describe("Redis specifics", () => {
  it("skips the read of an update when the known record is still current", async () => {
    await withRedisStores("contract-known", async (stores) => {
      await stores.payments.create(rec("S1"));
      const known = await stores.payments.get("S1");
      const client = stores.redis as unknown as { hmGet: (...args: unknown[]) => Promise<unknown> };
      const hmGet = client.hmGet;
      let reads = 0;
      client.hmGet = (...args) => {
        reads++;
        return hmGet.apply(client, args);
      };
      const first = await stores.payments.update("S1", (p) => ({ ...p, n: 1 }), { known });
      // The record it returned is known too: the next change needs no read either.
      await stores.payments.update("S1", (p) => ({ ...p, n: p.n + 1 }), { known: first?.record });
      expect(reads).toBe(0);
      await stores.payments.update("S1", (p) => ({ ...p, n: p.n + 1 }));
      expect(reads).toBe(1);
      expect((await stores.payments.get("S1"))?.n).toBe(3);
    });
  });

  it("keeps keys under the prefix with the promised lifetimes, and tolerates a corrupt session", async () => {
    await withRedisStores("contract-redis", async (stores, r) => {
      await stores.sessions<object>("session").write("a", {});
      const ttl = await r.client.ttl(`${r.prefix}:session:a`);
      expect(ttl).toBeGreaterThan(90);
      expect(ttl).toBeLessThanOrEqual(100);
      await stores.dedup.reserve("ardor", "e1");
      await stores.dedup.commit("ardor", "e1");
      expect(await r.client.ttl(`${r.prefix}:dedup:ardor:e1`)).toBeGreaterThan(72 * 3600 - 5);
      await stores.miniAppLaunches.claim("h1", 3_600_000);
      const launchTtl = await r.client.pTTL(`${r.prefix}:miniapp:h1`);
      expect(launchTtl).toBeGreaterThan(3_500_000);
      expect(launchTtl).toBeLessThanOrEqual(3_600_000);
      await r.client.set(`${r.prefix}:session:broken`, "{not json");
      expect(await stores.sessions<object>("session").read("broken")).toBeUndefined();
    });
  });
});
