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
  current,
  messagesSince,
  paymentIdOf,
  sbpLink,
  scan,
  startWorld,
  type World,
} from "../support/world.js";

const NBSP = "\u00a0";

describe("paying a QR code end to end (real app, Telegram emulator, both simulators, Redis)", () => {
  let world: World;
  let admin: UserHandle;

  beforeAll(async () => {
    world = await startWorld({ name: "e2e-pay" });
    admin = world.admin;
  });
  afterAll(() => world.stop());

  const newUser = (name: string, language_code = "ru") => world.member(name, { language_code });
  const useArdor = async (user: UserHandle) => {
    const mark = world.tg.mark();
    await user.sendText("/provider");
    const chooser = await waitForBotMessage(world.tg, user, { since: mark });
    const query = await user.pressButton(chooser, "provider:ardor");
    await waitForCallbackAnswer(world.tg, query);
  };
  const press = async (
    user: UserHandle,
    card: Parameters<UserHandle["pressButton"]>[0],
    data: string,
    chat?: number,
  ) => {
    const query = await user.pressButton(card, data, chat ? { chat } : {});
    return waitForCallbackAnswer(world.tg, query);
  };

  it("Lumo: photo → quote card → Pay → ⏳ → webhook → ✅ and exactly one notification", async () => {
    const alice = await newUser("Алиса");
    const card = await scan(world, alice, sbpLink({ sumMinor: 500_000 }));
    const text = textOf(card);
    expect(text).toContain("Получатель: ");
    expect(text).toContain(`Сумма: 5${NBSP}000,00${NBSP}₽`);
    expect(text).toMatch(/Спишется: 52,63.USDT \(курс 95,00/);
    expect(text).toMatch(/Баланс после оплаты: 947,87.USDT/);
    expect(text).toMatch(/Котировка действует \d+ с — до \d\d:\d\d:\d\d/);
    expect(buttonsOf(card).map((b) => b.text)).toEqual([`✅ Оплатить 5${NBSP}000,00${NBSP}₽`, "✖ Отмена"]);
    const id = paymentIdOf(card);

    const mark = world.tg.mark();
    expect((await press(alice, card, `pay:${id}`)).text).toBe("⏳ Оплачиваем…");
    await cardShows(world, alice.privateChatId, card, /Оплачиваем|проводит платёж/);
    expect(buttonsOf(current(world, alice.privateChatId, card))).toEqual([]);
    expect(world.lumo.state.requests.accept).toBe(1);

    world.lumo.controls.settle();
    await cardShows(world, alice.privateChatId, card, /✅ Оплачено/);
    await waitUntil(() => messagesSince(world, alice.privateChatId, mark).length === 1, {
      what: "one notice",
    });
    expect(textOf(messagesSince(world, alice.privateChatId, mark)[0]!)).toMatch(/^✅ Оплачено 5.000,00.₽ — /);
    expect(world.lumo.state.balance.usdtMicro).toBe(1_000_500_000 - 52_630_000);
  });

  it("Ardor: fee and total in rubles, test mode shown, paid through confirming → completed", async () => {
    const boris = await newUser("Boris", "en");
    await useArdor(boris);
    const card = await scan(world, boris, sbpLink({ sumMinor: 123_400 }));
    const text = textOf(card);
    expect(text).toMatch(/Amount: 1,234\.00.₽/);
    expect(text).toMatch(/Fee: 12\.34.₽/);
    expect(text).toMatch(/Total: 1,246\.34.₽/);
    expect(text).toContain("Provider: ArdorQR · 🧪 test mode");
    expect(text).toMatch(/Balance after payment: /);
    const mark = world.tg.mark();
    await press(boris, card, `pay:${paymentIdOf(card)}`);
    await waitUntil(() => [...world.ardor.state.payments.values()].some((p) => p.status === "confirming"), {
      what: "the payment to be confirming at Ardor",
    });
    world.ardor.controls.settle();
    await cardShows(world, boris.privateChatId, card, /✅ Paid/);
    await waitUntil(() => messagesSince(world, boris.privateChatId, mark).length === 1, {
      what: "one notice",
    });
    expect(textOf(messagesSince(world, boris.privateChatId, mark)[0]!)).toMatch(/^✅ Paid 1,246\.34.₽ — /);
  });

  it("insufficient balance: no Pay button, the balance shown, a button to the top-up instructions", async () => {
    // ArdorQR cannot pay either (else the card would offer it instead).
    const ardorBalance = world.ardor.state.balanceMinor;
    world.lumo.controls.setBalance({ usdtMicro: 1_000_000 });
    world.ardor.controls.setBalance({ balanceMinor: 0 });
    try {
      const vera = await newUser("Вера");
      const card = await scan(world, vera, sbpLink({ sumMinor: 500_000 }));
      expect(textOf(card)).toMatch(/Недостаточно средств: нужно 52,63.USDT, на балансе 1,00.USDT/);
      const buttons = buttonsOf(card);
      expect(buttons.map((b) => b.text)).toEqual(["💰 Как пополнить", "✖ Отмена"]);
      const mark = world.tg.mark();
      await press(vera, card, buttons[0]!.data!);
      const howTo = await waitForBotMessage(world.tg, vera, { since: mark, text: /TRON/ });
      expect(textOf(howTo)).toContain("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE");
      await waitUntil(() => world.tg.botMessages(vera.privateChatId).some((m) => m.message.photo), {
        what: "the address QR picture",
      });
      expect(world.lumo.state.requests.accept ?? 0).toBe(1);
    } finally {
      world.lumo.controls.setBalance({ usdtMicro: 1_000_500_000 });
      world.ardor.controls.setBalance({ balanceMinor: ardorBalance });
    }
  });

  it("warns about a static QR without a sum, a sum that differs from the quote, and a wrong CRC", async () => {
    const gleb = await newUser("Глеб");
    const staticCard = await scan(world, gleb, sbpLink({ type: "01" }));
    expect(textOf(staticCard)).toContain("Статический QR-код без суммы");

    world.lumo.controls.nextQuoteAmount({ amountMinor: 510_000 });
    const differs = await scan(world, gleb, sbpLink({ sumMinor: 500_000 }));
    expect(textOf(differs)).toMatch(/В QR-коде указана сумма 5.000,00.₽, а провайдер выставил 5.100,00.₽/);

    const badCrc = sbpLink({ sumMinor: 100 }).replace(/crc=[0-9A-F]{4}$/, "crc=0000");
    expect(textOf(await scan(world, gleb, badCrc))).toContain("Контрольная сумма QR-кода не сходится");
  });

  it("a double tap, and taps from two devices, confirm once", async () => {
    const dina = await newUser("Дина");
    const card = await scan(world, dina, sbpLink({ sumMinor: 10_000 }));
    const accepts = world.lumo.state.requests.accept ?? 0;
    const id = paymentIdOf(card);
    const answers = await Promise.all([1, 2, 3].map(() => press(dina, card, `pay:${id}`)));
    expect(answers.map((a) => a.text).sort()).toEqual(
      ["⏳ Оплачиваем…", "Платёж уже в работе.", "Платёж уже в работе."].sort(),
    );
    await waitUntil(() => world.lumo.state.requests.accept === accepts + 1, { what: "the accept" });
    await new Promise((r) => setTimeout(r, 200));
    expect(world.lumo.state.requests.accept).toBe(accepts + 1);
    world.lumo.controls.settle();
    await cardShows(world, dina.privateChatId, card, /✅ Оплачено/);
  });

  it("in a group, only the person who scanned (or an administrator) can press Pay", async () => {
    const owner = await newUser("Олег");
    const other = await newUser("Пётр");
    const group = world.tg.createGroup({ title: "Офис", members: [owner, other, admin] });
    const card = await scan(world, owner, sbpLink({ sumMinor: 20_000 }), { chat: group.id });
    expect(textOf(card)).toContain("Кто сканировал: Олег");
    const id = paymentIdOf(card);
    const refused = await press(other, card, `pay:${id}`, group.id);
    expect(refused).toMatchObject({ show_alert: true });
    expect(refused.text).toContain("Оплатить может только тот, кто сканировал");
    expect(textOf(current(world, group.id, card))).toContain("Котировка действует");
    expect((await press(other, card, `cancel:${id}`, group.id)).text).toContain("Оплатить может только");

    // An administrator may pay someone else's card; the card says who confirmed.
    expect((await press(admin, card, `pay:${id}`, group.id)).text).toBe("⏳ Оплачиваем…");
    world.lumo.controls.settle();
    const paid = await cardShows(world, group.id, card, /✅ Оплачено/);
    expect(textOf(paid)).toContain("Кто подтвердил: Админ");
  });

  it("a forged webhook gets 401 and changes nothing", async () => {
    const eva = await newUser("Ева");
    const card = await scan(world, eva, sbpLink({ sumMinor: 30_000 }));
    await press(eva, card, `pay:${paymentIdOf(card)}`);
    await cardShows(world, eva.privateChatId, card, /Оплачиваем|проводит/);
    const order = [...world.lumo.state.orders.values()].at(-1)!;
    const body = JSON.stringify({
      event: "order.status_changed",
      orderId: order.id,
      status: "success",
      amountUsdt: 3.16,
      amountRub: 300,
    });
    const res = await fetch(`${world.app.app.httpUrl}/webhooks/lumo`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...signLumoWebhook(body, "not-the-secret", { deliveryId: "forged-1" }),
      },
      body,
    });
    expect(res.status).toBe(401);
    const unsigned = await fetch(`${world.app.app.httpUrl}/webhooks/lumo`, { method: "POST", body });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(textOf(current(world, eva.privateChatId, card))).not.toContain("✅");
    world.lumo.controls.settle();
    await cardShows(world, eva.privateChatId, card, /✅ Оплачено/);
  });

  it("duplicate and out-of-order webhooks: one notification, the final status kept", async () => {
    const fedor = await newUser("Фёдор");
    await useArdor(fedor);
    const card = await scan(world, fedor, sbpLink({ sumMinor: 40_000 }));
    const mark = world.tg.mark();
    // `processing` will arrive after `completed`, and `completed` arrives twice.
    world.ardor.controls.reorderNextWebhooks();
    await press(fedor, card, `pay:${paymentIdOf(card)}`);
    await waitUntil(() => [...world.ardor.state.payments.values()].some((p) => p.status === "confirming"), {
      what: "confirming at Ardor",
    });
    world.ardor.controls.duplicateNextWebhook();
    world.ardor.controls.settle();
    await cardShows(world, fedor.privateChatId, card, /✅ Оплачено/);
    await world.ardor.webhooksIdle();
    await new Promise((r) => setTimeout(r, 300));
    expect(textOf(current(world, fedor.privateChatId, card))).toContain("✅ Оплачено");
    expect(messagesSince(world, fedor.privateChatId, mark)).toHaveLength(1);
  });

  it("provider 5xx on confirm, then success with the same Idempotency-Key: one payment", async () => {
    const galya = await newUser("Галя");
    const card = await scan(world, galya, sbpLink({ sumMinor: 50_000 }));
    const balance = world.lumo.state.balance.usdtMicro;
    world.lumo.controls.failRequests({ endpoint: "accept", status: 503, times: 1 });
    const accepts = world.lumo.state.requests.accept ?? 0;
    await press(galya, card, `pay:${paymentIdOf(card)}`);
    world.lumo.controls.settle();
    await waitUntil(() => [...world.lumo.state.orders.values()].at(-1)?.status !== "created", {
      what: "accepted",
    });
    world.lumo.controls.settle();
    await cardShows(world, galya.privateChatId, card, /✅ Оплачено/);
    expect(world.lumo.state.requests.accept).toBe(accepts + 2);
    const order = [...world.lumo.state.orders.values()].at(-1)!;
    expect(world.lumo.state.balance.usdtMicro).toBe(balance - order.amountUsdtMicro);
  });

  it("a payment the provider fails: ❌ with the reason, and the notification says so", async () => {
    const ilya = await newUser("Илья");
    const card = await scan(world, ilya, sbpLink({ sumMinor: 60_000 }));
    world.lumo.controls.failNextPayment({ reason: "Банк получателя недоступен" });
    const mark = world.tg.mark();
    await press(ilya, card, `pay:${paymentIdOf(card)}`);
    await cardShows(world, ilya.privateChatId, card, /Оплачиваем|проводит/);
    world.lumo.controls.settle();
    await cardShows(world, ilya.privateChatId, card, /❌ Не оплачено.*Банк получателя недоступен/s);
    await waitUntil(() => messagesSince(world, ilya.privateChatId, mark).length === 1, {
      what: "one notice",
    });
    expect(textOf(messagesSince(world, ilya.privateChatId, mark)[0]!)).toContain(
      "не прошёл: Банк получателя недоступен",
    );
  });

  it("Cancel closes the quote and takes its buttons away", async () => {
    const kira = await newUser("Кира");
    const card = await scan(world, kira, sbpLink({ sumMinor: 70_000 }));
    const accepts = world.lumo.state.requests.accept ?? 0;
    expect((await press(kira, card, `cancel:${paymentIdOf(card)}`)).text).toBe("Отменено.");
    const cancelled = await cardShows(world, kira.privateChatId, card, /✖ Отменено/);
    expect(buttonsOf(cancelled)).toEqual([]);
    expect(world.lumo.state.requests.accept ?? 0).toBe(accepts);
  });

  it("an Ardor top-up notifies the administrators", async () => {
    const mark = world.tg.mark();
    world.ardor.controls.deposit({ amountUsdtMicro: 100_000_000 });
    await waitForBotMessage(world.tg, admin, { since: mark, text: /Пополнение в пути/ });
    world.ardor.controls.settle();
    const credited = await waitForBotMessage(world.tg, admin, { since: mark, text: /Пополнение зачислено/ });
    expect(textOf(credited)).toMatch(/\d.*₽.*ArdorQR/);
  });
});
