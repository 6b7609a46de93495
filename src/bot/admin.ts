import { Composer } from "grammy";
import type { Button } from "./callback-data.js";
import type { CommandSpec } from "./commands.js";
import type { BotContext } from "./context.js";

export const isAdmin = (ctx: BotContext) => ctx.member?.role === "admin";

/** Tells someone who is not an administrator that this is not for them. */
export async function refuseNonAdmin(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery)
    await ctx.answerCallbackQuery({ text: ctx.t("access-admin-only"), show_alert: true });
  else await ctx.reply(ctx.t("access-admin-only"));
}

export interface AdminFeature {
  commands: CommandSpec[];
  /** Its buttons and menus: anyone else pressing one (a forwarded message, an old copy) is refused. */
  buttons: Array<Pick<Button<unknown>, "filter">>;
  composer: Composer<BotContext>;
}

/**
 * Features only administrators reach. Their handlers run behind one check instead of one each;
 * anyone else typing their commands or pressing their buttons gets the same refusal.
 */
export function adminOnly(features: AdminFeature[]): Composer<BotContext> {
  const zone = new Composer<BotContext>();
  const admins = zone.filter(isAdmin);
  for (const feature of features) admins.use(feature.composer);
  const commands = features.flatMap((f) => f.commands.map((c) => c.command));
  const buttons = features.flatMap((f) => f.buttons.map((b) => b.filter));
  if (commands.length > 0) zone.command(commands, refuseNonAdmin);
  if (buttons.length > 0) zone.callbackQuery(buttons, refuseNonAdmin);
  return zone;
}
