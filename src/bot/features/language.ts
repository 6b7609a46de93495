import { Composer, InlineKeyboard } from "grammy";
import { buttons, onButton } from "../callback-data.js";
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
    const keyboard = new InlineKeyboard()
      .text(LABELS.ru, buttons.chooseLanguage.pack({ code: "ru" }))
      .text(LABELS.en, buttons.chooseLanguage.pack({ code: "en" }));
    return ctx.reply(ctx.t("language-choose"), { reply_markup: keyboard });
  });

  onButton(feature, buttons.chooseLanguage, async (ctx, { code }) => {
    await ctx.i18n.setLocale(code);
    await ctx.answerCallbackQuery({ text: ctx.t("language-changed") });
    // The language may already be the chosen one: editing to identical text would be a 400.
    if (ctx.callbackQuery?.message?.text !== ctx.t("language-changed")) {
      await ctx.editMessageText(ctx.t("language-changed"));
    }
  });

  return feature;
}
