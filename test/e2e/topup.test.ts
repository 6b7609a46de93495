import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signLincolnIpn } from "../../src/providers/lincoln/webhook.js";
import type { UserHandle } from "../../src/sandbox/telegram/index.js";
import type { ChatMessage } from "../../src/sandbox/telegram/types.js";
import {
  buttonsOf,
  textOf as rawText,
  waitForBotMessage,
  waitForCallbackAnswer,
  waitForEdit,
} from "../support/telegram.js";
import {
  cardShows as paymentCardShows,
  paymentIdOf,
  sbpLink,
  scan,
  startWorld,
  type World,
} from "../support/world.js";

/** The message's text with Telegram's no-break spaces (money, times) as plain ones. */
const textOf = (m: ChatMessage) => rawText(m).replace(/[\u00a0\u202f]/g, " ");

describe("topping up through the exchanger: order, payment, payout, and ✅ only when the provider credited it", () => {
  let world: World;
  let admin: UserHandle;

  beforeAll(async () => {
    world = await startWorld({ name: "e2e-topup", env: { POLL_INITIAL_MS: "200" } });
    admin = world.admin;
  });
  afterAll(() => world.stop());

  async function ask(user: UserHandle, text: string, answer: RegExp) {
    const mark = world.tg.mark();
    await user.sendText(text);
    return waitForBotMessage(world.tg, user, { since: mark, text: answer });
  }

  async function choose(question: ChatMessage, label: RegExp) {
    const button = buttonsOf(question).find((b) => label.test(b.text));
    if (!button?.data) throw new Error(`no option ${label} in: ${JSON.stringify(buttonsOf(question))}`);
    await admin.pressButton(question, button.data);
  }

  const cardShows = (card: ChatMessage, pattern: RegExp, timeoutMs = 10_000) =>
    waitForEdit(world.tg, admin.privateChatId, card, (m) => pattern.test(textOf(m)), { timeoutMs });

  /** `/topup <amount>` → provider → preview → «Создать заявку» → the order card waiting for payment. */
  async function topup(amount: string, provider: RegExp) {
    const mark = world.tg.mark();
    const question = await ask(admin, `/topup ${amount}`, /Баланс какого провайдера/);
    await choose(question, provider);
    const preview = await waitForBotMessage(world.tg, admin, { since: mark, text: /^💱 Пополнение/ });
    await choose(preview, /Создать заявку/);
    const status = await waitForBotMessage(world.tg, admin, {
      since: mark,
      text: /Создаю заявку в обменнике:/,
    });
    return { preview, card: await cardShows(status, /Ждём вашу оплату/) };
  }

  it("Lumo: the preview, the exchanger's page, «Оплата отправлена», payout, and ✅ once the USDT balance grew", async () => {
    const before = world.lumo.state.balance.usdtMicro;
    const { preview, card } = await topup("50000", /Lumo/);
    expect(textOf(preview)).toMatch(/Пополнение Lumo на 50 000,00 ₽/);
    expect(textOf(preview)).toMatch(/Баланс сейчас: 1 000,50 USDT/);
    const buttons = buttonsOf(card);
    expect(buttons[0]).toMatchObject({
      text: "💳 Оплатить на странице обменника",
      url: expect.stringMatching(/\/ru\/payment\/\d+\//),
    });
    expect(buttons[1]?.text).toBe("✅ Оплата отправлена");
    expect(textOf(card)).toMatch(/Заявка в обменнике № \d+/);

    await waitForCallbackAnswer(world.tg, await admin.pressButton(card, "✅ Оплата отправлена"));
    await cardShows(card, /меняет рубли на USDT/);
    const mark = world.tg.mark();
    await world.lincoln.controls.payout({});
    const credited = await cardShows(card, /Баланс пополнен/);
    expect(textOf(credited)).toMatch(/Баланс Lumo: \d[\d ]*,\d+ USDT/);
    expect(world.lumo.state.balance.usdtMicro).toBeGreaterThan(before);
    await waitForBotMessage(world.tg, admin, { since: mark, text: /Баланс Lumo пополнен/ });
  });

  it("ArdorQR: a lost IPN is found by polling, and ✅ waits for ArdorQR's deposit.credited", async () => {
    const { card } = await topup("20000", /ArdorQR/);
    await waitForCallbackAnswer(world.tg, await admin.pressButton(card, "✅ Оплата отправлена"));
    world.lincoln.controls.loseNextIpn();
    world.lincoln.controls.loseNextIpn();
    await world.lincoln.controls.payout({});
    // The exchanger paid out; ArdorQR has the deposit pending, not yet credited.
    await cardShows(card, /Обменник отправил \d+,\d+ USDT — ждём зачисления на баланс ArdorQR/);
    world.ardor.controls.settle();
    const credited = await cardShows(card, /Баланс пополнен/);
    expect(textOf(credited)).toMatch(/Баланс ArdorQR: \d[\d ]*,\d\d ₽/);
    expect(world.lincoln.state.ipns.filter((i) => i.status === "dropped").length).toBeGreaterThanOrEqual(2);
  });

  it("a forged IPN is refused, one for an order we do not know changes nothing, and statuses never go back", async () => {
    const { card } = await topup("10000", /Lumo/);
    const order = [...world.lincoln.state.orders.values()].at(-1)!;
    const fields = {
      orderId: order.id,
      newStatus: "done",
      inAmount: "10000",
      outAmount: "105.263157",
      xml_from: "SBPRUB",
      xml_to: "USDTTRC20",
      timestamp: String(Date.now()),
    };
    const url = `${world.app.app.httpUrl}/webhooks/lincoln`;
    const post = (form: Record<string, string>) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form).toString(),
      });
    expect((await post(signLincolnIpn(fields, "not-the-order-secret"))).status).toBe(401);
    const unknown = await post(
      signLincolnIpn({ ...fields, orderId: "65f0c0ffee00000000000000" }, "whatever"),
    );
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ status: "unknown_order" });
    await world.lincoln.controls.paid({});
    await cardShows(card, /меняет рубли/);
    world.lincoln.controls.forceStatus({ status: "waitPayment" });
    await new Promise((r) => setTimeout(r, 800));
    expect(textOf(world.tg.chatMessage(admin.privateChatId, card.messageId)!)).toMatch(/меняет рубли/);
  });

  it("troubled statuses say what to do; a returned order ends the card", async () => {
    const { card } = await topup("5000", /Lumo/);
    await waitForCallbackAnswer(world.tg, await admin.pressButton(card, "✅ Оплата отправлена"));
    world.lincoln.controls.error({ status: "hold" });
    await cardShows(card, /заморозил заявку. Напишите в его поддержку, указав заявку № \d+/);
    world.lincoln.controls.error({ status: "returned" });
    await cardShows(card, /вернул деньги/);
  });

  it("an order made before a restart still ends ✅ after it", async () => {
    const { card } = await topup("7000", /Lumo/);
    await waitForCallbackAnswer(world.tg, await admin.pressButton(card, "✅ Оплата отправлена"));
    await cardShows(card, /меняет рубли/);
    await world.stopApp();
    await world.lincoln.controls.payout({});
    await world.startApp({ POLL_INITIAL_MS: "200" });
    await cardShows(card, /Баланс пополнен/, 15_000);
  });

  it("only administrators top up", async () => {
    const payer = await world.member("Пётр");
    const answer = await ask(payer, "/topup 1000", /.+/);
    expect(textOf(answer)).toBe("Эта команда — только для администраторов.");
  });

  it("the runway alert: once, when the balance falls under a day of spending, with a prefilled top-up", async () => {
    const payer = await world.member("Ира");
    world.lumo.controls.setBalance({ usdtMicro: 20_000_000 });
    const pay = async (sumMinor: number) => {
      const card = await scan(world, payer, sbpLink({ sumMinor }));
      await waitForCallbackAnswer(world.tg, await payer.pressButton(card, `pay:${paymentIdOf(card)}`));
      world.lumo.controls.settle();
      await paymentCardShows(world, payer.privateChatId, card, /✅ Оплачено/);
    };
    const mark = world.tg.mark();
    await pay(150_000);
    const alert = await waitForBotMessage(world.tg, admin, {
      since: mark,
      text: /Баланса Lumo не хватит на обычный день/,
    });
    const button = buttonsOf(alert)[0];
    expect(button?.text).toMatch(/^💱 Пополнить через обменник на \d/);
    const second = world.tg.mark();
    await pay(10_000);
    await new Promise((r) => setTimeout(r, 800));
    const alerts = world.tg
      .eventsSince(second)
      .filter(
        (e) =>
          e.type === "message" && e.chatId === admin.privateChatId && /Баланса Lumo/.test(rawText(e.message)),
      );
    expect(alerts).toHaveLength(0);
    // The prefilled button opens the preview with the amount and the provider filled in.
    const pressMark = world.tg.mark();
    await admin.pressButton(alert, button!.data!);
    const preview = await waitForBotMessage(world.tg, admin, { since: pressMark, text: /Пополнение Lumo/ });
    expect(textOf(preview)).toContain(
      button!.text.replace(/^💱 Пополнить через обменник на /, "").replace(/[\u00a0\u202f]/g, " "),
    );
  });
});
