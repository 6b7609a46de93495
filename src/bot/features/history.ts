import { Composer } from "grammy";
import type { InvoiceService } from "../../invoices/service.js";
import { ANY_RECORD_ID } from "../../lifecycle/ids.js";
import type { Viewpoint } from "../../payments/queries.js";
import type { PaymentService } from "../../payments/service.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { escapeHtml } from "../html.js";
import { renderCard } from "../views/card.js";
import { dateTime, money } from "../views/format.js";
import { renderInvoiceCard } from "../views/invoice.js";
import { invoiceMovement, newestFirst, paymentMovement } from "../views/movements.js";

export const historyCommands: CommandSpec[] = [
  { command: "history", audience: "everyone" },
  { command: "status", audience: "everyone" },
];

export interface HistoryDeps {
  service: PaymentService;
  invoices: InvoiceService;
  timeZone: string;
}

const viewpoint = (ctx: BotContext): Viewpoint => ({
  actor: actor(ctx),
  chatId: ctx.chat!.id,
  privateChat: ctx.chat?.type === "private",
});

export function historyFeature(deps: HistoryDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("history", async (ctx) => {
    const locale = await ctx.i18n.getLocale();
    const from = viewpoint(ctx);
    const [{ scope, payments }, invoices] = await Promise.all([
      deps.service.queries.recent(from, 10),
      deps.invoices.queries.recent(from, 10),
    ]);
    const movements = newestFirst([
      ...payments.map((p) => paymentMovement(p, ctx.t)),
      ...invoices.map((r) => invoiceMovement(r, ctx.t)),
    ]).slice(0, 10);
    if (movements.length === 0) return ctx.reply(ctx.t("history-empty"));
    const lines = movements.map((m) =>
      ctx.t(m.direction === "in" ? "history-line-in" : "history-line", {
        icon: m.icon,
        date: dateTime(m.createdAt, { locale, timeZone: deps.timeZone }),
        amount: money(m.amount, locale),
        merchant: escapeHtml(m.counterparty || "—"),
        id: m.id,
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
    if (!ANY_RECORD_ID.test(id)) return ctx.reply(ctx.t("status-usage"));
    const locale = await ctx.i18n.getLocale();
    const view = { locale, timeZone: deps.timeZone, now: Date.now() };
    const from = viewpoint(ctx);
    if (id.startsWith("R")) {
      const invoice = await deps.invoices.queries.find(id, from);
      if (!invoice)
        return ctx.reply(ctx.t("status-not-found", { id: escapeHtml(id) }), { parse_mode: "HTML" });
      const card = renderInvoiceCard(invoice, ctx.t, { ...view, otherServices: false, otherBanks: false });
      const m = invoiceMovement(invoice, ctx.t);
      return ctx.reply(`${card.text}\n\n${m.icon} ${m.status}`, { parse_mode: "HTML" });
    }
    const payment = await deps.service.queries.find(id, from);
    if (!payment) return ctx.reply(ctx.t("status-not-found", { id: escapeHtml(id) }), { parse_mode: "HTML" });
    const card = renderCard(payment, ctx.t, view);
    const m = paymentMovement(payment, ctx.t);
    return ctx.reply(`${card.text}\n\n${m.icon} ${m.status}`, { parse_mode: "HTML" });
  });

  return feature;
}
