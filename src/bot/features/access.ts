import { Composer } from "grammy";
import type { TeamService } from "../../team/service.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../html.js";
import type { Notifier } from "../notifier.js";
import { scannerKeyboard } from "./miniapp.js";

export interface AccessDeps {
  team: TeamService;
  notifier: Notifier;
  /** The Mini App scanner: a new payer's welcome carries its keyboard button. */
  miniAppUrl: string | undefined;
}

const SBP_LINK = /https?:\/\/(?:qr|sub)\.nspk\.ru\//i;

/** In a group, a stranger is answered only when they addressed the bot, not for their chatter. */
function addressedToBot(ctx: BotContext): boolean {
  const message = ctx.message;
  if (!message) return false;
  if (ctx.chat?.type === "private") return true;
  const text = message.text ?? message.caption ?? "";
  return Boolean(message.photo || message.document || text.startsWith("/") || SBP_LINK.test(text));
}

/**
 * The gate: only registered people (and ADMIN_IDS) get past it. A stranger learns their Telegram
 * id and whom to ask — nothing about balances, providers or QR codes — and their buttons do
 * nothing. The one thing a stranger can do is accept an invite: `/start <token>`.
 */
export function accessFeature(deps: AccessDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("start", async (ctx, next) => {
    const token = ctx.match.trim();
    if (!token || !ctx.from || ctx.chat.type !== "private") return next();
    const redeemed = await deps.team.redeem(ctx.from, token);
    if (redeemed.result === "member") {
      return ctx.reply(ctx.t("invite-already-member", { role: ctx.t(`role-${redeemed.role}`) }));
    }
    if (redeemed.result === "invalid") return ctx.reply(ctx.t("invite-invalid"));
    const { person, role, invitedBy } = redeemed;
    const scanner = role !== "viewer" && deps.miniAppUrl !== undefined;
    await ctx.reply(
      ctx.t(role === "viewer" ? "invite-welcome-viewer" : "invite-welcome", {
        name: escapeHtml(person.name),
        role: ctx.t(`role-${role}`),
      }) + (scanner ? `\n${ctx.t("start-scanner")}` : ""),
      {
        parse_mode: "HTML",
        ...(scanner && deps.miniAppUrl
          ? { reply_markup: scannerKeyboard(ctx.t, deps.miniAppUrl, await ctx.i18n.getLocale()) }
          : {}),
      },
    );
    await deps.notifier.toPerson(invitedBy, (t) =>
      t("invite-used-notice", { name: escapeHtml(person.name), role: t(`role-${role}`) }),
    );
  });

  feature.use(async (ctx, next) => {
    if (!ctx.from) return;
    const member = await deps.team.member(ctx.from);
    if (member) {
      ctx.member = member;
      return next();
    }
    ctx.logger.info({ strangerId: ctx.from.id }, "stranger refused");
    if (ctx.callbackQuery)
      return ctx.answerCallbackQuery({ text: ctx.t("access-denied-button"), show_alert: true });
    if (addressedToBot(ctx)) {
      await ctx.reply(ctx.t("access-stranger", { id: String(ctx.from.id) }), {
        parse_mode: "HTML",
        ...(ctx.message
          ? { reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true } }
          : {}),
      });
    }
  });

  return feature;
}
