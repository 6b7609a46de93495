import type { Chat, Document, Message, PhotoSize } from "grammy/types";
import { assertCanPost, chatIdParam, knownChat, targetChat } from "./access.js";
import { badRequest, Errors } from "./errors.js";
import { documentOf, MAX_DOWNLOAD_BYTES } from "./files.js";
import type { CallContext, Handler } from "./handler.js";
import {
  canonical,
  isInlineKeyboard,
  type MarkupRules,
  parseReplyMarkup,
  type ReplyMarkup,
} from "./markup.js";
import type { UploadedFile } from "./params.js";
import { PhotoDecodeError, renderPhotoSizes } from "./photos.js";
import type { BotState, StoredMessage, World } from "./state.js";
import { type MessageText, readMessageText, type TextRules } from "./text.js";
import type { CallbackAnswer } from "./types.js";

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

const MAX_CALLBACK_ANSWER_LENGTH = 200;

export function markupRules(world: World, chat: Chat): MarkupRules {
  return { chatType: chat.type, allowHttpWebApps: world.settings.allowHttpWebApps };
}

export function textRules(world: World): TextRules {
  return { strictHtml: world.settings.strictHtml, resolveUser: (id) => world.users.get(id) };
}

/** Content shared by every message the bot sends. */
interface Outgoing {
  chatId: number;
  chat: Chat;
  markup: ReplyMarkup | undefined;
  replyTo: Message | undefined;
}

function readOutgoing({ world, bot, params }: CallContext): Outgoing {
  const chatId = chatIdParam(world, params);
  const chat = targetChat(world, bot, chatId);
  const markup = parseReplyMarkup(params.json("reply_markup"), markupRules(world, chat));
  return {
    chatId,
    chat,
    markup,
    replyTo: replyTarget(
      world,
      bot,
      chatId,
      params.json("reply_parameters") ?? params.int("reply_to_message_id"),
      params.bool("allow_sending_without_reply"),
    ),
  };
}

function replyTarget(
  world: World,
  bot: BotState,
  chatId: number,
  raw: unknown,
  allowWithoutReplyParam: boolean | undefined,
): Message | undefined {
  if (raw === undefined) return undefined;
  const parameters = typeof raw === "number" ? { message_id: raw } : (raw as Record<string, unknown>);
  const messageId = parameters.message_id;
  if (typeof messageId !== "number") throw badRequest("can't parse reply parameters JSON object");
  const targetChat = parameters.chat_id === undefined ? chatId : Number(parameters.chat_id);
  const target = world.message(bot, targetChat, messageId);
  if (!target || target.deleted) {
    if (parameters.allow_sending_without_reply === true || allowWithoutReplyParam) return undefined;
    throw badRequest("message to be replied not found");
  }
  const { reply_to_message: _nested, ...reply } = structuredClone(target.message);
  return reply as Message;
}

/** Stores what the bot sent, tracks reply keyboards, and returns the Message the Bot API answers with. */
function sendAsBot(
  world: World,
  bot: BotState,
  out: Outgoing,
  content: Partial<Message>,
  html: string | undefined,
): Message {
  assertCanPost(bot, out.chat);
  const stored = world.appendMessage(
    bot,
    out.chatId,
    { from: "bot", id: bot.id },
    (messageId, date) => {
      const message = { message_id: messageId, from: bot.user, chat: out.chat, date, ...content } as Message;
      if (out.replyTo) message.reply_to_message = out.replyTo as Message["reply_to_message"];
      if (isInlineKeyboard(out.markup)) message.reply_markup = out.markup;
      return message;
    },
    { html, replyMarkup: out.markup },
  );
  if (out.markup && "keyboard" in out.markup) bot.replyKeyboards.set(out.chatId, out.markup);
  if (out.markup && "remove_keyboard" in out.markup) bot.replyKeyboards.delete(out.chatId);
  return structuredClone(stored.message);
}

function textContent(text: MessageText): Partial<Message> {
  return text.entities.length > 0 ? { text: text.text, entities: text.entities } : { text: text.text };
}

function captionContent(caption: MessageText | undefined): Partial<Message> {
  if (!caption) return {};
  return caption.entities.length > 0
    ? { caption: caption.text, caption_entities: caption.entities }
    : { caption: caption.text };
}

const sendMessage: Handler = (ctx) => {
  const out = readOutgoing(ctx);
  const text = readMessageText(ctx.params, "text", textRules(ctx.world))!;
  return sendAsBot(ctx.world, ctx.bot, out, textContent(text), text.html);
};

