import { Composer } from "grammy";
import type { CommandSpec } from "../commands.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../html.js";
import { offersScanner, scannerKeyboard } from "./miniapp.js";

export const startCommands: CommandSpec[] = [{ command: "start", audience: "everyone" }];

/** The greeting; where the live scanner is offered, with the «📷 Сканировать» keyboard button. */
export function startFeature(deps: { miniAppUrl: string | undefined }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("start", async (ctx) => {
    const greeting = ctx.t("start-greeting", { name: escapeHtml(ctx.from?.first_name ?? "") });
    if (!offersScanner(ctx, deps.miniAppUrl)) return ctx.reply(greeting, { parse_mode: "HTML" });
    return ctx.reply(`${greeting}\n\n${ctx.t("start-scanner")}`, {
      parse_mode: "HTML",
      reply_markup: scannerKeyboard(ctx.t, deps.miniAppUrl, await ctx.i18n.getLocale()),
    });
  });
  return feature;
}
