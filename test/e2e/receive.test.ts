import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/lib/csv.js";
import { signMeridianNotification } from "../../src/providers/meridian/webhook.js";
import type { UserHandle } from "../../src/sandbox/telegram/index.js";
import type { ChatMessage } from "../../src/sandbox/telegram/types.js";
import {
  buttonsOf,
  textOf as rawText,
  waitForBotMessage,
  waitForCallbackAnswer,
  waitForEdit,
  waitUntil,
} from "../support/telegram.js";
import { MERIDIAN_TOKEN, messagesSince, startWorld, type World } from "../support/world.js";

/** The message's text with Telegram's no-break spaces (money, times) as plain ones. */
const textOf = (m: ChatMessage) => rawText(m).replace(/[\u00a0\u202f]/g, " ");

const invoiceIdOf = (card: ChatMessage) => {
  const id = /R[0-9A-HJKMNP-TV-Z]{10}/.exec(textOf(card))?.[0];
  if (!id) throw new Error(`no invoice id on: ${textOf(card)}`);
  return id;
};

describe("taking money in: /receive, the requisites card, ✅ when a signed status read agrees", () => {
  let world: World;
  let vera: UserHandle;

  beforeAll(async () => {
    world = await startWorld({ name: "e2e-receive", env: { POLL_INITIAL_MS: "300" } });
    vera = await world.member("Вера");
  });
  afterAll(() => world.stop());

  async function ask(text: string, answer: RegExp) {
    const mark = world.tg.mark();
    await vera.sendText(text);
    return waitForBotMessage(world.tg, vera, { since: mark, text: answer });
  }

  /** Picks an option of the dialog's last question by its label. */
  async function choose(question: ChatMessage, label: RegExp) {
    const button = buttonsOf(question).find((b) => label.test(b.text));
    if (!button?.data) throw new Error(`no option ${label} in: ${JSON.stringify(buttonsOf(question))}`);
    await vera.pressButton(question, button.data);
  }

  /** `/receive <amount>` through the dialog to the card, with the way and bank picked by label. */
  async function receive(amount: string, way: RegExp, bank?: RegExp): Promise<ChatMessage> {
    const mark = world.tg.mark();
    const question = await ask(`/receive ${amount}`, /Как клиенту удобнее заплатить/);
    await choose(question, way);
    if (bank) {
      const bankQuestion = await waitForBotMessage(world.tg, vera, {
        since: mark,
        text: /Реквизиты какого банка/,
      });
      await choose(bankQuestion, bank);
    }
    const status = await waitForBotMessage(world.tg, vera, { since: mark, text: /Готовлю реквизиты/ });
    return waitForEdit(world.tg, vera.privateChatId, status, (m) => /Счёт/.test(textOf(m)), {
      timeoutMs: 10_000,
    });
  }

  const cardShows = (card: ChatMessage, pattern: RegExp, timeoutMs = 10_000) =>
    waitForEdit(world.tg, vera.privateChatId, card, (m) => pattern.test(textOf(m)), { timeoutMs });

  it("Meridian by SBP: the phone to read out, then ✅ Получено and one notice when the customer pays", async () => {
    const card = await receive("1500", /СБП/, /Сбербанк/);
    const waiting = await cardShows(card, /Ждём оплату/);
    expect(textOf(waiting)).toContain("1 500,00 ₽");
    expect(textOf(waiting)).toMatch(/Телефон: \+7/);
    expect(textOf(waiting)).toMatch(/Банк получателя: Сбербанк/);
    expect(textOf(waiting)).toMatch(/Действует до \d\d:\d\d МСК/);
    expect(buttonsOf(waiting).map((b) => b.text)).toEqual(["📤 Переслать клиенту", "✖ Отменить"]);
    expect(world.meridian.state.invoices.size).toBe(1);

    // The forward button gives a clean message for the customer: nothing of the company.
    const mark = world.tg.mark();
    await waitForCallbackAnswer(world.tg, await vera.pressButton(waiting, "📤 Переслать клиенту"));
    const forward = await waitForBotMessage(world.tg, vera, { since: mark, text: /Оплата 1.500,00/ });
    expect(textOf(forward)).toMatch(/Пожалуйста, оплатите до \d\d:\d\d МСК/);
    expect(textOf(forward)).not.toMatch(/Счёт|R[0-9A-Z]{10}|Meridian/);

    const paidMark = world.tg.mark();
    world.meridian.controls.pay();
    const paid = await cardShows(card, /✅ Получено 1 500,00 ₽/);
    expect(buttonsOf(paid)).toEqual([]);
    await waitUntil(
      () => messagesSince(world, vera.privateChatId, paidMark).some((m) => /✅ Получено/.test(textOf(m))),
      {
        what: "the notice",
      },
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(
      messagesSince(world, vera.privateChatId, paidMark).filter((m) => /Получено/.test(textOf(m))),
    ).toHaveLength(1);
  });

  it("asks for the amount when there is none, and again when it is not a number", async () => {
    await ask("/receive", /Сколько принять/);
    await ask("сто рублей", /Не понял сумму/);
    const question = await ask("250,50", /Как клиенту удобнее заплатить/);
    expect(buttonsOf(question).map((b) => b.text)).toEqual([
      "СБП по номеру телефона · Meridian",
      "Перевод на карту · Meridian",
      "Ссылка на оплату · Merchant API",
    ]);
    // Another command leaves the dialog and is handled as usual.
    await ask("/help", /receive/);
  });

  it("merchant API: a link button, a QR picture of it, and the estimate of the USDT credited", async () => {
    const mark = world.tg.mark();
    const card = await receive("1000", /Ссылка/);
    const waiting = await cardShows(card, /Ждём оплату/);
    expect(buttonsOf(waiting)[0]).toMatchObject({
      text: "🔗 Открыть страницу оплаты",
      url: expect.stringMatching(/^https?:/),
    });
    await waitUntil(
      () => world.tg.botMessages(vera.privateChatId).some((m) => m.message.photo && m.sentAt >= 0),
      {
        what: "the QR picture",
      },
    );
    expect(
      messagesSince(world, vera.privateChatId, mark).some((m) =>
        /QR-код страницы оплаты/.test(m.message.caption ?? ""),
      ),
    ).toBe(true);
    world.merchant.controls.pay();
    const paid = await cardShows(card, /✅ Получено 1 000,00 ₽/);
    expect(textOf(paid)).toMatch(/≈ зачислено \d+,\d+.USDT \(оценка провайдера/);
  });

  it("a forged, tampered or unknown notification changes nothing", async () => {
    const card = await receive("700", /карту/, /Любой банк/);
    const waiting = await cardShows(card, /Ждём оплату/);
    const id = invoiceIdOf(waiting);
    const invoice = [...world.meridian.state.invoices.values()].at(-1)!;
    const body = JSON.stringify({ id: invoice.id, status: "paid", amount: "700", internalId: `qrpay-${id}` });
    const url = `${world.app.app.httpUrl}/webhooks/meridian`;
    const forged = await fetch(url, {
      method: "POST",
      headers: signMeridianNotification(body, "x".repeat(40)),
      body,
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(url, { method: "POST", body });
    expect(unsigned.status).toBe(401);
    // Signed, but the status read says it is still unpaid: the card stays as it is.
    const signed = await fetch(url, {
      method: "POST",
      headers: signMeridianNotification(body, MERIDIAN_TOKEN),
      body,
    });
    expect(signed.status).toBe(200);
    const unknownBody = JSON.stringify({ id: "no-such-invoice", status: "paid", amount: "1" });
    const unknown = await fetch(url, {
      method: "POST",
      headers: signMeridianNotification(unknownBody, MERIDIAN_TOKEN),
      body: unknownBody,
    });
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ status: "unknown_invoice" });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(textOf(world.tg.chatMessage(vera.privateChatId, card.messageId)!)).toContain("Ждём оплату");
  });

  it("a lost notification is found by polling", async () => {
    const card = await receive("300", /СБП/, /Любой банк/);
    await cardShows(card, /Ждём оплату/);
    world.meridian.controls.dropNextWebhook();
    world.meridian.controls.pay();
    await cardShows(card, /✅ Получено 300,00 ₽/, 15_000);
  });

  it("«Нет доступных реквизитов» offers to try again, another bank or another service — never a raw error", async () => {
    world.meridian.controls.noRequisites({ times: 1 });
    const card = await receive("900", /СБП/, /Т-Банк/);
    const failed = await cardShows(card, /нет свободных реквизитов/);
    expect(buttonsOf(failed).map((b) => b.text)).toEqual([
      "🔄 Повторить",
      "🏦 Другой банк",
      "↪️ Через другой сервис",
    ]);
    expect(textOf(failed)).not.toMatch(/503|no_requisites|Нет доступных реквизитов/);
    await waitForCallbackAnswer(world.tg, await vera.pressButton(failed, "🔄 Повторить"));
    const retried = await cardShows(card, /Ждём оплату/);
    expect(textOf(retried)).toContain("900,00 ₽");
  });

  it("amounts that cannot be trusted put the invoice up for a person, never credit it", async () => {
    const card = await receive("400", /СБП/, /Любой банк/);
    await cardShows(card, /Ждём оплату/);
    const adminMark = world.tg.mark();
    world.meridian.controls.alterNextAnswer({ times: 2, amount: "400.001" });
    world.meridian.controls.pay();
    const attention = await cardShows(card, /Требует проверки/, 15_000);
    world.meridian.controls.clearScenarios();
    expect(textOf(attention)).not.toContain("Получено");
    await waitForBotMessage(world.tg, world.admin, { since: adminMark, text: /требует проверки/ });
  });

  it("expiry and cancellation end the card; a payment after a cancel still counts", async () => {
    const expiring = await receive("100", /СБП/, /Любой банк/);
    await cardShows(expiring, /Ждём оплату/);
    world.meridian.controls.expire();
    await cardShows(expiring, /Истекло/);

    const cancelled = await receive("200", /СБП/, /Любой банк/);
    const waiting = await cardShows(cancelled, /Ждём оплату/);
    await waitForCallbackAnswer(world.tg, await vera.pressButton(waiting, "✖ Отменить"));
    await cardShows(cancelled, /Отменено/);
    world.meridian.controls.pay();
    await cardShows(cancelled, /✅ Получено 200,00 ₽/, 15_000);
  });

  it("survives a restart: a half-finished dialog goes on, an open invoice still turns ✅", async () => {
    await ask("/receive", /Сколько принять/);
    await world.stopApp();
    await world.startApp({ POLL_INITIAL_MS: "300" });
    const question = await ask("600", /Как клиенту удобнее заплатить/);
    await choose(question, /СБП/);
    const bank = await waitForBotMessage(world.tg, vera, { text: /Реквизиты какого банка/ });
    await choose(bank, /Любой банк/);
    const status = await waitForBotMessage(world.tg, vera, { text: /Готовлю реквизиты на 600/ });
    const card = await cardShows(status, /Ждём оплату/);
    await world.stopApp();
    world.meridian.controls.pay();
    await world.startApp({ POLL_INITIAL_MS: "300" });
    await cardShows(card, /✅ Получено 600,00 ₽/, 15_000);
  });

  it("incoming money is in /history, /status, the audit log and /export (with its direction)", async () => {
    const history = textOf(await ask("/history", /Последние платежи/));
    const line = history.split("\n").find((l) => l.includes("+1 500,00 ₽"));
    expect(line).toMatch(/^✅ .*\+1 500,00 ₽ · СБП по номеру телефона · Meridian · Вера · R[0-9A-Z]{10}$/);
    const id = /R[0-9A-Z]{10}/.exec(line!)![0];
    const status = textOf(await ask(`/status ${id}`, /Счёт/));
    expect(status).toContain("✅ Получено");
    expect(status).toMatch(/🗓 Дата: .* МСК$/);
    const actions = (await world.app.app.stores.audit.latest(500)).filter((e) => e.details.invoiceId === id);
    expect(actions.map((e) => e.action).reverse()).toEqual([
      "invoice.requested",
      "invoice.issued",
      "invoice.final",
    ]);

    const before = world.tg.calls("sendDocument").length;
    await world.admin.sendText("/export");
    await waitUntil(() => world.tg.calls("sendDocument").length > before, { what: "the export" });
    const file = (world.tg.calls("sendDocument").at(-1)!.params as { document: { bytes: Buffer } }).document;
    const rows = parseCsv(file.bytes);
    const row = rows.find((r) => r[12] === id);
    expect(row?.slice(2, 8)).toEqual([
      "приход",
      "Вера",
      "СБП по номеру телефона · Meridian",
      "Meridian",
      "1500,00",
      "0,00",
    ]);
    expect(row?.[10]).toBe("получено");
  });

  it("a viewer is told invoices are not theirs to issue", async () => {
    const viewer = await world.member("Ника", { role: "viewer" });
    const mark = world.tg.mark();
    await viewer.sendText("/receive 100");
    const answer = await waitForBotMessage(world.tg, viewer, { since: mark });
    expect(textOf(answer)).toContain("Наблюдатель не выставляет счета");
  });
});
