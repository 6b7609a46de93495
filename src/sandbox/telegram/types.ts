import type {
  BotCommand,
  BotCommandScope,
  Message,
  MessageEntity,
  Update,
  UserFromGetMe,
} from "grammy/types";
import type { ReplyMarkup } from "./markup.js";

export type { ReplyMarkup } from "./markup.js";
export type { UploadedFile } from "./params.js";

/** The bot identity behind one token, as getMe returns it. */
export type BotInfo = UserFromGetMe;

/** One state of a message's content; `at` is when it became current (ms since epoch). */
export interface MessageVersion {
  /** Text, or caption for media. */
  text: string | undefined;
  entities: MessageEntity[];
  /** The HTML source when the content was sent with parse_mode HTML. */
  html: string | undefined;
  replyMarkup: ReplyMarkup | undefined;
  at: number;
}

/** A message in a chat as the emulator keeps it: current content, earlier versions, deletion. */
export interface ChatMessage {
  botId: number;
  chatId: number;
  messageId: number;
  from: "bot" | "user";
  senderId: number;
  /** The current Bot API Message object (edits applied). */
  message: Message;
  /** Current text, or caption for media. */
  text: string | undefined;
  entities: MessageEntity[];
  html: string | undefined;
  /**
   * The markup the bot attached: an inline keyboard stays with the message; a reply keyboard, its
   * removal or force_reply is recorded here although Telegram does not echo it in `message`.
   */
  replyMarkup: ReplyMarkup | undefined;
  /** Earlier versions, oldest first (empty when never edited). */
  edits: MessageVersion[];
  deleted: boolean;
  sentAt: number;
  editedAt?: number;
  deletedAt?: number;
}

/** A stored file as observers see it (`tg.file(fileId)`). */
export interface FileContent {
  kind: "photo" | "document";
  bytes: Buffer;
  /** Documents: the name and MIME type they were sent with. Photos are JPEG (or the kept original). */
  fileName?: string;
  mimeType?: string;
  /** Photo sizes only. */
  width?: number;
  height?: number;
}

/** What answerCallbackQuery stored for a pressed button. */
export interface CallbackAnswer {
  queryId: string;
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  at: number;
}

/** The outcome of an API call, filled in when the emulator answered it. */
export type CallOutcome = { ok: true } | { ok: false; error_code: number; description: string };

/** One Bot API request received, in arrival order. */
export interface ApiCall {
  botId: number;
  /** The method as written in the URL (Telegram matches method names case-insensitively). */
  method: string;
  /** Parsed parameters: JSON fields decoded, uploaded files as `{ fileName, bytes }`. */
  params: Record<string, unknown>;
  /** Arrival time, ms since epoch. */
  at: number;
  /** "webhookReply" for a method the bot returned in its webhook response body. */
  via: "http" | "webhookReply";
  /** Undefined while the call is still running (a held getUpdates). */
  outcome?: CallOutcome;
}

/** setMyCommands storage, one entry per scope + language. */
export interface CommandsEntry {
  scope: BotCommandScope;
  languageCode: string;
  commands: BotCommand[];
}

/** The webhook as the bot configured it, plus delivery bookkeeping (what getWebhookInfo reports). */
export interface WebhookState {
  url: string;
  secret_token?: string;
  allowed_updates?: string[];
  max_connections: number;
  pending_update_count: number;
  last_error_date?: number;
  last_error_message?: string;
  /** Updates the bot's endpoint accepted with a 2xx. */
  delivered: number;
}

/** Fault injection: the next call(s) of a method fail with this instead of running. */
export type Fault =
  | { error_code: 429; description?: string; retry_after?: number }
  | { error_code: 500; description?: string }
  | { error_code: 400 | 401 | 403 | 404 | 409; description: string };

interface EventBase {
  /** Increasing sequence number; compare with `tg.mark()`. */
  seq: number;
  at: number;
  botId: number;
}

export interface MessageEvent extends EventBase {
  type: "message";
  chatId: number;
  message: ChatMessage;
}
export interface EditEvent extends EventBase {
  type: "edit";
  chatId: number;
  message: ChatMessage;
  previous: MessageVersion;
}
export interface DeleteEvent extends EventBase {
  type: "delete";
  chatId: number;
  message: ChatMessage;
}
export interface CallbackAnswerEvent extends EventBase {
  type: "callbackAnswer";
  queryId: string;
  chatId: number | undefined;
  messageId: number | undefined;
  answer: CallbackAnswer;
}
export interface ChatActionEvent extends EventBase {
  type: "chatAction";
  chatId: number;
  action: string;
}
export interface UpdateEvent extends EventBase {
  type: "update";
  chatId: number | undefined;
  update: Update;
  /** False when the bot's allowed_updates filtered it out. */
  queued: boolean;
}
export interface CallEvent extends EventBase {
  type: "call";
  call: ApiCall;
}

/** Everything observable, in order: bot output, user input and API calls (emitted when answered). */
export type EmulatorEvent =
  | MessageEvent
  | EditEvent
  | DeleteEvent
  | CallbackAnswerEvent
  | ChatActionEvent
  | UpdateEvent
  | CallEvent;

export type EmulatorEventType = EmulatorEvent["type"];

/** Event names for `tg.events.on(...)`: each type, plus "event" for all of them. */
export type EmulatorEventMap = { [E in EmulatorEvent as E["type"]]: [E] } & { event: [EmulatorEvent] };
