import type { ConversationFlavor } from "@grammyjs/conversations";
import type { I18nFlavor } from "@grammyjs/i18n";
import type { Context, SessionFlavor } from "grammy";
import type { ProviderName } from "../config.js";
import type { Logger } from "../logger.js";
import { type Actor, actorOf, type Member } from "../team/actor.js";

/** Per-user state kept in Redis across restarts and instances. */
export interface SessionData {
  /** Chosen language; written by @grammyjs/i18n's `setLocale`. */
  __language_code?: string;
  /** The provider this person pays through, when more than one is configured. */
  provider?: ProviderName;
}

export type BotContext = ConversationFlavor<
  Context &
    SessionFlavor<SessionData> &
    I18nFlavor & {
      /** A child logger carrying this update's ids. */
      logger: Logger;
      /** The person behind this update, once the access gate let them through. */
      member?: Member;
    }
>;

/** Who acts in this update, for the domain services. Only behind the access gate. */
export function actor(ctx: BotContext): Actor {
  if (!ctx.member) throw new Error("no member: the access gate must run first");
  return actorOf(ctx.member);
}
