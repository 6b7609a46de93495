import { z } from "zod";
import type { Logger } from "../logger.js";
import type {
  ArchivedFile,
  ChatArchive,
  EmulatorEvent,
  TelegramEmulator,
} from "../sandbox/telegram/index.js";
import { createKeys, type Keys } from "../store/keys.js";
import { closeRedis, createRedis, type RedisClient } from "../store/redis.js";
import { displaySize } from "./view.js";

/** How much of each chat is kept: the latest messages, and the files they show up to a budget. */
export interface ChatLogLimits {
  messages: number;
  /** A larger photo or document is not kept (the page then says the picture is gone). */
  fileBytes: number;
  /** All files of one chat together, newest first. */
  chatFileBytes: number;
}

export const CHAT_LOG_LIMITS: ChatLogLimits = {
  messages: 300,
  fileBytes: 2 * 1024 * 1024,
  chatFileBytes: 16 * 1024 * 1024,
};

export interface ChatLogOptions {
  tg: TelegramEmulator;
  /** The private chats kept: the playground people's. */
  chatIds: readonly number[];
  redisUrl: string;
  /** The playground's Redis prefix: the log lives under `<prefix>:chatlog:`. */
  prefix: string;
  logger: Logger;
  limits?: Partial<ChatLogLimits>;
  /** Wait after a change before saving, so a burst of edits is one write. Default 250 ms. */
  saveDelayMs?: number;
}

const SCHEMA_VERSION = "v1";

const archiveSchema = z.looseObject({
  chatId: z.number().int(),
  nextMessageId: z.number().int().positive(),
  started: z.boolean(),
  replyKeyboard: z.looseObject({ keyboard: z.array(z.array(z.unknown())) }).optional(),
  messages: z.array(
    z.looseObject({
      chatId: z.number().int(),
      messageId: z.number().int().positive(),
      from: z.enum(["bot", "user"]),
      senderId: z.number().int(),
      sentAt: z.number(),
      edits: z.array(z.unknown()),
      message: z.looseObject({ message_id: z.number().int().positive() }),
    }),
  ),
});

const fileSchema = z.object({
  fileUniqueId: z.string(),
  kind: z.enum(["photo", "document"]),
  fileName: z.string().optional(),
  mimeType: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  bytes: z.base64(),
});

/** Events that change what a chat shows (a person's own message arrives as the bot's update). */
function chatOf(event: EmulatorEvent): number | undefined {
  switch (event.type) {
    case "message":
    case "edit":
    case "delete":
      return event.chatId;
    case "update":
      return event.update.message ? event.chatId : undefined;
    default:
      return undefined;
  }
}

/**
 * The people's chats with the bot, kept in Redis beside the bot's own data, so a playground
 * restarted on the same Redis shows the conversations its records belong to, and the bot can still
 * edit the cards in them. Bounded by {@link ChatLogLimits}; saved a moment after each change and
 * once more on close. A log that cannot be read is logged and left out, never fatal.
 */
export class ChatLog {
  private readonly keys: Keys;
  private readonly limits: ChatLogLimits;
  private readonly saveDelayMs: number;
  /** Per chat: the files in Redis and their sizes. */
  private readonly savedFiles = new Map<number, Map<string, number>>();
  private readonly dirty = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private lastError = "";

  private constructor(
    private readonly redis: RedisClient,
    private readonly options: ChatLogOptions,
  ) {
    this.keys = createKeys(`${options.prefix}:chatlog:${SCHEMA_VERSION}`);
    this.limits = { ...CHAT_LOG_LIMITS, ...options.limits };
    this.saveDelayMs = options.saveDelayMs ?? 250;
  }

  static async open(options: ChatLogOptions): Promise<ChatLog> {
    const redis = await createRedis({ url: options.redisUrl, logger: options.logger });
    return new ChatLog(redis, options);
  }

