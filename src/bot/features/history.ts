import { Composer } from "grammy";
import { isPaymentId } from "../../payments/ids.js";
import type { PaymentService } from "../../payments/service.js";
import type { PaymentState } from "../../payments/states.js";
import type { PaymentRecord } from "../../payments/types.js";
import type { CommandSpec } from "../commands.js";
import type { BotContext } from "../context.js";
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

/** Administrators and viewers (observers such as an accountant) see the whole company. */
const seesCompany = (ctx: BotContext) => ctx.member?.role === "admin" || ctx.member?.role === "viewer";

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
    // In private: the company's payments for those who oversee it, one's own for a payer.
    // In a group: that group's payments, whose cards everyone there sees anyway.
    const group = ctx.chat.type !== "private";
    const all = !group && seesCompany(ctx);
    const payments = await deps.service.store.recent({
      limit: 10,
      ...(group ? { chatId: ctx.chat.id } : all ? {} : { personId: ctx.from!.id }),
    });
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
    return ctx.reply([ctx.t(all ? "history-title-all" : "history-title"), "", ...lines].join("\n"), {
      parse_mode: "HTML",
    });
  });

  feature.command("status", async (ctx) => {
    const id = ctx.match.trim().toUpperCase();
    if (!isPaymentId(id)) return ctx.reply(ctx.t("status-usage"));
    const payment = await deps.service.store.get(id);
    if (!payment || !maySee(ctx, payment)) {
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

/** A payment is visible in its own chat, to the person who made it, and to administrators. */
function maySee(ctx: BotContext, payment: PaymentRecord): boolean {
  return payment.chatId === ctx.chat?.id || payment.requestedBy.id === ctx.from?.id || seesCompany(ctx);
}
