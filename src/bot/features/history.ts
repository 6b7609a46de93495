import { Composer } from "grammy";
import type { InvoiceService } from "../../invoices/service.js";
import { ANY_RECORD_ID } from "../../lifecycle/ids.js";
import { scopeOf, type Viewpoint } from "../../payments/queries.js";
import type { PaymentService } from "../../payments/service.js";
import type { PaymentRecord } from "../../payments/types.js";
import type { TopupService } from "../../topups/service.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { escapeHtml } from "../html.js";
import { renderCard } from "../views/card.js";
import { dateTime, money, type ViewOptions } from "../views/format.js";
import { renderInvoiceCard } from "../views/invoice.js";
import { invoiceMovement, newestFirst, paymentMovement, topupMovement } from "../views/movements.js";
import { renderTopupCard } from "../views/topup.js";

export const historyCommands: CommandSpec[] = [
  { command: "history", audience: "everyone" },
  { command: "status", audience: "everyone" },
];

export interface HistoryDeps {
  service: PaymentService;
  invoices: InvoiceService;
  topups: TopupService;
  timeZone: string;
}

const LINES = 10;
const FETCHED = 40;

/** A payment that went to the provider (or to an administrator): a quote nobody paid is noise. */
const wasPaid = (p: PaymentRecord) => p.confirmedAt !== undefined || p.approval !== undefined;

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
    const everything = /^(all|все|всё)$/i.test(ctx.match.trim());
    const scope = scopeOf(from);
    const [payments, invoices, topups] = await Promise.all([
      deps.service.queries.recent(from, FETCHED),
      deps.invoices.queries.recent(from, FETCHED),
      scope === "company" ? deps.topups.queries.recent(from, FETCHED) : Promise.resolve([]),
    ]);
    const all = newestFirst([
      ...payments.map((p) => ({ ...paymentMovement(p, ctx.t), shown: everything || wasPaid(p) })),
      ...invoices.map((r) => ({ ...invoiceMovement(r, ctx.t), shown: everything || r.state !== "failed" })),
      ...topups.map((r) => ({ ...topupMovement(r, ctx.t), shown: everything || r.state !== "failed" })),
    ]);
    const shown = all.filter((m) => m.shown).slice(0, LINES);
    const hidden = all.filter((m) => !m.shown).length;
    if (shown.length === 0) {
      return ctx.reply(
        ctx.t(hidden > 0 ? "history-only-hidden" : "history-empty", { hidden: String(hidden) }),
      );
    }
    const lines = shown.map((m) =>
      ctx.t(`history-line-${m.direction}`, {
        icon: m.icon,
        date: dateTime(m.createdAt, { locale, timeZone: deps.timeZone }),
        amount: money(m.amount, locale),
        merchant: escapeHtml(m.counterparty || "—"),
        who: escapeHtml(m.person.name),
        id: m.id,
      }),
    );
    const footer = [ctx.t("history-legend")];
    if (hidden > 0 && !everything) footer.push(ctx.t("history-hidden", { hidden: String(hidden) }));
    return ctx.reply(
      [ctx.t(scope === "company" ? "history-title-all" : "history-title"), "", ...lines, "", ...footer].join(
        "\n",
      ),
      { parse_mode: "HTML" },
    );
  });

  feature.command("status", async (ctx) => {
    const id = ctx.match.trim().toUpperCase();
    if (!ANY_RECORD_ID.test(id)) return ctx.reply(ctx.t("status-usage"));
    const locale = await ctx.i18n.getLocale();
    const view = { locale, timeZone: deps.timeZone, now: Date.now() };
    const from = viewpoint(ctx);
    const shown = await statusCard(deps, id, from, ctx.t, view);
    if (!shown) return ctx.reply(ctx.t("status-not-found", { id: escapeHtml(id) }), { parse_mode: "HTML" });
    return ctx.reply(`${shown.text}\n\n${ctx.t("status-date", { time: dateTime(shown.createdAt, view) })}`, {
      parse_mode: "HTML",
    });
  });

  return feature;
}

/** A record's card as `/status` shows it (without buttons: those live on the card itself). */
async function statusCard(
  deps: HistoryDeps,
  id: string,
  from: Viewpoint,
  t: BotContext["t"],
  view: ViewOptions & { now: number },
): Promise<{ text: string; createdAt: number } | undefined> {
  const found = async <T extends { createdAt: number }>(
    record: T | undefined,
    render: (r: T) => { text: string },
  ) => (record ? { text: render(record).text, createdAt: record.createdAt } : undefined);
  switch (id[0]) {
    case "R":
      return found(await deps.invoices.queries.find(id, from), (r) =>
        renderInvoiceCard(r, t, { ...view, otherServices: false, otherBanks: false }),
      );
    case "T":
      return found(await deps.topups.queries.find(id, from), (r) => renderTopupCard(r, t, view));
    default:
      return found(await deps.service.queries.find(id, from), (r) => renderCard(r, t, view));
  }
}
