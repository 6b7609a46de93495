import { validateWebAppData } from "@grammyjs/validator";
import { Api, Bot } from "grammy";
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegramEmulator, type TelegramEmulator } from "../../src/sandbox/telegram/index.js";
import { waitForEvent } from "../support/telegram.js";

const APP = "https://127.0.0.1:8443/app/scan";

let tg: TelegramEmulator;
let api: Api;

beforeAll(async () => {
  tg = await startTelegramEmulator();
  api = new Api(tg.token, { apiRoot: tg.apiRoot });
});
afterAll(() => tg.close());

async function startedUser(first_name: string) {
  const user = tg.createUser({ first_name, language_code: "ru" });
  await user.sendText("/start");
  return user;
}

describe("Mini App buttons", () => {
  it("accept https web_app buttons in private chats and refuse http and groups, as Telegram does", async () => {
    const anna = await startedUser("Anna");
    const inline = await api.sendMessage(anna.id, "Scan", {
      reply_markup: { inline_keyboard: [[{ text: "📷", web_app: { url: APP } }]] },
    });
    expect(inline.reply_markup?.inline_keyboard[0]?.[0]).toEqual({ text: "📷", web_app: { url: APP } });
    await api.sendMessage(anna.id, "Keyboard", {
      reply_markup: { keyboard: [[{ text: "📷 Scan", web_app: { url: `${APP}?via=keyboard` } }]] },
    });
    expect(tg.replyKeyboard(anna)?.keyboard).toEqual([
      [{ text: "📷 Scan", web_app: { url: `${APP}?via=keyboard` } }],
    ]);

    await expect(
      api.sendMessage(anna.id, "k", {
        reply_markup: { inline_keyboard: [[{ text: "📷", web_app: { url: "http://127.0.0.1/app" } }]] },
      }),
    ).rejects.toMatchObject({
      description:
        "Bad Request: inline keyboard button Web App URL 'http://127.0.0.1/app' is invalid: Only HTTPS links are allowed",
    });
    await expect(
      api.sendMessage(anna.id, "k", {
        reply_markup: { keyboard: [[{ text: "📷", web_app: { url: "http://127.0.0.1/app" } }]] },
      }),
    ).rejects.toMatchObject({ description: expect.stringContaining("Only HTTPS links are allowed") });

    const group = tg.createGroup({ title: "Team", members: [anna] });
    await expect(
      api.sendMessage(group.id, "k", {
        reply_markup: { inline_keyboard: [[{ text: "📷", web_app: { url: APP } }]] },
      }),
    ).rejects.toMatchObject({ description: "Bad Request: BUTTON_TYPE_INVALID" });
    // An edit adding one to a message is held to the same rules.
    await expect(
      api.editMessageReplyMarkup(anna.id, inline.message_id, {
        reply_markup: { inline_keyboard: [[{ text: "📷", web_app: { url: "ftp://x" } }]] },
      }),
    ).rejects.toMatchObject({ error_code: 400 });
  });

  it("accepts http only when told to act as Telegram's test environment", async () => {
    const test = await startTelegramEmulator({ allowHttpWebApps: true });
    try {
      const user = test.createUser({ first_name: "Local" });
      await user.sendText("/start");
      const testApi = new Api(test.token, { apiRoot: test.apiRoot });
      await expect(
        testApi.sendMessage(user.id, "k", {
          reply_markup: {
            inline_keyboard: [[{ text: "📷", web_app: { url: "http://127.0.0.1:3000/app" } }]],
          },
        }),
      ).resolves.toMatchObject({ text: "k" });
    } finally {
      await test.close();
    }
  });

  it("keeps the menu button per chat and as the bot's default", async () => {
    const boris = await startedUser("Boris");
    expect(await api.getChatMenuButton()).toEqual({ type: "commands" });
    const menu = { type: "web_app" as const, text: "📷 Scan", web_app: { url: APP } };
    await api.setChatMenuButton({ menu_button: menu });
    expect(await api.getChatMenuButton({ chat_id: boris.id })).toEqual(menu);
    await api.setChatMenuButton({ chat_id: boris.id, menu_button: { type: "commands" } });
    expect(tg.menuButton(boris)).toEqual({ type: "commands" });
    await api.setChatMenuButton({ chat_id: boris.id, menu_button: { type: "default" } });
    expect(tg.menuButton(boris)).toEqual(menu);
    await expect(
      api.setChatMenuButton({ menu_button: { ...menu, web_app: { url: "http://x.org" } } }),
    ).rejects.toMatchObject({ description: expect.stringContaining("menu button Web App URL") });
    await api.setChatMenuButton({ menu_button: { type: "default" } });
    expect(tg.menuButton()).toEqual({ type: "commands" });
  });
});

