import type { Chat } from "grammy/types";
import { badRequest, Errors, forbidden } from "./errors.js";
import type { Params } from "./params.js";
import type { BotState, World } from "./state.js";

/** Reads a chat id: a number, a numeric string, or "@username" of a public group. */
export function chatIdParam(world: World, params: Params, name = "chat_id"): number {
  const raw = params.raw[name];
  if (raw === undefined || raw === null || raw === "") throw badRequest(`${name} is empty`);
  if (typeof raw === "string" && raw.startsWith("@")) {
    const username = raw.slice(1).toLowerCase();
    for (const group of world.groups.values())
      if (group.username?.toLowerCase() === username) return group.id;
    throw Errors.chatNotFound();
  }
  const id = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(id) || id === 0) throw Errors.chatNotFound();
  return id;
}

/** The chat, if it exists for this bot (edits and deletes need no more than that). */
export function knownChat(world: World, chatId: number): Chat {
  if (world.bots.has(chatId)) throw forbidden("bot can't send messages to bots");
  const chat = world.chat(chatId);
  if (!chat) throw Errors.chatNotFound();
  return chat;
}

/**
 * The chat a bot wants to post in: it must exist and, for a group, have the bot as a member. Whether a
 * user accepts messages is {@link assertCanPost}, checked after the content (Telegram's order).
 */
export function targetChat(world: World, bot: BotState, chatId: number): Chat {
  const chat = knownChat(world, chatId);
  if (chat.type !== "private") assertBotInGroup(world, bot, chatId);
  return chat;
}

/** A private chat accepts the bot's messages once the user wrote to it, until the user blocks it. */
export function assertCanPost(bot: BotState, chat: Chat): void {
  if (chat.type !== "private") return;
  if (bot.blockedBy.has(chat.id)) throw Errors.blocked();
  if (!bot.startedBy.has(chat.id)) throw Errors.cantInitiate();
}

export function assertBotInGroup(world: World, bot: BotState, chatId: number): void {
  const status = world.groups.get(chatId)?.bots.get(bot.id) ?? "left";
  if (status === "left") throw Errors.notMember();
}
