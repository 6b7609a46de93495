import { describe, expect, it } from "vitest";
import { RecordKernel } from "../../../src/lifecycle/kernel.js";
import { IllegalTransitionError } from "../../../src/lifecycle/machine.js";
import { FinalNotifications } from "../../../src/lifecycle/notifications.js";
import type { LifeRecord } from "../../../src/lifecycle/record.js";
import { createLogger } from "../../../src/logger.js";
import { PAYMENT_STATES, type PaymentState, paymentLifecycle } from "../../../src/payments/lifecycle.js";
import { createMemoryStores } from "../../../src/store/memory/index.js";

type Rec = LifeRecord<PaymentState> & { note?: string };

function world() {
  let now = 1_000;
  const stores = createMemoryStores<Rec>({ sessionTtlSeconds: 60, clock: () => now });
  const kernel = new RecordKernel<PaymentState, Rec>({
    lifecycle: paymentLifecycle,
    store: stores.payments,
    clock: () => now,
    notifyClaimMs: 30_000,
    finalAudit: (r) => ({ action: "test.final", details: { id: r.id, state: r.state } }),
  });
  let n = 0;
  const create = async (state: PaymentState) => {
    const record: Rec = {
      id: `R${++n}`,
      provider: "lumo",
      providerId: `p${n}`,
      chatId: 1,
      personId: 1,
      createdAt: now,
      open: true,
      state,
      updatedAt: now,
      history: [{ state, at: now, via: "test" }],
    };
    await kernel.create(record, [{ action: "test.created", details: { id: record.id } }]);
    return record;
  };
  return { stores, kernel, create, tick: (ms: number) => (now += ms) };
}

const allowed = (from: PaymentState, to: PaymentState) => paymentLifecycle.next[from].includes(to);

