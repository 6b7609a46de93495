import type { I18n } from "@grammyjs/i18n";
import type { Context } from "grammy";
import type { CompanyLimits, Limits } from "../../payments/limits.js";
import type { TeamService } from "../../team/service.js";
import { actor, type BotContext } from "../context.js";
import { escapeHtml } from "../html.js";
import { money, type Translate } from "../views/format.js";
import { refusalText } from "../views/team.js";
import { askAmount, type Dialog } from "./steps.js";

export const LIMITS_DIALOG = "limits";

/** What the dialog starts with (JSON: the conversations plugin keeps it in Redis). */
export interface LimitsArgs {
  personId: number;
  locale: string;
}

export interface LimitsDialogDeps {
  team: TeamService;
  company: CompanyLimits;
  i18n: I18n<BotContext>;
  /** Sends the person's screen with its menu, `lead` above it (from the update that ended the dialog). */
  showPerson(ctx: BotContext, id: number, lead: string): Promise<void>;
}

/** Typed instead of pressing «По умолчанию». */
const DEFAULT_WORDS = ["по умолчанию", "default"];

/**
 * «💳 Лимиты» on a person's screen: per payment, then per day, in rubles (positive, a day at least
 * one payment), or back to the company's defaults; «Отмена» at either step. Any other message or
 * command ends the dialog and is handled as usual. The change itself is the team service's, made as
 * whoever finished the dialog — so its refusals hold here too.
 */
export function limitsDialog(deps: LimitsDialogDeps) {
  return async (conversation: Dialog, ctx: Context, args: LimitsArgs) => {
    const t: Translate = (key, variables) => deps.i18n.t(args.locale, key, variables);
    const rub = (minor: number) => money({ minor, currency: "RUB" }, args.locale);
    const { personId } = args;

    const now = await conversation.external(async () => {
      const person = await deps.team.person(personId);
      if (!person) return undefined;
      return { name: person.name, own: person.limits ?? null, limits: await deps.team.limitsOf(personId) };
    });
    if (!now) return void (await ctx.reply(t("person-not-found", { id: String(personId) })));
    const mark = (own: number | undefined) =>
      t(own === undefined ? "limits-default-mark" : "limits-own-mark");
    const { company } = deps;
    const cancel = t("limits-button-cancel");

    const first = await askAmount(conversation, ctx, {
      question: t("limits-ask-per-payment", {
        name: escapeHtml(now.name),
        current: `${rub(now.limits.perPaymentMinor)} (${mark(now.own?.perPaymentMinor)})`,
      }),
      options: [
        t("limits-button-default", {
          perPayment: rub(company.perPaymentMinor),
          perDay: rub(company.perDayMinor),
        }),
        cancel,
      ],
      words: Object.fromEntries(DEFAULT_WORDS.map((word) => [word, 0])),
      notASum: t("limits-bad-amount"),
      gaveUp: t("limits-gave-up"),
      html: true,
    });
    if (!first) return;
    if ("option" in first && first.option === 1) return void (await ctx.reply(t("limits-cancelled")));

    let limits: Limits | undefined;
    if ("minor" in first) {
      const perPayment = rub(first.minor);
      const second = await askAmount(conversation, ctx, {
        question: t("limits-ask-per-day", {
          perPayment,
          current: `${rub(now.limits.perDayMinor)} (${mark(now.own?.perDayMinor)})`,
        }),
        options: [cancel],
        notASum: t("limits-bad-amount"),
        check: (minor) => (minor < first.minor ? t("limits-bad-per-day", { perPayment }) : undefined),
        gaveUp: t("limits-gave-up"),
      });
      if (!second) return;
      if ("option" in second) return void (await ctx.reply(t("limits-cancelled")));
      limits = { perPaymentMinor: first.minor, perDayMinor: second.minor };
    }

    const refused = await conversation.external(async (outer) => {
      const changed = await deps.team.setLimits(actor(outer), personId, limits);
      if (typeof changed === "string") return refusalText(t, changed, personId, now.name);
      const applied = await deps.team.limitsOf(personId);
      const lead = t(limits ? "limits-changed" : "limits-reset", {
        name: escapeHtml(changed.name),
        perPayment: rub(applied.perPaymentMinor),
        perDay: rub(applied.perDayMinor),
      });
      await deps.showPerson(outer, personId, lead);
      return undefined;
    });
    if (refused) await ctx.reply(refused, { parse_mode: "HTML" });
  };
}
