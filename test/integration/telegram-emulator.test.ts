import http from "node:http";
import type { AddressInfo } from "node:net";
import { Api, Bot, GrammyError, InputFile, webhookCallback } from "grammy";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  parseHtml,
  renderPhotoSizes,
  startTelegramEmulator,
  type TelegramEmulator,
} from "../../src/sandbox/telegram/index.js";
import {
  buttonsOf,
  waitForBotMessage,
  waitForCallbackAnswer,
  waitForEdit,
  waitUntil,
} from "../support/telegram.js";

let tg: TelegramEmulator;
let api: Api;

beforeAll(async () => {
  tg = await startTelegramEmulator();
  api = new Api(tg.token, { apiRoot: tg.apiRoot });
});

afterAll(async () => {
  await tg.close();
});

/** A user who has written to the bot, so the bot may answer. */
async function startedUser(firstName: string) {
  const user = tg.createUser({ first_name: firstName, username: `${firstName.toLowerCase()}_${Date.now()}` });
  await user.sendText("/start");
  return user;
}

function image(width: number, height: number, format: "png" | "jpeg" = "png"): Promise<Buffer> {
  const base = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } });
  return (format === "png" ? base.png() : base.jpeg()).toBuffer();
}

async function download(filePath: string, token = tg.token): Promise<Response> {
  return fetch(`${tg.apiRoot}/file/bot${token}/${filePath}`);
}

async function listen(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function closeServer(server: http.Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

describe("identity and errors", () => {
  it("answers getMe with the bot behind the token", async () => {
    expect(tg.token).toMatch(/^\d+:[A-Za-z0-9_-]{20,}$/);
    const me = await api.getMe();
    expect(me).toMatchObject({ id: tg.bot.id, is_bot: true, username: tg.bot.username });
    expect(String(me.id)).toBe(tg.token.split(":")[0]);
  });

  it("rejects a wrong token with 401 Unauthorized", async () => {
    const wrong = new Api("123456:AAwrongwrongwrongwrongwrong", { apiRoot: tg.apiRoot });
    await expect(wrong.getMe()).rejects.toMatchObject({ error_code: 401, description: "Unauthorized" });
  });

  it("answers unknown methods, malformed bodies and oversized bodies with JSON errors", async () => {
    const unknown = await fetch(`${tg.apiRoot}/bot${tg.token}/noSuchMethod`, { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: "Not Found" });

    const malformed = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { description: string }).description).toMatch(
      /^Bad Request: can't parse JSON/,
    );

    const small = await startTelegramEmulator({ maxBodyBytes: 1024 });
    try {
      const big = await fetch(`${small.apiRoot}/bot${small.token}/sendMessage`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chat_id: 1, text: "x".repeat(5000) }),
      });
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ ok: false, error_code: 413 });
      expect(small.calls()).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it("injects faults: 429 carries retry_after, then the method works again", async () => {
    const alice = await startedUser("Rita");
    tg.failNext("sendMessage", { error_code: 429, retry_after: 3 });
    const error = await api.sendMessage(alice.id, "hi").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({
      error_code: 429,
      description: "Too Many Requests: retry after 3",
      parameters: { retry_after: 3 },
    });
    await expect(api.sendMessage(alice.id, "hi")).resolves.toMatchObject({ text: "hi" });

    tg.failNext("sendmessage", { error_code: 500 }, { times: 2 });
    await expect(api.sendMessage(alice.id, "a")).rejects.toMatchObject({ error_code: 500 });
    await expect(api.sendMessage(alice.id, "b")).rejects.toMatchObject({ error_code: 500 });
    await expect(api.sendMessage(alice.id, "c")).resolves.toMatchObject({ text: "c" });
    expect(tg.calls("sendMessage").at(-1)).toMatchObject({ method: "sendMessage", outcome: { ok: true } });
  });
});

