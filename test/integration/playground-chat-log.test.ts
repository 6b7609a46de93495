import { Writable } from "node:stream";
import { Api } from "grammy";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { ChatLog, type ChatLogOptions } from "../../src/playground/chat-log.js";
import { displaySize } from "../../src/playground/view.js";
import { startTelegramEmulator, type TelegramEmulator } from "../../src/sandbox/telegram/index.js";
import { REDIS_URL, type TestRedis, testRedis } from "../support/redis.js";

const TOKEN = "7000000043:AAchat-log-test-token-0123456789";
const ANNA = { id: 5_300_000_001, first_name: "Анна" };
const BORIS = { id: 5_300_000_002, first_name: "Борис" };

interface Shown {
  id: string;
  size: number;
}

describe("the playground's chat log in Redis", () => {
  let redis: TestRedis;
  const open: Array<TelegramEmulator | ChatLog> = [];
  const warnings: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      warnings.push((JSON.parse(String(chunk)) as { msg: string }).msg);
      done();
    },
  });
  const logger = createLogger({ level: "warn", format: "json", secrets: [], destination });

  let prefix = "";
  let run = 0;

  beforeAll(async () => {
    redis = await testRedis("chat-log");
  });
  beforeEach(() => {
    prefix = `${redis.prefix}:${++run}`;
  });
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
    warnings.length = 0;
  });
  afterAll(async () => {
    await redis.cleanup();
  });

  async function world() {
    const tg = await startTelegramEmulator({ tokens: [TOKEN] });
    open.push(tg);
    const users = { anna: tg.createUser(ANNA), boris: tg.createUser(BORIS) };
    return { tg, users, api: new Api(tg.token, { apiRoot: tg.apiRoot }) };
  }

  async function chatLog(tg: TelegramEmulator, options: Partial<ChatLogOptions> = {}) {
    const log = await ChatLog.open({
      tg,
      chatIds: [ANNA.id, BORIS.id],
      redisUrl: REDIS_URL,
      prefix,
      logger,
      saveDelayMs: 20,
      ...options,
    });
    open.push(log);
    return log;
  }

  /** Noise, so that a bigger picture is a bigger file after the emulator re-encodes it. */
  const picture = (background: string, size: number) =>
    sharp({
      create: { width: size, height: size, channels: 3, background, noise: { type: "gaussian", sigma: 40 } },
    })
      .jpeg({ quality: 90 })
      .toBuffer();

  it("keeps the latest messages and the newest pictures within the limits, and brings them back", async () => {
    const first = await world();
    const log = await chatLog(first.tg, {
      limits: { messages: 5, fileBytes: 1024 * 1024, chatFileBytes: 1024 * 1024 },
    });
    await log.restore();
    log.follow();
    await first.users.anna.sendText("/start");
    for (let i = 1; i <= 6; i++) await first.api.sendMessage(ANNA.id, `answer ${i}`);
    await first.users.anna.sendPhoto(await picture("#37a", 900));
    await first.users.boris.sendText("hello");
    open.splice(open.indexOf(log), 1);
    await log.close();

    const second = await world();
    const again = await chatLog(second.tg);
    expect(await again.restore()).toEqual({ messages: 6, files: 1 });
    const anna = second.tg.chatMessages(ANNA.id);
    expect(anna.map((m) => m.text ?? "(photo)")).toEqual([
      "answer 3",
      "answer 4",
      "answer 5",
      "answer 6",
      "(photo)",
    ]);
    const shown = anna.at(-1)!.message.photo!;
    expect(shown.some((size) => second.tg.file(size.file_id))).toBe(true);
    expect(second.tg.chatMessages(BORIS.id).map((m) => m.text)).toEqual(["hello"]);
    // New messages take the ids after the restored ones.
    const next = await second.api.sendMessage(ANNA.id, "after the restart");
    expect(next.message_id).toBe(anna.at(-1)!.messageId + 1);
  });

  it("drops the oldest pictures past the chat's budget, and never keeps one over the file limit", async () => {
    const first = await world();
    for (const size of [300, 300, 300, 1600]) await first.users.anna.sendPhoto(await picture("#444", size));
    const shown = first.tg
      .chatMessages(ANNA.id)
      .map((m) => displaySize(m.message.photo!)!.file_id)
      .map((id) => ({ id, size: first.tg.file(id)!.bytes.length }));
    const [oldest, second, third, big] = shown as [Shown, Shown, Shown, Shown];
    expect(big.size).toBeGreaterThan(Math.max(oldest.size, second.size, third.size));
    const log = await chatLog(first.tg, {
      limits: { messages: 50, fileBytes: big.size - 1, chatFileBytes: second.size + third.size },
    });
    log.follow();
    await first.api.sendMessage(ANNA.id, "a change to save");
    await log.flush();
    const kept = await redis.client.hKeys(`${prefix}:chatlog:v1:${ANNA.id}:files`);
    expect(kept.sort()).toEqual([second.id, third.id].sort());
  });

  it("starts a chat empty, with a warning, when its log cannot be read", async () => {
    await redis.client.set(`${prefix}:chatlog:v1:${ANNA.id}`, "{not json");
    await redis.client.set(
      `${prefix}:chatlog:v1:${BORIS.id}`,
      JSON.stringify({ chatId: BORIS.id, nextMessageId: 0, started: true, messages: [] }),
    );
    const { tg } = await world();
    const log = await chatLog(tg);
    expect(await log.restore()).toEqual({ messages: 0, files: 0 });
    expect(warnings.filter((w) => /could not be restored/.test(w))).toHaveLength(2);
    expect(tg.chatMessages(ANNA.id)).toEqual([]);
  });
});
