import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallbackAnswer, ChatMessage, UserHandle } from "../../src/sandbox/telegram/index.js";
import {
  buttonsOf,
  textOf as rawText,
  waitForBotMessage,
  waitForCallbackAnswer,
  waitForEdit,
} from "../support/telegram.js";
import { current, startWorld, type World } from "../support/world.js";

/** The message's text with the no-break spaces of money as plain ones. */
const textOf = (m: ChatMessage) => rawText(m).replace(/[\u00a0\u202f]/g, " ");
const labels = (m: ChatMessage) => buttonsOf(m).map((b) => b.text.replace(/[\u00a0\u202f]/g, " "));

describe("the /users menu: people, roles, limits (a dialog), removal — all from buttons", () => {
  let world: World;
  let admin: UserHandle;
  beforeAll(async () => {
    world = await startWorld({
      name: "e2e-team-menu",
      env: { LIMIT_PER_PAYMENT_RUB: "1000", LIMIT_PER_DAY_RUB: "3000", APPROVAL_THRESHOLD_RUB: "5000" },
    });
    admin = world.admin;
  });
  afterAll(() => world.stop());

  async function ask(user: UserHandle, text: string, answer?: RegExp, chat?: number): Promise<ChatMessage> {
    const mark = world.tg.mark();
    await user.sendText(text, chat ? { chat } : {});
    return waitForBotMessage(world.tg, chat ?? user.privateChatId, {
      since: mark,
      ...(answer ? { text: answer } : {}),
    });
  }

  /** Presses a button by its label; the answer, and the message once it shows `then`. */
  async function press(
    message: ChatMessage,
    label: string,
    then?: RegExp | ((m: ChatMessage) => boolean),
    user: UserHandle = admin,
  ): Promise<{ answer: CallbackAnswer; screen: ChatMessage }> {
    const button = buttonsOf(current(world, message.chatId, message)).find(
      (b) => b.text.replace(/[\u00a0\u202f]/g, " ") === label,
    );
    const answer = await waitForCallbackAnswer(
      world.tg,
      await user.pressButton(message, button?.data ?? label, { chat: message.chatId }),
    );
    const shows = typeof then === "function" ? then : (m: ChatMessage) => then?.test(textOf(m)) ?? true;
    const screen = then
      ? await waitForEdit(world.tg, message.chatId, message, shows)
      : current(world, message.chatId, message);
    return { answer, screen };
  }

  /** /users, then a person's screen. */
  async function open(name: string, role: string): Promise<ChatMessage> {
    const list = await ask(admin, "/users", /Команда/);
    return (await press(list, `${name} — ${role}`, new RegExp(`Имя: ${name}`))).screen;
  }

  it("lists the team as buttons and opens a person: name, role, limits, spent today", async () => {
    const vera = await world.member("Вера Орлова");
    const list = await ask(admin, "/users", /Команда/);
    expect(textOf(list)).toContain("Выберите человека");
    expect(labels(list)).toEqual(
      expect.arrayContaining(["Админ — администратор 🔒", "Вера Орлова — плательщик"]),
    );

    const { screen } = await press(list, "Вера Орлова — плательщик", /Имя: Вера Орлова/);
    expect(textOf(screen)).toBe(
      [
        "👤 Имя: Вера Орлова",
        "Роль: плательщик",
        "Лимиты: 1 000,00 ₽ на платёж (по умолчанию), 3 000,00 ₽ в день (по умолчанию)",
        "Сегодня потрачено: 0,00 ₽",
        `Telegram ID: ${vera.id}`,
      ].join("\n"),
    );
    expect(labels(screen)).toEqual(["🎭 Сменить роль", "💳 Лимиты", "🗑 Удалить из команды", "⬅️ Назад"]);

    const back = await press(screen, "⬅️ Назад", /Команда/);
    const self = await press(back.screen, "Админ — администратор 🔒", /Имя: Админ/);
    expect(textOf(self.screen)).toContain("Лимиты: без лимитов — администратор платит без одобрения");
    expect(textOf(self.screen)).toContain("🔒 Администратор из настроек бота");
    expect(labels(self.screen)).not.toContain("💳 Лимиты");
  });

  it("changes a role from the menu, through the team service", async () => {
    const oleg = await world.member("Олег");
    const screen = await open("Олег", "плательщик");
    const roles = await press(screen, "🎭 Сменить роль", /Роль: Олег/);
    expect(textOf(roles.screen)).toContain("Сейчас: плательщик. Выберите новую.");
    expect(labels(roles.screen)).toEqual(["администратор", "плательщик ✓", "наблюдатель", "⬅️ Назад"]);

    const changed = await press(roles.screen, "наблюдатель", /Роль: наблюдатель/);
    expect(changed.answer.text).toBe("✅ Роль изменена: Олег — наблюдатель.");
    expect(textOf(changed.screen)).toContain("Имя: Олег");
    expect((await world.app.app.stores.people.get(oleg.id))?.role).toBe("viewer");
    const audit = await world.app.app.stores.audit.latest(20);
    expect(audit.find((e) => e.action === "person.role_changed")?.details).toMatchObject({
      personId: oleg.id,
      from: "payer",
      to: "viewer",
    });
  });

  it("sets limits in a short dialog that checks the numbers, and resets them to the defaults", async () => {
    const dasha = await world.member("Дарья");
    const screen = await open("Дарья", "плательщик");
    const mark = world.tg.mark();
    await press(screen, "💳 Лимиты");
    const first = await waitForBotMessage(world.tg, admin, { since: mark, text: /на один платёж/ });
    expect(textOf(first)).toBe(
      "💳 Лимиты: Дарья\nСколько можно на один платёж, в рублях? Сейчас: 1 000,00 ₽ (по умолчанию).",
    );
    expect(labels(first)).toEqual(["↩️ По умолчанию: 1 000,00 ₽ / 3 000,00 ₽", "✖ Отмена"]);

    const again = await ask(admin, "пять тысяч", /больше нуля/);
    expect(textOf(again)).toBe("Нужна сумма в рублях больше нуля, например 5000. Попробуйте ещё раз.");
    expect(labels(current(world, admin.id, first))).toEqual([]);
    await ask(admin, "0", /больше нуля/);
    const perDay = await ask(admin, "5000", /в день/);
    expect(textOf(perDay)).toBe(
      "Сколько можно в день, в рублях? Не меньше 5 000,00 ₽. Сейчас: 3 000,00 ₽ (по умолчанию).",
    );
    expect(textOf(await ask(admin, "4000", /Попробуйте/))).toBe(
      "В день нужно не меньше, чем на один платёж (5 000,00 ₽). Попробуйте ещё раз.",
    );
    const done = await ask(admin, "20 000", /✅/);
    expect(textOf(done).split("\n\n")[0]).toBe("✅ Дарья: 5 000,00 ₽ на платёж, 20 000,00 ₽ в день.");
    expect(textOf(done)).toContain("Лимиты: 5 000,00 ₽ на платёж (свой), 20 000,00 ₽ в день (свой)");
    expect((await world.app.app.stores.people.get(dasha.id))?.limits).toEqual({
      perPaymentMinor: 500_000,
      perDayMinor: 2_000_000,
    });

    // /limits ID reads cleanly: one pair of brackets per mark, today's spend on its own line.
    const of = textOf(await ask(admin, `/limits ${dasha.id}`, /Лимиты: Дарья/));
    expect(of).toBe(
      "💳 Лимиты: Дарья\nНа один платёж: 5 000,00 ₽ (свой)\nВ день: 20 000,00 ₽ (свой)\nСегодня потрачено: 0,00 ₽",
    );

    // The new screen's menu works: back to the company's defaults in one press.
    const mark2 = world.tg.mark();
    await press(done, "💳 Лимиты");
    const question = await waitForBotMessage(world.tg, admin, { since: mark2, text: /на один платёж/ });
    const mark3 = world.tg.mark();
    await press(question, "↩️ По умолчанию: 1 000,00 ₽ / 3 000,00 ₽");
    const reset = await waitForBotMessage(world.tg, admin, { since: mark3, text: /✅/ });
    expect(textOf(reset).split("\n\n")[0]).toBe(
      "✅ Дарья: лимиты по умолчанию — 1 000,00 ₽ на платёж, 3 000,00 ₽ в день.",
    );
    expect((await world.app.app.stores.people.get(dasha.id))?.limits).toBeUndefined();

    // «Отмена» changes nothing.
    const mark4 = world.tg.mark();
    await press(reset, "💳 Лимиты");
    const third = await waitForBotMessage(world.tg, admin, { since: mark4, text: /на один платёж/ });
    const mark5 = world.tg.mark();
    await press(third, "✖ Отмена");
    const cancelled = await waitForBotMessage(world.tg, admin, { since: mark5 });
    expect(textOf(cancelled)).toBe("Отменено: лимиты не изменились.");
  });

  it("/limits tells an administrator that administrators are not limited", async () => {
    const mine = textOf(await ask(admin, "/limits", /Ваши лимиты/));
    expect(mine).toBe(
      "💳 Ваши лимиты: нет — администраторы платят без лимитов и без одобрения.\nСегодня потрачено: 0,00 ₽",
    );
  });

  it("removes someone only after «Да, удалить»; «Нет» keeps them", async () => {
    const ivan = await world.member("Иван Петров");
    const screen = await open("Иван Петров", "плательщик");
    const confirm = await press(screen, "🗑 Удалить из команды", /Удалить из команды: Иван Петров\?/);
    expect(labels(confirm.screen)).toEqual(["🗑 Да, удалить", "Нет"]);
    const kept = await press(confirm.screen, "Нет", /Имя: Иван Петров/);
    const again = await press(kept.screen, "🗑 Удалить из команды", /Удалить из команды: Иван Петров\?/);
    const removed = await press(again.screen, "🗑 Да, удалить", /Удалено из команды/);
    expect(textOf(removed.screen)).toMatch(/^🗑 Удалено из команды: Иван Петров\.\n\n👥 Команда/);
    expect(labels(removed.screen)).not.toContain("Иван Петров — плательщик");
    expect(textOf(await ask(ivan, "/balance"))).toContain("Ваш Telegram ID");
  });

  it("refuses, in words, to change the administrator set at installation", async () => {
    const screen = await open("Админ", "администратор 🔒");
    const role = await press(screen, "🎭 Сменить роль");
    expect(role.answer).toMatchObject({
      show_alert: true,
      text: "Администратор, назначенный при установке: Админ. Это меняется только в настройках бота.",
    });
    const removal = await press(current(world, admin.id, screen), "🗑 Удалить из команды");
    expect(removal.answer.text).toContain("назначенный при установке: Админ");
    expect(textOf(current(world, admin.id, screen))).toContain("Имя: Админ");
  });

  it("a non-administrator pressing the menu gets the refusal and sees nothing new", async () => {
    const payer = await world.member("Глеб");
    expect(textOf(await ask(payer, "/users"))).toBe("Эта команда — только для администраторов.");
    const group = world.tg.createGroup({ title: "Офис", members: [admin, payer] });
    const list = await ask(admin, "/users", /Команда/, group.id);
    const { answer, screen } = await press(list, "Глеб — плательщик", undefined, payer);
    expect(answer).toMatchObject({ show_alert: true, text: "Эта команда — только для администраторов." });
    expect(screen.edits).toHaveLength(0);
  });

  it("works after a restart: old buttons route, a half-done dialog goes on, an outdated list is redrawn", async () => {
    const petr = await world.member("Пётр");
    const screen = await open("Пётр", "плательщик");
    const list = await ask(admin, "/users", /Команда/);
    await world.stopApp();
    await world.startApp();

    const roles = await press(screen, "🎭 Сменить роль", /Роль: Пётр/);
    expect(labels(roles.screen)).toContain("плательщик ✓");
    const back = await press(roles.screen, "⬅️ Назад", /Имя: Пётр/);
    const mark = world.tg.mark();
    await press(back.screen, "💳 Лимиты");
    await waitForBotMessage(world.tg, admin, { since: mark, text: /на один платёж/ });
    await world.stopApp();
    await world.startApp();
    await ask(admin, "2000", /в день/);
    const done = await ask(admin, "6000", /✅/);
    expect(textOf(done).split("\n\n")[0]).toBe("✅ Пётр: 2 000,00 ₽ на платёж, 6 000,00 ₽ в день.");

    // Changed by a command meanwhile: the old list's button no longer says what it would do.
    await ask(admin, `/role ${petr.id} admin`, /Роль изменена/);
    const { answer, screen: redrawn } = await press(list, "Пётр — плательщик", (m) =>
      labels(m).includes("Пётр — администратор"),
    );
    expect(answer.text).toBe("Экран обновлён — проверьте и нажмите ещё раз.");
    expect(textOf(redrawn)).toContain("👥 Команда");
    expect(labels(redrawn)).not.toContain("Пётр — плательщик");
  });

  it("pages a big team; a person opened from page 2 leads back to page 2", async () => {
    for (let i = 1; i <= 20; i++) await world.member(`Сотрудник ${String(i).padStart(2, "0")}`);
    const list = await ask(admin, "/users", /Команда/);
    expect(textOf(list)).toContain("Страница 1 из 2");
    expect(labels(list)).toContain("➡️");
    expect(labels(list)).not.toContain("⬅️");
    const second = await press(list, "➡️", /Страница 2 из 2/);
    expect(labels(second.screen)).toContain("⬅️");
    const last = labels(second.screen).find((l) => l.startsWith("Сотрудник 20"));
    const opened = await press(second.screen, last!, /Имя: Сотрудник 20/);
    const back = await press(opened.screen, "⬅️ Назад", /Страница 2 из 2/);
    const first = await press(back.screen, "⬅️", /Страница 1 из 2/);
    expect(labels(first.screen)).toContain("Админ — администратор 🔒");
  });

  it("a menu press in the middle of the limits dialog ends the dialog", async () => {
    const screen = await open("Вера Орлова", "плательщик");
    const mark = world.tg.mark();
    await press(screen, "💳 Лимиты");
    const question = await waitForBotMessage(world.tg, admin, { since: mark, text: /на один платёж/ });
    await press(current(world, admin.id, screen), "⬅️ Назад", /Команда/);
    expect(labels(current(world, admin.id, question))).toEqual([]);
    const after = await ask(admin, "7000");
    expect(textOf(after)).not.toContain("в день");
    expect(
      (await world.app.app.stores.people.list()).find((p) => p.name === "Вера Орлова")?.limits,
    ).toBeUndefined();
  });

  it("refuses to demote or remove the last administrator", async () => {
    // Without ADMIN_IDS the world's administrator is one by the bot's own records only.
    for (const p of await world.app.app.stores.people.list())
      if (p.role === "admin" && p.id !== admin.id) await world.app.app.stores.people.remove(p.id);
    await world.stopApp();
    await world.startApp({ ADMIN_IDS: "" });
    try {
      const screen = await open("Админ", "администратор");
      const roles = await press(screen, "🎭 Сменить роль", /Роль: Админ/);
      const refused = await press(roles.screen, "плательщик");
      expect(refused.answer).toMatchObject({
        show_alert: true,
        text: "Нельзя: Админ — последний администратор.",
      });
      await waitForEdit(world.tg, admin, screen, (m) => textOf(m).includes("Имя: Админ"));
      const confirm = await press(current(world, admin.id, screen), "🗑 Удалить из команды", /Удалить из/);
      const removal = await press(confirm.screen, "🗑 Да, удалить");
      expect(removal.answer.text).toBe("Нельзя: Админ — последний администратор.");
      expect((await world.app.app.stores.people.get(admin.id))?.role).toBe("admin");
    } finally {
      await world.stopApp();
      await world.startApp();
    }
  });
});