describe("long polling", () => {
  it("delivers a user's command to a polling grammY bot and records the HTML reply", async () => {
    const emulator = await startTelegramEmulator();
    const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
    bot.command("start", (ctx) =>
      ctx.reply(`Hello, <b>${ctx.from!.first_name}</b>!`, { parse_mode: "HTML" }),
    );
    const running = bot.start();
    try {
      const alice = emulator.createUser({ first_name: "Alice", language_code: "ru" });
      const mark = emulator.mark();
      await alice.sendText("/start");
      const reply = await waitForBotMessage(emulator, alice, { since: mark });
      expect(reply.text).toBe("Hello, Alice!");
      expect(reply.entities).toEqual([{ type: "bold", offset: 7, length: 5 }]);
      expect(reply.html).toBe("Hello, <b>Alice</b>!");
      expect(reply.message.chat).toEqual({ id: alice.id, type: "private", first_name: "Alice" });
      const received = emulator.chatMessages(alice)[0]!.message;
      expect(received.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
    } finally {
      await bot.stop();
      await running;
      await emulator.close();
    }
  });

  it("fails the older of two concurrent getUpdates with 409 and keeps serving the newer", async () => {
    const emulator = await startTelegramEmulator();
    const botA = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
    const runningA = botA.start();
    const outcomeA = runningA.then(
      () => undefined,
      (e: unknown) => e,
    );
    try {
      await waitUntil(() => emulator.isPolling(), { what: "bot A polls" });
      const pollerB = new Api(emulator.token, { apiRoot: emulator.apiRoot });
      const second = pollerB.getUpdates({ timeout: 10 });
      expect(await outcomeA).toMatchObject({
        error_code: 409,
        description:
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      });
      const alice = emulator.createUser({ first_name: "Alice" });
      await alice.sendText("hello");
      const updates = await second;
      expect(updates.map((u) => u.message?.text)).toEqual(["hello"]);

      // Confirming by offset removes the update.
      const confirmed = await pollerB.getUpdates({ offset: updates[0]!.update_id + 1, timeout: 0 });
      expect(confirmed).toEqual([]);
      expect(emulator.pendingUpdates()).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});

describe("messages", () => {
  it("sends, edits, refuses a no-op edit, deletes, and refuses edits of deleted messages", async () => {
    const alice = await startedUser("Alice");
    const keyboard = { inline_keyboard: [[{ text: "Pay", callback_data: "pay:1" }]] };
    const mark = tg.mark();
    const sent = await api.sendMessage(alice.id, "Quote: 100 ₽", { reply_markup: keyboard });
    expect(sent).toMatchObject({ message_id: 2, text: "Quote: 100 ₽", reply_markup: keyboard });
    expect((await waitForBotMessage(tg, alice, { since: mark })).messageId).toBe(2);

    await expect(
      api.editMessageText(alice.id, sent.message_id, "Quote: 100 ₽", { reply_markup: keyboard }),
    ).rejects.toMatchObject({
      error_code: 400,
      description:
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    });

    const editWait = waitForEdit(tg, alice, sent.message_id, (m) => m.text === "Paid ✅");
    const edited = await api.editMessageText(alice.id, sent.message_id, "Paid ✅");
    expect(edited).toMatchObject({ text: "Paid ✅", edit_date: expect.any(Number) });
    expect(edited).not.toHaveProperty("reply_markup"); // omitted markup removes the keyboard, like Telegram
    const record = await editWait;
    expect(record.edits.map((v) => v.text)).toEqual(["Quote: 100 ₽"]);
    expect(record.edits[0]!.replyMarkup).toEqual(keyboard);

    await expect(
      api.editMessageReplyMarkup(alice.id, sent.message_id, { reply_markup: keyboard }),
    ).resolves.toMatchObject({
      reply_markup: keyboard,
    });

    await expect(api.deleteMessage(alice.id, sent.message_id)).resolves.toBe(true);
    await expect(api.editMessageText(alice.id, sent.message_id, "again")).rejects.toMatchObject({
      description: "Bad Request: message to edit not found",
    });
    await expect(api.deleteMessage(alice.id, sent.message_id)).rejects.toMatchObject({
      description: "Bad Request: message to delete not found",
    });
    await expect(api.editMessageText(alice.id, 999, "x")).rejects.toMatchObject({
      description: "Bad Request: message to edit not found",
    });

    const history = tg.chatMessages(alice);
    expect(history.map((m) => [m.messageId, m.from, m.deleted])).toEqual([
      [1, "user", false],
      [2, "bot", true],
    ]);
    expect(tg.botMessages(alice)).toHaveLength(1);
  });

  it("refuses a user who never wrote, a blocked user and an unknown chat", async () => {
    const bob = tg.createUser({ first_name: "Bob" });
    await expect(api.sendMessage(bob.id, "hi")).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });

    const carol = await startedUser("Carol");
    await expect(api.sendMessage(carol.id, "hi")).resolves.toBeDefined();
    carol.blockBot();
    await expect(api.sendMessage(carol.id, "hi")).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    await expect(api.sendChatAction(carol.id, "typing")).rejects.toMatchObject({ error_code: 403 });
    const blockUpdate = tg.pendingUpdates().find((u) => u.my_chat_member?.chat.id === carol.id);
    expect(blockUpdate?.my_chat_member?.new_chat_member.status).toBe("kicked");

    await expect(api.sendMessage(424242, "hi")).rejects.toMatchObject({
      error_code: 400,
      description: "Bad Request: chat not found",
    });
  });

  it("validates text length, inline keyboards and chat actions", async () => {
    const alice = await startedUser("Dana");
    await expect(api.sendMessage(alice.id, "   \n ")).rejects.toMatchObject({
      description: "Bad Request: message text is empty",
    });
    await expect(api.sendMessage(alice.id, "x".repeat(4097))).rejects.toMatchObject({
      description: "Bad Request: message is too long",
    });
    await expect(
      api.sendMessage(alice.id, "k", {
        reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "x".repeat(65) }]] },
      }),
    ).rejects.toMatchObject({ description: "Bad Request: BUTTON_DATA_INVALID" });
    await expect(
      api.sendMessage(alice.id, "k", { reply_markup: { inline_keyboard: [[{ text: "A" } as never]] } }),
    ).rejects.toMatchObject({
      description:
        "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    });
    await expect(
      api.sendMessage(alice.id, "k", {
        reply_markup: {
          inline_keyboard: [[{ text: "A", callback_data: "a", url: "https://x.org" } as never]],
        },
      }),
    ).rejects.toMatchObject({ error_code: 400 });
    await expect(api.sendPhoto(alice.id, "https://example.com/qr.png")).rejects.toMatchObject({
      description: expect.stringMatching(/^Bad Request: failed to get HTTP URL content/),
    });
    await expect(api.sendChatAction(alice.id, "typing")).resolves.toBe(true);
    await expect(api.sendChatAction(alice.id, "dancing" as never)).rejects.toMatchObject({ error_code: 400 });

    await api.sendMessage(alice.id, "Menu", {
      reply_markup: { keyboard: [[{ text: "Balance" }]], resize_keyboard: true },
    });
    expect(tg.replyKeyboard(alice)?.keyboard).toEqual([[{ text: "Balance" }]]);
  });
});

