import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signLumoWebhook } from "../../src/providers/lumo/webhook.js";
import type { UserHandle } from "../../src/sandbox/telegram/index.js";
import {
  buttonsOf,
  textOf,
  waitForBotMessage,
  waitForCallbackAnswer,
  waitUntil,
} from "../support/telegram.js";
import {
  cardShows,
  LUMO_WEBHOOK_SECRET,
  messagesSince,
  paymentIdOf,
  sbpLink,
  scan,
  startWorld,
  type World,
} from "../support/world.js";

async function press(
  world: World,
  user: UserHandle,
  card: Parameters<UserHandle["pressButton"]>[0],
  data: string,
) {
  return waitForCallbackAnswer(world.tg, await user.pressButton(card, data));
}

describe("expiry, lost webhooks and restarts", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({
      name: "e2e-recovery",
      env: {
        WEBHOOK_GRACE_MS: "400",
        POLL_INITIAL_MS: "200",
        POLL_MAX_INTERVAL_MS: "1000",
        MAX_IMAGE_BYTES: String(30 * 1024 * 1024),
      },
      lumo: { quoteTtlMs: 1_500 },
    });
  });
  afterAll(() => world.stop());

  it("an expired quote says so and offers a new quote on the same card", async () => {
    const anna = await world.member("Анна");
    const card = await scan(world, anna, sbpLink({ sumMinor: 10_000 }));
    const oldId = paymentIdOf(card);
    const expired = await cardShows(world, anna.privateChatId, card, /Котировка истекла/, 5_000);
    expect(buttonsOf(expired)).toEqual([{ text: "🔄 Новая котировка", data: `requote:${oldId}` }]);

    expect((await press(world, anna, expired, `requote:${oldId}`)).text).toBe(
      "🔄 Запрашиваю новую котировку…",
    );
    const fresh = await cardShows(world, anna.privateChatId, card, /Котировка действует/);
    const newId = paymentIdOf(fresh);
    expect(newId).not.toBe(oldId);
    expect(buttonsOf(fresh)[0]?.data).toBe(`pay:${newId}`);
    expect(await press(world, anna, fresh, `pay:${newId}`)).toMatchObject({ text: "⏳ Оплачиваем…" });
    world.lumo.controls.settle();
    await cardShows(world, anna.privateChatId, card, /✅ Оплачено/);
  });

  it("a lost webhook: polling finds the final status, and one notification is sent", async () => {
    const boris = await world.member("Борис");
    const card = await scan(world, boris, sbpLink({ sumMinor: 20_000 }));
    const mark = world.tg.mark();
    await press(world, boris, card, `pay:${paymentIdOf(card)}`);
    await cardShows(world, boris.privateChatId, card, /Оплачиваем|проводит/);
    world.lumo.controls.dropNextWebhook();
    const polls = world.lumo.state.requests.order ?? 0;
    world.lumo.controls.settle();
    await cardShows(world, boris.privateChatId, card, /✅ Оплачено/, 10_000);
    expect(world.lumo.state.requests.order ?? 0).toBeGreaterThan(polls);
    await waitUntil(() => messagesSince(world, boris.privateChatId, mark).length === 1, {
      what: "one notice",
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(messagesSince(world, boris.privateChatId, mark)).toHaveLength(1);
  });

  it("the app stops after Pay; a new app on the same Redis delivers the final status", async () => {
    const vika = await world.member("Вика");
    const card = await scan(world, vika, sbpLink({ sumMinor: 30_000 }));
    const mark = world.tg.mark();
    await press(world, vika, card, `pay:${paymentIdOf(card)}`);
    await cardShows(world, vika.privateChatId, card, /Оплачиваем|проводит/);
    await world.stopApp();
    // The provider finishes while nobody listens: its webhooks fail and it gives up in time.
    world.lumo.controls.settle();
    await world.lumo.webhooksIdle();
    await world.startApp({
      WEBHOOK_GRACE_MS: "400",
      POLL_INITIAL_MS: "200",
      POLL_MAX_INTERVAL_MS: "1000",
    });
    await cardShows(world, vika.privateChatId, card, /✅ Оплачено/, 10_000);
    await waitUntil(() => messagesSince(world, vika.privateChatId, mark).length === 1, {
      what: "one notice",
    });
  });

  it("a signed webhook for a payment we do not know is acknowledged and changes nothing", async () => {
    const body = JSON.stringify({
      event: "order.status_changed",
      orderId: randomUUID(),
      status: "success",
      amountUsdt: 1.05,
      amountRub: 100,
      completedAt: new Date().toISOString(),
      createdAt: new Date().toISOString(),
    });
    const res = await fetch(`${world.app.app.httpUrl}/webhooks/lumo`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...signLumoWebhook(body, LUMO_WEBHOOK_SECRET, { deliveryId: randomUUID() }),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "unknown_payment" });
  });

  it("Telegram refuses to hand over a file above 20 MB: the person gets a clear answer", async () => {
    const gena = await world.member("Гена");
    const mark = world.tg.mark();
    await gena.sendDocument(Buffer.alloc(25 * 1024 * 1024, 1), {
      fileName: "scan.png",
      mimeType: "image/png",
    });
    const status = await waitForBotMessage(world.tg, gena, { since: mark });
    await cardShows(world, gena.privateChatId, status, /Файл слишком большой/);
    expect(world.tg.calls("getFile").at(-1)?.outcome).toMatchObject({ ok: false });
  });
});

describe("Pay pressed after the quote expired, before the card caught up", () => {
  let world: World;
  beforeAll(async () => {
    // Timers so slow the card still shows Pay when the quote has already run out.
    world = await startWorld({
      name: "e2e-late-pay",
      env: { TIMER_TICK_MS: "600000" },
      lumo: { quoteTtlMs: 300 },
    });
  });
  afterAll(() => world.stop());

  it("never pays: it says the quote expired and offers a new one", async () => {
    const dan = await world.member("Дан");
    const card = await scan(world, dan, sbpLink({ sumMinor: 10_000 }));
    await new Promise((r) => setTimeout(r, 500));
    const id = paymentIdOf(card);
    expect(buttonsOf(card)[0]?.data).toBe(`pay:${id}`);
    expect((await press(world, dan, card, `pay:${id}`)).text).toBe("⌛ Котировка истекла — запросите новую.");
    const expired = await cardShows(world, dan.privateChatId, card, /Котировка истекла/);
    expect(buttonsOf(expired).map((b) => b.data)).toEqual([`requote:${id}`]);
    expect(world.lumo.state.requests.accept ?? 0).toBe(0);
    expect(textOf(expired)).not.toContain("Оплачиваем");
  });
});
