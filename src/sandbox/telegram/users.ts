import type { Chat, Message, MessageEntity, MessageOrigin, Update, User } from "grammy/types";
import { isInlineKeyboard } from "./markup.js";
import { type PhotoRendition, renderPhotoSizes } from "./photos.js";
import type { BotState, StoredMessage, World } from "./state.js";
import { MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH, userText } from "./text.js";
import type { ChatMessage } from "./types.js";
import { type OpenOptions, openWebApp, type WebAppLaunch, type WebAppSource } from "./web-apps.js";

/** A chat: its id, or anything with an `id` (a GroupHandle, a UserHandle for its private chat). */
export type ChatRef = number | { id: number };
/** A bot: its id, token or username. Omitted: the emulator's first bot. */
export type BotRef = number | string;

export interface UserSendOptions {
  /** Where to write; default the user's private chat with the bot. */
  chat?: ChatRef;
  bot?: BotRef;
  /** Reply to this message id of the same chat. */
  replyTo?: number;
}

/** Where a forwarded message came from (becomes `forward_origin`). */
export interface ForwardFrom {
  user?: User | { user: User };
  /** A sender who hides their account: only a name. */
  hiddenUserName?: string;
  channel?: { id: number; title: string; username?: string };
  /** The message id in the channel. */
  messageId?: number;
  /** Unix seconds of the original message; default a minute ago. */
  date?: number;
}

export interface SendTextOptions extends UserSendOptions {
  forwardFrom?: ForwardFrom;
  /** Formatting the user's client added (bold etc.); commands, mentions and links are detected anyway. */
  entities?: MessageEntity[];
}

export interface SendPhotoOptions extends UserSendOptions {
  caption?: string;
  /** Keep the original bytes as the largest size (default: the emulator's `photo.keepOriginal`). */
  keepOriginal?: boolean;
  /**
   * The photo's sizes, rendered ahead with `renderPhotoSizes` (Telegram's own work, which a benchmark
   * keeps off the machine it measures). Default: rendered now.
   */
  sizes?: PhotoRendition[];
}

export interface SendDocumentOptions extends UserSendOptions {
  fileName: string;
  /** Default: guessed from the file name, like Telegram. */
  mimeType?: string;
  caption?: string;
}

export interface PressButtonOptions {
  /** The chat of the message when only its id is given; default the user's private chat. */
  chat?: ChatRef;
  bot?: BotRef;
}

/** A Telegram user the test (or the playground) acts as. */
export interface UserHandle {
  readonly id: number;
  /** Same as `id`: a private chat's id is the user's id. */
  readonly privateChatId: number;
  /** The Telegram User object. */
  readonly user: User;
  /** Sends a text message; resolves to the Message the bot receives. */
  sendText(text: string, options?: SendTextOptions): Promise<Message>;
  /** Sends a photo: Telegram-like sizes are rendered from `bytes` (JPEG, PNG, WebP…). */
  sendPhoto(bytes: Buffer, options?: SendPhotoOptions): Promise<Message>;
  sendDocument(bytes: Buffer, options: SendDocumentOptions): Promise<Message>;
  /**
   * Presses an inline button of a bot message, found by callback_data or by its text. Resolves to the
   * callback query id (for `tg.callbackAnswer(id)`).
   */
  pressButton(
    message: number | Message | ChatMessage,
    dataOrButtonText: string,
    options?: PressButtonOptions,
  ): Promise<string>;
  /**
   * Opens a Mini App from a button of the private chat, as a Telegram client does: the launch has
   * the button's URL and the initData Telegram signs (none for a keyboard button), and a keyboard
   * launch can `sendData` back.
   */
  openWebApp(source: WebAppSource, options?: OpenOptions & { bot?: BotRef }): WebAppLaunch;
  /** Blocks the bot: the bot's later sends to this user fail with 403; the bot gets my_chat_member. */
  blockBot(options?: { bot?: BotRef }): void;
  unblockBot(options?: { bot?: BotRef }): void;
}

export interface UserWorld {
  world: World;
  resolveBot(ref: BotRef | undefined): BotState;
}

export const chatIdOf = (ref: ChatRef): number => (typeof ref === "number" ? ref : ref.id);

export class EmulatedUser implements UserHandle {
  constructor(
    private readonly env: UserWorld,
    readonly user: User,
  ) {}

  get id(): number {
    return this.user.id;
  }

