import { Composer, InputFile } from "grammy";
import type { AuditTrail } from "../../audit/trail.js";
import type { InvoiceService } from "../../invoices/service.js";
import { dayOf, dayStart, nextDay, parseDay } from "../../lib/time-zone.js";
import { seesCompany } from "../../lifecycle/queries.js";
import type { PaymentService } from "../../payments/service.js";
import type { TopupService } from "../../topups/service.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { invoiceMovement, newestFirst, paymentMovement, topupMovement } from "../views/movements.js";
import { movementsCsv, movementsXlsx } from "../views/spreadsheet.js";

export const exportCommands: CommandSpec[] = [{ command: "export", audience: "overseers" }];

export interface ExportDeps {
  audit: AuditTrail;
  payments: PaymentService;
  invoices: InvoiceService;
  topups: TopupService;
  timeZone: string;
}

const MAX_ROWS = 100_000;

/** Days as people type them: 01.12.2026 or 2026-12-01 → the day shown back as 01.12.2026. */
const shown = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/**
 * `/export [from] [to] [all] [xlsx]`: money that moved (paid, received, topped up) in a date range
 * — by default this month, settled money only; `all` adds what never moved; `xlsx` makes a workbook.
 * For administrators and viewers (an accountant).
 */
export function exportFeature(deps: ExportDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("export", async (ctx) => {
    if (!seesCompany(actor(ctx).role)) return ctx.reply(ctx.t("export-overseers-only"));
    const words = ctx.match.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const everything = words.some((w) => w === "all" || w === "все" || w === "всё");
    const xlsx = words.includes("xlsx") || words.includes("excel");
    const dates = words.filter((w) => !["all", "все", "всё", "xlsx", "excel", "csv"].includes(w));
    const today = dayOf(Date.now(), deps.timeZone);
    const from = dates[0] ? parseDay(dates[0]) : `${today.slice(0, 8)}01`;
    const to = dates[1] ? parseDay(dates[1]) : dates[0] ? from : today;
    if (!from || !to || dates.length > 2) return ctx.reply(ctx.t("export-usage"));
    if (from > to) return ctx.reply(ctx.t("export-reversed", { from: shown(from), to: shown(to) }));
    const range = { from: dayStart(from, deps.timeZone), to: dayStart(nextDay(to), deps.timeZone) - 1 };
    const who = actor(ctx);
    const [payments, invoices, topups] = await Promise.all([
      deps.payments.queries.between(who, range, MAX_ROWS),
      deps.invoices.queries.between(who, range, MAX_ROWS),
      deps.topups.queries.between(who, range, MAX_ROWS),
    ]);
    const movements = newestFirst([
      ...payments.map((p) => paymentMovement(p, ctx.t)),
      ...invoices.map((r) => invoiceMovement(r, ctx.t)),
      ...topups.map((r) => topupMovement(r, ctx.t)),
    ])
      .filter((m) => everything || m.settled)
      .reverse();
    const period = { from: shown(from), to: shown(to) };
    if (movements.length === 0)
      return ctx.reply(ctx.t(everything ? "export-empty-all" : "export-empty", period));
    await deps.audit.note(who, "export.sent", {
      from,
      to,
      rows: movements.length,
      format: xlsx ? "xlsx" : "csv",
    });
    const name = `qrpay-${from}_${to}${everything ? "-all" : ""}.${xlsx ? "xlsx" : "csv"}`;
    const file = xlsx
      ? await movementsXlsx(movements, ctx.t, deps.timeZone)
      : movementsCsv(movements, ctx.t, deps.timeZone);
    return ctx.replyWithDocument(new InputFile(file, name), {
      caption: ctx.t(everything ? "export-caption-all" : "export-caption", {
        ...period,
        count: String(movements.length),
      }),
    });
  });

  return feature;
}