describe("parse_mode HTML", () => {
  it("stores plain text, UTF-16 entities and the original HTML", async () => {
    const alice = await startedUser("Eve");
    const html =
      '😀 <b>Bold</b> <i>it</i> <a href="https://example.com/pay?a=1&amp;b=2">pay</a> &lt;3 &amp; <code>x</code>\n' +
      '<pre><code class="language-ts">let a = 1;</code></pre> <tg-spoiler>s</tg-spoiler> <blockquote expandable>q</blockquote>';
    const sent = await api.sendMessage(alice.id, html, { parse_mode: "HTML" });
    expect(sent.text).toBe("😀 Bold it pay <3 & x\nlet a = 1; s q");
    expect(sent.entities).toEqual([
      { type: "bold", offset: 3, length: 4 },
      { type: "italic", offset: 8, length: 2 },
      { type: "text_link", offset: 11, length: 3, url: "https://example.com/pay?a=1&b=2" },
      { type: "code", offset: 20, length: 1 },
      { type: "pre", offset: 22, length: 10, language: "ts" },
      { type: "spoiler", offset: 33, length: 1 },
      { type: "expandable_blockquote", offset: 35, length: 1 },
    ]);
    expect(tg.botMessages(alice).at(-1)?.html).toBe(html);
  });

  it("rejects what Telegram rejects, with Telegram's messages and byte offsets", async () => {
    const alice = await startedUser("Finn");
    const send = (text: string) => api.sendMessage(alice.id, text, { parse_mode: "HTML" });
    await expect(send("Hello <foo>x</foo>")).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: can\'t parse entities: Unsupported start tag "foo" at byte offset 6',
    });
    await expect(send("<b>bold")).rejects.toMatchObject({
      description: "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    });
    await expect(send("<b>x</i>")).rejects.toMatchObject({
      description: `Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`,
    });
    // Offsets count UTF-8 bytes: "Цена" is 8 bytes.
    await expect(send("Цена < 5")).rejects.toMatchObject({
      description: `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 9`,
    });
    await expect(send("Tom & Jerry")).rejects.toMatchObject({
      description: expect.stringMatching(
        /^Bad Request: can't parse entities: Unescaped "&" at byte offset 4/,
      ),
    });
    expect(parseHtml("Tom & Jerry > cats", { strict: false }).text).toBe("Tom & Jerry > cats");
  });

  it("measures the length after removing tags", async () => {
    const alice = await startedUser("Gus");
    const body = "a".repeat(4096);
    await expect(api.sendMessage(alice.id, `<b>${body}</b>`, { parse_mode: "HTML" })).resolves.toMatchObject({
      text: body,
    });
    await expect(
      api.sendMessage(alice.id, `<b>${body}</b>&amp;`, { parse_mode: "HTML" }),
    ).rejects.toMatchObject({
      description: "Bad Request: message is too long",
    });
    await expect(api.sendMessage(alice.id, "<b> </b>", { parse_mode: "HTML" })).rejects.toMatchObject({
      description: "Bad Request: message text is empty",
    });
  });
});

