import type { ReplyKeyboardMarkup } from "grammy/types";
import type { BotState, StoredMessage, World } from "./state.js";
import type { ChatMessage } from "./types.js";

/**
 * A private chat as plain data, to be put back into a fresh emulator (the playground keeps it in
 * Redis, so its chats survive a restart as the bot's own records do). Everything but file bytes
 * is JSON as it stands; files travel separately ({@link ArchivedFile}).
 */
export interface ChatArchive {
  chatId: number;
  /** The id the chat's next message gets: restored messages keep theirs, and new ones follow. */
  nextMessageId: number;
  /** The messages not deleted, oldest first (at most `keepLast`), with their latest edits. */
  messages: ChatMessage[];
  /** The reply keyboard the chat shows, if any. */
  replyKeyboard?: ReplyKeyboardMarkup;
  /** The user had written to the bot, so the bot may write to them. */
  started: boolean;
}

/** A stored file under its own ids, so the messages that name it find it again. */
export interface ArchivedFile {
  fileId: string;
  fileUniqueId: string;
  kind: "photo" | "document";
  bytes: Buffer;
  fileName?: string;
  mimeType?: string;
  width?: number;
  height?: number;
}

/** Earlier versions kept per message: enough to show "edited", not a full history. */
const VERSIONS_KEPT = 3;

export function archiveChat(
  world: World,
  bot: BotState,
  chatId: number,
  options: { keepLast?: number } = {},
): ChatArchive {
  const log = bot.chats.get(chatId);
  const live = world.messages(bot, chatId).filter((m) => !m.deleted);
  const kept = options.keepLast === undefined ? live : live.slice(-options.keepLast);
  const archive: ChatArchive = {
    chatId,
    nextMessageId: log?.nextMessageId ?? 1,
    messages: kept.map((m) => {
      const snapshot = world.snapshot(m);
      snapshot.edits = snapshot.edits.slice(-VERSIONS_KEPT);
      return snapshot;
    }),
    started: bot.startedBy.has(chatId),
  };
  const keyboard = bot.replyKeyboards.get(chatId);
  if (keyboard) archive.replyKeyboard = structuredClone(keyboard);
  return archive;
}

/**
 * Puts an archived chat back: the same message ids, edits and keyboards, and the next id after
 * them. Sends no events and queues no updates: to the bot and to observers these messages were
 * always there. Only into a chat that has no messages yet.
 */
export function restoreChat(world: World, bot: BotState, archive: ChatArchive): void {
  const { chatId } = archive;
  if (!world.chat(chatId)) throw new Error(`chat ${chatId} does not exist in the emulator`);
  if ((bot.chats.get(chatId)?.messages.size ?? 0) > 0)
    throw new Error(`chat ${chatId} already has messages: restore it before anyone writes`);
  const messages = new Map<number, StoredMessage>();
  let next = Math.max(1, archive.nextMessageId);
  for (const m of archive.messages) {
    if (m.chatId !== chatId || m.message.message_id !== m.messageId)
      throw new Error(`message ${m.messageId} does not belong to chat ${chatId} as archived`);
    const stored: StoredMessage = {
      botId: bot.id,
      chatId,
      messageId: m.messageId,
      from: m.from,
      senderId: m.senderId,
      message: structuredClone(m.message),
      html: m.html,
      replyMarkup: structuredClone(m.replyMarkup),
      history: structuredClone(m.edits),
      deleted: false,
      sentAt: m.sentAt,
    };
    if (m.editedAt !== undefined) stored.editedAt = m.editedAt;
    messages.set(m.messageId, stored);
    next = Math.max(next, m.messageId + 1);
  }
  bot.chats.set(chatId, { nextMessageId: next, messages: new Map([...messages].sort(([a], [b]) => a - b)) });
  if (archive.started) bot.startedBy.add(chatId);
  if (archive.replyKeyboard) bot.replyKeyboards.set(chatId, structuredClone(archive.replyKeyboard));
}

export function archiveFile(world: World, fileId: string): ArchivedFile | undefined {
  const stored = world.files.get(fileId);
  if (!stored) return undefined;
  const file: ArchivedFile = {
    fileId: stored.fileId,
    fileUniqueId: stored.fileUniqueId,
    kind: stored.kind,
    bytes: Buffer.from(stored.bytes),
  };
  if (stored.fileName !== undefined) file.fileName = stored.fileName;
  if (stored.mimeType !== undefined) file.mimeType = stored.mimeType;
  if (stored.width !== undefined && stored.height !== undefined) {
    file.width = stored.width;
    file.height = stored.height;
  }
  return file;
}