  get privateChatId(): number {
    return this.user.id;
  }

  async sendText(text: string, options: SendTextOptions = {}): Promise<Message> {
    const formatted = userText(text, options.entities);
    if (formatted.text.trim() === "") throw new Error(`${this.name()} can't send an empty message`);
    if (formatted.text.length > MAX_TEXT_LENGTH) {
      throw new Error(`${this.name()}'s message is longer than ${MAX_TEXT_LENGTH} characters`);
    }
    const content: Partial<Message> = { text: formatted.text };
    if (formatted.entities.length > 0) content.entities = formatted.entities;
    if (options.forwardFrom) content.forward_origin = this.forwardOrigin(options.forwardFrom);
    return this.post(content, options);
  }

  async sendPhoto(bytes: Buffer, options: SendPhotoOptions = {}): Promise<Message> {
    const { world } = this.env;
    const keepOriginal = options.keepOriginal ?? world.settings.photo.keepOriginal ?? false;
    const sizes = options.sizes ?? (await renderPhotoSizes(bytes, { ...world.settings.photo, keepOriginal }));
    return this.post({ photo: world.files.addPhoto(sizes), ...this.caption(options.caption) }, options);
  }

  async sendDocument(bytes: Buffer, options: SendDocumentOptions): Promise<Message> {
    const document = this.env.world.files.addDocument(bytes, options.fileName, options.mimeType);
    return this.post({ document, ...this.caption(options.caption) }, options);
  }

  async pressButton(
    target: number | Message | ChatMessage,
    dataOrButtonText: string,
    options: PressButtonOptions = {},
  ): Promise<string> {
    const { world } = this.env;
    const bot = this.env.resolveBot(options.bot);
    const messageId =
      typeof target === "number" ? target : "messageId" in target ? target.messageId : target.message_id;
    const chatId =
      options.chat !== undefined
        ? chatIdOf(options.chat)
        : typeof target === "number"
          ? this.id
          : "chatId" in target
            ? target.chatId
            : target.chat.id;
    this.assertCanWrite(chatId);
    const stored = world.message(bot, chatId, messageId);
    if (!stored || stored.deleted) {
      throw new Error(
        `${this.name()} can't press a button: message ${messageId} in chat ${chatId} does not exist`,
      );
    }
    const data = findCallbackData(stored, dataOrButtonText);
    if (!this.botSees(bot, chatId))
      throw new Error(`the bot is not in chat ${chatId}, so nobody gets the press`);
    const queryId = world.allocateQueryId();
    world.callbackQueries.set(queryId, {
      id: queryId,
      botId: bot.id,
      chatId,
      messageId,
      userId: this.id,
      createdAt: world.now(),
    });
    world.enqueue(
      bot,
      {
        callback_query: {
          id: queryId,
          from: this.user,
          message: structuredClone(stored.message),
          chat_instance: world.chatInstance(bot, chatId),
          data,
        },
      },
      chatId,
    );
    return queryId;
  }

  openWebApp(source: WebAppSource, options: OpenOptions & { bot?: BotRef } = {}): WebAppLaunch {
    const bot = this.env.resolveBot(options.bot);
    return openWebApp(
      {
        world: this.env.world,
        bot,
        user: this.user,
        post: (content) => this.post(content, { ...(options.bot !== undefined ? { bot: options.bot } : {}) }),
      },
      source,
      options,
    );
  }

  blockBot(options: { bot?: BotRef } = {}): void {
    const bot = this.env.resolveBot(options.bot);
    if (bot.blockedBy.has(this.id)) return;
    bot.blockedBy.add(this.id);
    this.env.world.enqueueBlockChange(bot, this.user, true);
  }

  unblockBot(options: { bot?: BotRef } = {}): void {
    const bot = this.env.resolveBot(options.bot);
    if (!bot.blockedBy.delete(this.id)) return;
    this.env.world.enqueueBlockChange(bot, this.user, false);
  }

  private caption(caption: string | undefined): Partial<Message> {
    if (caption === undefined || caption.trim() === "") return {};
    const formatted = userText(caption);
    if (formatted.text.length > MAX_CAPTION_LENGTH) {
      throw new Error(`${this.name()}'s caption is longer than ${MAX_CAPTION_LENGTH} characters`);
    }
    return formatted.entities.length > 0
      ? { caption: formatted.text, caption_entities: formatted.entities }
      : { caption: formatted.text };
  }

