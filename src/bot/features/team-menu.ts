import { Menu, type MenuFlavor } from "@grammyjs/menu";
import type { Filter } from "grammy";
import { type PersonRecord, ROLES, type Role } from "../../store/types.js";
import type { Refusal, TeamService } from "../../team/service.js";
import { menuIds, personPayload, teamPagePayload } from "../callback-data.js";
import { actor, type BotContext } from "../context.js";
import { LIMITS_DIALOG, type LimitsArgs } from "../conversations/limits.js";
import { escapeHtml } from "../html.js";
import { isNotModified } from "../telegram-errors.js";
import {
  isUnlimited,
  type PersonScreen,
  personButtonLabel,
  personScreenText,
  refusalText,
  roleScreenText,
  TEAM_PAGE_SIZE,
  teamListText,
} from "../views/team.js";

/** A press on one of the team menus' buttons. */
type Press = Filter<BotContext, "callback_query:data"> & MenuFlavor;

/**
 * The `/users` menu (@grammyjs/menu): the team as buttons → a person's screen → their role, limits
 * (a dialog), removal with a confirmation. Nothing is kept between presses: each button carries the
 * person's id (or the list's page) as its payload, every screen is drawn from the team service at
 * the press, so an old message's buttons work after a restart; one drawn differently since gets a
 * fresh screen instead of acting. Every change is the team service's, refusals told in words.
 */