describe("callback buttons", () => {
  it("turns a press into a callback_query and records the answer; refuses long or repeated answers", async () => {
    const alice = await startedUser("Hana");
    const sent = await api.sendMessage(alice.id, "Pay 100 ₽?", {
      reply_markup: {
        inline_keyboard: [
          [
            { text: "Pay", callback_data: "pay:7" },
            { text: "Docs", url: "https://example.com" },
          ],
        ],
      },
    });
    expect(buttonsOf(tg.botMessages(alice).at(-1)!)).toEqual([
      { text: "Pay", data: "pay:7" },
      { text: "Docs", url: "https://example.com" },
    ]);
    const queryId = await alice.pressButton(sent, "Pay");
    const update = tg.pendingUpdates().find((u) => u.callback_query?.id === queryId);
    expect(update?.callback_query).toMatchObject({
      data: "pay:7",
      from: { id: alice.id },
      message: { message_id: sent.message_id, text: "Pay 100 ₽?" },
      chat_instance: expect.any(String),
    });
    await expect(alice.pressButton(sent, "Docs")).rejects.toThrow(/not a callback button/);

    await expect(api.answerCallbackQuery(queryId, { text: "x".repeat(201) })).rejects.toMatchObject({
      description: "Bad Request: MESSAGE_TOO_LONG",
    });
    const answer = waitForCallbackAnswer(tg, queryId);
    await api.answerCallbackQuery(queryId, { text: "Paid", show_alert: true });
    expect(await answer).toMatchObject({ text: "Paid", show_alert: true });
    expect(tg.callbackAnswer(queryId)).toMatchObject({ text: "Paid" });

    const invalid = "Bad Request: query is too old and response timeout expired or query ID is invalid";
    await expect(api.answerCallbackQuery(queryId)).rejects.toMatchObject({ description: invalid });
    await expect(api.answerCallbackQuery("12345")).rejects.toMatchObject({ description: invalid });
  });
});

