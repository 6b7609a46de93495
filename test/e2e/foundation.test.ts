import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegramEmulator, type TelegramEmulator } from "../../src/sandbox/telegram/index.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { deleteByPrefix, type TestRedis, testRedis, uniquePrefix } from "../support/redis.js";
import {
  buttonsOf,
  textOf,
  waitForBotMessage,
  waitForCallbackAnswer,
  waitForEdit,
} from "../support/telegram.js";

describe("the app end to end: /start, /language, sessions across a restart", () => {
  let tg: TelegramEmulator;
  let redis: TestRedis;
  let running: TestApp | undefined;
  const prefix = uniquePrefix("e2e-foundation");
  const logs: string[] = [];
  // The people here are administrators by configuration, as a fresh deployment's first users are.
  const env = { ADMIN_IDS: "5001,5002,5003" };

  beforeAll(async () => {
    tg = await startTelegramEmulator();
    redis = await testRedis("e2e-foundation-check");
  });
  afterAll(async () => {
    await running?.stop();
    await tg.close();
    await deleteByPrefix(redis.client, prefix);
    await redis.cleanup();
  });

  it("greets in Russian, switches to English, and remembers it after a restart", async () => {
    running = await startTestApp({ tg, prefix, logs, env });
    const alice = tg.createUser({ id: 5001, first_name: "Алиса", language_code: "ru" });

    let mark = tg.mark();
    await alice.sendText("/start");
    const greeting = await waitForBotMessage(tg, alice, { since: mark });
    expect(textOf(greeting)).toContain("Здравствуйте, Алиса!");

    mark = tg.mark();
    await alice.sendText("/language");
    const chooser = await waitForBotMessage(tg, alice, { since: mark });
    expect(buttonsOf(chooser).map((b) => b.data)).toEqual(["lang:ru", "lang:en"]);
    const query = await alice.pressButton(chooser, "lang:en");
    expect((await waitForCallbackAnswer(tg, query)).text).toBe("✅ Language: English.");
    await waitForEdit(tg, alice, chooser, (m) => textOf(m) === "✅ Language: English.");

    // A new process on the same Redis: the choice is in the session, not in memory.
    await running.stop();
    running = await startTestApp({ tg, prefix, logs, env });
    mark = tg.mark();
    await alice.sendText("/start");
    expect(textOf(await waitForBotMessage(tg, alice, { since: mark }))).toContain("Hello, Алиса!");
    expect(await redis.client.exists(`${prefix}:session:${alice.id}`)).toBe(1);
  });

  it("answers in English to a person whose Telegram speaks English, and lists commands in /help", async () => {
    const bob = tg.createUser({ id: 5002, first_name: "Bob", language_code: "en-GB" });
    const mark = tg.mark();
    await bob.sendText("/help");
    const help = await waitForBotMessage(tg, bob, { since: mark });
    expect(textOf(help)).toContain("How to pay");
    expect(textOf(help)).toContain("/language — Language / Язык");
    expect(textOf(help)).toContain("/balance — Company balance");
  });

  it("publishes the command menu for the default language, Russian and English", () => {
    const menus = tg.commands();
    const byLanguage = Object.fromEntries(menus.map((m) => [m.languageCode || "default", m.commands]));
    expect(byLanguage.default?.find((c) => c.command === "start")?.description).toBe("Начать");
    expect(byLanguage.ru?.find((c) => c.command === "help")?.description).toBe("Как пользоваться ботом");
    expect(byLanguage.en?.find((c) => c.command === "help")?.description).toBe("How to use the bot");
  });

  it("answers health and readiness checks", async () => {
    const url = running!.app.httpUrl;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { storage: true, bot: true } });
  });

  it("answers every press of a button, including a repeated one", async () => {
    const carol = tg.createUser({ id: 5003, first_name: "Carol", language_code: "ru" });
    const mark = tg.mark();
    await carol.sendText("/language");
    const chooser = await waitForBotMessage(tg, carol, { since: mark });
    // Pressing the same button twice: the second press is answered too, and nothing breaks.
    const first = await carol.pressButton(chooser, "lang:ru");
    expect((await waitForCallbackAnswer(tg, first)).text).toBe("✅ Язык: русский.");
    const second = await carol.pressButton(chooser, "lang:ru");
    expect((await waitForCallbackAnswer(tg, second)).text).toBe("✅ Язык: русский.");
  });

  it("never writes the bot token into its logs", () => {
    expect(logs.length).toBeGreaterThan(5);
    const all = logs.join("");
    expect(all).not.toContain(tg.token);
    expect(all).not.toContain(tg.token.split(":")[1]!);
  });
});