  /** Puts the kept chats back into the emulator: before anyone writes, before the bot starts. */
  async restore(): Promise<{ messages: number; files: number }> {
    let messages = 0;
    let files = 0;
    for (const chatId of this.options.chatIds) {
      try {
        const text = await this.redis.get(this.keys.key(chatId));
        const stored = await this.redis.hGetAll(this.keys.key(chatId, "files"));
        const sizes = new Map<string, number>();
        for (const [fileId, json] of Object.entries(stored)) {
          const file = fileSchema.safeParse(JSON.parse(json));
          if (!file.success) continue;
          const restored: ArchivedFile = {
            fileId,
            ...file.data,
            bytes: Buffer.from(file.data.bytes, "base64"),
          };
          this.options.tg.restoreFile(restored);
          sizes.set(fileId, restored.bytes.length);
        }
        this.savedFiles.set(chatId, sizes);
        files += sizes.size;
        if (text === null) continue;
        const archive = archiveSchema.parse(JSON.parse(text)) as unknown as ChatArchive;
        if (archive.chatId !== chatId)
          throw new Error(`the log of chat ${chatId} names chat ${archive.chatId}`);
        this.options.tg.restoreChat(archive);
        messages += archive.messages.length;
      } catch (err) {
        this.options.logger.warn(
          { err, chatId },
          "playground: a kept chat could not be restored; it starts empty",
        );
      }
    }
    return { messages, files };
  }

  /** Saves each chat shortly after it changes, until {@link close}. */
  follow(): void {
    const kept = new Set(this.options.chatIds);
    this.unsubscribe ??= this.options.tg.subscribe((event) => {
      const chatId = chatOf(event);
      if (chatId === undefined || !kept.has(chatId)) return;
      this.dirty.add(chatId);
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.saveDelayMs);
      this.timer.unref();
    });
  }

  /** Saves every chat changed since the last save; one save at a time. */
  flush(): Promise<void> {
    this.saving = this.saving.then(async () => {
      for (const chatId of [...this.dirty]) {
        this.dirty.delete(chatId);
        try {
          await this.save(chatId);
          this.lastError = "";
        } catch (err) {
          // Tried again on the chat's next change; one line per distinct failure.
          if ((err as Error).message !== this.lastError)
            this.options.logger.warn({ err, chatId }, "playground: could not keep the chat in Redis");
          this.lastError = (err as Error).message;
        }
      }
    });
    return this.saving;
  }

  /** Saves what is pending and closes the connection. */
  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    await closeRedis(this.redis);
  }

  private async save(chatId: number): Promise<void> {
    const { tg } = this.options;
    const archive = tg.archiveChat(chatId, { keepLast: this.limits.messages });
    const saved = this.savedFiles.get(chatId) ?? new Map<string, number>();
    const keep = new Map<string, number>();
    const add: Record<string, string> = {};
    let budget = this.limits.chatFileBytes;
    for (const fileId of filesShown(archive)) {
      if (keep.has(fileId)) continue;
      const size = saved.get(fileId);
      if (size !== undefined) {
        if (size > budget) continue;
        keep.set(fileId, size);
        budget -= size;
        continue;
      }
      const file = tg.archiveFile(fileId);
      if (!file || file.bytes.length > this.limits.fileBytes || file.bytes.length > budget) continue;
      const { fileId: _, bytes, ...meta } = file;
      add[fileId] = JSON.stringify({ ...meta, bytes: bytes.toString("base64") });
      keep.set(fileId, bytes.length);
      budget -= bytes.length;
    }
    const gone = [...saved.keys()].filter((id) => !keep.has(id));
    const filesKey = this.keys.key(chatId, "files");
    const write = this.redis.multi().set(this.keys.key(chatId), JSON.stringify(archive));
    if (Object.keys(add).length > 0) write.hSet(filesKey, add);
    if (gone.length > 0) write.hDel(filesKey, gone);
    await write.exec();
    this.savedFiles.set(chatId, keep);
  }
}

/** The files the page shows for a chat (a photo's displayed size, documents), newest first. */
function filesShown(archive: ChatArchive): string[] {
  const ids: string[] = [];
  for (const { message } of [...archive.messages].reverse()) {
    const photo = message.photo && displaySize(message.photo);
    if (photo) ids.push(photo.file_id);
    if (message.document) ids.push(message.document.file_id);
  }
  return ids;
}