const sendPhoto: Handler = async (ctx) => {
  const out = readOutgoing(ctx);
  const caption = readMessageText(ctx.params, "caption", textRules(ctx.world));
  const photo = await photoFor(ctx, ctx.params.file("photo"));
  const extra: Partial<Message> = {};
  if (ctx.params.bool("has_spoiler")) extra.has_media_spoiler = true;
  if (ctx.params.bool("show_caption_above_media")) extra.show_caption_above_media = true;
  return sendAsBot(ctx.world, ctx.bot, out, { photo, ...captionContent(caption), ...extra }, caption?.html);
};

const sendDocument: Handler = (ctx) => {
  const out = readOutgoing(ctx);
  const caption = readMessageText(ctx.params, "caption", textRules(ctx.world));
  const document = documentFor(ctx, ctx.params.file("document"));
  return sendAsBot(ctx.world, ctx.bot, out, { document, ...captionContent(caption) }, caption?.html);
};

function rejectRemote(input: string): void {
  if (/^https?:\/\//i.test(input)) {
    throw badRequest(
      "failed to get HTTP URL content: the Telegram emulator has no internet access; upload the file or send a file_id",
    );
  }
  if (input.startsWith("attach://")) throw Errors.wrongFileIdentifier();
}

async function photoFor(
  { world }: CallContext,
  input: UploadedFile | string | undefined,
): Promise<PhotoSize[]> {
  if (input === undefined) throw badRequest("there is no photo in the request");
  if (typeof input === "string") {
    rejectRemote(input);
    const file = world.files.get(input);
    if (!file) throw Errors.wrongFileIdentifier();
    if (!file.photo) throw badRequest("can't use file of type Document as Photo");
    return structuredClone(file.photo);
  }
  try {
    return world.files.addPhoto(
      await renderPhotoSizes(input.bytes, { ...world.settings.photo, keepOriginal: false }),
    );
  } catch (err) {
    if (err instanceof PhotoDecodeError) throw badRequest("IMAGE_PROCESS_FAILED");
    throw err;
  }
}

function documentFor({ world }: CallContext, input: UploadedFile | string | undefined): Document {
  if (input === undefined) throw badRequest("there is no document in the request");
  if (typeof input === "string") {
    rejectRemote(input);
    const file = world.files.get(input);
    if (!file) throw Errors.wrongFileIdentifier();
    if (file.kind !== "document") throw badRequest("can't use file of type Photo as Document");
    return documentOf(file);
  }
  return world.files.addDocument(input.bytes, input.fileName || "document.dat");
}

const getFile: Handler = ({ world, params }) => {
  const fileId = params.string("file_id");
  if (!fileId) throw Errors.invalidFileId();
  const file = world.files.get(fileId);
  if (!file) throw Errors.invalidFileId();
  if (file.bytes.length > MAX_DOWNLOAD_BYTES) throw Errors.fileTooBig();
  return world.files.fileInfo(file);
};

/** The bot's own, undeleted message that an edit method targets. */
function editTarget({ world, bot, params }: CallContext): StoredMessage {
  if (params.has("inline_message_id")) throw badRequest("MESSAGE_ID_INVALID");
  const chatId = chatIdParam(world, params);
  knownChat(world, chatId);
  const messageId = params.int("message_id");
  if (messageId === undefined) throw badRequest("message identifier is not specified");
  const stored = world.message(bot, chatId, messageId);
  if (!stored || stored.deleted) throw Errors.editNotFound();
  if (stored.from !== "bot" || stored.senderId !== bot.id) throw badRequest("message can't be edited");
  return stored;
}

function inlineMarkup(ctx: CallContext, stored: StoredMessage, value: unknown) {
  const markup = parseReplyMarkup(value, markupRules(ctx.world, stored.message.chat));
  if (markup !== undefined && !isInlineKeyboard(markup)) throw badRequest("inline keyboard expected");
  return markup;
}

interface NewContent {
  field: "text" | "caption";
  value: MessageText | undefined;
  markup: ReplyMarkup | undefined;
}

/** Applies an edit the Telegram way: rejects a no-op, keeps history, removes an omitted keyboard. */
function applyEdit(world: World, bot: BotState, stored: StoredMessage, next: NewContent): Message {
  const m = stored.message;
  const entitiesField = next.field === "text" ? "entities" : "caption_entities";
  const sameText = (m[next.field] ?? "") === (next.value?.text ?? "");
  const sameEntities = canonical(m[entitiesField] ?? []) === canonical(next.value?.entities ?? []);
  const sameMarkup = canonical(m.reply_markup ?? null) === canonical(next.markup ?? null);
  if (sameText && sameEntities && sameMarkup) throw Errors.notModified();

  const previous = world.currentVersion(stored);
  stored.history.push(previous);
  if (next.value) {
    m[next.field] = next.value.text;
    if (next.value.entities.length > 0) m[entitiesField] = next.value.entities;
    else delete m[entitiesField];
  } else {
    delete m[next.field];
    delete m[entitiesField];
  }
  if (next.markup) m.reply_markup = next.markup as Message["reply_markup"];
  else delete m.reply_markup;
  stored.html = next.value?.html;
  stored.replyMarkup = next.markup;
  stored.editedAt = world.now();
  m.edit_date = world.unixNow();
  world.events.emit({
    type: "edit",
    botId: bot.id,
    chatId: stored.chatId,
    message: world.snapshot(stored),
    previous,
  });
  return structuredClone(m);
}

