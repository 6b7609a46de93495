import { Composer } from "grammy";
import { type CommandSpec, commandDescriptionKey, commandsFor } from "../commands.js";
import type { BotContext } from "../context.js";
import { offersScanner, scannerInlineButton } from "./miniapp.js";

export const helpCommands: CommandSpec[] = [{ command: "help", audience: "everyone" }];

/**
 * /help lists every command the bot registered, described in the person's language — with the live
 * scanner one tap away where it is offered.
 */
export function helpFeature(
  commands: () => CommandSpec[],
  deps: { miniAppUrl: string | undefined },
): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("help", async (ctx) => {
    const lines = commandsFor(commands(), ctx.member?.role).map(
      (c) => `/${c.command} — ${ctx.t(commandDescriptionKey(c.command))}`,
    );
    const text = ctx.t("help-text", { commands: lines.join("\n") });
    if (!offersScanner(ctx, deps.miniAppUrl)) return ctx.reply(text, { parse_mode: "HTML" });
    return ctx.reply(`${text}\n\n${ctx.t("help-scanner")}`, {
      parse_mode: "HTML",
      reply_markup: scannerInlineButton(ctx.t, deps.miniAppUrl, await ctx.i18n.getLocale()),
    });
  });
  return feature;
}