describe("files", () => {
  it("offers Telegram-like photo sizes that getFile and the download route serve", async () => {
    const alice = await startedUser("Ivan");
    const png = await image(1600, 1200);
    const message = await alice.sendPhoto(png, { caption: "my QR" });
    expect(message.caption).toBe("my QR");
    const sizes = message.photo!;
    expect(sizes.map((s) => Math.max(s.width, s.height))).toEqual([90, 320, 800, 1280, 1600]);
    for (const size of sizes)
      expect(size).toMatchObject({ file_id: expect.any(String), file_unique_id: expect.any(String) });

    const largest = sizes.at(-1)!;
    const file = await api.getFile(largest.file_id);
    expect(file.file_size).toBe(largest.file_size);
    const response = await download(file.file_path!);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(largest.file_size);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: "jpeg", width: 1600, height: 1200 });

    const huge = await alice.sendPhoto(await image(3000, 1000, "jpeg"));
    expect(huge.photo!.map((s) => s.width)).toEqual([90, 320, 800, 1280, 2560]);

    const exact = await alice.sendPhoto(png, { keepOriginal: true });
    const original = await api.getFile(exact.photo!.at(-1)!.file_id);
    expect(Buffer.from(await (await download(original.file_path!)).arrayBuffer()).equals(png)).toBe(true);

    // Sizes rendered ahead are what the bot gets.
    const ahead = await renderPhotoSizes(await image(700, 500));
    const prepared = await alice.sendPhoto(ahead.at(-1)!.bytes, { sizes: ahead });
    expect(prepared.photo!.map((s) => [s.width, s.file_size])).toEqual(
      ahead.map((s) => [s.width, s.bytes.length]),
    );

    expect((await download("photos/nope.jpg")).status).toBe(404);
    expect((await download(file.file_path!, "1:AAxxxxxxxxxxxxxxxxxxxxxxxx")).status).toBe(401);
  });

  it("shows observers any sent file by file_id, without a Bot API call", async () => {
    const alice = await startedUser("Olga");
    const png = await image(500, 400);
    const photo = await alice.sendPhoto(png, { keepOriginal: true });
    const doc = await alice.sendDocument(Buffer.from("a,b\n1,2\n"), { fileName: "list.csv" });
    const calls = tg.calls().length;

    const largest = tg.file(photo.photo!.at(-1)!.file_id)!;
    expect(largest).toMatchObject({ kind: "photo", width: 500, height: 400 });
    expect(largest.bytes.equals(png)).toBe(true);
    expect(tg.file(photo.photo![0]!.file_id)).toMatchObject({ kind: "photo", width: 90 });
    const csv = tg.file(doc.document!.file_id)!;
    expect(csv).toMatchObject({ kind: "document", fileName: "list.csv", mimeType: "text/csv" });
    expect(csv.bytes.toString()).toBe("a,b\n1,2\n");
    expect(tg.file("AgACnope")).toBeUndefined();
    // A copy: changing it does not change what the bot downloads.
    largest.bytes.fill(0);
    expect(tg.file(photo.photo!.at(-1)!.file_id)!.bytes.equals(png)).toBe(true);
    expect(tg.calls().length).toBe(calls);
  });

  it("refuses getFile above 20 MB", async () => {
    const alice = await startedUser("Jan");
    const message = await alice.sendDocument(Buffer.alloc(25 * 1024 * 1024, 1), { fileName: "scan.pdf" });
    expect(message.document).toMatchObject({
      file_name: "scan.pdf",
      mime_type: "application/pdf",
      file_size: 25 * 1024 * 1024,
    });
    await expect(api.getFile(message.document!.file_id)).rejects.toMatchObject({
      error_code: 400,
      description: "Bad Request: file is too big",
    });
  });

  it("accepts a multipart upload from the bot and serves the same bytes back", async () => {
    const alice = await startedUser("Kim");
    const bytes = Buffer.from("%PDF-1.4 receipt bytes \u0000\u0001\u0002", "latin1");
    const sent = await api.sendDocument(alice.id, new InputFile(bytes, "receipt 1; final.pdf"), {
      caption: "<b>Receipt</b>",
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ text: "OK", callback_data: "ok" }]] },
    });
    expect(sent.document).toMatchObject({ file_name: "receipt 1; final.pdf", mime_type: "application/pdf" });
    expect(sent.caption_entities).toEqual([{ type: "bold", offset: 0, length: 7 }]);
    expect(sent.reply_markup?.inline_keyboard[0]?.[0]).toEqual({ text: "OK", callback_data: "ok" });

    const call = tg.calls("sendDocument").at(-1)!;
    expect(call.params.document).toMatchObject({ fileName: "receipt 1; final.pdf" });
    expect((call.params.document as { bytes: Buffer }).bytes.equals(bytes)).toBe(true);

    const file = await api.getFile(sent.document!.file_id);
    const downloaded = Buffer.from(await (await download(file.file_path!)).arrayBuffer());
    expect(downloaded.equals(bytes)).toBe(true);

    // A bot-uploaded photo gets sizes too, and its file_id can be sent again.
    const photo = await api.sendPhoto(alice.id, new InputFile(await image(400, 300)));
    expect(photo.photo!.map((s) => s.width)).toEqual([90, 320, 400]);
    const again = await api.sendPhoto(alice.id, photo.photo!.at(-1)!.file_id);
    expect(again.photo).toEqual(photo.photo);
    await expect(api.sendPhoto(alice.id, new InputFile(Buffer.from("not an image")))).rejects.toMatchObject({
      description: "Bad Request: IMAGE_PROCESS_FAILED",
    });
  });
});

