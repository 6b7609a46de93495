import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegramEmulator, type TelegramEmulator } from "../../src/sandbox/telegram/index.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { deleteByPrefix, type TestRedis, testRedis, uniquePrefix } from "../support/redis.js";
import { textOf, waitForBotMessage } from "../support/telegram.js";

/** A free loopback port: webhook mode needs its public URL before the listener starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("webhook mode end to end", () => {
  let tg: TelegramEmulator;
  let redis: TestRedis;
  let running: TestApp;
  const prefix = uniquePrefix("e2e-webhook");
  const secret = "webhook-secret-token_0123456789";

  beforeAll(async () => {
    // An http:// PUBLIC_URL (also the scanner's address) works only in Telegram's test environment.
    tg = await startTelegramEmulator({ allowHttpWebApps: true });
    redis = await testRedis("e2e-webhook-check");
    const port = await freePort();
    running = await startTestApp({
      tg,
      prefix,
      env: {
        BOT_MODE: "webhook",
        HTTP_PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        TELEGRAM_WEBHOOK_SECRET: secret,
        ADMIN_IDS: "7001",
      },
    });
  });
  afterAll(async () => {
    await running.stop();
    await tg.close();
    await deleteByPrefix(redis.client, prefix);
    await redis.cleanup();
  });

  it("registers its webhook with the secret token and answers updates Telegram pushes", async () => {
    const hook = tg.webhook();
    expect(hook?.url).toBe(`${running.app.httpUrl}/telegram/webhook`);
    expect(tg.calls("setWebhook")[0]?.params).toMatchObject({ secret_token: secret });
    expect(
      running.logs.some((line) => line.includes('"level":40') && line.includes("PUBLIC_URL is http://")),
    ).toBe(true);
    const dana = tg.createUser({ id: 7001, first_name: "Дана", language_code: "ru" });
    const mark = tg.mark();
    await dana.sendText("/start");
    expect(textOf(await waitForBotMessage(tg, dana, { since: mark }))).toContain("Здравствуйте, Дана!");
  });

  it("refuses a push with a wrong secret token with 401", async () => {
    const res = await fetch(`${running.app.httpUrl}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "guess" },
      body: JSON.stringify({
        update_id: 1,
        message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "/start" },
      }),
    });
    expect(res.status).toBe(401);
  });
});
