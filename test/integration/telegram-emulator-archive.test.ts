import { Api, InlineKeyboard } from "grammy";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ChatArchive,
  startTelegramEmulator,
  type TelegramEmulator,
} from "../../src/sandbox/telegram/index.js";

const TOKEN = "7000000042:AAarchive-test-token-0123456789";
const started: TelegramEmulator[] = [];

async function emulator(): Promise<{ tg: TelegramEmulator; api: Api }> {
  const tg = await startTelegramEmulator({ tokens: [TOKEN] });
  started.push(tg);
  return { tg, api: new Api(tg.token, { apiRoot: tg.apiRoot }) };
}

afterEach(async () => {
  for (const tg of started.splice(0)) await tg.close();
});

const person = { id: 5_200_000_001, first_name: "Анна" };

describe("archiving a chat and restoring it into a fresh emulator", () => {
  it("keeps ids, edits, keyboards and files; the bot edits and buttons work on, new ids follow", async () => {
    const first = await emulator();
    const user = first.tg.createUser(person);
    await user.sendText("/start");
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#3a7" } })
      .jpeg()
      .toBuffer();
    await user.sendPhoto(photo);
    const card = await first.api.sendMessage(person.id, "<b>Card</b> ⏳", {
      parse_mode: "HTML",
      reply_markup: new InlineKeyboard().text("Pay", "pay:1"),
    });
    await first.api.editMessageText(person.id, card.message_id, "Card ✅", {
      reply_markup: new InlineKeyboard().text("Again", "again:1"),
    });
    await first.api.sendMessage(person.id, "menu", {
      reply_markup: { keyboard: [[{ text: "📷 Scan" }]], resize_keyboard: true },
    });
    const gone = await first.api.sendMessage(person.id, "deleted later");
    await first.api.deleteMessage(person.id, gone.message_id);

    // Through JSON, as the playground keeps it in Redis; file bytes go separately.
    const archive = JSON.parse(JSON.stringify(first.tg.archiveChat(person.id))) as ChatArchive;
    expect(archive.messages.map((m) => m.messageId)).not.toContain(gone.message_id);
    const photoIds = archive.messages.flatMap((m) => m.message.photo?.map((p) => p.file_id) ?? []);
    expect(photoIds.length).toBeGreaterThan(0);
    const files = photoIds.map((id) => first.tg.archiveFile(id)!);
    expect(files.every((f) => f.bytes.length > 0)).toBe(true);
    expect(first.tg.archiveChat(person.id, { keepLast: 2 }).messages).toHaveLength(2);

    const second = await emulator();
    const again = second.tg.createUser(person);
    second.tg.restoreChat(archive);
    for (const file of files) second.tg.restoreFile(file);

    const restored = second.tg.chatMessages(person.id);
    expect(restored.map((m) => [m.messageId, m.from, m.text])).toEqual(
      first.tg
        .chatMessages(person.id)
        .filter((m) => !m.deleted)
        .map((m) => [m.messageId, m.from, m.text]),
    );
    const restoredCard = second.tg.chatMessage(person.id, card.message_id)!;
    expect(restoredCard.edits).toHaveLength(1);
    expect(second.tg.replyKeyboard(person.id)?.keyboard[0]?.[0]).toEqual({ text: "📷 Scan" });
    expect(second.tg.file(photoIds[0]!)?.bytes.equals(first.tg.file(photoIds[0]!)!.bytes)).toBe(true);
    // Restoring told nobody anything and queued nothing for the bot.
    expect(second.tg.eventsSince(0)).toEqual([]);
    expect(second.tg.pendingUpdates()).toEqual([]);

    // The bot goes on as if nothing happened: it edits the restored card, and may write first
    // (the person had started it before the restart); new messages take the next ids.
    await second.api.editMessageText(person.id, card.message_id, "Card ✅ (again)", {
      reply_markup: new InlineKeyboard().text("Again", "again:1"),
    });
    const next = await second.api.sendMessage(person.id, "after the restart");
    expect(next.message_id).toBe(gone.message_id + 1);
    // And the person presses a button on a message from before the restart.
    await again.pressButton(card.message_id, "again:1");
    const press = second.tg.pendingUpdates().find((u) => u.callback_query);
    expect(press?.callback_query?.data).toBe("again:1");
    expect(press?.callback_query?.message?.message_id).toBe(card.message_id);
  });

  it("refuses to restore into a chat that already has messages, or into an unknown one", async () => {
    const { tg } = await emulator();
    const user = tg.createUser(person);
    const archive = tg.archiveChat(person.id);
    await user.sendText("hello");
    expect(() => tg.restoreChat(archive)).toThrow(/already has messages/);
    expect(() => tg.restoreChat({ ...archive, chatId: 5_200_000_999 })).toThrow(/does not exist/);
  });
});