  /** Stores the user's message and queues the update the bot receives. */
  private post(content: Partial<Message>, options: UserSendOptions): Message {
    const { world } = this.env;
    const bot = this.env.resolveBot(options.bot);
    const chatId = options.chat === undefined ? this.id : chatIdOf(options.chat);
    this.assertCanWrite(chatId);
    const chat = world.chat(chatId)!;
    const reply = options.replyTo === undefined ? undefined : this.replyTarget(bot, chatId, options.replyTo);
    if (chat.type === "private") {
      // Writing to a blocked bot unblocks it, as Telegram clients do.
      if (bot.blockedBy.delete(this.id)) world.enqueueBlockChange(bot, this.user, false);
      bot.startedBy.add(this.id);
    }
    const stored = world.appendMessage(bot, chatId, { from: "user", id: this.id }, (messageId, date) => {
      const message = {
        message_id: messageId,
        from: this.user,
        chat: chat as Chat,
        date,
        ...content,
      } as Message;
      if (reply) message.reply_to_message = reply;
      return message;
    });
    if (bot.replyKeyboards.get(chatId)?.one_time_keyboard) bot.replyKeyboards.delete(chatId);
    if (this.botSees(bot, chatId))
      world.enqueue(bot, { message: structuredClone(stored.message) as Update["message"] }, chatId);
    return structuredClone(stored.message);
  }

  private botSees(bot: BotState, chatId: number): boolean {
    return chatId > 0 || (this.env.world.groups.get(chatId)?.bots.get(bot.id) ?? "left") !== "left";
  }

  private assertCanWrite(chatId: number): void {
    if (chatId > 0) {
      if (chatId !== this.id) {
        throw new Error(
          `${this.name()} can only use their own private chat with the bot (${this.id}), not ${chatId}`,
        );
      }
      return;
    }
    const group = this.env.world.groups.get(chatId);
    if (!group) throw new Error(`no group with id ${chatId}; create it with tg.createGroup()`);
    if (!group.members.has(this.id)) throw new Error(`${this.name()} is not a member of "${group.title}"`);
  }

  private replyTarget(bot: BotState, chatId: number, messageId: number): Message["reply_to_message"] {
    const target = this.env.world.message(bot, chatId, messageId);
    if (!target || target.deleted)
      throw new Error(`can't reply: message ${messageId} in chat ${chatId} does not exist`);
    const { reply_to_message: _nested, ...reply } = structuredClone(target.message);
    return reply as Message["reply_to_message"];
  }

  private forwardOrigin(from: ForwardFrom): MessageOrigin {
    const date = from.date ?? this.env.world.unixNow() - 60;
    if (from.user) {
      const user = "user" in from.user ? from.user.user : from.user;
      return { type: "user", date, sender_user: user };
    }
    if (from.channel) {
      const chat: Chat.ChannelChat = { id: from.channel.id, type: "channel", title: from.channel.title };
      if (from.channel.username !== undefined) chat.username = from.channel.username;
      return { type: "channel", date, chat, message_id: from.messageId ?? 1 };
    }
    if (from.hiddenUserName !== undefined)
      return { type: "hidden_user", date, sender_user_name: from.hiddenUserName };
    throw new Error("forwardFrom needs a user, a channel or a hiddenUserName");
  }

  private name(): string {
    return this.user.username ? `@${this.user.username}` : this.user.first_name;
  }
}

function findCallbackData(stored: StoredMessage, wanted: string): string {
  const markup = stored.message.reply_markup;
  if (!isInlineKeyboard(markup)) {
    throw new Error(`message ${stored.messageId} in chat ${stored.chatId} has no inline keyboard`);
  }
  const buttons = markup.inline_keyboard.flat();
  const byData = buttons.find((b) => "callback_data" in b && b.callback_data === wanted);
  const button = byData ?? buttons.find((b) => b.text === wanted);
  if (!button) {
    const list = buttons
      .map((b) => `"${b.text}"${"callback_data" in b ? ` (${b.callback_data})` : ""}`)
      .join(", ");
    throw new Error(`no button "${wanted}" on message ${stored.messageId}; it has: ${list}`);
  }
  if (!("callback_data" in button) || button.callback_data === undefined) {
    throw new Error(`button "${button.text}" is not a callback button`);
  }
  return button.callback_data;
}
