import { randomBytes } from "node:crypto";
import { Composer, InlineKeyboard } from "grammy";
import { type AuditLog, type InviteStore, type PeopleStore, ROLES, type Role } from "../../store/types.js";
import type { Access } from "../access.js";
import type { CommandSpec } from "../commands.js";
import type { BotContext } from "../context.js";
import { parsePersonId, requireAdmin } from "../guards.js";
import { escapeHtml } from "../html.js";
import { dateTime, money } from "../views/format.js";
import { personOf } from "./scan.js";

export const teamCommands: CommandSpec[] = [
  { command: "invite", audience: "admin" },
  { command: "invites", audience: "admin" },
  { command: "users", audience: "admin" },
  { command: "role", audience: "admin" },
  { command: "remove", audience: "admin" },
];

export interface TeamDeps {
  access: Access;
  people: PeopleStore;
  invites: InviteStore;
  audit: AuditLog;
  inviteTtlSeconds: number;
  timeZone: string;
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Administrators manage the team: one-time invites, the list, roles and removal. */
export function teamFeature(deps: TeamDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const view = async (ctx: BotContext) => ({ locale: await ctx.i18n.getLocale(), timeZone: deps.timeZone });
  const actor = (ctx: BotContext) => personOf(ctx.from!);

  feature.command("invite", async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const wanted = ctx.match.trim().toLowerCase() || "payer";
    if (!isRole(wanted)) return ctx.reply(ctx.t("invite-usage"));
    const now = Date.now();
    const invite = {
      token: randomBytes(16).toString("base64url"),
      role: wanted,
      createdBy: ctx.from!.id,
      createdAt: now,
      expiresAt: now + deps.inviteTtlSeconds * 1000,
    };
    await deps.invites.create(invite);
    await deps.audit.append({
      action: "invite.issued",
      actor: actor(ctx),
      details: { role: wanted, expiresAt: invite.expiresAt, hint: invite.token.slice(0, 4) },
    });
    return ctx.reply(
      ctx.t("invite-created", {
        role: ctx.t(`role-${wanted}`),
        until: dateTime(invite.expiresAt, await view(ctx)),
        link: `https://t.me/${ctx.me.username}?start=${invite.token}`,
      }),
      {
        reply_markup: new InlineKeyboard().text(ctx.t("invite-revoke-button"), `invrev:${invite.token}`),
        link_preview_options: { is_disabled: true },
      },
    );
  });

