import { createHash, randomInt } from "node:crypto";
import type { Chat, ChatMember, MenuButton, Message, ReplyKeyboardMarkup, Update, User } from "grammy/types";
import type { Logger } from "../../logger.js";
import type { EventLog } from "./events.js";
import { FileStore } from "./files.js";
import type { ReplyMarkup } from "./markup.js";
import type { PhotoOptions } from "./photos.js";
import type {
  ApiCall,
  BotInfo,
  CallbackAnswer,
  ChatMessage,
  CommandsEntry,
  Fault,
  MessageVersion,
} from "./types.js";

/** Settings every part of the emulator reads. */
export interface WorldSettings {
  now: () => number;
  strictHtml: boolean;
  photo: PhotoOptions;
  callbackQueryTtlMs: number;
  /** Accept http:// Mini App URLs (Telegram's test environment); the production Bot API wants https. */
  allowHttpWebApps: boolean;
  /** How many API calls `calls` keeps. */
  historyLimit: number;
  logger: Logger | undefined;
}

export type GroupMemberStatus = "creator" | "administrator" | "member";
export type BotGroupStatus = "administrator" | "member" | "left";

export interface GroupRecord {
  id: number;
  title: string;
  username: string | undefined;
  /** Users in the group and their status. */
  members: Map<number, GroupMemberStatus>;
  /** Each bot's own status in the group. */
  bots: Map<number, BotGroupStatus>;
}

export interface StoredMessage {
  botId: number;
  chatId: number;
  messageId: number;
  from: "bot" | "user";
  senderId: number;
  message: Message;
  html: string | undefined;
  replyMarkup: ReplyMarkup | undefined;
  history: MessageVersion[];
  deleted: boolean;
  sentAt: number;
  editedAt?: number;
  deletedAt?: number;
}

interface ChatLog {
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
}

export interface CallbackQueryRecord {
  id: string;
  botId: number;
  chatId: number;
  messageId: number;
  userId: number;
  createdAt: number;
  answer?: CallbackAnswer;
}

export interface WebhookConfig {
  url: string;
  secretToken: string | undefined;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
  delivered: number;
}

export interface HeldPoll {
  /** Answers the held request with an error (another getUpdates, setWebhook). */
  terminate(error: Error): void;
  /** Answers it with no updates (shutdown). */
  release(): void;
}

/** Everything the emulator knows about one bot (one token). */
export class BotState {
  readonly chats = new Map<number, ChatLog>();
  /** Updates not yet confirmed (getUpdates offset) or delivered (webhook). */
  readonly queue: Update[] = [];
  /** undefined: Telegram's default set. */
  allowedUpdates: string[] | undefined;
  /** Users who wrote to the bot, so it may write to them. */
  readonly startedBy = new Set<number>();
  readonly blockedBy = new Set<number>();
  readonly commands = new Map<string, CommandsEntry>();
  readonly faults = new Map<string, Fault[]>();
  /** The reply keyboard each chat currently shows. */
  readonly replyKeyboards = new Map<number, ReplyKeyboardMarkup>();
  /** setChatMenuButton without chat_id (undefined: the commands list). */
  defaultMenuButton: MenuButton | undefined;
  /** setChatMenuButton for one private chat. */
  readonly menuButtons = new Map<number, MenuButton>();
  webhook: WebhookConfig | undefined;
  /** The held getUpdates request, if any. */
  poll: HeldPoll | undefined;
  /** Called after an update is queued (the held getUpdates, the webhook sender). */
  readonly wakers = new Set<() => void>();

  constructor(
    readonly token: string,
    readonly info: BotInfo,
  ) {}

  get id(): number {
    return this.info.id;
  }

  /** The bot as a message sender. */
  get user(): User {
    return { id: this.info.id, is_bot: true, first_name: this.info.first_name, username: this.info.username };
  }
}

/** Updates not listed here are only delivered when allowed_updates asks for them. */
const OPT_IN_UPDATES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

