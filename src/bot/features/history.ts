import { Composer } from "grammy";
import { isPaymentId } from "../../payments/ids.js";
import type { PaymentState } from "../../payments/lifecycle.js";
import type { Viewpoint } from "../../payments/queries.js";
import type { PaymentService } from "../../payments/service.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { escapeHtml } from "../html.js";
import { renderCard } from "../views/card.js";
import { dateTime, money } from "../views/format.js";

export const historyCommands: CommandSpec[] = [
  { command: "history", audience: "everyone" },
  { command: "status", audience: "everyone" },
];

export interface HistoryDeps {
  service: PaymentService;
  timeZone: string;
}

const viewpoint = (ctx: BotContext): Viewpoint => ({
  actor: actor(ctx),
  chatId: ctx.chat!.id,
  privateChat: ctx.chat?.type === "private",
});

export const STATE_ICONS: Record<PaymentState, string> = {
  quoted: "🧾",
  awaiting_approval: "🕒",
  confirming: "⏳",
  processing: "⏳",
  succeeded: "✅",
  failed: "❌",
  expired: "⌛",
  disputed: "⚠️",
  cancelled: "✖",
  rejected: "🚫",
};

export function historyFeature(deps: HistoryDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("history", async (ctx) => {
    const locale = await ctx.i18n.getLocale();
    const { scope, payments } = await deps.service.queries.recent(viewpoint(ctx), 10);
    if (payments.length === 0) return ctx.reply(ctx.t("history-empty"));
    const lines = payments.map((p) =>
      ctx.t("history-line", {
        icon: STATE_ICONS[p.state],
        date: dateTime(p.createdAt, { locale, timeZone: deps.timeZone }),
        amount: money(p.quote.total, locale),
        merchant: escapeHtml(p.quote.merchantName ?? "—"),
        id: p.id,
      }),
    );
    return ctx.reply(
      [ctx.t(scope === "company" ? "history-title-all" : "history-title"), "", ...lines].join("\n"),
      {
        parse_mode: "HTML",
      },
    );
  });

  feature.command("status", async (ctx) => {
    const id = ctx.match.trim().toUpperCase();
    if (!isPaymentId(id)) return ctx.reply(ctx.t("status-usage"));
    const payment = await deps.service.queries.find(id, viewpoint(ctx));
    if (!payment) {
      return ctx.reply(ctx.t("status-not-found", { id: escapeHtml(id) }), { parse_mode: "HTML" });
    }
    const locale = await ctx.i18n.getLocale();
    const view = renderCard(payment, ctx.t, { locale, timeZone: deps.timeZone, now: Date.now() });
    return ctx.reply(
      `${view.text}\n\n${STATE_ICONS[payment.state]} ${ctx.t(`state-name-${payment.state}`)}`,
      {
        parse_mode: "HTML",
      },
    );
  });

  return feature;
}
