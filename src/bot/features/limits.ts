import { Composer } from "grammy";
import { dayOf } from "../../lib/time-zone.js";
import { parseRublesInput } from "../../money.js";
import type { CompanyLimits } from "../../payments/limits.js";
import type { AuditLog, PeopleStore, SpendStore } from "../../store/types.js";
import type { Access } from "../access.js";
import type { CommandSpec } from "../commands.js";
import type { BotContext } from "../context.js";
import { parsePersonId, privateUnlessAdmin, requireAdmin } from "../guards.js";
import { escapeHtml } from "../html.js";
import { money } from "../views/format.js";
import { personOf } from "./scan.js";

export const limitsCommands: CommandSpec[] = [{ command: "limits", audience: "everyone" }];

export interface LimitsDeps {
  access: Access;
  people: PeopleStore;
  spend: SpendStore;
  audit: AuditLog;
  company: CompanyLimits;
  timeZone: string;
}

/**
 * `/limits` shows a person their own limits and today's spending; an administrator sets someone's
 * with `/limits ID per_payment per_day` (rubles) or resets them with `/limits ID default`.
 */
export function limitsFeature(deps: LimitsDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("limits", async (ctx) => {
    const args = ctx.match.trim().split(/\s+/).filter(Boolean);
    const locale = await ctx.i18n.getLocale();
    const rub = (minor: number) => money({ minor, currency: "RUB" }, locale);
    const today = dayOf(Date.now(), deps.timeZone);

    if (args.length === 0) {
      if (!(await privateUnlessAdmin(ctx))) return;
      const me = ctx.from!.id;
      const limits = await deps.access.limitsOf(me);
      return ctx.reply(
        ctx.t("limits-mine", {
          perPayment: rub(limits.perPaymentMinor),
          perDay: rub(limits.perDayMinor),
          spent: rub(await deps.spend.spent(me, today)),
          threshold: rub(deps.company.approvalThresholdMinor),
        }),
        { parse_mode: "HTML" },
      );
    }

    if (!(await requireAdmin(ctx))) return;
    const id = parsePersonId(args[0]);
    const person = id === undefined ? undefined : await deps.people.get(id);
    if (id === undefined) return ctx.reply(ctx.t("limits-usage"));
    if (!person) return ctx.reply(ctx.t("person-not-found", { id: String(id) }));
    const name = escapeHtml(person.name);

    if (args.length === 1) {
      const limits = await deps.access.limitsOf(id);
      const mark = (own: number | undefined) =>
        ctx.t(own === undefined ? "limits-default-mark" : "limits-own-mark");
      return ctx.reply(
        ctx.t("limits-of", {
          name,
          perPayment: `${rub(limits.perPaymentMinor)} ${mark(person.limits?.perPaymentMinor)}`,
          perDay: `${rub(limits.perDayMinor)} ${mark(person.limits?.perDayMinor)}`,
          spent: rub(await deps.spend.spent(id, today)),
        }),
        { parse_mode: "HTML" },
      );
    }

    if (args[1] === "default") {
      await deps.people.update(id, ({ limits: _, ...rest }) => rest);
      await deps.audit.append({
        action: "limits.changed",
        actor: personOf(ctx.from!),
        details: { personId: id, reset: true },
      });
      return ctx.reply(ctx.t("limits-reset", { name }), { parse_mode: "HTML" });
    }
    const perPaymentMinor = parseRublesInput(args[1] ?? "");
    const perDayMinor = parseRublesInput(args[2] ?? "");
    if (perPaymentMinor === null || perDayMinor === null || perPaymentMinor > perDayMinor) {
      return ctx.reply(ctx.t("limits-usage"));
    }
    await deps.people.update(id, (p) => ({ ...p, limits: { perPaymentMinor, perDayMinor } }));
    await deps.audit.append({
      action: "limits.changed",
      actor: personOf(ctx.from!),
      details: { personId: id, name: person.name, perPaymentMinor, perDayMinor },
    });
    return ctx.reply(
      ctx.t("limits-changed", { name, perPayment: rub(perPaymentMinor), perDay: rub(perDayMinor) }),
      {
        parse_mode: "HTML",
      },
    );
  });

  return feature;
}
