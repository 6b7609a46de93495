import { Composer, InlineKeyboard } from "grammy";
import { ROLES, type Role } from "../../store/types.js";
import type { Refusal, TeamService } from "../../team/service.js";
import type { AdminFeature } from "../admin.js";
import { buttons, onButton } from "../callback-data.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { parsePersonId } from "../guards.js";
import { escapeHtml } from "../html.js";
import { dateTime, money } from "../views/format.js";

export const teamCommands: CommandSpec[] = [
  { command: "invite", audience: "admin" },
  { command: "invites", audience: "admin" },
  { command: "users", audience: "admin" },
  { command: "role", audience: "admin" },
  { command: "remove", audience: "admin" },
];

export interface TeamFeatureDeps {
  team: TeamService;
  timeZone: string;
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** What the person is told when the team service refuses a change. */
function refusalText(ctx: BotContext, refusal: Refusal, id: number, name?: string, plain = false): string {
  const who = plain ? (name ?? String(id)) : escapeHtml(name ?? String(id));
  switch (refusal) {
    case "not_found":
      return ctx.t("person-not-found", { id: String(id) });
    case "configured":
      return ctx.t("person-configured", { name: who });
    case "last_admin":
      return ctx.t("person-last-admin", { name: who });
    case "forbidden":
      return ctx.t("access-admin-only");
  }
}

/** Administrators manage the team: one-time invites, the list, roles and removal. */
export function teamFeature(deps: TeamFeatureDeps): AdminFeature {
  const feature = new Composer<BotContext>();
  const { team } = deps;
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

  feature.command("users", async (ctx) => {
    const locale = await ctx.i18n.getLocale();
    const rub = (minor: number | undefined) =>
      minor === undefined ? "—" : money({ minor, currency: "RUB" }, locale);
    const people = await team.list();
    const lines = people.map((p) => {
      const limits = p.limits
        ? ` ${ctx.t("users-limits", { perPayment: rub(p.limits.perPaymentMinor), perDay: rub(p.limits.perDayMinor) })}`
        : "";
      const configured = team.isConfiguredAdmin(p.id) ? ` ${ctx.t("users-line-configured")}` : "";
      return `• ${ctx.t("users-line", {
        name: escapeHtml(p.name) + (p.username ? ` (@${escapeHtml(p.username)})` : ""),
        role: ctx.t(`role-${p.role}`) + configured,
        id: String(p.id),
        limits,
      })}`;
    });
    return ctx.reply(
      [ctx.t("users-title", { count: String(people.length) }), ...lines, "", ctx.t("users-hint")].join("\n"),
      { parse_mode: "HTML" },
    );
  });

  feature.command("role", async (ctx) => {
    const [idText, roleText] = ctx.match.trim().split(/\s+/);
    const id = parsePersonId(idText);
    const role = roleText?.toLowerCase() ?? "";
    if (id === undefined || !isRole(role)) return ctx.reply(ctx.t("role-usage"));
    const before = await team.person(id);
    const result = await team.changeRole(actor(ctx), id, role);
    if (typeof result === "string")
      return ctx.reply(refusalText(ctx, result, id, before?.name), { parse_mode: "HTML" });
    return ctx.reply(ctx.t("role-changed", { name: escapeHtml(result.name), role: ctx.t(`role-${role}`) }), {
      parse_mode: "HTML",
    });
  });

  feature.command("remove", async (ctx) => {
    const id = parsePersonId(ctx.match.trim());
    if (id === undefined) return ctx.reply(ctx.t("remove-usage"));
    const person = await team.changeable(actor(ctx), id);
    if (typeof person === "string") {
      return ctx.reply(refusalText(ctx, person, id, (await team.person(id))?.name), { parse_mode: "HTML" });
    }
    const keyboard = new InlineKeyboard()
      .text(ctx.t("remove-yes"), buttons.removePerson.pack({ id }))
      .text(ctx.t("remove-no"), buttons.keepPerson.pack({}));
    return ctx.reply(
      ctx.t("remove-confirm", { name: escapeHtml(person.name), role: ctx.t(`role-${person.role}`) }),
      {
        parse_mode: "HTML",
        reply_markup: keyboard,
      },
    );
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
        text: refusalText(ctx, result, id, before?.name, true),
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
    buttons: [buttons.revokeInvite, buttons.removePerson, buttons.keepPerson],
    composer: feature,
  };
}
