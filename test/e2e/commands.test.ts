import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserHandle } from "../../src/sandbox/telegram/index.js";
import {
  buttonsOf,
  textOf,
  waitForBotMessage,
  waitForCallbackAnswer,
  waitUntil,
} from "../support/telegram.js";
import { cardShows, paymentIdOf, sbpLink, scan, startWorld, type World } from "../support/world.js";

describe("balance, top-up, history, status, cancel and provider commands", () => {
  let world: World;
  let masha: UserHandle;
  let admin: UserHandle;

  beforeAll(async () => {
    world = await startWorld({ name: "e2e-commands" });
    masha = await world.member("Маша");
    admin = world.admin;
  });
  afterAll(() => world.stop());

  async function ask(user: UserHandle, text: string, answer?: RegExp) {
    const mark = world.tg.mark();
    await user.sendText(text);
    return waitForBotMessage(world.tg, user, { since: mark, ...(answer ? { text: answer } : {}) });
  }

  it("/balance shows every provider: Lumo USDT, TRX and address; Ardor rubles in test mode", async () => {
    const text = textOf(await ask(masha, "/balance"));
    expect(text).toContain("Баланс компании");
    expect(text).toMatch(/Lumo: 1.000,50.USDT/);
    expect(text).toMatch(/Lumo: 100,00.TRX/);
    expect(text).toContain("Адрес: TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE");
    expect(text).toMatch(/ArdorQR · 🧪 тестовый режим: \d[\d\s]*,\d\d.₽/);
  });

  it("/deposit explains how to top up each provider, with a QR picture of each address", async () => {
    const mark = world.tg.mark();
    await masha.sendText("/deposit");
    await waitUntil(
      () =>
        world.tg.botMessages(masha.privateChatId).filter((m) => m.message.photo && m.sentAt >= 0).length >= 2,
      { what: "two address pictures" },
    );
    const texts = world.tg
      .eventsSince(mark)
      .flatMap((e) => (e.type === "message" ? [textOf(e.message)] : []))
      .join("\n");
    expect(texts).toMatch(/USDT.*TON/s);
    expect(texts).toMatch(/Минимум — 0,50.USDT\.\nКомиссия провайдера — 1,5.%\.\nБаланс пополнится в рублях/);
    // Lumo states no minimum and no fee, and its balance is the USDT itself: nothing is made up.
    const lumo = texts.slice(texts.indexOf("Lumo"), texts.indexOf("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE") + 60);
    expect(lumo).toMatch(/TRON.*TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE/s);
    expect(texts).not.toMatch(/—,|—\./);
    expect(lumo).not.toMatch(/Минимум|Комиссия|в рублях/);
    expect(texts).toContain("Отправляйте только");
  });

  it("/history lists this chat's payments; /status shows one; strangers' ids stay hidden", async () => {
    const card = await scan(world, masha, sbpLink({ sumMinor: 45_600 }));
    const id = paymentIdOf(card);
    await waitForCallbackAnswer(world.tg, await masha.pressButton(card, `pay:${id}`));
    world.lumo.controls.settle();
    await cardShows(world, masha.privateChatId, card, /✅ Оплачено/);

    const history = textOf(await ask(masha, "/history", /Последние платежи/));
    expect(history).toContain("Последние платежи");
    expect(history).toMatch(new RegExp(`✅ .*456,00.₽.*${id}`));

    const status = textOf(await ask(masha, `/status ${id.toLowerCase()}`));
    expect(status).toContain(id);
    expect(status).toContain("✅ Оплачено");
    expect(status).toMatch(/🗓 Дата: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} МСК$/);

    // Another payer does not see Маша's payment; someone off the team sees nothing at all.
    const colleague = await world.member("Коллега");
    expect(textOf(await ask(colleague, `/status ${id}`))).toBe(
      `Не нашёл ${id}. Проверьте номер — он есть на карточке и в /history.`,
    );
    expect(textOf(await ask(colleague, "/history"))).toContain("Платежей пока нет");
    expect(textOf(await ask(colleague, "/status"))).toContain("Укажите номер платежа");
    const stranger = world.tg.createUser({ first_name: "Чужой", language_code: "ru" });
    const refusal = textOf(await ask(stranger, `/status ${id}`));
    expect(refusal).toContain(`Ваш Telegram ID: ${stranger.id}`);
    expect(refusal).not.toContain(id);

    // An administrator asking in private sees the whole company.
    expect(textOf(await ask(admin, "/history"))).toContain(id);
    expect(textOf(await ask(admin, `/status ${id}`))).toContain(id);
  });

  it("/statement shows ArdorQR's own operations to administrators and viewers, not to payers", async () => {
    const statement = textOf(await ask(admin, "/statement", /операции|выписку/));
    expect(statement).toContain("Lumo: выписку этот провайдер не даёт");
    expect(statement).toMatch(/ArdorQR: последние операции/);
    expect(statement).toMatch(/пополнение · <b>|пополнение · \d/);
    expect(statement).not.toMatch(/deposit|payment|refund/);
    const viewer = await world.member("Вика", { role: "viewer" });
    expect(textOf(await ask(viewer, "/statement"))).toContain("ArdorQR: последние операции");
    expect(textOf(await ask(masha, "/statement"))).toBe("Выписка — для администраторов и наблюдателей.");
  });

  it("/cancel cancels this person's open quotes", async () => {
    const card = await scan(world, masha, sbpLink({ sumMinor: 1_000 }));
    expect(textOf(await ask(masha, "/cancel"))).toBe("✖ Отменена 1 котировка.");
    await cardShows(world, masha.privateChatId, card, /✖ Отменено/);
    expect(textOf(await ask(masha, "/cancel"))).toContain("Нечего отменять");
  });

  it("/provider switches between configured providers, and quotes follow the choice", async () => {
    const chooser = await ask(masha, "/provider");
    expect(textOf(chooser)).toContain("Сейчас: Lumo");
    expect(buttonsOf(chooser).map((b) => b.data)).toEqual(["provider:lumo", "provider:ardor"]);
    const answer = await waitForCallbackAnswer(world.tg, await masha.pressButton(chooser, "provider:ardor"));
    expect(answer.text).toBe("✅ Теперь платим через ArdorQR.");
    const card = await scan(world, masha, sbpLink({ sumMinor: 5_000 }));
    expect(textOf(card)).toContain("Провайдер: ArdorQR");
  });
});
