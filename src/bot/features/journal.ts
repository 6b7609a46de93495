import { Composer, InputFile } from "grammy";
import type { AuditTrail } from "../../audit/trail.js";
import { toCsv } from "../../lib/csv.js";
import { dayOf, dayStart, nextDay, parseDay } from "../../lib/time-zone.js";
import { toDecimalString } from "../../money.js";
import type { PaymentService } from "../../payments/service.js";
import type { PaymentRecord } from "../../payments/types.js";
import type { AdminFeature } from "../admin.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { escapeHtml } from "../html.js";
import type { Translate } from "../views/format.js";

export const journalCommands: CommandSpec[] = [
  { command: "audit", audience: "admin" },
  { command: "export", audience: "admin" },
];

export interface JournalDeps {
  audit: AuditTrail;
  service: PaymentService;
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

/** The payments table, one row per payment, as the export sends it. */
export function paymentsCsv(payments: PaymentRecord[], t: Translate, timeZone: string): Buffer {
  const header = [
    "csv-date",
    "csv-person",
    "csv-merchant",
    "csv-amount",
    "csv-fee",
    "csv-status",
    "csv-provider-id",
    "csv-reference",
  ].map((key) => t(key));
  const rows = payments.map((p) => [
    stamp(p.createdAt, timeZone),
    p.requestedBy.name,
    p.quote.merchantName ?? "",
    excelRubles(p.quote.amount.minor),
    p.quote.fee ? excelRubles(p.quote.fee.minor) : "0,00",
    t(`state-name-${p.state}`),
    p.providerId,
    p.id,
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
    const payments = await deps.service.queries.between(
      actor(ctx),
      { from: dayStart(from, deps.timeZone), to: dayStart(nextDay(to), deps.timeZone) - 1 },
      MAX_EXPORT_ROWS,
    );
    if (payments.length === 0) return ctx.reply(ctx.t("export-empty", { from, to }));
    await deps.audit.note(actor(ctx), "export.sent", { from, to, rows: payments.length });
    return ctx.replyWithDocument(
      new InputFile(paymentsCsv(payments, ctx.t, deps.timeZone), `payments-${from}_${to}.csv`),
      {
        caption: ctx.t("export-caption", { from, to, count: String(payments.length) }),
      },
    );
  });

  return { commands: journalCommands, buttons: [], composer: feature };
}