export function createTeamMenu(team: TeamService) {
  const list = new Menu<BotContext>(menuIds.team, { autoAnswer: false, onMenuOutdated: refreshList });
  const person = new Menu<BotContext>(menuIds.person, { autoAnswer: false, onMenuOutdated: refreshPerson });
  const role = new Menu<BotContext>(menuIds.role, { autoAnswer: false, onMenuOutdated: refreshPerson });
  const removal = new Menu<BotContext>(menuIds.removal, { autoAnswer: false, onMenuOutdated: refreshPerson });

  const screenOf = async (ctx: BotContext, id: number | undefined): Promise<PersonScreen | undefined> => {
    const found = id === undefined ? undefined : await team.person(id);
    if (!found) return undefined;
    return {
      person: found,
      configured: team.isConfiguredAdmin(found.id),
      limits: await team.limitsOf(found.id),
      spentTodayMinor: await team.spentToday(found.id),
      locale: await ctx.i18n.getLocale(),
    };
  };
  /** The page a payload points at: its own number, or the page that person is on. */
  const pageOf = (match: unknown, people: PersonRecord[]): number => {
    const page = teamPagePayload.unpack(match);
    const id = personPayload.unpack(match);
    const at = id === undefined ? -1 : people.findIndex((p) => p.id === id);
    const wanted = page ?? (at >= 0 ? Math.floor(at / TEAM_PAGE_SIZE) : 0);
    return Math.min(wanted, Math.max(0, Math.ceil(people.length / TEAM_PAGE_SIZE) - 1));
  };
  const idOf = (ctx: BotContext) => personPayload.unpack(ctx.match);
  const edit = (ctx: BotContext, text: string) =>
    ctx.editMessageText(text, { parse_mode: "HTML" }).catch((err) => {
      if (!isNotModified(err)) throw err;
    });

  /** Draws the list (the page of `match`) on the pressed message. */
  async function toList(ctx: Press, lead?: string, match?: string) {
    if (match !== undefined) ctx.match = match;
    const people = await team.list();
    ctx.menu.nav(menuIds.team);
    const text = teamListText(ctx.t, people.length, pageOf(ctx.match, people));
    await edit(ctx, lead ? `${lead}\n\n${text}` : text);
  }
  /**
   * Draws a person's screen on the pressed message, or the list when they are gone. Answers the
   * press with `answer` (nothing to say: undefined; already answered: false).
   */
  async function toPerson(ctx: Press, answer?: string | false) {
    const screen = await screenOf(ctx, idOf(ctx));
    if (!screen) {
      if (answer !== false) await ctx.answerCallbackQuery(ctx.t("team-person-gone"));
      return toList(ctx);
    }
    if (answer !== false) await ctx.answerCallbackQuery(answer);
    ctx.menu.nav(menuIds.person);
    await edit(ctx, personScreenText(ctx.t, screen));
  }
  async function refreshList(ctx: Press) {
    await ctx.answerCallbackQuery(ctx.t("team-outdated"));
    await toList(ctx);
  }
  async function refreshPerson(ctx: Press) {
    await toPerson(ctx, ctx.t("team-outdated"));
  }
  /** The team service's refusal as an alert, then the person's screen as it is (or the list). */
  async function refuse(ctx: Press, refusal: Refusal, id: number, name: string | undefined) {
    if (refusal === "not_found") await ctx.answerCallbackQuery(ctx.t("team-person-gone"));
    else
      await ctx.answerCallbackQuery({ text: refusalText(ctx.t, refusal, id, name, true), show_alert: true });
    await toPerson(ctx, false);
  }

  list.dynamic(async (ctx, range) => {
    const people = await team.list();
    const page = pageOf(ctx.match, people);
    for (const p of people.slice(page * TEAM_PAGE_SIZE, (page + 1) * TEAM_PAGE_SIZE)) {
      const label = personButtonLabel(ctx.t, p, team.isConfiguredAdmin(p.id));
      range.text({ text: label, payload: personPayload.pack(p.id) }, (c) => toPerson(c)).row();
    }
    // Both arrows carry the page they are on: the press is checked against that page as drawn now.
    const here = teamPagePayload.pack(page);
    const turn = (by: number) => (c: Press) =>
      c.answerCallbackQuery().then(() => toList(c, undefined, teamPagePayload.pack(page + by)));
    if (page > 0) range.text({ text: "⬅️", payload: here }, turn(-1));
    if ((page + 1) * TEAM_PAGE_SIZE < people.length) range.text({ text: "➡️", payload: here }, turn(1));
  });

  person.dynamic(async (ctx, range) => {
    const screen = await screenOf(ctx, idOf(ctx));
    if (screen) {
      const payload = personPayload.pack(screen.person.id);
      range.text({ text: ctx.t("team-button-role"), payload }, (c) => open(c, menuIds.role));
      if (!isUnlimited(screen)) range.text({ text: ctx.t("team-button-limits"), payload }, startLimits);
      range.row().text({ text: ctx.t("team-button-remove"), payload }, (c) => open(c, menuIds.removal));
      range.row();
    }
    const back = idOf(ctx);
    range.text(
      { text: ctx.t("team-button-back"), payload: back === undefined ? "" : personPayload.pack(back) },
      async (c) => {
        await c.answerCallbackQuery();
        await toList(c);
      },
    );
  });

  /** «Сменить роль» and «Удалить»: only for someone the team service would let change. */
  async function open(ctx: Press, to: typeof menuIds.role | typeof menuIds.removal) {
    const id = idOf(ctx)!;
    const changeable = await team.changeable(actor(ctx), id);
    if (typeof changeable === "string") return refuse(ctx, changeable, id, (await team.person(id))?.name);
    await ctx.answerCallbackQuery();
    ctx.menu.nav(to);
    const name = escapeHtml(changeable.name);
    await edit(
      ctx,
      to === menuIds.role ? roleScreenText(ctx.t, changeable) : ctx.t("remove-confirm", { name }),
    );
  }

  async function startLimits(ctx: Press) {
    const id = idOf(ctx)!;
    if (!(await team.person(id))) return toPerson(ctx);
    await ctx.answerCallbackQuery();
    const args: LimitsArgs = { personId: id, locale: await ctx.i18n.getLocale() };
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(LIMITS_DIALOG, args);
  }

  role.dynamic(async (ctx, range) => {
    const current = (await screenOf(ctx, idOf(ctx)))?.person;
    if (current) {
      const payload = personPayload.pack(current.id);
      for (const r of ROLES) {
        const name = ctx.t(`role-${r}`);
        const text = r === current.role ? ctx.t("team-role-current", { role: name }) : name;
        range.text({ text, payload }, (c) => changeRole(c, r)).row();
      }
    }
    const back = idOf(ctx);
    range.text(
      { text: ctx.t("team-button-back"), payload: back === undefined ? "" : personPayload.pack(back) },
      (c) => toPerson(c),
    );
  });

  async function changeRole(ctx: Press, to: Role) {
    const id = idOf(ctx)!;
    const before = await team.person(id);
    if (before?.role === to) return toPerson(ctx, ctx.t("team-role-same", { role: ctx.t(`role-${to}`) }));
    const result = await team.changeRole(actor(ctx), id, to);
    if (typeof result === "string") return refuse(ctx, result, id, before?.name);
    await toPerson(ctx, ctx.t("role-changed", { name: result.name, role: ctx.t(`role-${to}`) }));
  }

  removal.dynamic(async (ctx, range) => {
    const id = idOf(ctx);
    if (id === undefined || !(await team.person(id))) return;
    const payload = personPayload.pack(id);
    range.text({ text: ctx.t("remove-yes"), payload }, confirmRemoval);
    range.text({ text: ctx.t("remove-no"), payload }, (c) => toPerson(c));
  });

  async function confirmRemoval(ctx: Press) {
    const id = idOf(ctx)!;
    const result = await team.remove(actor(ctx), id);
    if (typeof result === "string") return refuse(ctx, result, id, (await team.person(id))?.name);
    await ctx.answerCallbackQuery();
    await toList(ctx, ctx.t("remove-done", { name: escapeHtml(result.name) }), teamPagePayload.pack(0));
  }

  person.register([role, removal]);
  list.register(person);
  // Menus are drawn by the plugin's middleware as a message goes out; the dialog's last update
  // (a typed sum) reaches the dialog before it, so its sending goes through it here.
  const drawing = list.middleware();

  return {
    /** The menu to `use` (its submenus come with it) and to send with the list. */
    menu: list,
    /** The list's text, for the message the menu goes under. */
    async listText(ctx: BotContext): Promise<string> {
      return teamListText(ctx.t, (await team.list()).length, 0);
    },
    /** Sends a person's screen with its menu, `lead` above it; the lead alone when they are gone. */
    async showPerson(ctx: BotContext, id: number, lead: string): Promise<void> {
      const screen = await screenOf(ctx, id);
      if (!screen) return void (await ctx.reply(lead, { parse_mode: "HTML" }));
      ctx.match = personPayload.pack(id);
      await drawing(ctx, async () => {
        await ctx.reply(`${lead}\n\n${personScreenText(ctx.t, screen)}`, {
          parse_mode: "HTML",
          reply_markup: person,
        });
      });
    },
  };
}

export type TeamMenu = ReturnType<typeof createTeamMenu>;