describe("the lifecycle kernel (memory store)", () => {
  it("refuses every move the table does not allow, with a typed error, and changes nothing", async () => {
    const { kernel, create, stores } = world();
    let refused = 0;
    for (const from of PAYMENT_STATES) {
      for (const to of PAYMENT_STATES) {
        if (from === to || allowed(from, to)) continue;
        const record = await create(from);
        const move = kernel.advance(record.id, { to, via: "test" });
        await expect(move).rejects.toBeInstanceOf(IllegalTransitionError);
        await expect(move).rejects.toMatchObject({ kind: "payment", from, to, recordId: record.id });
        expect(await stores.payments.get(record.id)).toEqual(record);
        refused++;
      }
    }
    const allowedMoves = PAYMENT_STATES.reduce((n, from) => n + paymentLifecycle.next[from].length, 0);
    expect(refused).toBe(PAYMENT_STATES.length * (PAYMENT_STATES.length - 1) - allowedMoves);
    // Nothing but the creations reached the audit trail.
    expect((await stores.audit.latest(1_000)).every((e) => e.action === "test.created")).toBe(true);
  });

  it("refuses a `from` list that names a state the table does not let move there", async () => {
    const { kernel, create } = world();
    const record = await create("quoted");
    await expect(
      kernel.advance(record.id, { to: "succeeded", via: "test", from: ["quoted", "processing"] }),
    ).rejects.toBeInstanceOf(IllegalTransitionError);
  });

  it("makes every allowed move, with its history and its audit entries in the same step", async () => {
    const { kernel, create, stores } = world();
    for (const from of PAYMENT_STATES) {
      for (const to of paymentLifecycle.next[from]) {
        const record = await create(from);
        const moved = await kernel.advance(record.id, {
          to,
          via: "webhook",
          patch: () => ({ note: "moved" }),
          audit: (next) => [{ action: "test.moved", details: { id: next.id, to: next.state } }],
        });
        expect(moved).toMatchObject({ changed: true, record: { state: to, note: "moved" } });
        expect(moved!.record.history.at(-1)).toMatchObject({ state: to, via: "webhook" });
        const entries = (await stores.audit.latest(3)).filter((e) => e.details.id === record.id);
        const actions = entries.map((e) => e.action);
        expect(actions).toContain("test.moved");
        expect(actions.includes("test.final")).toBe(paymentLifecycle.isFinal(to));
      }
    }
  });

  it("treats a race as no change: another state than `from`, `when` false, or already there", async () => {
    const { kernel, create } = world();
    const record = await create("confirming");
    expect(await kernel.advance(record.id, { to: "cancelled", via: "user", from: ["quoted"] })).toMatchObject(
      {
        changed: false,
      },
    );
    expect(
      await kernel.advance(record.id, { to: "processing", via: "poll", when: () => false }),
    ).toMatchObject({
      changed: false,
    });
    await kernel.advance(record.id, { to: "processing", via: "webhook" });
    expect(await kernel.advance(record.id, { to: "processing", via: "webhook" })).toMatchObject({
      changed: false,
    });
    expect(await kernel.advance("missing", { to: "processing", via: "webhook" })).toBeUndefined();
  });

  it("claims the final notification exactly once when many moves race to final states", async () => {
    const { kernel, create } = world();
    for (let round = 0; round < 20; round++) {
      const record = await create("processing");
      const targets: PaymentState[] = ["succeeded", "failed", "expired", "disputed"];
      // As racing webhooks and polls ask: from where they saw it, or decided on the current record.
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => {
          const target = targets[i % 4]!;
          return i % 2 === 0
            ? kernel.advance(record.id, { to: target, via: "webhook", from: ["processing"] })
            : kernel.advance(record.id, {
                to: (p) => (paymentLifecycle.canMove(p.state, target) ? target : undefined),
                via: "poll",
              });
        }),
      );
      const winners = results.filter((r) => r?.changed);
      // One claim, by the first move into a final state. (`succeeded` may still become `disputed`; that
      // notification waits for the claim held for `succeeded` and goes out by the safety net.)
      expect(results.filter((r) => r?.notify)).toHaveLength(1);
      expect(winners.length).toBeGreaterThanOrEqual(1);
      expect(winners.length).toBeLessThanOrEqual(2);
      expect((await kernel.claimNotification(record.id))?.claimed).toBe(false);
    }
  });

  it("never moves a final state back, whatever a provider reports later", async () => {
    const { kernel, create, stores } = world();
    const record = await create("succeeded");
    for (const to of ["processing", "confirming", "quoted", "failed", "expired"] as const) {
      await expect(kernel.advance(record.id, { to, via: "webhook" })).rejects.toBeInstanceOf(
        IllegalTransitionError,
      );
    }
    // A report that the table does not allow is simply not applied when asked through a decision.
    expect(
      await kernel.advance(record.id, {
        to: (p) => (paymentLifecycle.canMove(p.state, "processing") ? "processing" : undefined),
        via: "webhook",
      }),
    ).toMatchObject({ changed: false });
    expect((await stores.payments.get(record.id))?.state).toBe("succeeded");
  });

  it("lets bookkeeping patch a record but never move it", async () => {
    const { kernel, create } = world();
    const record = await create("quoted");
    expect((await kernel.patch(record.id, (p) => ({ ...p, note: "kept" })))?.record.note).toBe("kept");
    await expect(kernel.patch(record.id, (p) => ({ ...p, state: "confirming" }))).rejects.toBeInstanceOf(
      IllegalTransitionError,
    );
  });
});

describe("the final notification", () => {
  const logger = createLogger({ level: "silent", format: "json", secrets: [] });

  it("is sent once by any number of deliverers, retried after a failure, and marked sent", async () => {
    const { kernel, create, stores, tick } = world();
    const sent: string[] = [];
    let fail = true;
    const notifications = new FinalNotifications<PaymentState, Rec>({
      kernel,
      timers: stores.timers,
      timerKind: "notify",
      retryMs: 1_000,
      clock: () => 0,
      logger,
      send: async (r) => {
        if (fail) {
          fail = false;
          throw new Error("Telegram is down");
        }
        sent.push(r.id);
      },
    });
    const record = await create("confirming");
    // The move claims it; the failing send gives the claim back.
    const moved = await kernel.advance(record.id, { to: "succeeded", via: "webhook" });
    expect(moved?.notify).toBe(true);
    expect(await notifications.sendClaimed(moved!.record)).toBe(false);
    tick(1);
    const results = await Promise.all(Array.from({ length: 8 }, () => notifications.deliver(record.id)));
    expect(sent).toEqual([record.id]);
    expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    const after = await stores.payments.get(record.id);
    expect(after).toMatchObject({ notified: { state: "succeeded" }, open: false });
    expect(after?.notifyingUntil).toBeUndefined();
    expect(await notifications.deliver(record.id)).toBe(true);
    expect(sent).toHaveLength(1);
  });
});
