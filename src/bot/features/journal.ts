import { Composer, InputFile } from "grammy";
import type { AuditTrail } from "../../audit/trail.js";
import type { InvoiceService } from "../../invoices/service.js";
import { toCsv } from "../../lib/csv.js";
import { dayOf, dayStart, nextDay, parseDay } from "../../lib/time-zone.js";
import { toDecimalString } from "../../money.js";
import type { PaymentService } from "../../payments/service.js";
import type { AdminFeature } from "../admin.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { escapeHtml } from "../html.js";
import type { Translate } from "../views/format.js";
import { invoiceMovement, type Movement, newestFirst, paymentMovement } from "../views/movements.js";

export const journalCommands: CommandSpec[] = [
  { command: "audit", audience: "admin" },
  { command: "export", audience: "admin" },
];

export interface JournalDeps {
  audit: AuditTrail;
  service: PaymentService;
  invoices: InvoiceService;
  timeZone: string;
}

const MAX_EXPORT_ROWS = 100_000;

/** ru-RU decimals without grouping, which Excel reads as a number: 5000,00. */
const excelRubles = (minor: number) => toDecimalString(minor, "RUB").replace(".", ",");

function stamp(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("ru-RU", {
    timeZone,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(ms);
}

/** Money out and in, one row each, as the export sends it. */
export function movementsCsv(movements: Movement[], t: Translate, timeZone: string): Buffer {
  const header = [
    "csv-date",
    "csv-direction",
    "csv-person",
    "csv-merchant",
    "csv-amount",
    "csv-fee",
    "csv-status",
    "csv-provider-id",
    "csv-reference",
  ].map((key) => t(key));
  const rows = movements.map((m) => [
    stamp(m.createdAt, timeZone),
    t(`csv-direction-${m.direction}`),
    m.person.name,
    m.counterparty,
    excelRubles(m.amount.minor),
    m.fee ? excelRubles(m.fee.minor) : "0,00",
    m.status,
    m.providerId,
    m.id,
  ]);
  return toCsv([header, ...rows]);
}

/** `/audit` shows the latest sensitive actions; `/export` sends payments as a CSV file. */
export function journalFeature(deps: JournalDeps): AdminFeature {
  const feature = new Composer<BotContext>();

  feature.command("audit", async (ctx) => {
    const entries = await deps.audit.latest(actor(ctx), 20);
    if (entries.length === 0) return ctx.reply(ctx.t("audit-empty"));
    const lines = entries.map((e) => {
      const details = Object.entries(e.details)
        .filter(([key]) => key !== "hint")
        .map(([key, value]) => `${key}=${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
        .join(", ");
      return ctx.t("audit-line", {
        at: stamp(e.at, deps.timeZone),
        who: escapeHtml(e.actor?.name ?? ctx.t("audit-system")),
        action: `<code>${escapeHtml(e.action)}</code>`,
        details: details ? ` · ${escapeHtml(details.slice(0, 200))}` : "",
      });
    });
    return ctx.reply([ctx.t("audit-title", { count: String(entries.length) }), ...lines].join("\n"), {
      parse_mode: "HTML",
    });
  });

  feature.command("export", async (ctx) => {
    const args = ctx.match.trim().split(/\s+/).filter(Boolean);
    const today = dayOf(Date.now(), deps.timeZone);
    const from = args[0] ? parseDay(args[0]) : `${today.slice(0, 8)}01`;
    const to = args[1] ? parseDay(args[1]) : args[0] ? from : today;
    if (!from || !to || from > to) return ctx.reply(ctx.t("export-usage"));
    const range = { from: dayStart(from, deps.timeZone), to: dayStart(nextDay(to), deps.timeZone) - 1 };
    const [payments, invoices] = await Promise.all([
      deps.service.queries.between(actor(ctx), range, MAX_EXPORT_ROWS),
      deps.invoices.queries.between(actor(ctx), range, MAX_EXPORT_ROWS),
    ]);
    const movements = newestFirst([
      ...payments.map((p) => paymentMovement(p, ctx.t)),
      ...invoices.map((r) => invoiceMovement(r, ctx.t)),
    ]).reverse();
    if (movements.length === 0) return ctx.reply(ctx.t("export-empty", { from, to }));
    await deps.audit.note(actor(ctx), "export.sent", { from, to, rows: movements.length });
    return ctx.replyWithDocument(
      new InputFile(movementsCsv(movements, ctx.t, deps.timeZone), `payments-${from}_${to}.csv`),
      {
        caption: ctx.t("export-caption", { from, to, count: String(movements.length) }),
      },
    );
  });

  return { commands: journalCommands, buttons: [], composer: feature };
}