describe("opening a Mini App", () => {
  it("signs inline and menu launches with the bot's token, with the user in them", async () => {
    const vera = await startedUser("Vera");
    const sent = await api.sendMessage(vera.id, "Scan", {
      reply_markup: { inline_keyboard: [[{ text: "📷", web_app: { url: APP } }]] },
    });
    const launch = vera.openWebApp({ message: sent.message_id, button: "📷" });
    expect(launch).toMatchObject({ via: "inline", url: APP, buttonText: "📷" });
    const params = new URLSearchParams(launch.initData);
    expect(validateWebAppData(tg.token, params)).toBe(true);
    expect(validateWebAppData("1:AAanotherbotstokenxxxxxxxxxx", params)).toBe(false);
    expect(JSON.parse(params.get("user")!)).toMatchObject({
      id: vera.id,
      first_name: "Vera",
      language_code: "ru",
    });
    expect(Number(params.get("auth_date"))).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(params.get("query_id")).toMatch(/^AA/);
    await expect(launch.sendData("x")).rejects.toThrow(/keyboard button/);

    const old = vera.openWebApp({ message: sent.message_id, button: "📷" }, { signedSecondsAgo: 7200 });
    expect(Number(new URLSearchParams(old.initData).get("auth_date"))).toBeLessThan(Date.now() / 1000 - 7000);

    expect(() => vera.openWebApp({ menu: true })).toThrow(/commands/);
    await api.setChatMenuButton({
      chat_id: vera.id,
      menu_button: { type: "web_app", text: "QR", web_app: { url: APP } },
    });
    const fromMenu = vera.openWebApp({ menu: true });
    expect(fromMenu.via).toBe("menu");
    expect(validateWebAppData(tg.token, new URLSearchParams(fromMenu.initData))).toBe(true);
  });

  it("gives a keyboard launch no initData, and delivers its sendData as a web_app_data message", async () => {
    const gleb = await startedUser("Gleb");
    await api.sendMessage(gleb.id, "Keyboard", {
      reply_markup: { keyboard: [[{ text: "📷 Scan", web_app: { url: `${APP}?via=keyboard` } }]] },
    });
    expect(() => gleb.openWebApp({ keyboard: "Balance" })).toThrow(/no Mini App button/);
    const launch = gleb.openWebApp({ keyboard: "📷 Scan" });
    expect(launch).toMatchObject({ via: "keyboard", initData: "", url: `${APP}?via=keyboard` });
    await expect(launch.sendData("")).rejects.toThrow(/WebAppDataInvalid/);
    await expect(launch.sendData("я".repeat(2049))).rejects.toThrow(/WebAppDataInvalid/);

    const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
    const received = new Promise<Message>((resolve) =>
      bot.on("message:web_app_data", (ctx) => resolve(ctx.message)),
    );
    void bot.start({ drop_pending_updates: false });
    try {
      const mark = tg.mark();
      await launch.sendData("https://qr.nspk.ru/AD10006M8KH2Q3TLNP9BRVC4GA7X5E1J?type=02");
      const update = await waitForEvent(
        tg,
        (e) => (e.type === "update" && e.update.message?.web_app_data ? e : undefined),
        {
          since: mark,
          what: "the web_app_data update",
        },
      );
      expect(update.chatId).toBe(gleb.id);
      const message = await received;
      expect(message.web_app_data).toEqual({
        data: "https://qr.nspk.ru/AD10006M8KH2Q3TLNP9BRVC4GA7X5E1J?type=02",
        button_text: "📷 Scan",
      });
      expect(message.from?.id).toBe(gleb.id);
      await expect(launch.sendData("again")).rejects.toThrow(/closed/);
    } finally {
      await bot.stop();
    }
  });
});
