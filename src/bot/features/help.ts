import { Composer } from "grammy";
import { type CommandSpec, commandDescriptionKey, commandsFor } from "../commands.js";
import type { BotContext } from "../context.js";

export const helpCommands: CommandSpec[] = [{ command: "help", audience: "everyone" }];

/** /help lists every command the bot registered, described in the person's language. */
export function helpFeature(commands: () => CommandSpec[]): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("help", (ctx) => {
    const lines = commandsFor(commands(), ctx.member?.role).map(
      (c) => `/${c.command} — ${ctx.t(commandDescriptionKey(c.command))}`,
    );
    return ctx.reply(ctx.t("help-text", { commands: lines.join("\n") }), { parse_mode: "HTML" });
  });
  return feature;
}