describe("webhook mode", () => {
  it("posts updates with the secret header, retries after a 500, and blocks getUpdates meanwhile", async () => {
    const emulator = await startTelegramEmulator({ webhook: { retryInitialMs: 20 } });
    const hookApi = new Api(emulator.token, { apiRoot: emulator.apiRoot });
    const received: { secret: string | undefined; updateId: number }[] = [];
    const { url, server } = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const update = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { update_id: number };
        received.push({
          secret: req.headers["x-telegram-bot-api-secret-token"] as string,
          updateId: update.update_id,
        });
        res.writeHead(received.length === 1 ? 500 : 200).end();
      });
    });
    try {
      await expect(hookApi.setWebhook("https://example.com/hook")).rejects.toMatchObject({ error_code: 400 });
      await hookApi.setWebhook(`${url}/hook`, { secret_token: "s3cret_token" });
      await expect(hookApi.getUpdates()).rejects.toMatchObject({
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
      const alice = emulator.createUser({ first_name: "Alice" });
      await alice.sendText("first");
      await alice.sendText("second");
      await waitUntil(() => received.length >= 3, { what: "three webhook posts" });
      expect(received.map((r) => r.secret)).toEqual(["s3cret_token", "s3cret_token", "s3cret_token"]);
      const [failed, retried, next] = received.map((r) => r.updateId);
      expect(retried).toBe(failed);
      expect(next).toBe(failed! + 1);
      await waitUntil(() => emulator.webhook()?.delivered === 2, { what: "both updates delivered" });
      const info = await hookApi.getWebhookInfo();
      expect(info).toMatchObject({ url: `${url}/hook`, pending_update_count: 0 });
      expect(info.last_error_message).toBe("Wrong response from the webhook: 500 Internal Server Error");
      expect(emulator.webhook()?.secret_token).toBe("s3cret_token");
      await hookApi.deleteWebhook();
      expect(emulator.webhook()).toBeUndefined();
    } finally {
      await emulator.close();
      await closeServer(server);
    }
  });

  it("drives a grammY bot behind webhookCallback, including a webhook reply", async () => {
    const emulator = await startTelegramEmulator();
    const bot = new Bot(emulator.token, {
      client: { apiRoot: emulator.apiRoot, canUseWebhookReply: () => true },
    });
    bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    await bot.init();
    const { url, server } = await listen(webhookCallback(bot, "http", { secretToken: "abc_123" }));
    try {
      await bot.api.setWebhook(url, { secret_token: "abc_123" });
      const alice = emulator.createUser({ first_name: "Alice" });
      const mark = emulator.mark();
      await alice.sendText("ping");
      const reply = await waitForBotMessage(emulator, alice, { since: mark });
      expect(reply.text).toBe("echo: ping");
      expect(emulator.calls("sendMessage").at(-1)?.via).toBe("webhookReply");
    } finally {
      await emulator.close();
      await closeServer(server);
    }
  });
});

describe("groups, chats and commands", () => {
  it("delivers group messages and reports members, and a bot that left can't post", async () => {
    const owner = tg.createUser({ first_name: "Olga" });
    const member = tg.createUser({ first_name: "Pavel" });
    const outsider = tg.createUser({ first_name: "Quinn" });
    const group = tg.createGroup({ title: "Finance", members: [owner, member] });
    expect(group.id).toBeLessThan(-1_000_000_000_000);

    const message = await member.sendText("/balance@other_bot", { chat: group });
    expect(message.chat).toEqual({ id: group.id, type: "supergroup", title: "Finance" });
    expect(
      tg
        .pendingUpdates()
        .some((u) => u.message?.message_id === message.message_id && u.message.chat.id === group.id),
    ).toBe(true);
    await expect(outsider.sendText("hi", { chat: group })).rejects.toThrow(/not a member/);

    const statusOf = async (userId: number) => (await api.getChatMember(group.id, userId)).status;
    expect(await statusOf(owner.id)).toBe("creator");
    expect(await statusOf(member.id)).toBe("member");
    expect(await statusOf(outsider.id)).toBe("left");
    expect(await statusOf(tg.bot.id)).toBe("member");
    expect(await api.getChat(group.id)).toMatchObject({ id: group.id, type: "supergroup", title: "Finance" });

    await expect(api.sendMessage(group.id, "Hello group")).resolves.toMatchObject({ chat: { id: group.id } });
    await expect(api.leaveChat(group.id)).resolves.toBe(true);
    await expect(api.sendMessage(group.id, "still here?")).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot is not a member of the supergroup chat",
    });
  });

  it("stores commands by scope and language", async () => {
    await api.setMyCommands([{ command: "start", description: "Start" }]);
    await api.setMyCommands([{ command: "start", description: "Начать" }], { language_code: "ru" });
    await api.setMyCommands([{ command: "admin", description: "Admin" }], {
      scope: { type: "all_private_chats" },
    });
    expect(await api.getMyCommands({ language_code: "ru" })).toEqual([
      { command: "start", description: "Начать" },
    ]);
    expect(tg.commands().map((c) => [c.scope.type, c.languageCode, c.commands[0]!.command])).toEqual([
      ["default", "", "start"],
      ["default", "ru", "start"],
      ["all_private_chats", "", "admin"],
    ]);
    await expect(api.setMyCommands([{ command: "Bad Command", description: "x" }])).rejects.toMatchObject({
      error_code: 400,
    });
    await api.deleteMyCommands({ language_code: "ru" });
    expect(await api.getMyCommands({ language_code: "ru" })).toEqual([]);
  });
});

