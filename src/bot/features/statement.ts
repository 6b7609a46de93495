import { Composer } from "grammy";
import { seesCompany } from "../../payments/queries.js";
import type { PaymentService } from "../../payments/service.js";
import { ProviderError } from "../../providers/types.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { privateUnlessAdmin } from "../guards.js";
import { escapeHtml } from "../html.js";
import { dateTime, money, providerTitle } from "../views/format.js";
import { providerErrorText } from "../views/provider-error.js";

export const statementCommands: CommandSpec[] = [{ command: "statement", audience: "overseers" }];

const ENTRY_TYPES = new Set(["deposit", "payment", "refund", "adjustment"]);
const LINES = 10;

/** `/statement`: the provider's own account statement (ArdorQR keeps one), for those who oversee. */
export function statementFeature(deps: { service: PaymentService; timeZone: string }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("statement", async (ctx) => {
    if (!seesCompany(actor(ctx).role)) return ctx.reply(ctx.t("statement-overseers-only"));
    if (!(await privateUnlessAdmin(ctx))) return;
    const locale = await ctx.i18n.getLocale();
    const view = { locale, timeZone: deps.timeZone };
    const parts: string[] = [];
    for (const name of deps.service.providerNames) {
      const provider = providerTitle(name);
      let entries: Awaited<ReturnType<PaymentService["statement"]>>;
      try {
        entries = await deps.service.statement(name, LINES);
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        parts.push(ctx.t("statement-error", { provider, reason: providerErrorText(ctx.t, err.kind) }));
        continue;
      }
      if (!entries) {
        parts.push(ctx.t("statement-none", { provider }));
        continue;
      }
      if (entries.length === 0) {
        parts.push(ctx.t("statement-empty", { provider }));
        continue;
      }
      const lines = entries.map((e) =>
        ctx.t("statement-line", {
          date: dateTime(e.createdAt.getTime(), view),
          type: ctx.t(`statement-type-${ENTRY_TYPES.has(e.type) ? e.type : "other"}`),
          amount: money(e.amount, locale),
          balance: e.balanceAfter ? money(e.balanceAfter, locale) : "—",
          note: e.description ? ` · ${escapeHtml(e.description.slice(0, 60))}` : "",
        }),
      );
      parts.push(
        [ctx.t("statement-title", { provider, count: String(entries.length) }), ...lines].join("\n"),
      );
    }
    return ctx.reply(parts.join("\n\n"), { parse_mode: "HTML" });
  });
  return feature;
}
