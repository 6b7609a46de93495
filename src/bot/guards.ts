import type { BotContext } from "./context.js";

/** Balances and limits are not for a group's eyes, unless an administrator asks there. */
export async function privateUnlessAdmin(ctx: BotContext): Promise<boolean> {
  if (ctx.chat?.type === "private" || ctx.member?.role === "admin") return true;
  await ctx.reply(ctx.t("access-private-only", { link: `https://t.me/${ctx.me.username}` }));
  return false;
}

/** A person id from a command argument: digits, possibly with a leading @ of nothing else. */
export function parsePersonId(text: string | undefined): number | undefined {
  if (!text || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}