describe("user side and events", () => {
  it("carries replies and forward_origin, and emits structured events in order", async () => {
    const alice = await startedUser("Mona");
    const bob = tg.createUser({ first_name: "Bob", username: "bob_the_payer" });
    const seen: string[] = [];
    const unsubscribe = tg.subscribe((e) => {
      if (e.type !== "call" && (e.type !== "update" || e.chatId === alice.id)) seen.push(e.type);
    });
    try {
      const forwarded = await alice.sendText("pay me back", { forwardFrom: { user: bob } });
      expect(forwarded.forward_origin).toMatchObject({ type: "user", sender_user: { id: bob.id } });
      const reply = await alice.sendText("this one", { replyTo: forwarded.message_id });
      expect(reply.reply_to_message).toMatchObject({ message_id: forwarded.message_id, text: "pay me back" });

      const answer = await api.sendMessage(alice.id, "<b>ok</b>", {
        parse_mode: "HTML",
        reply_parameters: { message_id: reply.message_id },
      });
      expect(answer.reply_to_message?.message_id).toBe(reply.message_id);
      // Same result through different tags is still "not modified".
      await expect(
        api.editMessageText(alice.id, answer.message_id, "<strong>ok</strong>", { parse_mode: "HTML" }),
      ).rejects.toMatchObject({ error_code: 400 });
      await api.sendChatAction(alice.id, "upload_photo");
      await api.deleteMessage(alice.id, answer.message_id);
    } finally {
      unsubscribe();
    }
    expect(seen).toEqual(["update", "update", "message", "chatAction", "delete"]);
  });

  it("filters updates by allowed_updates", async () => {
    const emulator = await startTelegramEmulator();
    const poller = new Api(emulator.token, { apiRoot: emulator.apiRoot });
    try {
      await poller.getUpdates({ allowed_updates: ["callback_query"], timeout: 0 });
      const alice = emulator.createUser({ first_name: "Alice" });
      await alice.sendText("ignored");
      await poller.sendMessage(alice.id, "menu", {
        reply_markup: { inline_keyboard: [[{ text: "Go", callback_data: "go" }]] },
      });
      const queryId = await alice.pressButton(emulator.botMessages(alice)[0]!, "go");
      const updates = await poller.getUpdates({ timeout: 0 });
      expect(updates.map((u) => u.callback_query?.id)).toEqual([queryId]);
    } finally {
      await emulator.close();
    }
  });
});

describe("test helpers", () => {
  it("sees output sent before the wait started, and times out with what the bot did send", async () => {
    const alice = await startedUser("Lena");
    const mark = tg.mark();
    await api.sendMessage(alice.id, "already here");
    await expect(waitForBotMessage(tg, alice, { since: mark, text: "already" })).resolves.toMatchObject({
      text: "already here",
    });
    const error = await waitForBotMessage(tg, alice, { text: "never", timeoutMs: 50 }).catch((e: Error) => e);
    expect(String(error)).toMatch(
      /Timed out after 50 ms waiting for a bot message in chat \d+ with text never/,
    );
    expect(String(error)).toMatch(/#2 bot: "already here"/);
    expect(String(error)).toMatch(/sendMessage chat=\d+ "already here" → ok/);
  });
});