export function updateType(update: Update): string {
  return Object.keys(update).find((k) => k !== "update_id") ?? "unknown";
}

/** The shared world: users, groups, files, and each bot's chats and queues. */
export class World {
  readonly users = new Map<number, User>();
  readonly groups = new Map<number, GroupRecord>();
  readonly bots = new Map<number, BotState>();
  readonly files = new FileStore();
  readonly calls: ApiCall[] = [];
  readonly callbackQueries = new Map<string, CallbackQueryRecord>();
  private nextUpdate = 10_001;
  private nextUserId = 700_000_001;
  private nextGroupId = -1_001_000_000_001;
  private readonly queryBase = BigInt(randomInt(1, 2 ** 40)) * 1_000_000n;
  private queryCounter = 0;

  constructor(
    readonly settings: WorldSettings,
    readonly events: EventLog,
  ) {}

  now(): number {
    return this.settings.now();
  }

  unixNow(): number {
    return Math.floor(this.settings.now() / 1000);
  }

  botByToken(token: string): BotState | undefined {
    for (const bot of this.bots.values()) if (bot.token === token) return bot;
    return undefined;
  }

  recordCall(call: ApiCall): void {
    this.calls.push(call);
    if (this.calls.length > this.settings.historyLimit) {
      this.calls.splice(0, this.calls.length - this.settings.historyLimit);
    }
  }

  allocateUserId(): number {
    while (this.users.has(this.nextUserId)) this.nextUserId++;
    return this.nextUserId++;
  }

  allocateGroupId(): number {
    return this.nextGroupId--;
  }

  allocateQueryId(): string {
    return String(this.queryBase + BigInt(++this.queryCounter));
  }

  /** The Chat object of a chat as this bot sees it, or undefined when the chat does not exist. */
  chat(chatId: number): Chat | undefined {
    if (chatId > 0) {
      const user = this.users.get(chatId);
      if (!user) return undefined;
      const chat: Chat.PrivateChat = { id: user.id, type: "private", first_name: user.first_name };
      if (user.last_name !== undefined) chat.last_name = user.last_name;
      if (user.username !== undefined) chat.username = user.username;
      return chat;
    }
    const group = this.groups.get(chatId);
    if (!group) return undefined;
    const chat: Chat.SupergroupChat = { id: group.id, type: "supergroup", title: group.title };
    if (group.username !== undefined) chat.username = group.username;
    return chat;
  }

  /** Telegram's chat_instance: stable per bot and chat, opaque to the bot. */
  chatInstance(bot: BotState, chatId: number): string {
    const digest = createHash("sha256").update(`${bot.id}:${chatId}`).digest();
    return digest.readBigInt64BE(0).toString();
  }

  message(bot: BotState, chatId: number, messageId: number): StoredMessage | undefined {
    return bot.chats.get(chatId)?.messages.get(messageId);
  }

  messages(bot: BotState, chatId: number): StoredMessage[] {
    return [...(bot.chats.get(chatId)?.messages.values() ?? [])];
  }

  /** Stores a new message with the chat's next message id and reports it (bot output) as an event. */
  appendMessage(
    bot: BotState,
    chatId: number,
    sender: { from: "bot" | "user"; id: number },
    build: (messageId: number, date: number) => Message,
    extra: { html?: string | undefined; replyMarkup?: ReplyMarkup | undefined } = {},
  ): StoredMessage {
    let log = bot.chats.get(chatId);
    if (!log) {
      log = { nextMessageId: 1, messages: new Map() };
      bot.chats.set(chatId, log);
    }
    const messageId = log.nextMessageId++;
    const stored: StoredMessage = {
      botId: bot.id,
      chatId,
      messageId,
      from: sender.from,
      senderId: sender.id,
      message: build(messageId, this.unixNow()),
      html: extra.html,
      replyMarkup: extra.replyMarkup,
      history: [],
      deleted: false,
      sentAt: this.now(),
    };
    log.messages.set(messageId, stored);
    if (sender.from === "bot") {
      this.events.emit({ type: "message", botId: bot.id, chatId, message: this.snapshot(stored) });
    }
    return stored;
  }

