import { createHmac, randomBytes } from "node:crypto";
import type { KeyboardButton, MenuButton, Message, User } from "grammy/types";
import { chatIdParam, knownChat } from "./access.js";
import { badRequest } from "./errors.js";
import type { Handler } from "./handler.js";
import { checkWebApp, isInlineKeyboard, type MarkupRules } from "./markup.js";
import type { BotState, World } from "./state.js";
import type { ChatMessage } from "./types.js";

/**
 * Mini Apps, as far as a bot sees them: the chat menu button (setChatMenuButton /
 * getChatMenuButton), and what a Telegram client does when a person opens a Mini App from a button —
 * it signs the launch's initData with the bot's token — and when a keyboard-button Mini App calls
 * `Telegram.WebApp.sendData` (a `web_app_data` service message to the bot).
 */

/** The Bot API version the emulated clients report to Mini Apps. */
export const WEB_APP_VERSION = "8.0";
/** Telegram.WebApp.sendData's limit. */
export const MAX_WEB_APP_DATA_BYTES = 4096;

const COMMANDS: MenuButton = { type: "commands" };

function readMenuButton(world: World, value: unknown): MenuButton {
  if (value === undefined) return { type: "default" };
  const button = value as Record<string, unknown>;
  if (typeof button !== "object" || button === null) throw badRequest("can't parse menu button JSON object");
  if (button.type === "commands" || button.type === "default") return { type: button.type };
  if (button.type !== "web_app") throw badRequest("unsupported menu button type");
  if (typeof button.text !== "string" || button.text.trim() === "") throw badRequest("BUTTON_TEXT_INVALID");
  const rules: MarkupRules = { chatType: "private", allowHttpWebApps: world.settings.allowHttpWebApps };
  return { type: "web_app", text: button.text, web_app: checkWebApp(button.web_app, "menu button", rules) };
}

/** A private chat's id, or undefined for the bot's default (no chat_id). */
function menuChat(ctx: Parameters<Handler>[0]): number | undefined {
  if (!ctx.params.has("chat_id")) return undefined;
  const chatId = chatIdParam(ctx.world, ctx.params);
  if (knownChat(ctx.world, chatId).type !== "private") throw badRequest("chat_id is invalid");
  return chatId;
}

const setChatMenuButton: Handler = (ctx) => {
  const chatId = menuChat(ctx);
  const button = readMenuButton(ctx.world, ctx.params.json("menu_button"));
  if (chatId === undefined) {
    if (button.type === "default") ctx.bot.defaultMenuButton = undefined;
    else ctx.bot.defaultMenuButton = button;
  } else if (button.type === "default") ctx.bot.menuButtons.delete(chatId);
  else ctx.bot.menuButtons.set(chatId, button);
  return true;
};

const getChatMenuButton: Handler = (ctx) => {
  const chatId = menuChat(ctx);
  return structuredClone(effectiveMenuButton(ctx.bot, chatId));
};

/** The button a chat shows: its own, else the bot's default, else the commands list. */
export function effectiveMenuButton(bot: BotState, chatId: number | undefined): MenuButton {
  return (
    (chatId !== undefined ? bot.menuButtons.get(chatId) : undefined) ?? bot.defaultMenuButton ?? COMMANDS
  );
}

export const webAppMethods: Record<string, Handler> = { setChatMenuButton, getChatMenuButton };

/** Where a person opens a Mini App from. */
export type WebAppSource =
  /** A `web_app` button of the reply keyboard the chat shows, by its text. */
  | { keyboard: string }
  /** A `web_app` inline button of a bot message, by its text. */
  | { message: number | Message | ChatMessage; button: string }
  /** The chat's menu button. */
  | { menu: true };

/** One opened Mini App, as the Telegram client holds it. */
export interface WebAppLaunch {
  via: "keyboard" | "inline" | "menu";
  /** The button's URL, as the bot set it. */
  url: string;
  /**
   * `Telegram.WebApp.initData`. Empty for a keyboard button: Telegram gives such Mini Apps no user
   * information. Inline and menu launches carry `query_id`, `user`, `auth_date` and `hash`.
   */
  initData: string;
  /** `Telegram.WebApp.version`. */
  version: string;
  /** The text of the button that opened it. */
  buttonText: string;
  /**
   * `Telegram.WebApp.sendData`: keyboard launches only; 1–4096 bytes; closes the Mini App. Resolves
   * to the service message the bot receives.
   */
  sendData(data: string): Promise<Message>;
}

