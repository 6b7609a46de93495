import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/lib/csv.js";
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
  current,
  messagesSince,
  paymentIdOf,
  sbpLink,
  scan,
  startWorld,
  type World,
} from "../support/world.js";

const NBSP = "\u00a0";

describe("company controls: who may use the bot, limits, approvals, audit, export", () => {
  let world: World;
  let admin: UserHandle;
  beforeAll(async () => {
    world = await startWorld({
      name: "e2e-controls",
      env: {
        INVITE_TTL_SECONDS: "2",
        LIMIT_PER_PAYMENT_RUB: "1000",
        LIMIT_PER_DAY_RUB: "3000",
        APPROVAL_THRESHOLD_RUB: "5000",
      },
    });
    admin = world.admin;
  });
  afterAll(() => world.stop());

  async function ask(user: UserHandle, text: string, answer?: RegExp): Promise<ChatMessage> {
    const mark = world.tg.mark();
    await user.sendText(text);
    return waitForBotMessage(world.tg, user, { since: mark, ...(answer ? { text: answer } : {}) });
  }
  const press = async (user: UserHandle, message: ChatMessage, data: string, chat?: number) =>
    waitForCallbackAnswer(world.tg, await user.pressButton(message, data, chat ? { chat } : {}));

  /** An invite issued by the admin, as the link's start token. */
  async function invite(role = "payer"): Promise<{ token: string; message: ChatMessage }> {
    const message = await ask(admin, `/invite ${role}`, /Приглашение/);
    const token = /start=([A-Za-z0-9_-]+)/.exec(textOf(message))?.[1];
    if (!token) throw new Error(`no invite link in: ${textOf(message)}`);
    return { token, message };
  }

  it("a stranger learns their id and nothing else; their photo, command and button change nothing", async () => {
    const stranger = world.tg.createUser({ first_name: "Незнакомец", language_code: "ru" });
    const prepares = world.lumo.state.requests.prepare ?? 0;
    const downloads = world.tg.calls("getFile").length;

    const mark = world.tg.mark();
    await stranger.sendPhoto(
      Buffer.from(await (await import("../support/world.js")).qrPhoto(sbpLink({ sumMinor: 100 }))),
    );
    const refusal = await waitForBotMessage(world.tg, stranger, { since: mark });
    expect(textOf(refusal)).toContain(`Ваш Telegram ID: ${stranger.id}`);
    expect(textOf(refusal)).toContain("администратору");
    const balance = textOf(await ask(stranger, "/balance"));
    expect(balance).toContain("Ваш Telegram ID");
    expect(balance).not.toMatch(/USDT|Lumo|₽/);
    expect(world.tg.calls("getFile")).toHaveLength(downloads);
    expect(world.lumo.state.requests.prepare ?? 0).toBe(prepares);

    // In a group, a stranger's press on a member's card is refused and the card stays as it was.
    const payer = await world.member("Ольга");
    const group = world.tg.createGroup({ title: "Касса", members: [payer, stranger] });
    const card = await scan(world, payer, sbpLink({ sumMinor: 1_000 }), { chat: group.id });
    const answer = await press(stranger, card, `pay:${paymentIdOf(card)}`, group.id);
    expect(answer).toMatchObject({
      show_alert: true,
      text: "Нет доступа. Попросите приглашение у администратора.",
    });
    expect(textOf(current(world, group.id, card))).toContain("Котировка действует");
  });

  it("an invite admits one person once; reuse, revocation and expiry are refused", async () => {
    const { token } = await invite("payer");
    const newcomer = world.tg.createUser({ first_name: "Новичок", language_code: "ru" });
    const welcome = await ask(newcomer, `/start ${token}`);
    expect(textOf(welcome)).toContain("Добро пожаловать, Новичок! Ваша роль — плательщик.");
    await waitForBotMessage(world.tg, admin, { text: /Приглашение принято: Новичок — плательщик/ });
    expect(textOf(await scan(world, newcomer, sbpLink({ sumMinor: 500 })))).toContain("Оплата по QR");

    const second = world.tg.createUser({ first_name: "Второй", language_code: "ru" });
    expect(textOf(await ask(second, `/start ${token}`))).toContain("Приглашение недействительно");

    const revoked = await invite("viewer");
    expect((await press(admin, revoked.message, `invrev:${revoked.token}`)).text).toBe(
      "Приглашение отозвано.",
    );
    expect(textOf(await ask(second, `/start ${revoked.token}`))).toContain("Приглашение недействительно");

    const expiring = await invite("payer");
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(textOf(await ask(second, `/start ${expiring.token}`))).toContain("Приглашение недействительно");
    expect(textOf(await ask(second, "/history"))).toContain("Ваш Telegram ID");
  });

  it("a person removed while their card is open loses access at once, its buttons included", async () => {
    const leaving = await world.member("Уходящий");
    const card = await scan(world, leaving, sbpLink({ sumMinor: 700 }));
    const confirm = await ask(admin, `/remove ${leaving.id}`, /Удалить из команды: Уходящий/);
    await press(admin, confirm, `rm:${leaving.id}`);
    await waitForEdit(world.tg, admin, confirm, (m) => textOf(m).includes("Удалено из команды: Уходящий"));
    const accepts = world.lumo.state.requests.accept ?? 0;
    const answer = await press(leaving, card, `pay:${paymentIdOf(card)}`);
    expect(answer.text).toContain("Нет доступа");
    expect(world.lumo.state.requests.accept ?? 0).toBe(accepts);
  });

  it("a viewer sees history and balance but can neither scan nor press Pay", async () => {
    const { token } = await invite("viewer");
    const viewer = world.tg.createUser({ first_name: "Наблюдатель", language_code: "ru" });
    expect(textOf(await ask(viewer, `/start ${token}`))).toContain("Ваша роль — наблюдатель");
    expect(textOf(await ask(viewer, "/balance"))).toContain("Баланс компании");
    const photo = await scan(world, viewer, sbpLink({ sumMinor: 100 }), { until: () => true });
    expect(textOf(photo)).toContain("Ваша роль — наблюдатель");

    const payer = await world.member("Павел");
    const group = world.tg.createGroup({ title: "Отдел", members: [payer, viewer] });
    const card = await scan(world, payer, sbpLink({ sumMinor: 800 }), { chat: group.id });
    const answer = await press(viewer, card, `pay:${paymentIdOf(card)}`, group.id);
    expect(answer).toMatchObject({ show_alert: true });
    expect(answer.text).toContain("наблюдатель");
  });

  it("over the limit: approval requested, approved, paid — one confirm, one fresh quote", async () => {
    const payer = await world.member("Игорь");
    const card = await scan(world, payer, sbpLink({ sumMinor: 150_000 }));
    const prepares = world.lumo.state.requests.prepare ?? 0;
    const accepts = world.lumo.state.requests.accept ?? 0;
    const mark = world.tg.mark();
    expect((await press(payer, card, `pay:${paymentIdOf(card)}`)).text).toBe(
      "🕒 Отправил на одобрение администратору.",
    );
    await cardShows(
      world,
      payer.privateChatId,
      card,
      /Ждёт одобрения администратора: больше лимита сотрудника на один платёж \(\d[\d\s]*,00.₽\)/,
    );

    const request = await waitForBotMessage(world.tg, admin, { since: mark, text: /Нужно одобрение/ });
    expect(textOf(request)).toContain("Кто просит: Игорь");
    expect(textOf(request)).toContain(`Сумма: 1${NBSP}500,00${NBSP}₽`);
    expect(buttonsOf(request).map((b) => b.text)).toEqual(["✅ Одобрить", "🚫 Отклонить"]);
    expect((await press(admin, request, buttonsOf(request)[0]!.data!)).text).toBe("✅ Одобрено.");
    await waitForEdit(
      world.tg,
      admin,
      request,
      (m) => textOf(m).includes("Кто одобрил: Админ") && buttonsOf(m).length === 0,
    );

    await cardShows(world, payer.privateChatId, card, /Оплачиваем|проводит/);
    expect(world.lumo.state.requests.prepare).toBe(prepares + 1);
    await waitUntil(() => world.lumo.state.requests.accept === accepts + 1, { what: "one accept" });
    world.lumo.controls.settle();
    const paid = await cardShows(world, payer.privateChatId, card, /✅ Оплачено/);
    expect(textOf(paid)).toContain("Кто одобрил: Админ");
  });

  it("rejected: the card says who rejected, the requester is told, nothing is paid", async () => {
    const payer = await world.member("Рита");
    const card = await scan(world, payer, sbpLink({ sumMinor: 600_000 }));
    const accepts = world.lumo.state.requests.accept ?? 0;
    const mark = world.tg.mark();
    await press(payer, card, `pay:${paymentIdOf(card)}`);
    const request = await waitForBotMessage(world.tg, admin, { since: mark, text: /Нужно одобрение/ });
    expect(textOf(request)).toMatch(/выше порога компании \d[\d\s]*,00.₽: такие платежи одобряют всегда/);
    expect((await press(admin, request, `reject:${paymentIdOf(card)}`)).text).toBe("🚫 Отклонено.");
    await cardShows(world, payer.privateChatId, card, /Отклонено администратором/);
    await waitForBotMessage(world.tg, payer, {
      since: mark,
      text: /Платёж на 6.000,00.₽ отклонён. Кто отклонил: Админ/,
    });
    expect(world.lumo.state.requests.accept ?? 0).toBe(accepts);
  });

  it("approved, but the new quote differs: the requester sees it and confirms without a second approval", async () => {
    const payer = await world.member("Сева");
    const card = await scan(world, payer, sbpLink({ sumMinor: 200_000 }));
    const mark = world.tg.mark();
    await press(payer, card, `pay:${paymentIdOf(card)}`);
    const request = await waitForBotMessage(world.tg, admin, { since: mark, text: /Нужно одобрение/ });
    world.lumo.controls.nextQuoteAmount({ amountMinor: 190_000 });
    await press(admin, request, `approve:${paymentIdOf(card)}`);
    const requoted = await cardShows(world, payer.privateChatId, card, /сумма изменилась/);
    expect(textOf(requoted)).toMatch(/было 2.000,00.₽, стало 1.900,00.₽/);
    const pay = buttonsOf(requoted).find((b) => b.data?.startsWith("pay:"));
    expect(pay?.text).toBe(`✅ Оплатить 1${NBSP}900,00${NBSP}₽`);
    expect((await press(payer, requoted, pay!.data!)).text).toBe("⏳ Оплачиваем…");
    world.lumo.controls.settle();
    await cardShows(world, payer.privateChatId, card, /✅ Оплачено/);
  });

  it("two administrators deciding at once: one decision, and both copies say whose", async () => {
    const second = await world.member("Вторая", { role: "admin" });
    await ask(second, "/start");
    const payer = await world.member("Тимур");
    const card = await scan(world, payer, sbpLink({ sumMinor: 120_000 }));
    const mark = world.tg.mark();
    await press(payer, card, `pay:${paymentIdOf(card)}`);
    const first = await waitForBotMessage(world.tg, admin, { since: mark, text: /Нужно одобрение/ });
    const other = await waitForBotMessage(world.tg, second, { since: mark, text: /Нужно одобрение/ });
    const id = paymentIdOf(card);
    const answers = await Promise.all([
      press(admin, first, `approve:${id}`),
      press(second, other, `reject:${id}`),
    ]);
    const winners = answers.filter((a) => a.text === "✅ Одобрено." || a.text === "🚫 Отклонено.");
    expect(winners).toHaveLength(1);
    expect(answers.find((a) => !winners.includes(a))?.text).toMatch(
      /^Уже (одобрено|отклонено)\. Кто (одобрил|отклонил): /,
    );
    const decided = /Кто одобрил: |Кто отклонил: /;
    const a = await waitForEdit(world.tg, admin, first, (m) => decided.test(textOf(m)));
    const b = await waitForEdit(world.tg, second, other, (m) => decided.test(textOf(m)));
    expect(textOf(a).split("\n").at(-1)).toBe(textOf(b).split("\n").at(-1));
    await world.app.app.stores.people.remove(second.id);
  });

  it("a failed payment gives its amount back to the day's allowance", async () => {
    const payer = await world.member("Дарья");
    // Per payment 1 000 ₽, per day 3 000 ₽: two payments of 900 ₽ and one of 1 000 ₽ fit only if
    // the failed one's amount comes back.
    await ask(admin, `/limits ${payer.id} 1000 3000`, /Дарья: 1.000,00/);
    for (const [sum, fail] of [
      [90_000, false],
      [100_000, true],
      [100_000, false],
      [100_000, false],
    ] as const) {
      const card = await scan(world, payer, sbpLink({ sumMinor: sum }));
      if (fail) world.lumo.controls.failNextPayment({ reason: "Банк не ответил" });
      expect((await press(payer, card, `pay:${paymentIdOf(card)}`)).text).toBe("⏳ Оплачиваем…");
      await cardShows(world, payer.privateChatId, card, /проводит платёж/);
      world.lumo.controls.settle();
      await cardShows(world, payer.privateChatId, card, fail ? /❌ Не оплачено/ : /✅ Оплачено/);
    }
    expect(textOf(await ask(payer, "/limits", /Ваши лимиты/))).toMatch(/Сегодня потрачено: 2.900,00.₽/);
    // The day is now nearly used up: the next 1 000 ₽ needs approval.
    const card = await scan(world, payer, sbpLink({ sumMinor: 100_000 }));
    expect((await press(payer, card, `pay:${paymentIdOf(card)}`)).text).toBe(
      "🕒 Отправил на одобрение администратору.",
    );
    await cardShows(
      world,
      payer.privateChatId,
      card,
      /дневной лимит сотрудника 3.000,00.₽, за сегодня уже 2.900,00.₽/,
    );
  });

  /** Sends `/export …` as `user` and reads back the file the bot sent. */
  async function exportFile(user: UserHandle, command: string) {
    const before = world.tg.calls("sendDocument").length;
    const mark = world.tg.mark();
    await user.sendText(command);
    await waitUntil(() => world.tg.calls("sendDocument").length > before, { what: "the export file" });
    const call = world.tg.calls("sendDocument").at(-1)!;
    const file = (call.params as { document: { fileName: string; bytes: Buffer } }).document;
    return { file, mark };
  }

  it("/export sends a CSV of the money that moved, in columns Excel reads (date and time apart)", async () => {
    const { file, mark } = await exportFile(admin, "/export");
    expect(file.fileName).toMatch(/^qrpay-\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(file.bytes);
    expect(rows[0]).toEqual([
      "Дата",
      "Время",
      "Направление",
      "Сотрудник",
      "Получатель или способ",
      "Провайдер",
      "Сумма, ₽",
      "Комиссия, ₽",
      "USDT",
      "Курс, ₽ за USDT",
      "Статус",
      "ID у провайдера",
      "Номер",
    ]);
    const igor = rows.find((r) => r[3] === "Игорь");
    expect(igor).toBeDefined();
    expect(igor![0]).toMatch(/^\d\d\.\d\d\.\d{4}$/);
    expect(igor![1]).toMatch(/^\d\d:\d\d$/);
    expect(igor!.slice(2, 3)).toEqual(["расход"]);
    expect(igor![5]).toBe("Lumo");
    expect(igor![6]).toBe("1500,00");
    expect(igor![8]).toMatch(/^\d+,\d{6}$/);
    expect(igor![9]).toBe("95,00");
    expect(igor![10]).toBe("оплачен");
    expect(igor![12]).toMatch(/^P[0-9A-Z]{10}$/);
    // Settled money only by default: a rejected payment, an expired quote are not money that moved.
    expect(rows.find((r) => r[3] === "Рита")).toBeUndefined();
    expect(rows.slice(1).every((r) => r[10] === "оплачен" || r[10] === "получено")).toBe(true);
    expect(
      messagesSince(world, admin.privateChatId, mark).some((m) => /Деньги, которые прошли/.test(textOf(m))),
    ).toBe(true);

    const everything = parseCsv((await exportFile(admin, "/export all")).file.bytes);
    expect(everything.find((r) => r[3] === "Рита")?.[10]).toBe("отклонён");
    const all = await world.app.app.stores.payments.recent({ limit: 1000 });
    expect(everything.length - 1).toBeGreaterThanOrEqual(all.length);
  });

  it("/export xlsx is a real workbook: dates as dates, amounts as numbers, a totals row", async () => {
    const { file } = await exportFile(admin, "/export xlsx");
    expect(file.fileName).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(file.bytes).buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("Дата");
    const igor = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(4).value === "Игорь")!;
    expect(igor.getCell(1).value).toBeInstanceOf(Date);
    expect(igor.getCell(1).numFmt).toBe("dd.mm.yyyy");
    expect(igor.getCell(7).value).toBe(1500);
    const total = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(3).value === "Итого расход")!;
    expect(typeof total.getCell(7).value).toBe("number");
    expect(total.getCell(7).value as number).toBeGreaterThanOrEqual(1500);
  });

  it("viewers export too; a reversed range and payers get their own answers", async () => {
    const viewer = await world.member("Бухгалтер", { role: "viewer" });
    const { file } = await exportFile(viewer, "/export");
    expect(parseCsv(file.bytes).length).toBeGreaterThan(1);
    expect(textOf(await ask(admin, "/export 10.11.2026 01.11.2026"))).toBe(
      "Начало периода позже конца: 10.11.2026 после 01.11.2026. Поменяйте даты местами.",
    );
    const payer = await world.member("Пётр-2");
    expect(textOf(await ask(payer, "/export"))).toBe("Выгрузка — для администраторов и наблюдателей.");
  });

  it("the audit log has every sensitive action, and /audit shows the latest to administrators", async () => {
    const actions = new Set((await world.app.app.stores.audit.latest(500)).map((e) => e.action));
    for (const action of [
      "invite.issued",
      "invite.used",
      "invite.revoked",
      "invite.invalid",
      "person.removed",
      "limits.changed",
      "payment.quoted",
      "payment.pay",
      "approval.requested",
      "approval.approved",
      "approval.rejected",
      "payment.final",
      "export.sent",
    ]) {
      expect(actions, action).toContain(action);
    }
    const audit = textOf(await ask(admin, "/audit", /Журнал действий/));
    // Words, not machine output: who, what, which payment, how much, when (with the zone).
    expect(audit).toMatch(/\d\d\.\d\d\.\d{4}, \d\d:\d\d МСК · Админ: выгрузка с \d\d\.\d\d\.\d{4}/);
    expect(audit).not.toMatch(/paymentId=|amountMinor|[a-z]+\.[a-z_]+ ·/);
    // Filtered by a person: their actions, in words.
    const igors = (await world.app.app.stores.payments.recent({ limit: 1000 })).find(
      (p) => p.requestedBy.name === "Игорь",
    )!;
    const person = textOf(await ask(admin, `/audit ${igors.requestedBy.id}`, /Журнал действий — /));
    expect(person).toMatch(/Игорь: нажато «Оплатить» — P[0-9A-Z]{10} на 1.500,00.₽/);
    // Filtered by a payment number: that payment's whole story.
    const igorsPayment = igors.id;
    const story = textOf(await ask(admin, `/audit ${igorsPayment.toLowerCase()}`, /Журнал действий — /));
    expect(
      story
        .split("\n")
        .slice(1)
        .every((line) => line.includes(igorsPayment)),
    ).toBe(true);
    expect(story).toMatch(/платёж P[0-9A-Z]{10} на 1.500,00.₽: оплачен/);
    expect(story).toMatch(/Админ: одобрено/);
    // Paging back.
    const first = await ask(admin, "/audit", /Журнал действий/);
    const older = buttonsOf(first).find((b) => b.text === "⬅️ Раньше");
    expect(older?.data).toMatch(/^aud:\d+-\d+:-$/);
    const mark = world.tg.mark();
    await admin.pressButton(first, older!.data!);
    const second = await waitForBotMessage(world.tg, admin, { since: mark, text: /Журнал действий/ });
    expect(textOf(second)).not.toBe(textOf(first));
    expect(textOf(await ask(admin, "/audit что-то"))).toContain("Так: /audit");
    const payer = await world.member("Любопытный");
    expect(textOf(await ask(payer, "/audit"))).toBe("Эта команда — только для администраторов.");
  });

  it("in a group, private details stay private unless an administrator asks", async () => {
    const payer = await world.member("Глеб");
    const group = world.tg.createGroup({ title: "Склад", members: [payer, admin] });
    const mark = world.tg.mark();
    await payer.sendText("/balance", { chat: group.id });
    expect(textOf(await waitForBotMessage(world.tg, group.id, { since: mark }))).toContain(
      "только в личном чате",
    );
    const mark2 = world.tg.mark();
    await admin.sendText("/balance", { chat: group.id });
    expect(textOf(await waitForBotMessage(world.tg, group.id, { since: mark2 }))).toContain(
      "Баланс компании",
    );
  });

  it("removing, then trying to demote the configured administrator, is refused", async () => {
    expect(textOf(await ask(admin, `/remove ${admin.id}`))).toBe(
      "Администратор, назначенный при установке: Админ. Это меняется только в настройках бота.",
    );
    expect(textOf(await ask(admin, `/role ${admin.id} payer`))).toContain("назначенный при установке: Админ");
    const users = buttonsOf(await ask(admin, "/users", /Команда/)).map((b) => b.text);
    expect(users).toContain("Админ — администратор 🔒");
    expect(users).toContain("Дарья — плательщик");
  });
});