  /** Queues an update for the bot (unless allowed_updates excludes it) and wakes whoever waits for one. */
  enqueue(bot: BotState, payload: Omit<Update, "update_id">, chatId: number | undefined): Update {
    const update = { update_id: this.nextUpdate++, ...payload } as Update;
    const queued = this.isAllowed(bot, update);
    if (queued) bot.queue.push(update);
    this.events.emit({ type: "update", botId: bot.id, chatId, update: structuredClone(update), queued });
    if (queued) for (const wake of [...bot.wakers]) wake();
    return update;
  }

  isAllowed(bot: BotState, update: Update): boolean {
    const type = updateType(update);
    const allowed = bot.allowedUpdates;
    if (allowed === undefined || allowed.length === 0) return !OPT_IN_UPDATES.has(type);
    return allowed.includes(type);
  }

  /** An immutable copy for observers (tests, events, the playground). */
  snapshot(stored: StoredMessage): ChatMessage {
    const m = stored.message;
    const out: ChatMessage = {
      botId: stored.botId,
      chatId: stored.chatId,
      messageId: stored.messageId,
      from: stored.from,
      senderId: stored.senderId,
      message: structuredClone(m),
      text: m.text ?? m.caption,
      entities: structuredClone(m.entities ?? m.caption_entities ?? []),
      html: stored.html,
      replyMarkup: structuredClone(stored.replyMarkup),
      edits: structuredClone(stored.history),
      deleted: stored.deleted,
      sentAt: stored.sentAt,
    };
    if (stored.editedAt !== undefined) out.editedAt = stored.editedAt;
    if (stored.deletedAt !== undefined) out.deletedAt = stored.deletedAt;
    return out;
  }

  /** The current content of a message as a version (for edit history). */
  currentVersion(stored: StoredMessage): MessageVersion {
    const m = stored.message;
    return {
      text: m.text ?? m.caption,
      entities: structuredClone(m.entities ?? m.caption_entities ?? []),
      html: stored.html,
      replyMarkup: structuredClone(stored.replyMarkup),
      at: stored.editedAt ?? stored.sentAt,
    };
  }

  /** A user's membership as getChatMember reports it. */
  memberOf(chatId: number, user: User, bot: BotState): ChatMember | undefined {
    if (chatId > 0) {
      if (user.id !== chatId && user.id !== bot.id) return undefined;
      return { status: "member", user };
    }
    const group = this.groups.get(chatId);
    if (!group) return undefined;
    const status =
      user.id === bot.id ? (group.bots.get(bot.id) ?? "left") : (group.members.get(user.id) ?? "left");
    switch (status) {
      case "creator":
        return { status: "creator", user, is_anonymous: false };
      case "administrator":
        return adminMember(user);
      case "member":
        return { status: "member", user };
      default:
        return { status: "left", user };
    }
  }

  /** The bot's my_chat_member update when a user blocks or unblocks it. */
  enqueueBlockChange(bot: BotState, user: User, blocked: boolean): void {
    const member = { status: "member" as const, user: bot.user };
    const kicked = { status: "kicked" as const, user: bot.user, until_date: 0 };
    this.enqueue(
      bot,
      {
        my_chat_member: {
          chat: this.chat(user.id)!,
          from: user,
          date: this.unixNow(),
          old_chat_member: blocked ? member : kicked,
          new_chat_member: blocked ? kicked : member,
        },
      },
      user.id,
    );
  }
}

function adminMember(user: User): ChatMember {
  return {
    status: "administrator",
    user,
    can_be_edited: false,
    is_anonymous: false,
    can_manage_chat: true,
    can_delete_messages: true,
    can_manage_video_chats: true,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: false,
    can_edit_stories: false,
    can_delete_stories: false,
    can_pin_messages: true,
    can_manage_topics: false,
    can_send_welcome_messages: false,
  };
}