  feature.command("invites", async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const invites = await deps.invites.list();
    if (invites.length === 0) return ctx.reply(ctx.t("invites-empty"));
    const v = await view(ctx);
    const keyboard = new InlineKeyboard();
    const lines = [ctx.t("invites-title")];
    for (const [i, invite] of invites.entries()) {
      const by = (await deps.people.get(invite.createdBy))?.name ?? String(invite.createdBy);
      lines.push(
        `${i + 1}. ${ctx.t("invites-line", { role: ctx.t(`role-${invite.role}`), until: dateTime(invite.expiresAt, v), by: escapeHtml(by) })}`,
      );
      keyboard.text(`${ctx.t("invite-revoke-button")} ${i + 1}`, `invrev:${invite.token}`).row();
    }
    return ctx.reply(lines.join("\n"), { parse_mode: "HTML", reply_markup: keyboard });
  });

  feature.callbackQuery(/^invrev:([A-Za-z0-9_-]{10,64})$/, async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const token = ctx.match[1]!;
    if (!(await deps.invites.revoke(token))) return ctx.answerCallbackQuery(ctx.t("invite-gone"));
    await deps.audit.append({
      action: "invite.revoked",
      actor: actor(ctx),
      details: { hint: token.slice(0, 4) },
    });
    return ctx.answerCallbackQuery(ctx.t("invite-revoked"));
  });

  feature.command("users", async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const locale = await ctx.i18n.getLocale();
    const people = (await deps.people.list()).sort(
      (a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name),
    );
    const lines = people.map((p) => {
      const limits = p.limits
        ? ctx.t("users-limits", {
            perPayment:
              p.limits.perPaymentMinor !== undefined
                ? money({ minor: p.limits.perPaymentMinor, currency: "RUB" }, locale)
                : "—",
            perDay:
              p.limits.perDayMinor !== undefined
                ? money({ minor: p.limits.perDayMinor, currency: "RUB" }, locale)
                : "—",
          })
        : "";
      const configured = deps.access.isConfiguredAdmin(p.id) ? ` ${ctx.t("users-line-configured")}` : "";
      return `• ${ctx.t("users-line", {
        name: escapeHtml(p.name) + (p.username ? ` (@${escapeHtml(p.username)})` : ""),
        role: ctx.t(`role-${p.role}`) + configured,
        id: String(p.id),
        limits: limits ? ` ${limits}` : "",
      })}`;
    });
    return ctx.reply(
      [ctx.t("users-title", { count: String(people.length) }), ...lines, "", ctx.t("users-hint")].join("\n"),
      {
        parse_mode: "HTML",
      },
    );
  });

  feature.command("role", async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const [idText, roleText] = ctx.match.trim().split(/\s+/);
    const id = parsePersonId(idText);
    const role = roleText?.toLowerCase() ?? "";
    if (id === undefined || !isRole(role)) return ctx.reply(ctx.t("role-usage"));
    const person = await deps.people.get(id);
    if (!person) return ctx.reply(ctx.t("person-not-found", { id: String(id) }));
    const name = escapeHtml(person.name);
    if (deps.access.isConfiguredAdmin(id))
      return ctx.reply(ctx.t("person-configured", { name }), { parse_mode: "HTML" });
    if (person.role === "admin" && role !== "admin" && (await deps.access.admins()).length <= 1) {
      return ctx.reply(ctx.t("person-last-admin", { name }), { parse_mode: "HTML" });
    }
    await deps.people.update(id, (p) => ({ ...p, role }));
    await deps.audit.append({
      action: "person.role_changed",
      actor: actor(ctx),
      details: { personId: id, name: person.name, from: person.role, to: role },
    });
    return ctx.reply(ctx.t("role-changed", { name, role: ctx.t(`role-${role}`) }), { parse_mode: "HTML" });
  });

  feature.command("remove", async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const id = parsePersonId(ctx.match.trim());
    if (id === undefined) return ctx.reply(ctx.t("remove-usage"));
    const person = await deps.people.get(id);
    if (!person) return ctx.reply(ctx.t("person-not-found", { id: String(id) }));
    const name = escapeHtml(person.name);
    if (deps.access.isConfiguredAdmin(id))
      return ctx.reply(ctx.t("person-configured", { name }), { parse_mode: "HTML" });
    const keyboard = new InlineKeyboard()
      .text(ctx.t("remove-yes"), `rm:${id}`)
      .text(ctx.t("remove-no"), "rm:no");
    return ctx.reply(ctx.t("remove-confirm", { name, role: ctx.t(`role-${person.role}`) }), {
      parse_mode: "HTML",
      reply_markup: keyboard,
    });
  });

  feature.callbackQuery(/^rm:(\d{1,15}|no)$/, async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    if (ctx.match[1] === "no") {
      await ctx.answerCallbackQuery();
      return ctx.editMessageText(ctx.t("remove-cancelled"));
    }
    const id = Number(ctx.match[1]);
    const person = await deps.people.get(id);
    if (!person || deps.access.isConfiguredAdmin(id))
      return ctx.answerCallbackQuery(ctx.t("error-button-stale"));
    if (person.role === "admin" && (await deps.access.admins()).length <= 1) {
      return ctx.answerCallbackQuery({
        text: ctx.t("person-last-admin", { name: person.name }),
        show_alert: true,
      });
    }
    await deps.people.remove(id);
    await deps.audit.append({
      action: "person.removed",
      actor: actor(ctx),
      details: { personId: id, name: person.name, role: person.role },
    });
    await ctx.answerCallbackQuery();
    return ctx.editMessageText(ctx.t("remove-done", { name: escapeHtml(person.name) }), {
      parse_mode: "HTML",
    });
  });

  return feature;
}
