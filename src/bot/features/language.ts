import { Composer, InlineKeyboard } from "grammy";
import type { CommandSpec } from "../commands.js";
import type { BotContext } from "../context.js";
import { isLocale } from "../i18n.js";

export const languageCommands: CommandSpec[] = [{ command: "language", audience: "everyone" }];

const LABELS = { ru: "🇷🇺 Русский", en: "🇬🇧 English" } as const;

export function languageFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("language", async (ctx) => {
    const wanted = ctx.match.trim().toLowerCase();
    if (wanted) {
      if (!isLocale(wanted)) return ctx.reply(ctx.t("language-unknown"));
      await ctx.i18n.setLocale(wanted);
      return ctx.reply(ctx.t("language-changed"));
    }
    const keyboard = new InlineKeyboard().text(LABELS.ru, "lang:ru").text(LABELS.en, "lang:en");
    return ctx.reply(ctx.t("language-choose"), { reply_markup: keyboard });
  });

  feature.callbackQuery(/^lang:(.+)$/, async (ctx) => {
    const wanted = ctx.match[1];
    if (!isLocale(wanted)) return ctx.answerCallbackQuery({ text: ctx.t("error-button-stale") });
    await ctx.i18n.setLocale(wanted);
    await ctx.answerCallbackQuery({ text: ctx.t("language-changed") });
    // The language may already be the chosen one: editing to identical text would be a 400.
    if (ctx.callbackQuery.message?.text !== ctx.t("language-changed")) {
      await ctx.editMessageText(ctx.t("language-changed"));
    }
  });

  return feature;
}
