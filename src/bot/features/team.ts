import { createConversation } from "@grammyjs/conversations";
import type { I18n } from "@grammyjs/i18n";
import { Composer, InlineKeyboard } from "grammy";
import type { CompanyLimits } from "../../payments/limits.js";
import { ROLES, type Role } from "../../store/types.js";
import type { TeamService } from "../../team/service.js";
import type { AdminFeature } from "../admin.js";
import { buttons, menuButtons, menuIds, onButton } from "../callback-data.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { LIMITS_DIALOG, limitsDialog } from "../conversations/limits.js";
import { parsePersonId } from "../guards.js";
import { escapeHtml } from "../html.js";
import { dateTime } from "../views/format.js";
import { refusalText } from "../views/team.js";
import { createTeamMenu } from "./team-menu.js";

export const teamCommands: CommandSpec[] = [
  { command: "invite", audience: "admin" },
  { command: "invites", audience: "admin" },
  { command: "users", audience: "admin" },
  { command: "role", audience: "admin" },
  { command: "remove", audience: "admin" },
];

export interface TeamFeatureDeps {
  team: TeamService;
  company: CompanyLimits;
  i18n: I18n<BotContext>;
  timeZone: string;
}

/** A limits dialog left half-way lapses after this long: a late message is handled as usual. */
const DIALOG_TIMEOUT_MS = 15 * 60_000;

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * Administrators manage the team: one-time invites, and the `/users` menu (people, roles, limits,
 * removal). `/role`, `/remove` and `/limits ID …` do the same as text commands.
 */
export function teamFeature(deps: TeamFeatureDeps): AdminFeature {
  const feature = new Composer<BotContext>();
  const { team } = deps;
  const menu = createTeamMenu(team);
  // The dialog before the menu, whose «💳 Лимиты» enters it; a menu press ends a dialog under way.
  feature.use(
    createConversation(limitsDialog({ ...deps, showPerson: menu.showPerson }), {
      id: LIMITS_DIALOG,
      maxMillisecondsToWait: DIALOG_TIMEOUT_MS,
    }),
  );
  feature.use(menu.menu);
  const view = async (ctx: BotContext) => ({ locale: await ctx.i18n.getLocale(), timeZone: deps.timeZone });

  feature.command("invite", async (ctx) => {
    const wanted = ctx.match.trim().toLowerCase() || "payer";
    if (!isRole(wanted)) return ctx.reply(ctx.t("invite-usage"));
    const invite = await team.invite(actor(ctx), wanted);
    if (invite === "forbidden") return ctx.reply(ctx.t("access-admin-only"));
    return ctx.reply(
      ctx.t("invite-created", {
        role: ctx.t(`role-${wanted}`),
        until: dateTime(invite.expiresAt, await view(ctx)),
        link: `https://t.me/${ctx.me.username}?start=${invite.token}`,
      }),
      {
        reply_markup: new InlineKeyboard().text(
          ctx.t("invite-revoke-button"),
          buttons.revokeInvite.pack({ token: invite.token }),
        ),
        link_preview_options: { is_disabled: true },
      },
    );
  });

  feature.command("invites", async (ctx) => {
    const invites = await team.invites(actor(ctx));
    if (invites === "forbidden") return;
    if (invites.length === 0) return ctx.reply(ctx.t("invites-empty"));
    const v = await view(ctx);
    const keyboard = new InlineKeyboard();
    const lines = [ctx.t("invites-title")];
    for (const [i, invite] of invites.entries()) {
      lines.push(
        `${i + 1}. ${ctx.t("invites-line", { role: ctx.t(`role-${invite.role}`), until: dateTime(invite.expiresAt, v), by: escapeHtml(invite.issuer) })}`,
      );
      keyboard
        .text(`${ctx.t("invite-revoke-button")} ${i + 1}`, buttons.revokeInvite.pack({ token: invite.token }))
        .row();
    }
    return ctx.reply(lines.join("\n"), { parse_mode: "HTML", reply_markup: keyboard });
  });

  onButton(feature, buttons.revokeInvite, async (ctx, { token }) => {
    const revoked = await team.revokeInvite(actor(ctx), token);
    return ctx.answerCallbackQuery(ctx.t(revoked === true ? "invite-revoked" : "invite-gone"));
  });

  feature.command("users", async (ctx) =>
    ctx.reply(await menu.listText(ctx), { parse_mode: "HTML", reply_markup: menu.menu }),
  );

  feature.command("role", async (ctx) => {
    const [idText, roleText] = ctx.match.trim().split(/\s+/);
    const id = parsePersonId(idText);
    const role = roleText?.toLowerCase() ?? "";
    if (id === undefined || !isRole(role)) return ctx.reply(ctx.t("role-usage"));
    const before = await team.person(id);
    const result = await team.changeRole(actor(ctx), id, role);
    if (typeof result === "string")
      return ctx.reply(refusalText(ctx.t, result, id, before?.name), { parse_mode: "HTML" });
    return ctx.reply(ctx.t("role-changed", { name: escapeHtml(result.name), role: ctx.t(`role-${role}`) }), {
      parse_mode: "HTML",
    });
  });

  feature.command("remove", async (ctx) => {
    const id = parsePersonId(ctx.match.trim());
    if (id === undefined) return ctx.reply(ctx.t("remove-usage"));
    const person = await team.changeable(actor(ctx), id);
    if (typeof person === "string") {
      return ctx.reply(refusalText(ctx.t, person, id, (await team.person(id))?.name), {
        parse_mode: "HTML",
      });
    }
    const keyboard = new InlineKeyboard()
      .text(ctx.t("remove-yes"), buttons.removePerson.pack({ id }))
      .text(ctx.t("remove-no"), buttons.keepPerson.pack({}));
    return ctx.reply(ctx.t("remove-confirm", { name: escapeHtml(person.name) }), {
      parse_mode: "HTML",
      reply_markup: keyboard,
    });
  });

  onButton(feature, buttons.keepPerson, async (ctx) => {
    await ctx.answerCallbackQuery();
    return ctx.editMessageText(ctx.t("remove-cancelled"));
  });

  onButton(feature, buttons.removePerson, async (ctx, { id }) => {
    const before = await team.person(id);
    const result = await team.remove(actor(ctx), id);
    if (result === "not_found" || result === "configured")
      return ctx.answerCallbackQuery(ctx.t("error-button-stale"));
    if (typeof result === "string") {
      return ctx.answerCallbackQuery({
        text: refusalText(ctx.t, result, id, before?.name, true),
        show_alert: true,
      });
    }
    await ctx.answerCallbackQuery();
    return ctx.editMessageText(ctx.t("remove-done", { name: escapeHtml(result.name) }), {
      parse_mode: "HTML",
    });
  });

  return {
    commands: teamCommands,
    buttons: [
      buttons.revokeInvite,
      buttons.removePerson,
      buttons.keepPerson,
      menuButtons(Object.values(menuIds)),
    ],
    composer: feature,
  };
}
