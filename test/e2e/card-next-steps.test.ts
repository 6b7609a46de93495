import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, UserHandle } from "../../src/sandbox/telegram/index.js";
import {
  buttonsOf,
  textOf,
  waitForBotMessage,
  waitForCallbackAnswer,
  waitForEdit,
  waitUntil,
} from "../support/telegram.js";
import {
  cardShows,
  messagesSince,
  paymentIdOf,
  sbpLink,
  scan,
  startWorld,
  type World,
} from "../support/world.js";

const NBSP = "\u00a0";

/** What a card says after a dead end: another provider, a retry, a warning — read as the person reads it. */
describe("the card never leaves a person at a dead end", () => {
  let world: World;
  let admin: UserHandle;
  beforeAll(async () => {
    world = await startWorld({
      name: "e2e-next-steps",
      env: { LIMIT_PER_PAYMENT_RUB: "1000", LIMIT_PER_DAY_RUB: "3000", APPROVAL_THRESHOLD_RUB: "5000" },
    });
    admin = world.admin;
  });
  afterAll(() => world.stop());

  const press = async (user: UserHandle, message: ChatMessage, data: string) =>
    waitForCallbackAnswer(world.tg, await user.pressButton(message, data));
  async function ask(user: UserHandle, text: string, answer?: RegExp): Promise<ChatMessage> {
    const mark = world.tg.mark();
    await user.sendText(text);
    return waitForBotMessage(world.tg, user, { since: mark, ...(answer ? { text: answer } : {}) });
  }
  const outageNotices = (since: number) =>
    messagesSince(world, admin.privateChatId, since).filter((m) => textOf(m).includes("не отвечает"));

  it("Lumo down: the card carries ArdorQR's quote and a Pay button that names it; administrators hear once", async () => {
    const payer = await world.member("Олег");
    const mark = world.tg.mark();
    world.lumo.controls.failRequests({ endpoint: "prepare", status: 503, times: 1000 });
    try {
      const card = await scan(world, payer, sbpLink({ sumMinor: 50_000 }));
      const text = textOf(card);
      expect(text).toContain("🔀 Lumo сейчас не отвечает — цена от ArdorQR. Оплата пройдёт через ArdorQR.");
      expect(text).toContain("Провайдер: ArdorQR");
      const [pay, cancel] = buttonsOf(card);
      expect(pay?.text).toBe(`✅ Оплатить через ArdorQR · 505,00${NBSP}₽`);
      expect(cancel?.text).toBe("✖ Отмена");

      await waitUntil(() => outageNotices(mark).length === 1, { what: "the administrators told" });
      expect(textOf(outageNotices(mark)[0]!)).toBe(
        "🛠 Lumo не отвечает на запросы котировок. Пока оплаты предлагаются через ArdorQR. Проверьте статус провайдера.",
      );
      // A second code while Lumo is still down: another ArdorQR card, no second message to the admins.
      const again = await scan(world, payer, sbpLink({ sumMinor: 20_000 }));
      expect(textOf(again)).toContain("цена от ArdorQR");

      await press(payer, card, pay!.data!);
      await waitUntil(() => [...world.ardor.state.payments.values()].some((p) => p.status === "confirming"), {
        what: "the payment confirmed at ArdorQR",
      });
      world.ardor.controls.settle();
      await cardShows(world, payer.privateChatId, card, /✅ Оплачено/);
      expect(outageNotices(mark)).toHaveLength(1);
    } finally {
      world.lumo.controls.clearFaults();
    }
    // Lumo is back: its own quote again, and the next outage would be news again.
    const back = await scan(world, payer, sbpLink({ sumMinor: 30_000 }));
    expect(textOf(back)).toContain("Провайдер: Lumo");
    expect(textOf(back)).not.toContain("🔀");
  });

  it("Lumo short of money: ArdorQR's quote when it can pay; the usual «not enough» card when neither can", async () => {
    const payer = await world.member("Римма");
    const lumoBalance = world.lumo.state.balance.usdtMicro;
    const ardorBalance = world.ardor.state.balanceMinor;
    world.lumo.controls.setBalance({ usdtMicro: 1_000_000 });
    try {
      const card = await scan(world, payer, sbpLink({ sumMinor: 40_000 }));
      expect(textOf(card)).toContain("🔀 На балансе Lumo не хватает денег — цена от ArdorQR.");
      expect(buttonsOf(card)[0]?.text).toBe(`✅ Оплатить через ArdorQR · 404,00${NBSP}₽`);

      world.ardor.controls.setBalance({ balanceMinor: 0 });
      const neither = await scan(world, payer, sbpLink({ sumMinor: 40_000 }));
      expect(textOf(neither)).toMatch(/Недостаточно средств: нужно .*USDT, на балансе 1,00.USDT/);
      expect(textOf(neither)).not.toContain("🔀");
      expect(buttonsOf(neither).map((b) => b.text)).toEqual(["💰 Как пополнить", "✖ Отмена"]);
    } finally {
      world.lumo.controls.setBalance({ usdtMicro: lumoBalance });
      world.ardor.controls.setBalance({ balanceMinor: ardorBalance });
    }
  });

  it("a failed payment says what to do next and [🔄 Попробовать ещё раз] brings a fresh quote to the same card", async () => {
    const payer = await world.member("Фёдор");
    const card = await scan(world, payer, sbpLink({ sumMinor: 60_000 }));
    const id = paymentIdOf(card);
    world.lumo.controls.failNextPayment({ reason: "Банк получателя недоступен" });
    await press(payer, card, `pay:${id}`);
    await cardShows(world, payer.privateChatId, card, /Оплачиваем|проводит/);
    world.lumo.controls.settle();
    const failed = await cardShows(world, payer.privateChatId, card, /❌ Не оплачено/);
    expect(textOf(failed)).toContain("Банк получателя недоступен");
    expect(textOf(failed)).toContain("Попробуйте ещё раз — бот запросит новую котировку.");
    expect(buttonsOf(failed).map((b) => b.text)).toEqual(["🔄 Попробовать ещё раз"]);

    await press(payer, failed, buttonsOf(failed)[0]!.data!);
    const fresh = await waitForEdit(world.tg, payer, card, (m) => /⏱ Котировка действует/.test(textOf(m)));
    expect(paymentIdOf(fresh)).not.toBe(id);
    expect(buttonsOf(fresh)[0]?.text).toBe(`✅ Оплатить 600,00${NBSP}₽`);
    // The failed payment stays failed in the history; the card now belongs to the new quote.
    expect(textOf(await ask(payer, `/status ${id}`))).toContain("❌ Не оплачено");
  });

  it("a dynamic QR code without a sum is flagged, like a static one", async () => {
    const payer = await world.member("Дина");
    const card = await scan(world, payer, sbpLink({ type: "02" }));
    expect(textOf(card)).toContain("⚠️ В QR-коде нет суммы: её назначил провайдер. Сверьте сумму с кассиром.");
  });

  it("/status shows the date with its zone and the state once", async () => {
    const payer = await world.member("Стас");
    const card = await scan(world, payer, sbpLink({ sumMinor: 12_300 }));
    const status = textOf(await ask(payer, `/status ${paymentIdOf(card)}`));
    expect(status).toMatch(/🗓 Дата: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} МСК$/);
    expect(status.match(/Котировка действует/g)).toHaveLength(1);
    const english = await world.member("Sam", { language_code: "en" });
    const theirs = await scan(world, english, sbpLink({ sumMinor: 12_300 }));
    expect(textOf(await ask(english, `/status ${paymentIdOf(theirs)}`))).toMatch(/🗓 Date: .*MSK$/);
  });

  it("/approvals lists what waits, with working buttons — after a restart too", async () => {
    expect(textOf(await ask(admin, "/approvals"))).toBe("Одобрения сейчас ничего не ждёт.");
    const payer = await world.member("Нина");
    const card = await scan(world, payer, sbpLink({ sumMinor: 150_000 }));
    expect(textOf(card)).toContain("Нужно одобрение");
    const mark = world.tg.mark();
    await press(payer, card, `pay:${paymentIdOf(card)}`);
    await waitForBotMessage(world.tg, admin, { since: mark, text: /Нужно одобрение/ });
    const accepts = world.lumo.state.requests.accept ?? 0;

    await world.stopApp();
    await world.startApp();
    const listed = world.tg.mark();
    await admin.sendText("/approvals");
    const [title, request] = (await waitForBotMessages(admin, listed, 2)) as [ChatMessage, ChatMessage];
    expect(textOf(title)).toBe("🕒 Ждёт одобрения 1 платёж:");
    expect(textOf(request)).toContain("Кто просит: Нина");
    expect(buttonsOf(request).map((b) => b.text)).toEqual(["✅ Одобрить", "🚫 Отклонить"]);
    expect((await press(admin, request, buttonsOf(request)[0]!.data!)).text).toBe("✅ Одобрено.");
    // Every copy of the request now says who decided — the first one too.
    await waitForEdit(world.tg, admin, request, (m) => textOf(m).includes("Кто одобрил: Админ"));
    await waitUntil(() => world.lumo.state.requests.accept === accepts + 1, {
      what: "the approved payment sent",
    });
    world.lumo.controls.settle();
    await cardShows(world, payer.privateChatId, card, /✅ Оплачено/);
    expect(textOf(await ask(admin, "/approvals"))).toBe("Одобрения сейчас ничего не ждёт.");
  });

  it("a request the administrators never got (the bot died first) is sent after the restart", async () => {
    const payer = await world.member("Лев");
    const card = await scan(world, payer, sbpLink({ sumMinor: 160_000 }));
    const id = paymentIdOf(card);
    const mark = world.tg.mark();
    await press(payer, card, `pay:${id}`);
    await waitForBotMessage(world.tg, admin, { since: mark, text: /Нужно одобрение/ });
    // As if the process had died between the move and the messages: no copy recorded, none sent.
    const store = world.app.app.stores.payments;
    for (let i = 0; !(await store.get(id))?.approval?.messages?.length; i++) {
      if (i > 500) throw new Error("the request's copy was never recorded");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await store.update(id, (p) => ({ ...p, approval: { ...p.approval!, messages: [] } }));
    await world.stopApp();
    const restarted = world.tg.mark();
    await world.startApp();
    const resent = await waitForBotMessage(world.tg, admin, {
      since: restarted,
      text: /Нужно одобрение/,
    });
    expect(textOf(resent)).toContain("Кто просит: Лев");
    expect((await press(admin, resent, `reject:${id}`)).text).toBe("🚫 Отклонено.");
    await cardShows(world, payer.privateChatId, card, /Отклонено администратором/);
  });

  async function waitForBotMessages(user: UserHandle, since: number, count: number): Promise<ChatMessage[]> {
    await waitUntil(() => messagesSince(world, user.privateChatId, since).length >= count, {
      what: `${count} messages`,
    });
    return messagesSince(world, user.privateChatId, since).slice(0, count);
  }
});
