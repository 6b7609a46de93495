import { Composer } from "grammy";
import { parseRublesInput } from "../../money.js";
import type { CompanyLimits } from "../../payments/limits.js";
import type { TeamService } from "../../team/service.js";
import { isAdmin, refuseNonAdmin } from "../admin.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { parsePersonId, privateUnlessAdmin } from "../guards.js";
import { escapeHtml } from "../html.js";
import { money } from "../views/format.js";

export const limitsCommands: CommandSpec[] = [{ command: "limits", audience: "everyone" }];

export interface LimitsDeps {
  team: TeamService;
  company: CompanyLimits;
}

/**
 * `/limits` shows a person their own limits and today's spending (an administrator is told they
 * have none: payments neither limit nor hold theirs); an administrator sees someone's with
 * `/limits ID`, sets them with `/limits ID per_payment per_day` (rubles) or resets them with
 * `/limits ID default`. The `/users` menu sets them too, in a short dialog.
 */
export function limitsFeature(deps: LimitsDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const { team } = deps;

  feature.command("limits", async (ctx) => {
    const args = ctx.match.trim().split(/\s+/).filter(Boolean);
    const locale = await ctx.i18n.getLocale();
    const rub = (minor: number) => money({ minor, currency: "RUB" }, locale);

    if (args.length === 0) {
      if (!(await privateUnlessAdmin(ctx))) return;
      const me = ctx.from!.id;
      // Payments treat administrators as unlimited (no limits, no approvals): say so, not numbers.
      if (isAdmin(ctx))
        return ctx.reply(ctx.t("limits-mine-admin", { spent: rub(await team.spentToday(me)) }), {
          parse_mode: "HTML",
        });
      const limits = await team.limitsOf(me);
      return ctx.reply(
        ctx.t("limits-mine", {
          perPayment: rub(limits.perPaymentMinor),
          perDay: rub(limits.perDayMinor),
          spent: rub(await team.spentToday(me)),
          threshold: rub(deps.company.approvalThresholdMinor),
        }),
        { parse_mode: "HTML" },
      );
    }

    // Someone else's limits: administrators only.
    if (!isAdmin(ctx)) return refuseNonAdmin(ctx);
    const id = parsePersonId(args[0]);
    if (id === undefined) return ctx.reply(ctx.t("limits-usage"));
    const person = await team.person(id);
    if (!person) return ctx.reply(ctx.t("person-not-found", { id: String(id) }));
    const name = escapeHtml(person.name);

    const unlimited = person.role === "admin" || team.isConfiguredAdmin(id);

    if (args.length === 1) {
      const spent = rub(await team.spentToday(id));
      if (unlimited) return ctx.reply(ctx.t("limits-of-admin", { name, spent }), { parse_mode: "HTML" });
      const limits = await team.limitsOf(id);
      const mark = (own: number | undefined) =>
        ctx.t(own === undefined ? "limits-default-mark" : "limits-own-mark");
      return ctx.reply(
        ctx.t("limits-of", {
          name,
          perPayment: rub(limits.perPaymentMinor),
          perPaymentMark: mark(person.limits?.perPaymentMinor),
          perDay: rub(limits.perDayMinor),
          perDayMark: mark(person.limits?.perDayMinor),
          spent,
        }),
        { parse_mode: "HTML" },
      );
    }

    // Stored for an administrator too: they apply if the role changes.
    const note = unlimited ? `\n${ctx.t("limits-admin-note")}` : "";
    if (args[1] === "default") {
      await team.setLimits(actor(ctx), id, undefined);
      const limits = await team.limitsOf(id);
      return ctx.reply(
        ctx.t("limits-reset", {
          name,
          perPayment: rub(limits.perPaymentMinor),
          perDay: rub(limits.perDayMinor),
        }) + note,
        { parse_mode: "HTML" },
      );
    }
    const perPaymentMinor = parseRublesInput(args[1] ?? "");
    const perDayMinor = parseRublesInput(args[2] ?? "");
    if (perPaymentMinor === null || perDayMinor === null || perPaymentMinor > perDayMinor) {
      return ctx.reply(ctx.t("limits-usage"));
    }
    await team.setLimits(actor(ctx), id, { perPaymentMinor, perDayMinor });
    return ctx.reply(
      ctx.t("limits-changed", { name, perPayment: rub(perPaymentMinor), perDay: rub(perDayMinor) }) + note,
      { parse_mode: "HTML" },
    );
  });

  return feature;
}