export interface OpenOptions {
  /** Sign the launch as if Telegram had done it this many seconds ago (stale-initData tests). */
  signedSecondsAgo?: number;
}

/** Telegram's signature over initData: HMAC-SHA256 under HMAC_SHA256("WebAppData", bot token). */
export function signInitData(token: string, fields: Record<string, string>): string {
  const check = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join("\n");
  const secret = createHmac("sha256", "WebAppData").update(token).digest();
  const hash = createHmac("sha256", secret).update(check).digest("hex");
  return new URLSearchParams({ ...fields, hash }).toString();
}

export interface LaunchEnv {
  world: World;
  bot: BotState;
  user: User;
  /** Posts the user's service message and queues the update (the user's own send path). */
  post(content: Partial<Message>): Message;
}

export function openWebApp(env: LaunchEnv, source: WebAppSource, options: OpenOptions = {}): WebAppLaunch {
  const { world, bot, user } = env;
  const found = findButton(env, source);
  let closed = false;
  const initData =
    found.via === "keyboard"
      ? ""
      : signInitData(bot.token, {
          query_id: `AA${randomBytes(12).toString("base64url")}`,
          user: JSON.stringify(webAppUser(user)),
          chat_instance: world.chatInstance(bot, user.id),
          chat_type: "private",
          auth_date: String(world.unixNow() - (options.signedSecondsAgo ?? 0)),
          // Telegram adds an Ed25519 signature for third parties; the emulator holds no such key, so
          // this stands in for it (the bot's HMAC covers it like any other field).
          signature: randomBytes(64).toString("base64url"),
        });
  return {
    via: found.via,
    url: found.url,
    initData,
    version: WEB_APP_VERSION,
    buttonText: found.text,
    async sendData(data: string) {
      if (found.via !== "keyboard") {
        throw new Error("sendData works only in a Mini App opened from a keyboard button");
      }
      if (closed) throw new Error("the Mini App is closed: sendData already sent its data");
      const bytes = Buffer.byteLength(data);
      if (bytes === 0 || bytes > MAX_WEB_APP_DATA_BYTES) {
        throw new Error(`WebAppDataInvalid: sendData takes 1..${MAX_WEB_APP_DATA_BYTES} bytes, got ${bytes}`);
      }
      closed = true;
      return env.post({ web_app_data: { data, button_text: found.text } });
    },
  };
}

function webAppUser(user: User): Record<string, unknown> {
  return {
    id: user.id,
    first_name: user.first_name,
    ...(user.last_name !== undefined ? { last_name: user.last_name } : {}),
    ...(user.username !== undefined ? { username: user.username } : {}),
    ...(user.language_code !== undefined ? { language_code: user.language_code } : {}),
    ...(user.is_premium ? { is_premium: true } : {}),
    allows_write_to_pm: true,
  };
}

function findButton(
  { world, bot, user }: LaunchEnv,
  source: WebAppSource,
): { via: WebAppLaunch["via"]; url: string; text: string } {
  if ("menu" in source) {
    const button = effectiveMenuButton(bot, user.id);
    if (button.type !== "web_app")
      throw new Error(`the chat's menu button is "${button.type}", not a Mini App`);
    return { via: "menu", url: button.web_app.url, text: button.text };
  }
  if ("keyboard" in source) {
    const keyboard = bot.replyKeyboards.get(user.id);
    if (!keyboard) throw new Error("the chat shows no reply keyboard");
    const button = keyboard.keyboard
      .flat()
      .find((b): b is KeyboardButton.WebAppButton => typeof b === "object" && b.text === source.keyboard);
    if (!button?.web_app) throw new Error(`the reply keyboard has no Mini App button "${source.keyboard}"`);
    return { via: "keyboard", url: button.web_app.url, text: button.text };
  }
  const target = source.message;
  const messageId =
    typeof target === "number" ? target : "messageId" in target ? target.messageId : target.message_id;
  const stored = world.message(bot, user.id, messageId);
  if (!stored || stored.deleted) throw new Error(`message ${messageId} is not in ${user.first_name}'s chat`);
  const markup = stored.message.reply_markup;
  const button = isInlineKeyboard(markup)
    ? markup.inline_keyboard.flat().find((b) => b.text === source.button && "web_app" in b)
    : undefined;
  if (!button || !("web_app" in button) || !button.web_app) {
    throw new Error(`message ${messageId} has no Mini App button "${source.button}"`);
  }
  return { via: "inline", url: button.web_app.url, text: button.text };
}
