import { Composer } from "grammy";
import type { CommandSpec } from "../commands.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../html.js";

export const startCommands: CommandSpec[] = [{ command: "start", audience: "everyone" }];

export function startFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("start", (ctx) =>
    ctx.reply(ctx.t("start-greeting", { name: escapeHtml(ctx.from?.first_name ?? "") }), {
      parse_mode: "HTML",
    }),
  );
  return feature;
}
