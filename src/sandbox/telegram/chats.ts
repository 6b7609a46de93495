import type { BotCommand, BotCommandScope, ChatFullInfo, User } from "grammy/types";
import { assertBotInGroup, chatIdParam, knownChat } from "./access.js";
import { badRequest, Errors } from "./errors.js";
import type { Handler } from "./handler.js";
import { canonical } from "./markup.js";
import { Params } from "./params.js";
import type { World } from "./state.js";

const getMe: Handler = ({ bot }) => structuredClone(bot.info);

const NO_GIFTS = {
  unlimited_gifts: false,
  limited_gifts: false,
  unique_gifts: false,
  premium_subscription: false,
  gifts_from_channels: false,
};

const getChat: Handler = ({ world, bot, params }): ChatFullInfo => {
  const chatId = chatIdParam(world, params);
  const chat = knownChat(world, chatId);
  if (chat.type !== "private") assertBotInGroup(world, bot, chatId);
  return {
    ...chat,
    accent_color_id: 0,
    max_reaction_count: 11,
    accepted_gift_types: NO_GIFTS,
  } as ChatFullInfo;
};

const getChatMember: Handler = ({ world, bot, params }) => {
  const chatId = chatIdParam(world, params);
  const chat = knownChat(world, chatId);
  if (chat.type !== "private") assertBotInGroup(world, bot, chatId);
  const userId = params.int("user_id");
  if (userId === undefined) throw badRequest("user_id is empty");
  const user: User | undefined = world.users.get(userId) ?? world.bots.get(userId)?.user;
  const member = user && world.memberOf(chatId, user, bot);
  if (!member) throw badRequest("user not found");
  return member;
};

const leaveChat: Handler = ({ world, bot, params }) => {
  const chatId = chatIdParam(world, params);
  const chat = knownChat(world, chatId);
  if (chat.type === "private") throw badRequest("chat member status can't be changed in private chats");
  const group = world.groups.get(chatId)!;
  if ((group.bots.get(bot.id) ?? "left") === "left") throw Errors.notMember();
  const before = world.memberOf(chatId, bot.user, bot)!;
  group.bots.set(bot.id, "left");
  world.enqueue(
    bot,
    {
      my_chat_member: {
        chat,
        from: bot.user,
        date: world.unixNow(),
        old_chat_member: before,
        new_chat_member: { status: "left", user: bot.user },
      },
    },
    chatId,
  );
  return true;
};

const SCOPE_TYPES = new Set([
  "default",
  "all_private_chats",
  "all_group_chats",
  "all_chat_administrators",
  "chat",
  "chat_administrators",
  "chat_member",
]);

function readScope(world: World, params: Params): BotCommandScope {
  const raw = params.json("scope");
  if (raw === undefined) return { type: "default" };
  const scope = raw as Record<string, unknown>;
  if (
    typeof scope !== "object" ||
    scope === null ||
    typeof scope.type !== "string" ||
    !SCOPE_TYPES.has(scope.type)
  ) {
    throw badRequest("can't parse BotCommandScope JSON object");
  }
  if (scope.type === "chat" || scope.type === "chat_administrators" || scope.type === "chat_member") {
    const chatId = chatIdParam(world, new Params(scope), "chat_id");
    knownChat(world, chatId);
    if (scope.type === "chat_member") {
      if (typeof scope.user_id !== "number") throw badRequest("can't parse BotCommandScope JSON object");
      return { type: "chat_member", chat_id: chatId, user_id: scope.user_id };
    }
    return { type: scope.type, chat_id: chatId };
  }
  return { type: scope.type } as BotCommandScope;
}

function readLanguage(params: Params): string {
  const code = params.string("language_code") ?? "";
  if (code !== "" && !/^[a-z]{2}$/.test(code)) throw badRequest("invalid language code specified");
  return code;
}

function readCommands(params: Params): BotCommand[] {
  const raw = params.json("commands");
  if (!Array.isArray(raw)) throw badRequest("can't parse commands JSON object");
  if (raw.length > 100) throw badRequest("too many commands specified");
  return raw.map((item: unknown) => {
    const c = item as Record<string, unknown>;
    if (typeof c?.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) {
      throw badRequest("BOT_COMMAND_INVALID");
    }
    if (typeof c.description !== "string" || c.description.trim() === "" || c.description.length > 256) {
      throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    }
    return { command: c.command, description: c.description };
  });
}

const commandsKey = (scope: BotCommandScope, languageCode: string) => `${canonical(scope)}|${languageCode}`;

const setMyCommands: Handler = ({ world, bot, params }) => {
  const commands = readCommands(params);
  const scope = readScope(world, params);
  const languageCode = readLanguage(params);
  const key = commandsKey(scope, languageCode);
  if (commands.length === 0) bot.commands.delete(key);
  else bot.commands.set(key, { scope, languageCode, commands });
  return true;
};

const getMyCommands: Handler = ({ world, bot, params }) => {
  const key = commandsKey(readScope(world, params), readLanguage(params));
  return structuredClone(bot.commands.get(key)?.commands ?? []);
};

const deleteMyCommands: Handler = ({ world, bot, params }) => {
  bot.commands.delete(commandsKey(readScope(world, params), readLanguage(params)));
  return true;
};

export const chatMethods: Record<string, Handler> = {
  getMe,
  getChat,
  getChatMember,
  leaveChat,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
};