const editMessageText: Handler = (ctx) => {
  const stored = editTarget(ctx);
  if (stored.message.text === undefined) throw badRequest("there is no text in the message to edit");
  const value = readMessageText(ctx.params, "text", textRules(ctx.world));
  const markup = inlineMarkup(ctx, stored, ctx.params.json("reply_markup"));
  return applyEdit(ctx.world, ctx.bot, stored, { field: "text", value, markup });
};

const editMessageCaption: Handler = (ctx) => {
  const stored = editTarget(ctx);
  if (stored.message.text !== undefined) throw badRequest("there is no caption in the message to edit");
  const value = readMessageText(ctx.params, "caption", textRules(ctx.world));
  const markup = inlineMarkup(ctx, stored, ctx.params.json("reply_markup"));
  return applyEdit(ctx.world, ctx.bot, stored, { field: "caption", value, markup });
};

const editMessageReplyMarkup: Handler = (ctx) => {
  const stored = editTarget(ctx);
  const m = stored.message;
  const field = m.text !== undefined ? "text" : "caption";
  const entities = (field === "text" ? m.entities : m.caption_entities) ?? [];
  const current = m[field];
  const value: MessageText | undefined =
    current === undefined
      ? undefined
      : { text: current, entities, ...(stored.html ? { html: stored.html } : {}) };
  const markup = inlineMarkup(ctx, stored, ctx.params.json("reply_markup"));
  return applyEdit(ctx.world, ctx.bot, stored, { field, value, markup });
};

const deleteMessage: Handler = ({ world, bot, params }) => {
  const chatId = chatIdParam(world, params);
  knownChat(world, chatId);
  const messageId = params.int("message_id");
  if (messageId === undefined) throw badRequest("message identifier is not specified");
  const stored = world.message(bot, chatId, messageId);
  if (!stored || stored.deleted) throw Errors.deleteNotFound();
  if (
    chatId < 0 &&
    stored.from === "user" &&
    world.groups.get(chatId)?.bots.get(bot.id) !== "administrator"
  ) {
    throw badRequest("message can't be deleted");
  }
  stored.deleted = true;
  stored.deletedAt = world.now();
  world.events.emit({ type: "delete", botId: bot.id, chatId, message: world.snapshot(stored) });
  return true;
};

const answerCallbackQuery: Handler = ({ world, bot, params }) => {
  const id = params.string("callback_query_id") ?? "";
  const query = world.callbackQueries.get(id);
  const expired = query !== undefined && world.now() - query.createdAt > world.settings.callbackQueryTtlMs;
  if (!query || query.botId !== bot.id || query.answer || expired) throw Errors.queryInvalid();
  const text = params.string("text");
  if (text !== undefined && text.length > MAX_CALLBACK_ANSWER_LENGTH) throw badRequest("MESSAGE_TOO_LONG");
  const answer: CallbackAnswer = { queryId: id, at: world.now() };
  if (text !== undefined && text !== "") answer.text = text;
  const showAlert = params.bool("show_alert");
  if (showAlert !== undefined) answer.show_alert = showAlert;
  const url = params.string("url");
  if (url !== undefined && url !== "") answer.url = url;
  const cacheTime = params.int("cache_time");
  if (cacheTime !== undefined) answer.cache_time = cacheTime;
  query.answer = answer;
  world.events.emit({
    type: "callbackAnswer",
    botId: bot.id,
    queryId: id,
    chatId: query.chatId,
    messageId: query.messageId,
    answer: { ...answer },
  });
  return true;
};

const sendChatAction: Handler = ({ world, bot, params }) => {
  const chatId = chatIdParam(world, params);
  const chat = targetChat(world, bot, chatId);
  const action = params.string("action") ?? "";
  if (!CHAT_ACTIONS.has(action)) throw badRequest("wrong parameter action in request");
  assertCanPost(bot, chat);
  world.events.emit({ type: "chatAction", botId: bot.id, chatId, action });
  return true;
};

export const messageMethods: Record<string, Handler> = {
  sendMessage,
  sendPhoto,
  sendDocument,
  getFile,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  answerCallbackQuery,
  sendChatAction,
};
