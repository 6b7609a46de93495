import type { EventEmitter } from "node:events";
import type { Chat, MenuButton, ReplyKeyboardMarkup, Update } from "grammy/types";
import type { Logger } from "../../logger.js";
import type { ArchivedFile, ChatArchive } from "./archive.js";
import type { PhotoOptions } from "./photos.js";
import type { BotGroupStatus, GroupMemberStatus } from "./state.js";
import type {
  ApiCall,
  BotInfo,
  CallbackAnswer,
  ChatMessage,
  CommandsEntry,
  EmulatorEvent,
  EmulatorEventMap,
  Fault,
  FileContent,
  WebhookState,
} from "./types.js";
import type { BotRef, ChatRef, UserHandle } from "./users.js";
import type { WebhookOptions } from "./webhook.js";

/** What a running emulator offers the tests and the playground, and how it is started. */

export interface BotDefinition {
  /** Generated when omitted. */
  token?: string;
  /** Default `emulated_<id>_bot`. */
  username?: string;
  /** Default "Emulated Bot". */
  firstName?: string;
}

export interface TelegramEmulatorOptions {
  /** Bot tokens to serve; the first is `tg.token`. One generated token when omitted. */
  tokens?: string[];
  /** Alternative to `tokens` with names for getMe. */
  bots?: BotDefinition[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  logger?: Logger;
  /**
   * Reject a bare `&`/`>` and unknown named entities in parse_mode HTML, which Telegram tolerates.
   * Default true: it catches unescaped user input before a `<` does it in production.
   */
  strictHtml?: boolean;
  /**
   * Accept http:// URLs in web_app buttons and the menu button, as Telegram's test environment does
   * (the playground's Mini App is served over plain http on loopback). Default false: https only.
   */
  allowHttpWebApps?: boolean;
  /** Photo sizes for photos users send (max side, JPEG quality, keep original bytes). */
  photo?: PhotoOptions;
  webhook?: WebhookOptions;
  /** Default 50 MB, Telegram's upload limit. */
  maxBodyBytes?: number;
  /** Callback queries older than this can no longer be answered. Default 15 minutes. */
  callbackQueryTtlMs?: number;
  /** How many events and calls to keep for observation. Default 10 000 each. */
  historyLimit?: number;
  /** Clock in ms since epoch (dates, query expiry). Default Date.now. */
  now?: () => number;
}

export interface CreateUserInput {
  id?: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: true;
}

export interface CreateGroupInput {
  title: string;
  /** Members (the first is the creator unless `creator` is given). */
  members: UserHandle[];
  creator?: UserHandle;
  admins?: UserHandle[];
  /** A public group's username, for chat_id "@username". */
  username?: string;
  /** The bots' status in the group. Default "member"; "administrator" may delete others' messages. */
  botStatus?: Exclude<BotGroupStatus, "left">;
}

/** A supergroup in the emulated world. */
export interface GroupHandle {
  readonly id: number;
  readonly title: string;
  readonly chat: Chat.SupergroupChat;
  addMember(user: UserHandle, status?: GroupMemberStatus): void;
  removeMember(user: UserHandle): void;
  /** Changes a bot's membership (default the first bot) without telling it. */
  setBotStatus(status: BotGroupStatus, options?: { bot?: BotRef }): void;
}

export interface BotScoped {
  /** Which bot (id, token or username); default the first. */
  bot?: BotRef;
}

/** A running Telegram Bot API emulator. */
export interface TelegramEmulator {
  /** What the bot gets as TELEGRAM_API_ROOT, e.g. "http://127.0.0.1:40123". */
  readonly apiRoot: string;
  /** The first bot's token. */
  readonly token: string;
  /** The first bot's identity (getMe). */
  readonly bot: BotInfo;
  /** Every bot served, in `tokens` order. */
  readonly bots: readonly BotInfo[];
  /** Emits each event under its type, and every event as "event". */
  readonly events: EventEmitter<EmulatorEventMap>;

  createUser(input: CreateUserInput): UserHandle;
  createGroup(input: CreateGroupInput): GroupHandle;

  /** API calls received, in order (optionally only one method, compared case-insensitively). */
  calls(method?: string, options?: BotScoped): ApiCall[];
  /** The chat's messages, users' and bot's, in order, including deleted ones (flagged). */
  chatMessages(chat: ChatRef, options?: BotScoped): ChatMessage[];
  /** Only the bot's messages in the chat. */
  botMessages(chat: ChatRef, options?: BotScoped): ChatMessage[];
  /** One message of the chat as it is now, if it exists. */
  chatMessage(chat: ChatRef, messageId: number, options?: BotScoped): ChatMessage | undefined;
  /**
   * A file anyone sent (a photo size or a document), by file_id: its bytes as stored, without a
   * getFile call on the bot's behalf (so observers do not show up in `calls`).
   */
  file(fileId: string): FileContent | undefined;
  callbackAnswer(queryId: string): CallbackAnswer | undefined;
  /** What setMyCommands stored, one entry per scope + language_code. */
  commands(options?: BotScoped): CommandsEntry[];
  /** The current webhook, or undefined in polling mode. */
  webhook(options?: BotScoped): WebhookState | undefined;
  /** The reply keyboard the chat currently shows, if any. */
  replyKeyboard(chat: ChatRef, options?: BotScoped): ReplyKeyboardMarkup | undefined;
  /** The menu button a private chat shows (or the bot's default, without a chat). */
  menuButton(chat?: ChatRef, options?: BotScoped): MenuButton;
  /** Updates queued and not yet confirmed (polling) or delivered (webhook). */
  pendingUpdates(options?: BotScoped): Update[];
  /** True while a getUpdates request is held open. */
  isPolling(options?: BotScoped): boolean;

  /** A chat as plain data (the last `keepLast` messages), to restore into a later emulator. */
  archiveChat(chat: ChatRef, options?: BotScoped & { keepLast?: number }): ChatArchive;
  /** Puts an archived chat back before anyone writes in it: same ids, no events, no updates. */
  restoreChat(archive: ChatArchive, options?: BotScoped): void;
  /** A file with its ids, to archive beside the messages that show it. */
  archiveFile(fileId: string): ArchivedFile | undefined;
  /** Puts an archived file back under the same file_id. */
  restoreFile(file: ArchivedFile): void;

  /** The current event sequence number: pass it as `since` to see only what happens next. */
  mark(): number;
  /** Events after a mark, oldest first. */
  eventsSince(mark: number): EmulatorEvent[];
  /** Calls `listener` for each future event; returns the unsubscribe function. */
  subscribe(listener: (event: EmulatorEvent) => void): () => void;

  /** The next `times` (default 1) calls of `method` fail with this error instead of running. */
  failNext(method: string, fault: Fault, options?: BotScoped & { times?: number }): void;

  /** Ends held polls, stops webhook delivery and closes the server. */
  close(): Promise<void>;
}
