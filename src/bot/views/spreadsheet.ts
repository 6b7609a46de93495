import ExcelJS from "exceljs";
import { toCsv } from "../../lib/csv.js";
import { wallClock } from "../../lib/time-zone.js";
import { toDecimalString } from "../../money.js";
import type { Translate } from "./format.js";
import type { Movement } from "./movements.js";

/** The export's columns, in order: each with its header key and how a movement fills it. */
const COLUMNS = [
  "csv-date",
  "csv-time",
  "csv-direction",
  "csv-person",
  "csv-merchant",
  "csv-provider",
  "csv-amount",
  "csv-fee",
  "csv-usdt",
  "csv-rate",
  "csv-status",
  "csv-provider-id",
  "csv-reference",
] as const;

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The CSV Excel opens as it should in Russian: `;`-separated, UTF-8 with BOM, the date and the time
 * in their own cells (01.12.2026 and 15:10 — a comma inside one cell is not a date to Excel),
 * decimals with a comma and no grouping.
 */
export function movementsCsv(movements: readonly Movement[], t: Translate, timeZone: string): Buffer {
  const comma = (text: string) => text.replace(".", ",");
  const rows = movements.map((m) => {
    const local = wallClock(m.createdAt, timeZone);
    return [
      `${pad(local.getUTCDate())}.${pad(local.getUTCMonth() + 1)}.${local.getUTCFullYear()}`,
      `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
      t(`csv-direction-${m.direction}`),
      m.person.name,
      m.counterparty,
      m.provider,
      comma(toDecimalString(m.amount.minor, "RUB")),
      comma(toDecimalString(m.fee?.minor ?? 0, "RUB")),
      m.usdt ? comma(toDecimalString(m.usdt.minor, "USDT")) : "",
      m.rate ? comma(m.rate) : "",
      m.status,
      m.providerId,
      m.id,
    ];
  });
  return toCsv([COLUMNS.map((key) => t(key)), ...rows]);
}

/**
 * A real Excel workbook: dates as dates, times as times, money as numbers with two decimals, and a
 * totals row for each direction — it opens without an import dialog.
 */
export async function movementsXlsx(
  movements: readonly Movement[],
  t: Translate,
  timeZone: string,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(t("xlsx-sheet"));
  sheet.columns = COLUMNS.map((key) => ({ header: t(key), key, width: key === "csv-merchant" ? 32 : 16 }));
  sheet.getRow(1).font = { bold: true };
  const rub = (minor: number) => minor / 100;
  for (const m of movements) {
    const local = wallClock(m.createdAt, timeZone);
    sheet.addRow({
      "csv-date": new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate())),
      "csv-time": new Date(Date.UTC(1899, 11, 30, local.getUTCHours(), local.getUTCMinutes())),
      "csv-direction": t(`csv-direction-${m.direction}`),
      "csv-person": m.person.name,
      "csv-merchant": m.counterparty,
      "csv-provider": m.provider,
      "csv-amount": rub(m.amount.minor),
      "csv-fee": rub(m.fee?.minor ?? 0),
      "csv-usdt": m.usdt ? m.usdt.minor / 1_000_000 : null,
      "csv-rate": m.rate ? Number(m.rate) : null,
      "csv-status": m.status,
      "csv-provider-id": m.providerId,
      "csv-reference": m.id,
    });
  }
  for (const direction of ["out", "in", "topup"] as const) {
    const of = movements.filter((m) => m.direction === direction);
    if (of.length === 0) continue;
    const sum = (pick: (m: Movement) => number) => of.reduce((total, m) => total + pick(m), 0);
    const row = sheet.addRow({
      "csv-direction": t(`xlsx-total-${direction}`),
      "csv-amount": rub(sum((m) => m.amount.minor)),
      "csv-fee": rub(sum((m) => m.fee?.minor ?? 0)),
      "csv-usdt": sum((m) => m.usdt?.minor ?? 0) / 1_000_000,
    });
    row.font = { bold: true };
  }
  sheet.getColumn("csv-date").numFmt = "dd.mm.yyyy";
  sheet.getColumn("csv-time").numFmt = "hh:mm";
  for (const key of ["csv-amount", "csv-fee"]) sheet.getColumn(key).numFmt = "#,##0.00";
  sheet.getColumn("csv-usdt").numFmt = "#,##0.000000";
  sheet.getColumn("csv-rate").numFmt = "0.00";
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}
